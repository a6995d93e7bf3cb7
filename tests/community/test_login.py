"""One login for the site and the admin: one throttle, one answer to every failure.

Real requests through the login form, a real database and the real shared (database) cache. The
throttle's clock is moved forward instead of sleeping.
"""

import re
import time

import pytest
from allauth.account.models import EmailAddress
from axes.handlers.proxy import AxesProxyHandler
from django.test import RequestFactory
from django.urls import reverse

from community import login_throttle
from tests.factories import ModeratorFactory, UserFactory
from tests.hashers import CountingHasher

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
WRONG = "not-the-password-1"
ATTACKER = "198.51.100.66"
OFFICE = "203.0.113.10"
MESSAGE = (
    "Your e-mail address or username and password did not match, or there were too many "
    "attempts. Wait a few minutes and try again."
)


@pytest.fixture
def clock(monkeypatch):
    """The throttle's time, moved by the test: ``clock.now += 60``."""

    class Clock:
        now = 1_900_000_000.0

    monkeypatch.setattr(login_throttle, "clock", lambda: Clock.now)
    return Clock


def verified(user):
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def moderator():
    return verified(ModeratorFactory(username="rina", email="rina@terang.example"))


@pytest.fixture
def member():
    return verified(UserFactory(username="sari", email="sari@example.com"))


def log_in(client, login, password, *, ip=ATTACKER, admin=False):
    data = {"login": login, "password": password}
    if admin:
        data["next"] = reverse("wagtailadmin_home")
    return client.post(reverse("account_login"), data, REMOTE_ADDR=ip)


def error_html(response) -> str:
    """The form's rendered error list, exactly as the page shows it."""
    assert response.status_code == 200
    match = re.search(r'<ul class="errorlist nonfield">.*?</ul>', response.content.decode(), re.S)
    assert match, response.content.decode()
    return match.group()


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


# The one message ------------------------------------------------------------------------------


def test_one_message__every_kind_of_failure_renders_the_same_error(
    client, clock, moderator, member
):
    inactive = verified(UserFactory(username="lama", email="lama@example.com", is_active=False))
    failures = {
        "wrong password": log_in(client, "sari@example.com", WRONG),
        "unknown account": log_in(client, "nobody@example.com", PASSWORD),
        "inactive account, right password": log_in(client, inactive.email, PASSWORD),
        "member at the admin's login, right password": log_in(
            client, "sari@example.com", PASSWORD, admin=True
        ),
    }
    for _ in range(5):
        log_in(client, "rina", WRONG)
    failures["throttled, right password"] = log_in(client, "rina", PASSWORD)

    rendered = {kind: error_html(response) for kind, response in failures.items()}
    assert set(rendered.values()) == {f'<ul class="errorlist nonfield"><li>{MESSAGE}</li></ul>'}
    assert not logged_in(client)


def test_one_message__in_indonesian_too(client, clock, member):
    client.cookies["django_language"] = "id"
    wrong = error_html(log_in(client, "sari@example.com", WRONG))
    unknown = error_html(log_in(client, "siapa@example.com", WRONG))
    assert wrong == unknown
    assert "terlalu banyak percobaan" in wrong


def test_one_message__a_member_at_the_admin_login_is_counted_as_a_failure(client, clock, member):
    log_in(client, "sari", PASSWORD, admin=True)

    [account_ip] = [
        state
        for state in login_throttle.LoginThrottle().states(_request(ATTACKER), {"username": "sari"})
        if state.bucket == "account_ip"
    ]
    assert account_ip.failures == 1


def test_member__right_password_on_the_site__logs_in(client, clock, member):
    response = log_in(client, "sari", PASSWORD)
    assert response.status_code == 302
    assert logged_in(client)


@pytest.mark.parametrize(
    "login, password",
    [
        ("sari@example.com", WRONG),  # known address
        ("sari", WRONG),  # known username
        ("nobody@example.com", WRONG),  # unknown address
        ("nobody", WRONG),  # unknown username
        ("lama@example.com", PASSWORD),  # inactive account, right password
    ],
)
def test_timing__every_refusal_hashes_the_password_exactly_once(
    client, clock, settings, member, login, password
):
    settings.PASSWORD_HASHERS = ["tests.hashers.CountingHasher"]
    verified(UserFactory(username="lama", email="lama@example.com", is_active=False))
    CountingHasher.calls = 0

    error_html(log_in(client, login, password))

    assert CountingHasher.calls == 1


# The admin's login address ---------------------------------------------------------------------


def test_admin_login__get__sends_to_the_site_login_for_the_admin(client):
    response = client.get("/admin/login/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"


def test_admin_login__post__reads_no_password_and_counts_nothing(client, clock, moderator):
    response = client.post(
        "/admin/login/?next=/admin/pages/", {"username": "rina", "password": WRONG}
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Fpages%2F"
    assert not logged_in(client)
    assert (
        login_throttle.LoginThrottle().get_failures(_request("127.0.0.1"), {"username": "rina"})
        == 0
    )


def test_admin_login__foreign_next__goes_to_the_admin_instead(client):
    response = client.get("/admin/login/?next=https://evil.example/admin/")
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"


def test_admin__anonymous__is_sent_to_the_site_login_and_back_after_it(client, clock, moderator):
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/pages/"


# The throttle ------------------------------------------------------------------------------


def test_throttle__username_and_address_share_one_count_across_site_and_admin(
    client, clock, moderator
):
    for _ in range(3):
        error_html(log_in(client, "rina", WRONG))  # the site's login, by username
    for _ in range(2):
        error_html(
            log_in(client, "Rina@Terang.example", WRONG, admin=True)
        )  # the admin's, by e-mail

    # Five failures for one account from one address: even the right password waits now.
    assert error_html(log_in(client, "rina@terang.example", PASSWORD, admin=True))
    assert not logged_in(client)


def test_throttle__four_failures__the_right_password_still_logs_in(client, clock, moderator):
    for _ in range(4):
        log_in(client, "rina", WRONG)
    response = log_in(client, "rina", PASSWORD)
    assert response.status_code == 302
    assert logged_in(client)


def test_throttle__success_forgets_that_accounts_failures_on_that_address(client, clock, member):
    for _ in range(4):
        log_in(client, "sari", WRONG)
    assert log_in(client, "sari", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        log_in(client, "sari", WRONG)
    assert log_in(client, "sari", PASSWORD).status_code == 302


def test_throttle__per_address__twenty_failures_on_any_accounts_cool_the_address(
    client, clock, member
):
    for number in range(20):
        error_html(log_in(client, f"guess{number}@example.com", WRONG))

    assert error_html(log_in(client, "sari", PASSWORD))
    assert not logged_in(client)
    # The same account from another address is not affected.
    assert log_in(client, "sari", PASSWORD, ip=OFFICE).status_code == 302


def test_throttle__behind_a_proxy__counts_the_address_the_proxy_saw(
    client, clock, settings, member
):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1  # nginx appends the address it saw
    for number in range(20):
        client.post(
            reverse("account_login"),
            {"login": f"guess{number}", "password": WRONG},
            REMOTE_ADDR="127.0.0.1",
            # What the attacker sent, then what nginx appended: a forged address does not help.
            HTTP_X_FORWARDED_FOR=f"10.0.0.{number}, {ATTACKER}",
        )
    assert closed("anyone", ip=ATTACKER)
    # Everyone else behind the same proxy still logs in.
    response = client.post(
        reverse("account_login"),
        {"login": "sari", "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR=OFFICE,
    )
    assert response.status_code == 302


def test_throttle__an_attackers_failures_never_lock_the_moderator_out_from_elsewhere(
    client, clock, moderator
):
    for _ in range(40):
        log_in(client, "rina", WRONG, ip=ATTACKER)
        log_in(client, "rina@terang.example", WRONG, ip=ATTACKER, admin=True)

    response = log_in(client, "rina", PASSWORD, ip=OFFICE, admin=True)
    assert response.status_code == 302
    assert logged_in(client)


def closed(login, ip=ATTACKER) -> bool:
    """Whether the throttle refuses ``login`` from ``ip`` now (reading it counts nothing)."""
    return login_throttle.LoginThrottle().is_locked(_request(ip), {"username": login})


def _request(ip):
    request = RequestFactory().post(reverse("account_login"), REMOTE_ADDR=ip)
    AxesProxyHandler.update_request(request)
    return request


def test_throttle__cool_down_doubles_with_each_failure_after_the_free_ones(client, clock, member):
    for _ in range(5):
        log_in(client, "sari", WRONG)

    cool_downs = []
    for _ in range(4):
        started = clock.now
        while closed("sari"):
            clock.now += 1
        cool_downs.append(clock.now - started)
        error_html(log_in(client, "sari", WRONG))  # one more failure the moment it opens

    assert cool_downs == [60, 120, 240, 480]
    # Others' accounts on that address, and this account elsewhere, were never closed.
    assert not closed("someone-else")
    assert not closed("sari", ip=OFFICE)


def test_throttle__an_attempt_during_the_cool_down_counts_and_doubles_it(client, clock, member):
    for _ in range(5):
        log_in(client, "sari", WRONG)
    clock.now += 30
    error_html(log_in(client, "sari", PASSWORD))  # refused unread: failure number six

    clock.now += 60  # 90 s after the fifth failure; without the sixth it would be open
    assert closed("sari")
    clock.now += 60  # 120 s after the sixth
    assert not closed("sari")
    assert log_in(client, "sari", PASSWORD).status_code == 302


def test_throttle__cool_down_stops_growing_at_an_hour(client, clock, member):
    for _ in range(20):
        log_in(client, "sari", WRONG)

    clock.now += 3599
    assert closed("sari")
    clock.now += 1
    assert not closed("sari")


def test_throttle__forgets_an_account_a_while_after_its_last_failure(
    client, clock, settings, member
):
    settings.TERANG_LOGIN_THROTTLE = {**settings.TERANG_LOGIN_THROTTLE, "memory": 1}
    for _ in range(4):
        log_in(client, "sari", WRONG)
    time.sleep(1.2)  # the cache entry expires in real time
    for _ in range(4):
        log_in(client, "sari", WRONG)
    assert log_in(client, "sari", PASSWORD).status_code == 302
