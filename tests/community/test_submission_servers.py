"""A new story's first step, posted again to another app server, makes one story.

A proxy in front of two app servers retries a POST whose answer did not come back in time, on the
other server, while the first may still be working on it. The form carries a token; both servers
share the database, where the member's creations are serialised, and the session that remembers
which token made which story. Two real gunicorn servers run on one copy of the test database.
"""

import re
import threading
import urllib.error
import urllib.parse

import pytest
from allauth.account.models import EmailAddress

from tests.app_servers import Browser, Server, two_servers
from tests.community.conftest import TITLE, story_data
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "correct-horse-battery"


@pytest.fixture
def member(story_index):
    user = UserFactory(email="sari@terang.example")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture(params=["database", pytest.param("redis", marks=pytest.mark.redis)])
def servers(request, member, tmp_path):
    """Two servers with sessions in the database, or read through a shared Redis (CACHE_URL)."""
    settings = {}
    if request.param == "redis":
        settings["CACHE_URL"] = request.getfixturevalue("redis_cache").url(0)
    with two_servers(tmp_path, **settings) as started:
        yield started


def post(browser: Browser, url: str, data: dict) -> tuple[int, str]:
    body = urllib.parse.urlencode(data, doseq=True).encode()
    try:
        response = browser.opener.open(url, body, timeout=30)
    except urllib.error.HTTPError as answer:
        return answer.code, answer.headers.get("Location", "")
    return response.status, ""


def stories_on_dashboard(browser: Browser, server: Server) -> int:
    status, _, page = browser.get(f"{server.url}/me/")
    assert status == 200
    return page.count("dashboard-story__title")


def test_first_step_posted_to_both_servers_at_once_and_again__one_story(servers):
    a, b = servers
    browser = Browser()
    assert browser.log_in(a, "sari@terang.example", PASSWORD)[0] == 302
    status, _, page = browser.get(f"{a.url}/submit/")
    assert status == 200
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    token = re.search(r'name="form_token" value="([0-9a-f]+)"', page).group(1)
    data = {**story_data(form_token=token), "csrfmiddlewaretoken": csrf}

    # The first try and the proxy's retry on the other server, at the same time.
    answers = [None, None]

    def send(index, server):
        answers[index] = post(browser, f"{server.url}/submit/", data)

    threads = [threading.Thread(target=send, args=(i, s)) for i, s in enumerate((a, b))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    # And once more, after both answered (an answer lost on its way back).
    answers.append(post(browser, f"{b.url}/submit/", data))

    statuses = {status for status, _ in answers}
    locations = {location for _, location in answers}
    assert statuses == {302}
    assert len(locations) == 1 and re.fullmatch(r"/submit/\d+/claims/", locations.pop())
    assert stories_on_dashboard(browser, a) == 1
    assert TITLE in browser.get(f"{b.url}/me/")[2]
