"""Request links (issue 13, slice 3): an organisation's representative asks for stories; whoever
opens the link signs up, verifies their e-mail address and lands in the form with the
organisation and industry set; the representative sees who answered and their story's state, and
the published story says "invited by <organisation>"."""

import datetime as dt
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from community.models import OrganizationMembership, OrganizationRole, RequestLink
from community.services import request_links
from stories.models import EvidenceFile, Industry, StoryPage
from tests.community.conftest import (
    PDF,
    SUBJECT_NAME,
    TITLE,
    claims_data,
    create_story,
    declarations_data,
    images_data,
    publish,
    step_url,
    story_data,
    submit,
)
from tests.factories import ModeratorFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

LANGUAGES = ("id", "en")
PASSWORD = "correct-horse-battery"
MESSAGE = "Ceritakan pengalaman Anda memakai kasir kami."


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


@pytest.fixture
def organization(story_index):
    return OrganizationFactory(name="PT Kasir Jujur", slug="kasir-jujur", verified=True)


def member_of(organization, role=OrganizationRole.REPRESENTATIVE, **kwargs):
    user = UserFactory(**kwargs)
    OrganizationMembership.objects.create(user=user, organization=organization, role=role)
    return user


@pytest.fixture
def representative(organization):
    return member_of(organization, display_name="Rina (Kasir Jujur)")


@pytest.fixture
def link(organization, representative):
    return request_links.request_link_create(
        member=representative,
        organization=organization,
        message=MESSAGE,
        industry=Industry.objects.get(slug="retail-ecommerce"),
        max_uses=3,
    )


def list_url(organization):
    return reverse("community:request_links", args=[organization.slug])


def revoke_url(link):
    return reverse("community:request_link_revoke", args=[link.organization.slug, link.pk])


def start_url(link):
    return reverse("community:story_create") + f"?invitation={link.token}"


def in_language(client, language):
    client.cookies["django_language"] = language
    return client


# --- Every route in both languages --------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_routes__answer_in_both_languages(client, link, representative, language):
    in_language(client, language)
    opened = client.get(link.get_absolute_url())
    assert opened.status_code == 200
    assert f'lang="{language}"' in opened.content.decode()
    assert MESSAGE in opened.content.decode()

    client.force_login(representative)
    listed = client.get(list_url(link.organization))
    assert listed.status_code == 200
    assert f'lang="{language}"' in listed.content.decode()
    assert link.token in listed.content.decode()
    assert client.get(start_url(link)).status_code == 200
    assert client.post(revoke_url(link)).status_code == 302


@pytest.mark.parametrize(
    "language,expected",
    [("en", "This link has expired."), ("id", "Tautan ini sudah kedaluwarsa.")],
)
def test_expired_link__plain_message_in_the_readers_language(client, link, language, expected):
    RequestLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - dt.timedelta(1))
    response = in_language(client, language).get(link.get_absolute_url())
    assert response.status_code == 410
    assert expected in response.content.decode()
    assert MESSAGE not in response.content.decode()


@pytest.mark.parametrize(
    "language,expected",
    [
        ("en", "The organisation has closed this link."),
        ("id", "Organisasi sudah menutup tautan ini."),
    ],
)
def test_revoked_link__plain_message(client, link, representative, language, expected):
    request_links.request_link_revoke(member=representative, link=link)
    response = in_language(client, language).get(link.get_absolute_url())
    assert response.status_code == 410
    assert expected in response.content.decode()


def test_used_up_link__plain_message_and_no_new_story(client, link, story_index):
    RequestLink.objects.filter(pk=link.pk).update(max_uses=1)
    first = UserFactory()
    client.force_login(first)
    response = client.post(reverse("community:story_create"), story_data(invitation=link.token))
    assert response.status_code == 302
    assert StoryPage.objects.filter(request_link=link).count() == 1

    second = UserFactory()
    client.force_login(second)
    response = client.get(link.get_absolute_url())
    assert response.status_code == 410
    assert "as many times as the organisation allowed" in response.content.decode()
    # Straight to the form: sent to the link's page, which says why.
    assert client.get(start_url(link))["Location"] == link.get_absolute_url()
    # A form opened before the link was used up: refused, everything typed kept.
    response = client.post(reverse("community:story_create"), story_data(invitation=link.token))
    assert response.status_code == 200
    assert "as many times as the organisation allowed" in response.content.decode()
    assert TITLE in response.content.decode()
    assert not StoryPage.objects.filter(owner=second).exists()


# --- Bad parameters -------------------------------------------------------------------------------


@pytest.mark.parametrize("token", ["short", "x" * 40, "ab$cdefghijklmnopqrstu"])
def test_open__malformed_token__400(client, token):
    response = client.get(f"/invite/{token}/")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")


def test_open__nul_in_the_token__400_before_the_view(client):
    # terang.request_guard answers a NUL anywhere in the address with the site's 400 page.
    assert client.get("/invite/bad%00token-abcdefghijk/").status_code == 400


def test_open__unknown_token__404(client, story_index):
    assert client.get("/invite/" + "A" * 22 + "/").status_code == 404


def test_start__malformed_or_unknown_invitation(client, story_index):
    client.force_login(UserFactory())
    assert client.get(reverse("community:story_create") + "?invitation=%00").status_code == 400
    assert (
        client.get(reverse("community:story_create") + "?invitation=" + "A" * 22).status_code == 404
    )
    response = client.post(reverse("community:story_create"), story_data(invitation="A" * 22))
    assert response.status_code == 200
    assert "This invitation link is not valid." in response.content.decode()
    assert not StoryPage.objects.exists()


@pytest.mark.parametrize(
    "change,field",
    [
        ({"max_uses": "0"}, "max_uses"),
        ({"max_uses": "100000"}, "max_uses"),
        ({"max_uses": "many"}, "max_uses"),
        ({"message": ""}, "message"),
        ({"message": "x" * 1001}, "message"),
        ({"industry": "999999"}, "industry"),
        ({"expires_on": "2020-01-01"}, "expires_on"),
        ({"expires_on": "3000-01-01"}, "expires_on"),
        ({"expires_on": "not a day"}, "expires_on"),
    ],
)
def test_create__bad_input__400_with_the_message_and_nothing_made(
    client, organization, representative, change, field
):
    client.force_login(representative)
    data = {"message": MESSAGE, "max_uses": "5", **change}
    response = client.post(list_url(organization), data)
    assert response.status_code == 400
    assert field in response.context["form"].errors or response.context["form"].non_field_errors()
    assert not RequestLink.objects.exists()


def test_create__good_input__makes_an_open_link(client, organization, representative):
    client.force_login(representative)
    expires = timezone.localdate() + dt.timedelta(days=7)
    response = client.post(
        list_url(organization),
        {"message": MESSAGE, "max_uses": "5", "expires_on": expires.isoformat()},
    )
    assert response.status_code == 302
    link = RequestLink.objects.get()
    assert (link.organization, link.max_uses, link.created_by) == (organization, 5, representative)
    assert timezone.localtime(link.expires_at).date() == expires
    assert request_links.state_of(link) == "open"


# --- Who may create, see and revoke: one cell per assertion ---------------------------------------


@pytest.fixture
def people(organization, representative):
    other = OrganizationFactory(name="CV Lain", verified=True)
    unverified = OrganizationFactory(name="CV Belum", verified=False)
    return {
        "anonymous": None,
        "outsider": UserFactory(),
        "moderator": ModeratorFactory(),
        "other_organisation": member_of(other),
        "unverified_representative": member_of(unverified),
        "representative": representative,
        "owner": member_of(organization, role=OrganizationRole.OWNER),
    }


ALLOWED = {"representative", "owner"}


def as_person(client, people, who):
    if people[who] is not None:
        client.force_login(people[who])
    return client


@pytest.mark.parametrize(
    "who",
    [
        "anonymous",
        "outsider",
        "moderator",
        "other_organisation",
        "unverified_representative",
        "representative",
        "owner",
    ],
)
def test_permissions__see_links(client, people, link, who):
    response = as_person(client, people, who).get(list_url(link.organization))
    expected = 200 if who in ALLOWED else 302 if who == "anonymous" else 404
    assert response.status_code == expected


@pytest.mark.parametrize(
    "who",
    [
        "anonymous",
        "outsider",
        "moderator",
        "other_organisation",
        "unverified_representative",
        "representative",
        "owner",
    ],
)
def test_permissions__create_link(client, people, organization, who):
    response = as_person(client, people, who).post(
        list_url(organization), {"message": MESSAGE, "max_uses": "2"}
    )
    assert RequestLink.objects.exists() == (who in ALLOWED)
    assert response.status_code == (302 if who in ALLOWED or who == "anonymous" else 404)


@pytest.mark.parametrize(
    "who",
    [
        "anonymous",
        "outsider",
        "moderator",
        "other_organisation",
        "unverified_representative",
        "representative",
        "owner",
    ],
)
def test_permissions__revoke_link(client, people, link, who):
    as_person(client, people, who).post(revoke_url(link))
    link.refresh_from_db()
    assert (link.revoked_at is not None) == (who in ALLOWED)


@pytest.mark.parametrize(
    "who", ["outsider", "moderator", "other_organisation", "unverified_representative"]
)
def test_permissions__services_refuse_the_same_people(people, link, who):
    with pytest.raises(PermissionDenied):
        request_links.request_link_create(
            member=people[who], organization=link.organization, message=MESSAGE
        )
    with pytest.raises(PermissionDenied):
        request_links.request_link_revoke(member=people[who], link=link)
    with pytest.raises(PermissionDenied):
        request_links.links_managed_by(people[who], link.organization)


def test_permissions__revoke_of_another_organisations_link_through_own_url__404(
    client, people, link
):
    other = people["other_organisation"]
    client.force_login(other)
    own = other.organization_memberships.get().organization
    url = reverse("community:request_link_revoke", args=[own.slug, link.pk])
    assert client.post(url).status_code == 404
    link.refresh_from_db()
    assert link.revoked_at is None


def test_verification_withdrawn__representative_loses_the_links(client, link, representative):
    link.organization.verified = False
    link.organization.save()
    client.force_login(representative)
    assert client.get(list_url(link.organization)).status_code == 404


# --- What the representative sees -----------------------------------------------------------------


def story_through(client, link, member, **overrides):
    client.force_login(member)
    response = client.post(
        reverse("community:story_create"), story_data(invitation=link.token, **overrides)
    )
    assert response.status_code == 302, response.context and response.context["step"].form.errors
    return StoryPage.objects.get(owner=member, request_link=link)


def finish_and_submit(client, story, **claims):
    for step, data in (
        ("claims", claims_data(**claims)),
        ("images", images_data()),
        ("declarations", declarations_data()),
    ):
        assert client.post(step_url(step, story), data).status_code == 302
    assert submit(client, story).status_code == 302


def test_representative_sees_names_and_states__never_emails_drafts_or_evidence(
    client, link, representative
):
    submitted = UserFactory(display_name="Bu Ani", email="ani.private@example.com")
    drafting = UserFactory(display_name="Pak Draf", email="draf.private@example.com")
    story = story_through(client, link, submitted, title="Kasir yang jujur")
    evidence = SimpleUploadedFile("slip-gaji-ani.pdf", PDF)
    finish_and_submit(client, story, **{"claims-0-evidence_files": [evidence]})
    assert EvidenceFile.objects.filter(story=story).exists()
    story_through(client, link, drafting, title="Draf rahasia")

    client.force_login(representative)
    html = client.get(list_url(link.organization)).content.decode()
    assert "Bu Ani: In review" in html
    assert "Pak Draf" not in html
    assert "Draf rahasia" not in html
    assert "Kasir yang jujur" not in html  # not published: no title, no link
    assert "slip-gaji-ani" not in html
    assert "/evidence/" not in html
    for private in ("ani.private", "draf.private", submitted.username, drafting.username):
        assert private not in html
    assert "2 of 3 stories started" in html


def test_representative_sees_a_published_story_linked(client, link, representative):
    teller = UserFactory(display_name="Bu Ani")
    story = story_through(client, link, teller)
    finish_and_submit(client, story)
    publish(story)
    client.force_login(representative)
    html = client.get(list_url(link.organization)).content.decode()
    story.refresh_from_db()
    assert f'Bu Ani: <a href="{story.url}">Published</a>' in html


# --- The story says it was invited ----------------------------------------------------------------


@pytest.mark.parametrize(
    "language,expected",
    [("en", "Invited by PT Kasir Jujur."), ("id", "Diundang oleh PT Kasir Jujur.")],
)
def test_published_story__says_who_invited_it(client, link, language, expected):
    teller = UserFactory()
    story = story_through(client, link, teller)
    finish_and_submit(client, story)
    publish(story)
    story.refresh_from_db()
    client.logout()
    html = in_language(client, language).get(story.url).content.decode()
    assert expected in html


def test_story_not_invited__says_nothing_of_the_kind(client, member, link):
    client.force_login(member)
    story = create_story(client)
    finish = submit(client, story)
    assert finish.status_code == 302
    publish(story)
    story.refresh_from_db()
    client.logout()
    assert "Invited by" not in client.get(story.url).content.decode()


def test_unpublished_invited_story__nothing_public(client, link):
    teller = UserFactory()
    story = story_through(client, link, teller, title="Belum terbit")
    client.logout()
    assert client.get(f"/stories/{story.slug}/").status_code == 404


def test_same_member_twice__goes_back_to_their_story(client, link):
    teller = UserFactory()
    story = story_through(client, link, teller)
    response = client.get(start_url(link))
    assert response["Location"] == step_url("story", story)
    response = client.post(reverse("community:story_create"), story_data(invitation=link.token))
    assert "You already started a story through this link" in response.content.decode()
    assert StoryPage.objects.filter(request_link=link).count() == 1


# --- The whole journey ----------------------------------------------------------------------------


def code_in(message) -> str:
    match = re.search(r"^ {4}(\S+)$", message.body, re.MULTILINE)
    assert match, message.body
    return match.group(1)


@pytest.mark.parametrize("language", LANGUAGES)
def test_journey__open_sign_up_verify_submit__representative_sees_it(
    client, link, representative, language
):
    in_language(client, language)
    page = client.get(link.get_absolute_url())
    signup = re.search(r'href="(/accounts/signup/\?next=[^"]+)"', page.content.decode()).group(1)
    signup = signup.replace("&amp;", "&")
    next_url = parse_qs(urlsplit(signup).query)["next"][0]
    assert next_url == start_url(link)

    form = client.get(signup)
    assert form.status_code == 200
    response = client.post(
        signup,
        {
            "email": "dewi@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "display_name": "Dewi Lestari",
            "next": next_url,
        },
    )
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session  # not in before the e-mail is verified
    response = client.post(
        reverse("account_email_verification_sent"), {"code": code_in(mail.outbox[-1])}
    )
    assert response.status_code == 302
    assert response["Location"] == start_url(link)

    form = client.get(response["Location"])
    assert form.status_code == 200
    step = form.context["step"]
    industry = Industry.objects.get(slug="retail-ecommerce")
    assert step.form["organization_name"].value() == "PT Kasir Jujur"
    assert step.form["industries"].value() == [industry.pk]
    assert step.form["invitation"].value() == link.token
    assert MESSAGE in form.content.decode()

    data = story_data(
        invitation=link.token,
        organization_name="PT Kasir Jujur",
        industries=[str(industry.pk)],
        subject_name=SUBJECT_NAME,
    )
    assert client.post(reverse("community:story_create"), data).status_code == 302
    story = StoryPage.objects.get(request_link=link)
    assert story.owner.email == "dewi@example.com"
    assert story.get_latest_revision_as_object().organization == link.organization
    finish_and_submit(client, story)

    client.logout()
    representative.preferred_language = language
    representative.save()
    client.force_login(representative)
    html = in_language(client, language).get(list_url(link.organization)).content.decode()
    assert f'lang="{language}"' in html
    assert "Dewi Lestari" in html
    assert "dewi@example.com" not in html
    expected_state = "In review" if language == "en" else "Sedang ditinjau"
    assert f"Dewi Lestari: {expected_state}" in html


# --- A moderator closes an abused link in the admin ----------------------------------------------

ADMIN_LIST = "/admin/request-links/"


def admin_close_url(link):
    return reverse("request_links_admin:close", args=(link.pk,))


def test_admin__moderator_lists_every_link_and_closes_one_with_a_reason__logged(
    client, link, representative, staff_login
):
    from wagtail.models import ModelLogEntry

    moderator = ModeratorFactory(username="rina")
    staff_login(client, moderator)
    client.cookies["django_language"] = "en"
    listing = client.get(ADMIN_LIST)
    assert listing.status_code == 200
    assert "PT Kasir Jujur" in listing.content.decode()
    assert admin_close_url(link) in listing.content.decode()

    page = client.get(admin_close_url(link))
    assert page.status_code == 200 and MESSAGE in page.content.decode()
    refused = client.post(admin_close_url(link), {"reason": "  "})
    assert "Give a reason" in refused.content.decode()
    too_long = client.post(admin_close_url(link), {"reason": "x" * 501})
    assert "x" * 501 in too_long.content.decode()  # what was typed comes back
    link.refresh_from_db()
    assert link.revoked_at is None

    response = client.post(admin_close_url(link), {"reason": "Collects invented stories."})
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.revoked_at is not None
    entry = ModelLogEntry.objects.for_instance(link).get()
    assert entry.action == "terang.request_link.closed"
    assert entry.user == moderator
    assert entry.data["reason"] == "Collects invented stories."
    assert "Collects invented stories." in client.get(admin_close_url(link)).content.decode()
    # Closed for everyone: the link says so, the representative sees it closed.
    assert client.get(link.get_absolute_url()).status_code == 410
    client.force_login(representative)
    assert "Closed" in client.get(list_url(link.organization)).content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_admin__both_languages(client, link, staff_login, language):
    from wagtail.users.models import UserProfile

    moderator = ModeratorFactory()
    profile = UserProfile.get_for_user(moderator)
    profile.preferred_language = language
    profile.save()
    staff_login(client, moderator)
    body = client.get(admin_close_url(link)).content.decode()
    assert ("Tutup tautan" if language == "id" else "Close the link") in body


@pytest.mark.parametrize(
    "who", ["anonymous", "outsider", "representative", "owner", "other_organisation"]
)
def test_admin__nobody_else_may_close(client, people, link, who):
    client = as_person(client, people, who)
    assert client.get(ADMIN_LIST).status_code in (302, 403)
    response = client.post(admin_close_url(link), {"reason": "Saya tutup."})
    assert response.status_code in (302, 403)
    link.refresh_from_db()
    assert link.revoked_at is None
    if people[who] is not None:
        with pytest.raises(PermissionDenied):
            request_links.request_link_close(moderator=people[who], link=link, reason="x")
