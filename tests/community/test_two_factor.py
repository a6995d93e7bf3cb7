"""Two-factor authentication: required for moderators and administrators, offered to members.

Everything through the real forms (login, allauth's two-factor step, setting up the app), with
codes computed from the secret by allauth's own TOTP functions.
"""

import re
from urllib.parse import quote

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.core.files.base import ContentFile
from django.urls import reverse

from community.two_factor import TwoFactorAdapter
from stories.models import EvidenceFile
from tests.factories import (
    ModeratorFactory,
    StoryPageFactory,
    UserFactory,
    give_authenticator_app,
    totp_code,
)

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
ADMIN = "/admin/"


def verified(user):
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture(params=["moderator", "administrator"])
def staff(request):
    if request.param == "moderator":
        return verified(ModeratorFactory(username="rina", email="rina@terang.example"))
    return verified(
        UserFactory(username="boss", email="boss@terang.example", is_superuser=True, is_staff=True)
    )


@pytest.fixture
def member():
    return verified(UserFactory(username="sari", email="sari@example.com"))


def log_in(client, user, next_url=ADMIN):
    return client.post(
        reverse("account_login"),
        {"login": user.username, "password": PASSWORD, "next": next_url},
    )


def enter_code(client, code, url_name="mfa_authenticate", next_url=None):
    data = {"code": code}
    if next_url:
        data["next"] = next_url
    return client.post(reverse(url_name), data)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def evidence_url(story_index):
    owner = UserFactory()
    story = StoryPageFactory(owner=owner, verification="", reviewed_at=None)
    evidence = EvidenceFile(
        story=story,
        original_name="slip.pdf",
        content_type="application/pdf",
        size=9,
        uploaded_by=owner,
    )
    evidence.file.save("slip.pdf", ContentFile(b"%PDF-1.4\n"))
    return reverse("stories:evidence", args=(evidence.pk,))


# Staff without an authenticator app ------------------------------------------------------------


def test_staff_without_an_app__no_staff_page_opens_before_setting_one_up(
    client, staff, evidence_url
):
    assert log_in(client, staff)["Location"] == ADMIN
    assert logged_in(client)

    for url in (ADMIN, "/admin/pages/", "/admin/users/", evidence_url):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("mfa_activate_totp"), url
        assert b"slip" not in response.content


def test_staff_sets_up_the_app__then_confirms_a_code__then_the_admin_opens(client, staff):
    log_in(client, staff)
    response = client.get(ADMIN, follow=True)
    # allauth asks for the password again before two-factor settings change.
    assert response.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))
    assert "two-factor authentication" in response.content.decode()
    response = client.post(
        reverse("account_reauthenticate"),
        {"password": PASSWORD, "next": reverse("mfa_activate_totp")},
        follow=True,
    )
    secret = response.context["form"].secret
    assert 'class="totp-qr"' in response.content.decode()

    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()
    codes_page = client.get(reverse("mfa_view_recovery_codes")).content.decode()
    assert len(re.findall(r"<li><code>\w+</code></li>", codes_page)) == 10

    # Setting up is not the two-factor step: the admin asks for a code once.
    response = client.get(ADMIN)
    assert response["Location"] == f"{reverse('mfa_reauthenticate')}?next=%2Fadmin%2F"
    response = enter_code(client, totp_code(secret), "mfa_reauthenticate", next_url=ADMIN)
    assert response["Location"] == ADMIN
    assert client.get(ADMIN).status_code == 200


def test_staff_session_that_skipped_the_step__is_asked_for_a_code_first(client, staff):
    give_authenticator_app(staff)
    client.force_login(staff)  # a session from before two-factor was required

    response = client.get("/admin/pages/")
    assert response["Location"] == f"{reverse('mfa_reauthenticate')}?next=%2Fadmin%2Fpages%2F"
    assert enter_code(client, "000000", "mfa_reauthenticate").status_code == 200
    assert client.get(ADMIN).status_code == 302

    enter_code(client, totp_code(), "mfa_reauthenticate", next_url=ADMIN)
    assert client.get(ADMIN).status_code == 200


# Staff with an authenticator app ---------------------------------------------------------------


def test_staff_login__asks_for_the_code__then_the_admin_works(client, staff):
    give_authenticator_app(staff)

    response = log_in(client, staff)
    assert response["Location"] == reverse("mfa_authenticate")
    assert not logged_in(client)
    assert client.get(ADMIN)["Location"].startswith(reverse("account_login"))
    page = client.get(reverse("mfa_authenticate")).content.decode()
    assert "Enter your two-factor code" in page
    assert '<a class="brand"' in page

    response = enter_code(client, totp_code())
    assert response["Location"] == ADMIN
    assert logged_in(client)
    assert client.get(ADMIN).status_code == 200


def test_staff_login__wrong_code__stays_logged_out(client, staff):
    give_authenticator_app(staff)
    log_in(client, staff)
    wrong = f"{(int(totp_code()) + 1) % 1_000_000:06d}"

    response = enter_code(client, wrong)
    assert response.status_code == 200
    assert "Incorrect code." in response.content.decode()
    assert not logged_in(client)


def test_recovery_code__logs_in_once(client, staff):
    give_authenticator_app(staff)
    first, second = RecoveryCodes.activate(staff).get_unused_codes()[:2]

    log_in(client, staff)
    assert enter_code(client, first)["Location"] == ADMIN
    assert client.get(ADMIN).status_code == 200
    client.post(reverse("account_logout"))

    log_in(client, staff)
    assert enter_code(client, first).status_code == 200  # used up
    assert not logged_in(client)
    assert enter_code(client, second)["Location"] == ADMIN


def test_admin_session_expired__login_and_code_return_to_the_page(client, staff, story_index):
    give_authenticator_app(staff)
    page = f"{reverse('story_listing:index')}?q=kopi"

    response = client.get(page)
    assert response["Location"] == f"{reverse('account_login')}?next={quote(page)}"
    log_in(client, staff, next_url=page)
    response = enter_code(client, totp_code())
    assert response["Location"] == page
    assert client.get(page).status_code == 200


def test_staff_cannot_turn_the_app_off(client, staff):
    app = give_authenticator_app(staff)
    log_in(client, staff)
    enter_code(client, totp_code())
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})

    page = client.get(reverse("mfa_deactivate_totp")).content.decode()
    assert "You cannot deactivate two-factor authentication." in page
    client.post(reverse("mfa_deactivate_totp"))

    assert Authenticator.objects.filter(pk=app.pk).exists()
    assert not TwoFactorAdapter().can_delete_authenticator(app)


# Members ---------------------------------------------------------------------------------------


def test_member__offered_two_factor_on_the_dashboard_but_not_forced(client, member):
    response = client.post(reverse("account_login"), {"login": "sari", "password": PASSWORD})
    assert response["Location"] == reverse("community:dashboard")

    dashboard = client.get(reverse("community:dashboard")).content.decode()
    assert reverse("mfa_index") in dashboard
    assert "Protect your account with two-factor authentication" in dashboard
    assert client.get(reverse("community:story_create")).status_code == 200
    page = client.get(reverse("mfa_index")).content.decode()
    assert "Set up an authenticator app" in page


def test_member__with_the_app__logs_in_with_a_code_and_may_turn_it_off(client, member):
    member_secret = "MEMBERTOTPSECRETFORTESTSABCDEFGH"
    give_authenticator_app(member, member_secret)

    response = client.post(reverse("account_login"), {"login": "sari", "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    enter_code(client, totp_code(member_secret))
    assert logged_in(client)
    assert "Two-factor authentication is on." in client.get("/me/").content.decode()

    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    client.post(reverse("mfa_deactivate_totp"))
    assert not Authenticator.objects.filter(user=member, type=Authenticator.Type.TOTP).exists()


def test_two_factor_pages__in_the_site_layout_and_in_indonesian(client, member):
    client.force_login(member)
    client.cookies["django_language"] = "id"
    page = client.get(reverse("mfa_index")).content.decode()
    assert '<a class="brand"' in page
    assert "Autentikasi dua faktor" in page
    assert "Siapkan aplikasi autentikator" in page
