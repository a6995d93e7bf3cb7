"""The page cache (terang.page_cache) and its purges (stories.page_cache).

Anonymous readers' public pages are kept per language in the ``pages`` cache; everything that
changes a public page gives the pages a new version, and the very next request renders afresh.
"""

import pytest
from django.core.cache import caches
from django.db import connection
from wagtail.models import PageViewRestriction

from search.tasks import update_story_index
from stories.models import Industry
from stories.page_cache import VERSION_CACHE, VERSION_KEY, current_version
from terang.page_cache import process_copies
from tests.factories import (
    GuidePageFactory,
    OrganizationFactory,
    StoryPageFactory,
    UserFactory,
    publish_reviewed,
)

pytestmark = pytest.mark.django_db

HEADER = "X-Page-Cache"


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.TERANG_PAGE_CACHE_SECONDS = 600
    process_copies.clear()
    yield
    process_copies.clear()


@pytest.fixture
def reader(client):
    """An anonymous reader who reads English."""
    client.cookies["django_language"] = "en"
    return client


def page_rows() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM terang_page_cache")
        return cursor.fetchone()[0]


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


# --- Serving ------------------------------------------------------------------------------------


def test_anonymous_get__second_request_is_a_hit_with_the_same_page_and_headers(
    reader, story_index, django_assert_num_queries
):
    StoryPageFactory(title="Warung kopi Bu Sri")
    first = read(reader, "/stories/")
    assert first[HEADER] == "miss"
    # A hit reads the version (shared cache): one query, any page; the page itself comes from
    # this process's copy.
    with django_assert_num_queries(1):
        read(reader, "/stories/")
    # Another process (no copy of its own) reads the page from the pages cache: two queries.
    process_copies.clear()
    with django_assert_num_queries(2):
        second = read(reader, "/stories/")
    assert second[HEADER] == "hit"
    assert second.content == first.content
    assert "Warung kopi Bu Sri" in second.content.decode()
    for header in ("Content-Type", "ETag", "Content-Language", "X-Frame-Options"):
        assert second[header] == first[header], header
    vary = {word.strip() for word in second["Vary"].split(",")}
    assert (
        vary == {word.strip() for word in first["Vary"].split(",")} == {"Cookie", "Accept-Language"}
    )
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert second["X-Request-ID"] != first["X-Request-ID"]
    assert not second.cookies


def test_each_language_has_its_own_entry(client, story_index):
    client.cookies["django_language"] = "en"
    english = read(client, "/stories/")
    client.cookies["django_language"] = "id"
    indonesian = read(client, "/stories/")
    assert indonesian[HEADER] == "miss"
    assert b'<html lang="id">' in indonesian.content
    assert read(client, "/stories/")[HEADER] == "hit"
    client.cookies["django_language"] = "en"
    again = read(client, "/stories/")
    assert again[HEADER] == "hit"
    assert again.content == english.content
    # A first visit without a cookie is answered in the browser's language, from the same entries.
    client.cookies.clear()
    assert read(client, "/stories/").content.startswith(b"<!DOCTYPE html>")
    by_header = client.get("/stories/", HTTP_ACCEPT_LANGUAGE="en")
    assert by_header[HEADER] == "hit" and by_header.content == english.content


def test_the_query_string_is_part_of_the_key(reader, story_index):
    read(reader, "/api/search/?q=kopi")
    assert read(reader, "/api/search/?q=teh")[HEADER] == "miss"
    assert read(reader, "/api/search/?q=kopi")[HEADER] == "hit"


def test_cached_page__answers_a_conditional_get_with_304(reader, story_index):
    etag = read(reader, "/")["ETag"]
    hit = reader.get("/", HTTP_IF_NONE_MATCH=etag)
    assert hit.status_code == 304
    assert hit["ETag"] == etag


# --- What is never cached ----------------------------------------------------------------------


def test_logged_in_member__never_served_from_the_cache_nor_stored(client, story_index):
    read(client, "/stories/")  # an anonymous reader's entry exists
    member = UserFactory()
    client.force_login(member)
    for _ in range(2):
        response = read(client, "/stories/")
        assert HEADER not in response
        assert "private" in response["Cache-Control"]
        assert b"csrfmiddlewaretoken" in response.content  # the log-out form
    assert page_rows() == 1


@pytest.mark.parametrize("cookie", ["sessionid", "messages"])
def test_a_session_or_messages_cookie__passes_by_the_cache(client, story_index, cookie):
    read(client, "/stories/")
    client.cookies[cookie] = "anything"
    response = read(client, "/stories/")
    assert HEADER not in response
    assert page_rows() == 1


def test_private_and_personal_addresses__never_stored(client, story_index):
    for url in ("/me/", "/accounts/login/", "/admin/", "/evidence/1/", "/healthz", "/submit/"):
        response = client.get(url)
        assert HEADER not in response, url
    client.get("/images/original_images/none.png")
    client.post("/stories/")
    client.head("/stories/")
    client.get("/i18n/switch/en/?next=/stories/")
    assert page_rows() == 0


def test_page_behind_a_view_restriction__never_stored(client, story_index):
    story = StoryPageFactory(title="Hanya untuk anggota")
    PageViewRestriction.objects.create(
        page=story, restriction_type=PageViewRestriction.PASSWORD, password="rahasia"
    )
    for _ in range(2):
        response = client.get(story.url)
        assert "Hanya untuk anggota" not in response.content.decode()
        assert HEADER not in response
    assert page_rows() == 0


def test_not_found__never_stored(client, story_index):
    assert client.get("/stories/no-such-story/").status_code == 404
    assert page_rows() == 0


def test_off__nothing_is_stored(client, story_index, settings):
    settings.TERANG_PAGE_CACHE_SECONDS = 0
    read(client, "/")
    assert HEADER not in client.get("/")
    assert page_rows() == 0


# --- Purges: after each change, the very next request shows it ---------------------------------


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run an action as a request would: its on-commit callbacks (the purge) run when it ends."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


def test_publish__a_new_story_shows_at_once_everywhere(reader, story_index, committed):
    for url in ("/", "/stories/", "/stories/industry/food-beverage/", "/api/search/?q=rendang"):
        read(reader, url)
    with committed():
        story = StoryPageFactory(title="Rendang kemasan Bu Ani", industries=["food-beverage"])
    for url in ("/", "/stories/", "/stories/industry/food-beverage/"):
        response = read(reader, url)
        assert response[HEADER] == "miss"
        assert "Rendang kemasan Bu Ani" in response.content.decode(), url
    assert read(reader, "/api/search/?q=rendang").json()["count"] == 1
    assert read(reader, story.url)[HEADER] == "miss"


def test_edit_published__the_new_version_shows_at_once(reader, story_index, committed):
    story = StoryPageFactory(title="Sambal roa lama")
    read(reader, story.url)
    read(reader, "/stories/")
    with committed():
        story.title = "Sambal roa baru"
        publish_reviewed(story)
    assert "Sambal roa baru" in read(reader, story.url).content.decode()
    assert "Sambal roa baru" in read(reader, "/stories/").content.decode()


def test_unpublish__the_story_goes_at_once(reader, story_index, committed):
    story = StoryPageFactory(title="Kue lapis legit")
    read(reader, story.url)
    read(reader, "/stories/")
    with committed():
        story.unpublish()
    assert reader.get(story.url).status_code == 404
    assert "Kue lapis legit" not in read(reader, "/stories/").content.decode()


def test_delete__the_story_goes_at_once(reader, story_index, committed):
    story = StoryPageFactory(title="Batik tulis Pekalongan")
    read(reader, "/stories/")
    with committed():
        story.delete()
    assert "Batik tulis Pekalongan" not in read(reader, "/stories/").content.decode()


def test_move__a_guide_moved_shows_in_its_new_place(reader, guide_index, committed):
    first = GuidePageFactory(parent=guide_index, language="en", title="Guide one")
    second = GuidePageFactory(parent=guide_index, language="en", title="Guide two")
    body = read(reader, "/learn/").content.decode()
    assert body.index("Guide one") < body.index("Guide two")
    with committed():
        second.move(first, pos="left")
    body = read(reader, "/learn/").content.decode()
    assert body.index("Guide two") < body.index("Guide one")


def test_guide_edit_published__shows_at_once(reader, guide_index, committed):
    guide = GuidePageFactory(parent=guide_index, language="en", title="Reading income claims")
    read(reader, "/learn/")
    read(reader, guide.url)
    with committed():
        guide.title = "Reading an income claim"
        guide.save_revision().publish()
    assert "Reading an income claim" in read(reader, "/learn/").content.decode()
    assert "Reading an income claim" in read(reader, guide.url).content.decode()


def test_industry_edit__shows_at_once(reader, story_index, committed):
    StoryPageFactory(industries=["food-beverage"])
    url = "/stories/industry/food-beverage/"
    read(reader, url)
    with committed():
        industry = Industry.objects.get(slug="food-beverage")
        industry.name = "Food, drinks & snacks"
        industry.save()
    assert "Food, drinks &amp; snacks" in read(reader, url).content.decode()


def test_search_lexicon_pair_added__search_pages_answer_with_it_at_once(
    reader, story_index, committed
):
    from search.models import LexiconPair

    StoryPageFactory(title="Ojek Pak Darto", summary="Pak Darto mengantar warga dengan ojek.")
    assert read(reader, "/api/search/?q=mototaxi").json()["count"] == 0
    with committed():
        LexiconPair.objects.create(english="mototaxi", indonesian="ojek")
    response = read(reader, "/api/search/?q=mototaxi")
    assert (response[HEADER], response.json()["count"]) == ("miss", 1)


def test_organisation_verified__the_badge_shows_at_once(reader, story_index, committed):
    organization = OrganizationFactory(verified=False)
    story = StoryPageFactory(organization=organization)
    assert "Verified organisation" not in read(reader, story.url).content.decode()
    with committed():
        organization.verified = True
        organization.save()
    assert "Verified organisation" in read(reader, story.url).content.decode()
    with committed():
        organization.verified = False
        organization.save()
    assert "Verified organisation" not in read(reader, story.url).content.decode()


def test_search_index_update__purges_the_pages(story_index, committed):
    story = StoryPageFactory()
    before = current_version()
    with committed():
        update_story_index.enqueue([story.pk])
    assert current_version() != before


def test_a_draft_saved__purges_nothing(story_index, committed):
    story = StoryPageFactory(title="Tempe mendoan")
    before = current_version()
    with committed():
        story.title = "Draft title"
        story.save_revision(user=story.owner)
    assert current_version() == before


def test_process_copy__expires_with_the_shared_entry(reader, story_index, settings):
    settings.TERANG_PAGE_CACHE_SECONDS = 1
    read(reader, "/")
    assert read(reader, "/")[HEADER] == "hit"
    key, (expires, entry) = next(iter(process_copies._entries.items()))
    assert expires == pytest.approx(entry[-1] + 1)
    assert process_copies.get(key, entry[-1] + 1.5) is None


def test_process_copies__purged_by_the_version_in_every_process(reader, story_index, committed):
    """A copy kept in this process is unreachable once another process bumps the version."""
    read(reader, "/stories/")
    assert read(reader, "/stories/")[HEADER] == "hit"
    with committed():
        StoryPageFactory(title="Madu hutan Sumbawa")
    assert "Madu hutan Sumbawa" in read(reader, "/stories/").content.decode()


def test_an_entry_this_code_did_not_write__is_a_miss(reader, story_index):
    """A release that changes the entries must not break on the last release's (they share the
    cache): anything unexpected under a key is rendered afresh and replaced."""
    from terang.page_cache import PAGE_CACHE

    read(reader, "/")
    (key,) = list(process_copies._entries)
    for foreign in [("old", "entry", b"", False), "text", None]:
        process_copies.clear()
        caches[PAGE_CACHE].set(key, foreign)
        response = read(reader, "/")
        assert response[HEADER] == "miss"
        assert read(reader, "/")[HEADER] == "hit"


def test_lost_version__a_new_one_is_made_and_old_entries_are_not_read(reader, story_index):
    read(reader, "/")
    caches[VERSION_CACHE].delete(VERSION_KEY)
    assert read(reader, "/")[HEADER] == "miss"
    assert read(reader, "/")[HEADER] == "hit"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_publish_in_a_real_transaction__purged_after_commit(client, story_index):
    """No captured callbacks: the purge runs when the publish's transaction really commits."""
    client.cookies["django_language"] = "en"
    read(client, "/stories/")
    assert read(client, "/stories/")[HEADER] == "hit"
    StoryPageFactory(title="Gula aren organik")
    response = read(client, "/stories/")
    assert response[HEADER] == "miss"
    assert "Gula aren organik" in response.content.decode()
