"""RSS and Atom feeds of verified stories: all, per industry, per organisation, per language."""

import pytest
from defusedxml import ElementTree as ET

from stories.choices import Verification
from tests.factories import OrganizationFactory, StoryPageFactory
from tests.reach.conftest import LIVE_SUMMARY, LIVE_TITLE, assert_no_draft, pending_edit

pytestmark = pytest.mark.django_db

FEEDS = ("/feeds/stories.rss", "/feeds/stories.atom")
ATOM = "{http://www.w3.org/2005/Atom}"


def titles(response) -> list[str]:
    root = ET.fromstring(response.content)
    if root.tag == f"{ATOM}feed":
        return [entry.findtext(f"{ATOM}title") for entry in root.findall(f"{ATOM}entry")]
    return [item.findtext("title") for item in root.iter("item")]


def feed(client, url, language="en"):
    client.cookies["django_language"] = language
    return client.get(url)


@pytest.fixture
def others(story_index, organization):
    """An English story of another organisation in another industry, a story only "reviewed",
    and an unpublished story."""
    english = StoryPageFactory(
        title="Selling batik online",
        language="en",
        organization=OrganizationFactory(slug="batik-co"),
        industries=["fashion-textiles"],
    )
    StoryPageFactory(title="Hanya ditinjau", verification=Verification.REVIEWED)
    offline = StoryPageFactory(title="Sudah diturunkan", organization=organization)
    offline.unpublish()
    return english


@pytest.mark.parametrize("url", FEEDS)
def test_all_feed__verified_live_stories_only_and_never_the_pending_edit(
    client, story, others, url
):
    for language in ("id", "en"):
        response = feed(client, url, language)

        assert response.status_code == 200
        assert titles(response) == ["Selling batik online", LIVE_TITLE]
        text = response.content.decode()
        assert LIVE_SUMMARY in text
        assert_no_draft(text)
        assert "Hanya ditinjau" not in text and "Sudah diturunkan" not in text


def test_feed__its_own_words_in_the_readers_language(client, story):
    indonesian = feed(client, "/feeds/stories.rss?industry=food-beverage", "id").content.decode()
    english = feed(client, "/feeds/stories.rss?industry=food-beverage", "en").content.decode()

    assert "Makanan &amp; minuman" in indonesian and "<language>id</language>" in indonesian
    assert "Food &amp; beverage" in english and "<language>en</language>" in english


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("industry=food-beverage", [LIVE_TITLE]),
        ("industry=fashion-textiles", ["Selling batik online"]),
        ("industry=travel-hospitality", []),
        ("organisation=sehat-sejahtera", [LIVE_TITLE]),
        ("organisation=batik-co", ["Selling batik online"]),
        ("language=en", ["Selling batik online"]),
        ("language=id", [LIVE_TITLE]),
        ("language=id&industry=fashion-textiles", []),
        ("limit=1", ["Selling batik online"]),
    ],
)
def test_feed__narrowed(client, story, others, query, expected):
    for url in FEEDS:
        response = feed(client, f"{url}?{query}")
        assert response.status_code == 200
        assert titles(response) == expected


@pytest.mark.parametrize(
    "query",
    [
        "industry=no-such-industry",
        "organisation=no-such-organisation",
        "language=fr",
        "limit=0",
        "limit=51",
        "limit=1000000000000000000000",
        "limit=abc",
        "limit=%EF%BC%95",  # a full-width digit
        "industry=food-beverage&industry=technology",
        "colour=red",
        "industry=%00",
    ],
)
def test_feed__bad_parameters__400_with_a_message(client, story, query):
    for language in ("id", "en"):
        for url in FEEDS:
            response = feed(client, f"{url}?{query}", language)
            assert response.status_code == 400, query
            assert response.content


def test_feed__an_unpublished_organisations_story_is_gone_from_its_feed(client, story):
    story.unpublish()
    assert titles(feed(client, "/feeds/stories.rss?organisation=sehat-sejahtera")) == []


def test_feed__a_published_edit_shows_at_once(client, story):
    from tests.factories import publish_reviewed

    story = pending_edit(story)
    publish_reviewed(story, revision=story.latest_revision)

    assert titles(feed(client, "/feeds/stories.atom")) == ["JUDUL BELUM DIPERIKSA"]


def test_feed__links_point_at_the_story_on_the_site(client, story):
    root = ET.fromstring(feed(client, "/feeds/stories.atom").content)
    entry = root.find(f"{ATOM}entry")

    assert entry.find(f"{ATOM}link").get("href") == "http://testserver" + story.url
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Siti Rahma"
    assert {c.get("term") for c in entry.findall(f"{ATOM}category")} == {"Food & beverage"}
