"""The feeds, the sitemap and robots.txt go through the page cache like any public page, and a
published edit reaches them at once."""

import pytest

from tests.factories import ModeratorFactory, publish_reviewed
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


# --- The wall of love -----------------------------------------------------------------------------

WALL = "/embed/wall/"


@pytest.fixture
def cached(settings):
    from terang.page_cache import process_copies

    settings.TERANG_PAGE_CACHE_SECONDS = 600
    process_copies.clear()
    yield
    process_copies.clear()


@pytest.fixture
def collection(story, organization):
    from reach.models import StoryCollection, StoryCollectionItem

    collection = StoryCollection.objects.create(
        title="Pilihan", slug="pilihan", organization=organization
    )
    StoryCollectionItem.objects.create(collection=collection, story=story, sort_order=0)
    return collection


def test_wall__cached_per_query_string_and_language_with_its_framing_headers(
    client, collection, cached, django_assert_num_queries
):
    from terang.page_cache import process_copies

    query = {"collection": "pilihan"}
    for language in ("id", "en"):
        client.cookies["django_language"] = language
        for extra in ({}, {"theme": "dark"}):
            first = client.get(WALL, {**query, **extra})
            assert first[HEADER] == "miss"
            again = client.get(WALL, {**query, **extra})
            assert again[HEADER] == "hit" and again.content == first.content
            assert not again.cookies
            # The wall may be framed by any site, from the cache as on the first answer.
            for response in (first, again):
                assert "X-Frame-Options" not in response
                assert "frame-ancestors *" in response["Content-Security-Policy"]
    # A hit reads the version only; another process reads the entry too.
    with django_assert_num_queries(1):
        assert client.get(WALL, query)[HEADER] == "hit"
    process_copies.clear()
    with django_assert_num_queries(2):
        assert client.get(WALL, query)[HEADER] == "hit"


def test_wall__a_bad_query__never_cached(client, collection, cached):
    for _ in range(2):
        response = client.get(WALL, {"collection": "nope"})
        assert response.status_code == 400
        assert response.get(HEADER) != "hit"


def test_wall__purged_when_the_collection_or_a_story_changes(
    client, collection, story, organization, cached, django_capture_on_commit_callbacks
):
    from community.services.data_rights import story_withdraw
    from reach import curation
    from stories.models import StoryPage
    from tests.factories import StoryPageFactory, UserFactory

    second = StoryPageFactory(title="Kisah kedua", organization=organization)
    assert client.get(WALL, {"collection": "pilihan"})[HEADER] == "miss"
    assert client.get(WALL, {"collection": "pilihan"})[HEADER] == "hit"

    moderator = ModeratorFactory()
    with django_capture_on_commit_callbacks(execute=True):
        curation.collection_add_story(member=moderator, collection=collection, story_id=second.pk)
    fresh = client.get(WALL, {"collection": "pilihan"})
    assert fresh[HEADER] == "miss" and "Kisah kedua" in fresh.content.decode()

    assert client.get(WALL, {"collection": "pilihan"})[HEADER] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        curation.collection_update(member=moderator, collection=collection, title="Judul baru")
    renamed = client.get(WALL, {"collection": "pilihan"})
    assert renamed[HEADER] == "miss" and "Judul baru" in renamed.content.decode()

    teller = UserFactory()
    StoryPage.objects.filter(pk=story.pk).update(owner=teller)
    with django_capture_on_commit_callbacks(execute=True):
        story_withdraw(member=teller, story=story)
    withdrawn = client.get(WALL, {"collection": "pilihan"})
    assert withdrawn[HEADER] == "miss" and LIVE_TITLE not in withdrawn.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        curation.collection_delete(member=moderator, collection=collection)
    assert client.get(WALL, {"collection": "pilihan"}).status_code == 400
