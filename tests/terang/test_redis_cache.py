"""CACHE_URL=redis://…: two app servers share the log-in throttle, sessions and the page cache.

Two real gunicorn servers run on one copy of the test database with Django's Redis cache on a real
redis-server (tests/redis_server.py). Nothing reaches Redis from this test process: each server
counts, stores and reads there, and what one wrote the other must see.
"""

import pytest
import redis
from allauth.account.models import EmailAddress

from tests.app_servers import Browser, two_servers
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "correct-horse-battery"
WRONG = "not-the-password-1"
MESSAGE = "did not match, or there were too many attempts"


@pytest.fixture
def redis_servers(tmp_path, redis_cache, home):
    with two_servers(tmp_path, CACHE_URL=redis_cache.url(0), PAGE_CACHE_SECONDS="600") as started:
        yield started


@pytest.fixture
def member():
    user = UserFactory(username="sari", email="sari@terang.example")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def test_redis__throttle_session_and_page_cache__shared_by_two_servers(
    member, redis_servers, redis_cache
):
    a, b = redis_servers

    # The page cache: a page rendered on A is served to a reader of B from Redis (both are asked
    # for the same host, as behind a proxy).
    status, headers, _ = Browser().get(f"{a.url}/", host="localhost")
    assert (status, headers.get("X-Page-Cache")) == (200, "miss")
    status, headers, _ = Browser().get(f"{b.url}/", host="localhost")
    assert (status, headers.get("X-Page-Cache")) == (200, "hit")

    # The log-in throttle: failures alternating between the servers make one count.
    attacker = Browser()
    for server in (a, b, a, b, a):
        status, page = attacker.log_in(server, "sari@terang.example", WRONG)
        assert (status, MESSAGE in page) == (200, True)
    assert a.counts() == [1, 3, 5]
    assert b.counts() == [2, 4]
    status, page = attacker.log_in(b, "sari@terang.example", PASSWORD)
    assert MESSAGE in page
    assert b.counts() == [2, 4, 6]

    # Sessions: logged in on A, read on B (the throttle forgotten first: every browser here comes
    # from the same loopback address).
    client = redis.Redis.from_url(redis_cache.url(0))
    client.flushdb()  # forget the throttle, so the member's own log-in goes through
    browser = Browser()
    status, _ = browser.log_in(a, "sari@terang.example", PASSWORD)
    assert status == 302
    status, _, _ = browser.get(f"{b.url}/me/")
    assert status == 200  # not the redirect to the login page
    assert any(key.startswith(b":1:django.contrib.sessions") for key in client.keys("*"))
