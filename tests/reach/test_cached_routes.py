"""The feeds, the sitemap and robots.txt go through the page cache like any public page, and a
published edit reaches them at once."""

import pytest

from tests.factories import publish_reviewed
from tests.reach.conftest import DRAFT_TITLE, LIVE_TITLE, pending_edit

pytestmark = pytest.mark.django_db

HEADER = "X-Page-Cache"
ROUTES = ("/feeds/stories.rss", "/feeds/stories.atom?language=id", "/sitemap.xml", "/robots.txt")


def test_new_routes__cached_per_language_no_cookie_and_purged_by_a_publish(
    client, story, settings, django_capture_on_commit_callbacks
):
    settings.TERANG_PAGE_CACHE_SECONDS = 600
    for language in ("id", "en"):
        client.cookies["django_language"] = language
        for url in ROUTES:
            assert client.get(url)[HEADER] == "miss", url
            again = client.get(url)
            assert again[HEADER] == "hit", url
            assert not again.cookies

    client.cookies["django_language"] = "en"
    assert LIVE_TITLE in client.get("/feeds/stories.rss").content.decode()
    story = pending_edit(story)
    with django_capture_on_commit_callbacks(execute=True):
        publish_reviewed(story, revision=story.latest_revision)

    fresh = client.get("/feeds/stories.rss")
    assert fresh[HEADER] == "miss"
    assert DRAFT_TITLE in fresh.content.decode()


def test_bad_feed_parameters__never_cached(client, story, settings):
    settings.TERANG_PAGE_CACHE_SECONDS = 600
    for _ in range(2):
        response = client.get("/feeds/stories.rss?limit=1000")
        assert response.status_code == 400
        assert response.get(HEADER) != "hit"
