"""The log-in throttle counts across server processes.

Two real gunicorn servers run on one copy of the test database (a file for SQLite, a database
made from it for PostgreSQL), so they share its cache table as production's servers share theirs.
Failed logins alternate between them; each server's log shows the count going on from where the
other left it, and after five the right password is refused on either.
"""

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings

from tests.app_servers import Browser, two_servers
from tests.factories import ModeratorFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "correct-horse-battery"
WRONG = "not-the-password-1"
MESSAGE = "did not match, or there were too many attempts"


@pytest.fixture
def servers(tmp_path):
    with two_servers(tmp_path) as started:
        yield started


@pytest.fixture
def moderator():
    user = ModeratorFactory(username="rina", email="rina@terang.example")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def test_two_servers__failures_alternating_between_them__share_one_count(moderator, servers):
    a, b = servers
    browser = Browser()
    assert settings.CACHES["shared"]["BACKEND"].endswith("DatabaseCache")

    # Five failures for one account, by username and by e-mail address, alternating servers.
    for server, login in [
        (a, "rina"),
        (b, "rina@terang.example"),
        (a, "rina"),
        (b, "rina@terang.example"),
        (a, "rina"),
    ]:
        status, page = browser.log_in(server, login, WRONG)
        assert status == 200
        assert MESSAGE in page

    # Each server counted on from the other's count: one count in the shared cache table.
    assert a.counts() == [1, 3, 5]
    assert b.counts() == [2, 4]

    # The right password now waits on the other server too (and the refusal counts as the 6th).
    status, page = browser.log_in(b, "rina", PASSWORD)
    assert status == 200
    assert MESSAGE in page
    assert b.counts() == [2, 4, 6]
    assert "sessionid" not in {cookie.name for cookie in browser.cookies}
