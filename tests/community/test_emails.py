"""Every e-mail the site sends: text and HTML, links on SITE_URL only, the site's name in the subject
and sender, the member's language; and the choice of optional e-mails with its one-click link.

Requests come in on another host (a developer's port, 127.0.0.1:8811) than SITE_URL, so a link
built from the request would show.
"""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail, signing
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.test import Client
from django.urls import reverse

from community.models import User
from stories.choices import ReviewOutcome, ReviewReason, ReviewStep
from stories.emails import UNSUBSCRIBE_SALT, unsubscribe_token
from stories.models import ReviewDecision
from stories.notifications import EVENT_TOPICS, EmailTopic, send_story_notification
from tests.factories import StoryPageFactory, UserFactory

pytestmark = pytest.mark.django_db

SITE_URL = "https://terang.example"
REQUEST_HOST = "127.0.0.1:8811"
PASSWORD = "correct-horse-battery"
LANGUAGES = ("id", "en")
OTHER = {"id": "en", "en": "id"}
# Words that only each language's e-mails hold: the greeting and the signature.
GREETING = {"id": "Halo", "en": "Hello"}
SIGNATURE = {"id": "Tim Terang", "en": "The Terang team"}


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = SITE_URL
    settings.WAGTAIL_SITE_NAME = "Terang"
    settings.DEFAULT_FROM_EMAIL = "noreply@terang.example"
    cache.clear()


def browser(language: str) -> Client:
    """A browser on a developer's port, reading the site in ``language``."""
    client = Client(HTTP_HOST=REQUEST_HOST)
    client.cookies["django_language"] = language
    return client


def member(language: str, **kwargs) -> User:
    user = UserFactory(preferred_language=language, display_name="Sari Wulandari", **kwargs)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def links(message) -> list[str]:
    html = html_of(message)
    return re.findall(r"https?://[^\s\"<>]+", message.body) + re.findall(r'href="([^"]+)"', html)


def html_of(message) -> str:
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


def code_in(message) -> str:
    match = re.search(r"^ {4}(\S+)$", message.body, re.MULTILINE)
    assert match, message.body
    return match.group(1)


def assert_site_email(message, *, language: str, to: str, optional: bool = False):
    """Text and HTML, links on SITE_URL, the site's name, ``language``, no remote content."""
    assert isinstance(message, EmailMultiAlternatives)
    assert message.to == [to]
    assert message.subject.startswith("[Terang] ")
    assert message.from_email == "Terang <noreply@terang.example>"
    html = html_of(message)
    assert message.body.strip() and "<" not in message.body.replace("<https", "")
    found = links(message)
    assert found, message.body
    assert all(link.startswith(SITE_URL + "/") for link in found), found
    for host in (REQUEST_HOST, "testserver", "example.com/", "127.0.0.1"):
        assert host not in message.body and host not in html and host not in message.subject
    assert f'<html lang="{language}">' in html
    for body in (message.body, html):
        assert SIGNATURE[language] in body
        assert SIGNATURE[OTHER[language]] not in body
    # Nothing is fetched when the mail is opened: no images, style sheets, scripts or frames.
    assert not re.search(r"<(img|link|script|iframe|object)\b|\bsrc=|url\(", html, re.I)
    if optional:
        url = message.extra_headers["List-Unsubscribe"]
        assert re.fullmatch(rf"<{re.escape(SITE_URL)}/me/emails/unsubscribe/[^>]+/>", url)
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert url[1:-1] in message.body and url[1:-1] in html
    else:
        assert "List-Unsubscribe" not in message.extra_headers
        assert "unsubscribe" not in message.body


# allauth's e-mails ---------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_signup_code_email(home, language):
    client = browser(language)
    client.post(
        reverse("account_signup"),
        {
            "email": "sari@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "display_name": "Sari Wulandari",
        },
    )
    [message] = mail.outbox
    assert_site_email(message, language=language, to="sari@example.com")
    code = code_in(message)
    assert code in message.subject
    assert code in html_of(message)
    assert f"{GREETING[language]} Sari Wulandari," in message.body
    client.post(reverse("account_email_verification_sent"), {"code": code})
    assert client.session["_auth_user_id"] == str(User.objects.get(email="sari@example.com").pk)


@pytest.mark.parametrize("language", LANGUAGES)
def test_change_of_address_code_email__in_the_members_language(home, language):
    user = member(language, email="sari@example.com")
    client = browser(OTHER[language])
    client.force_login(user)
    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "sari.baru@example.com"}
    )
    assert response.status_code == 302
    [message] = mail.outbox
    assert_site_email(message, language=language, to="sari.baru@example.com")
    assert "sari.baru@example.com" in message.body
    client.post(reverse("account_email_verification_sent"), {"code": code_in(message)})
    assert EmailAddress.objects.get(email="sari.baru@example.com").verified


@pytest.mark.parametrize("language", LANGUAGES)
def test_password_reset_email__in_the_members_language(home, language):
    member(language, email="sari@example.com")
    client = browser(OTHER[language])
    client.post(reverse("account_reset_password"), {"email": "sari@example.com"})
    [message] = mail.outbox
    assert_site_email(message, language=language, to="sari@example.com")
    [link] = {link for link in links(message) if "/accounts/password/reset/key/" in link}
    # The link works, on the site's own address, in any browser.
    form_url = client.get(link[len(SITE_URL) :], follow=True).redirect_chain[-1][0]
    response = client.post(
        form_url, {"password1": "a-new-secret-77", "password2": "a-new-secret-77"}
    )
    assert response.status_code == 302
    assert User.objects.get(email="sari@example.com").check_password("a-new-secret-77")


@pytest.mark.parametrize("language", LANGUAGES)
def test_unknown_address_email__in_the_language_of_the_page(home, language):
    browser(language).post(reverse("account_reset_password"), {"email": "nobody@example.com"})
    [message] = mail.outbox
    assert_site_email(message, language=language, to="nobody@example.com")
    assert f"{SITE_URL}/accounts/signup/" in message.body


@pytest.mark.parametrize("language", LANGUAGES)
def test_account_already_exists_email__in_the_members_language(home, language):
    member(language, email="sari@example.com")
    browser(OTHER[language]).post(
        reverse("account_signup"),
        {
            "email": "sari@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "display_name": "Someone",
        },
    )
    [message] = mail.outbox
    assert_site_email(message, language=language, to="sari@example.com")
    assert f"{SITE_URL}/accounts/login/" in message.body
    assert f"{SITE_URL}/accounts/password/reset/" in message.body


def test_sender_with_a_name_of_its_own__kept(home, settings):
    settings.DEFAULT_FROM_EMAIL = "Tim Redaksi <redaksi@terang.example>"
    browser("id").post(reverse("account_reset_password"), {"email": "nobody@example.com"})
    assert mail.outbox[0].from_email == "Tim Redaksi <redaksi@terang.example>"


# Story notifications (sent from the task queue: no request) ----------------------------------------


@pytest.fixture
def story(story_index):
    def make(owner):
        page = StoryPageFactory(title="Kue & kopi: dari dapur", owner=owner)
        return page

    return make


def notify(user, story, event, comment=""):
    mail.outbox.clear()
    send_story_notification.enqueue(
        user_id=user.pk, story_id=story.pk, event=event, comment=comment
    )
    return [m for m in mail.outbox if m.to == [user.email]]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("event", sorted(EVENT_TOPICS))
def test_story_notification_email(story, language, event):
    user = member(language)
    page = story(user)
    if event in {"changes_requested", "rejected"}:
        ReviewDecision.objects.create(
            story=page,
            step=ReviewStep.TRANSPARENCY,
            outcome=ReviewOutcome(event),
            reason=ReviewReason.INCOME_WITHOUT_EVIDENCE,
            comment="Tambahkan rekening koran.",
        )
    [message] = notify(user, page, event, comment="Tambahkan rekening koran.")
    assert_site_email(message, language=language, to=user.email, optional=True)
    assert "Kue & kopi: dari dapur" in message.subject  # not escaped in a subject
    assert "Kue &amp; kopi: dari dapur" in html_of(message)
    assert f"{GREETING[language]} Sari Wulandari," in message.body
    if event == "published":
        assert f"{SITE_URL}{page.url}" in message.body
    else:
        assert f"{SITE_URL}/me/" in message.body
    if event in {"changes_requested", "rejected"}:
        reason = {
            "id": "Ada klaim penghasilan tanpa bukti",
            "en": "An income claim has no evidence",
        }[language]
        assert reason in message.body
        assert "Tambahkan rekening koran." in html_of(message)


def test_story_notification__switched_off_topic__not_sent_others_still_are(story):
    user = member("id", muted_email_topics=[EmailTopic.DECISIONS])
    page = story(user)
    assert notify(user, page, "changes_requested") == []
    assert notify(user, page, "rejected") == []
    assert len(notify(user, page, "published")) == 1


# Choosing e-mails -------------------------------------------------------------------------------


def test_dashboard__shows_the_email_choices_with_what_is_on(home):
    user = member("en", muted_email_topics=[EmailTopic.SUBMITTED])
    client = browser("en")
    client.force_login(user)
    html = client.get(reverse("community:dashboard")).content.decode()
    assert f'action="{reverse("community:email_preferences")}"' in html
    for topic in EmailTopic:
        checkbox = re.search(rf'<input[^>]*value="{topic.value}"[^>]*>', html).group()
        assert ("checked" in checkbox) == (topic != EmailTopic.SUBMITTED)


def test_email_preferences__save__switches_off_what_is_unticked(home):
    user = member("en")
    client = browser("en")
    client.force_login(user)
    response = client.post(
        reverse("community:email_preferences"), {"topics": [EmailTopic.PUBLISHING]}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("community:dashboard") + "#emails"
    user.refresh_from_db()
    assert sorted(user.muted_email_topics) == sorted([EmailTopic.SUBMITTED, EmailTopic.DECISIONS])


def test_email_preferences__unknown_choice__refused_in_the_form_nothing_changes(home):
    user = member("en")
    client = browser("en")
    client.force_login(user)
    response = client.post(
        reverse("community:email_preferences"), {"topics": ["newsletter", EmailTopic.DECISIONS]}
    )
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    user.refresh_from_db()
    assert user.muted_email_topics == []


def test_email_preferences__anonymous__sent_to_log_in(home):
    response = browser("en").post(reverse("community:email_preferences"), {"topics": []})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


# One-click unsubscribe ------------------------------------------------------------------------


def unsubscribe_path(user, topic=EmailTopic.DECISIONS) -> str:
    return reverse("community:email_unsubscribe", args=[unsubscribe_token(user, topic)])


def test_unsubscribe__link_from_the_email__get_asks_and_changes_nothing(story):
    user = member("en")
    [message] = notify(user, story(user), "rejected")
    path = message.extra_headers["List-Unsubscribe"][1 + len(SITE_URL) : -1]
    client = browser("en")
    for method in (client.get, client.head):
        response = method(path)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
    html = client.get(path).content.decode()
    assert f'<form class="form" method="post" action="{path}">' in html
    assert "turns it down" in html  # which e-mails it is about
    user.refresh_from_db()
    assert user.muted_email_topics == []


def test_unsubscribe__one_click_post_without_login_or_csrf__switches_the_topic_off(story):
    user = member("id")
    page = story(user)
    [message] = notify(user, page, "changes_requested")
    path = message.extra_headers["List-Unsubscribe"][1 + len(SITE_URL) : -1]
    mail_provider = Client(enforce_csrf_checks=True)
    response = mail_provider.post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert response["Content-Language"] == "id"  # the page speaks the member's language
    user.refresh_from_db()
    assert user.muted_email_topics == [EmailTopic.DECISIONS]
    assert notify(user, page, "rejected") == []
    assert len(notify(user, page, "published")) == 1
    # Again: still off, once.
    assert mail_provider.post(path).status_code == 200
    user.refresh_from_db()
    assert user.muted_email_topics == [EmailTopic.DECISIONS]


@pytest.mark.parametrize(
    "token",
    [
        "not-a-token",
        "",
        "x" * 5000,
    ],
)
def test_unsubscribe__garbage_token__plain_400(home, token):
    path = f"/me/emails/unsubscribe/{token}/"
    if not token:
        path = "/me/emails/unsubscribe/%20/"
    response = browser("en").get(path)
    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()


def test_unsubscribe__tampered_token__plain_400_and_nothing_changes(home):
    user = member("en")
    other = member("en")
    token = unsubscribe_token(user, EmailTopic.DECISIONS)
    payload, signature = token.rsplit(":", 1)
    forged = signing.dumps(
        {"user": other.pk, "topic": EmailTopic.DECISIONS}, salt="another.salt", compress=True
    )
    for bad in (f"{payload}:{signature[:-2]}xx", forged):
        path = reverse("community:email_unsubscribe", args=[bad])
        assert browser("en").get(path).status_code == 400
        assert Client().post(path).status_code == 400
    other.refresh_from_db()
    user.refresh_from_db()
    assert other.muted_email_topics == [] and user.muted_email_topics == []


def test_unsubscribe__unknown_topic_or_deleted_member__plain_400(home):
    user = member("en")
    unknown = signing.dumps(
        {"user": user.pk, "topic": "newsletter"}, salt=UNSUBSCRIBE_SALT, compress=True
    )
    assert browser("en").post(f"/me/emails/unsubscribe/{unknown}/").status_code == 400
    path = unsubscribe_path(user)
    user.delete()
    assert browser("en").post(path).status_code == 400
