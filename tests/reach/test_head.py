"""Canonical URLs, OpenGraph and Twitter card tags, schema.org JSON-LD and share links (issue 13,
slice 1). Every test starts from a published story with a pending, unreviewed edit."""

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from tests.factories import GuidePageFactory
from tests.reach.conftest import LIVE_SUMMARY, LIVE_TITLE, assert_no_draft

pytestmark = pytest.mark.django_db

LANGUAGES = ("id", "en")
SITE = "http://testserver"

# The properties each type needs, after Google's structured-data guidelines (Article, Review
# snippet, Organization, Breadcrumb, Sitelinks search box) and schema.org's expected types. A
# testimonial carries no rating, so a Review's reviewRating is left out on purpose.
REQUIRED = {
    "Article": {"headline", "author", "datePublished", "image", "url"},
    "Review": {"author", "itemReviewed", "reviewBody", "datePublished", "url"},
    "Organization": {"name", "url"},
    "BreadcrumbList": {"itemListElement"},
    "WebSite": {"name", "url", "potentialAction"},
}


def validate(data: dict) -> None:
    """Fail unless ``data`` is a schema.org object with its type's required properties."""
    assert data.get("@context") == "https://schema.org"
    kind = data.get("@type")
    assert kind in REQUIRED, kind
    missing = REQUIRED[kind] - {key for key, value in data.items() if value not in (None, "", [])}
    assert not missing, f"{kind} lacks {sorted(missing)}"
    if kind in ("Article", "Review"):
        author = data["author"]
        assert author["@type"] in ("Person", "Organization") and author["name"]
    if kind == "Review":
        item = data["itemReviewed"]
        assert item["@type"] == "Organization" and item["name"] and item["url"]
    if kind == "BreadcrumbList":
        items = data["itemListElement"]
        assert len(items) >= 1
        for position, item in enumerate(items, start=1):
            assert item["@type"] == "ListItem"
            assert item["position"] == position
            assert item["name"]
            assert item["item"].startswith(SITE + "/")
    if kind == "WebSite":
        action = data["potentialAction"]
        assert action["@type"] == "SearchAction"
        assert "{search_term_string}" in action["target"]["urlTemplate"]
        assert action["query-input"] == "required name=search_term_string"


def head(response) -> dict:
    """The tags the head carries: meta by property or name, the canonical link, the JSON-LD."""
    soup = BeautifulSoup(response.content, "html.parser")
    meta = {
        tag.get("property") or tag.get("name"): tag.get("content")
        for tag in soup.head.find_all("meta")
        if tag.get("property") or tag.get("name")
    }
    canonical = soup.head.find("link", rel="canonical")
    data = [json.loads(tag.string) for tag in soup.find_all("script", type="application/ld+json")]
    for item in data:
        validate(item)
    feeds = [
        link["href"]
        for link in soup.head.find_all("link", rel="alternate")
        if "rss" in link.get("type", "") or "atom" in link.get("type", "")
    ]
    return {
        "meta": meta,
        "canonical": canonical["href"] if canonical else None,
        "json_ld": {item["@type"]: item for item in data},
        "feeds": feeds,
        "soup": soup,
    }


def get(client, url, language="en"):
    client.cookies["django_language"] = language
    response = client.get(url)
    assert response.status_code == 200, url
    return response


@pytest.fixture
def public_urls(story, organization, guide_index):
    guide = GuidePageFactory(parent=guide_index, language="id")
    return {
        "home": "/",
        "stories": "/stories/",
        "industry": "/stories/industry/food-beverage/",
        "story": story.url,
        "learn": "/learn/",
        "guide": guide.url,
        "organization": organization.get_absolute_url(),
        "search": "/search/?q=kue",
        "how_we_moderate": "/how-we-moderate/",
        "privacy": "/privacy/",
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_public_page__canonical_opengraph_and_twitter_tags(client, public_urls, language):
    for name, url in public_urls.items():
        found = head(get(client, url, language))
        meta = found["meta"]
        for key in (
            "og:title",
            "og:description",
            "og:url",
            "og:image",
            "og:type",
            "og:site_name",
            "og:locale",
            "twitter:card",
            "twitter:title",
            "twitter:image",
        ):
            assert meta.get(key), (name, key)
        assert found["canonical"].startswith(SITE + "/"), name
        assert meta["og:url"] == found["canonical"]
        assert meta["twitter:card"] == "summary_large_image"
        assert found["feeds"], name
        assert_no_draft(response_text := get(client, url, language).content.decode())
        assert "draft_title" not in response_text


def test_canonical__drops_filters_and_tracking_keeps_the_page_number(client, public_urls):
    found = head(get(client, "/stories/?utm_source=wa&industry=food-beverage&page=1"))
    assert found["canonical"] == f"{SITE}/stories/"
    found = head(get(client, "/stories/?page=2&utm_source=wa"))
    assert found["canonical"] == f"{SITE}/stories/?page=2"


def test_story_page__tags_and_json_ld_show_the_live_version_not_the_pending_edit(
    client, story, organization
):
    for language in LANGUAGES:
        found = head(get(client, story.url, language))
        meta = found["meta"]
        assert meta["og:title"] == LIVE_TITLE
        assert meta["og:description"] == LIVE_SUMMARY
        assert meta["og:type"] == "article"
        assert meta["og:locale"] == "id_ID"  # the story's language, whoever reads it
        assert meta["og:image"] == f"{SITE}/share/stories/{story.pk}/{story.live_revision_id}.png"
        review = found["json_ld"]["Review"]
        assert review["name"] == LIVE_TITLE
        assert review["author"] == {"@type": "Person", "name": "Siti Rahma"}
        assert review["itemReviewed"]["name"] == "PT Sehat Sejahtera"
        assert review["itemReviewed"]["url"] == f"{SITE}/organisations/sehat-sejahtera/"
        assert review["inLanguage"] == "id"
        trail = [item["name"] for item in found["json_ld"]["BreadcrumbList"]["itemListElement"]]
        assert trail[0] == "Terang" and trail[-1] == LIVE_TITLE
        assert found["json_ld"]["BreadcrumbList"]["itemListElement"][-1]["item"] == (
            SITE + story.url
        )


def test_story_without_organisation__an_article_by_its_teller(client, story_index):
    from tests.factories import StoryPageFactory
    from tests.reach.conftest import pending_edit

    story = pending_edit(
        StoryPageFactory(title=LIVE_TITLE, subject_name="Siti Rahma", organization=None)
    )

    data = head(get(client, story.url))["json_ld"]

    assert "Review" not in data
    assert data["Article"]["headline"] == LIVE_TITLE
    assert data["Article"]["author"]["name"] == "Siti Rahma"


def test_home__website_with_search_action(client, public_urls):
    data = head(get(client, "/"))["json_ld"]
    target = data["WebSite"]["potentialAction"]["target"]["urlTemplate"]
    assert target == f"{SITE}/search/?q={{search_term_string}}"


def test_organisation_page__organization_and_breadcrumbs(client, organization, story):
    found = head(get(client, organization.get_absolute_url(), "id"))
    data = found["json_ld"]["Organization"]
    assert data["name"] == "PT Sehat Sejahtera"
    assert data["url"] == f"{SITE}/organisations/sehat-sejahtera/"
    assert data["sameAs"] == ["https://sehat.example"]
    assert "/feeds/stories.rss?organisation=sehat-sejahtera" in found["feeds"]


def test_industry_page__breadcrumbs_and_its_own_feed(client, story):
    found = head(get(client, "/stories/industry/food-beverage/", "id"))
    trail = found["json_ld"]["BreadcrumbList"]["itemListElement"]
    assert [item["name"] for item in trail] == ["Terang", "Cerita", "Makanan & minuman"]
    assert "/feeds/stories.atom?industry=food-beverage" in found["feeds"]


def test_json_ld__text_that_would_close_the_script_element_is_escaped(client, story_index):
    from tests.factories import StoryPageFactory

    story = StoryPageFactory(title="</script><script>alert(1)</script> & co")

    response = get(client, story.url)

    assert b"</script><script>alert(1)" not in response.content
    data = head(response)["json_ld"]["Article"]
    assert data["name"] == "</script><script>alert(1)</script> & co"


def test_share_links__plain_links_to_each_network_and_no_script_of_theirs(client, story):
    found = head(get(client, story.url))
    soup = found["soup"]
    links = {
        urlsplit(link["href"]).netloc: link["href"]
        for link in soup.select(".share a.share__link")
        if link["href"].startswith("https://")
    }
    assert set(links) == {
        "wa.me",
        "www.facebook.com",
        "x.com",
        "www.linkedin.com",
        "t.me",
    }
    story_url = SITE + story.url
    assert parse_qs(urlsplit(links["www.facebook.com"]).query)["u"] == [story_url]
    assert parse_qs(urlsplit(links["t.me"]).query)["text"] == [LIVE_TITLE]
    copy = soup.select_one("[data-copy-link]")
    assert copy["href"] == story_url and copy["data-copy-link"] == story_url
    scripts = [tag["src"] for tag in soup.find_all("script", src=True)]
    assert scripts and all(src.startswith("/static/") for src in scripts)


def test_unpublished_story__no_tags_anywhere_name_it(client, story, organization):
    story.unpublish()

    for url in ("/", "/stories/", organization.get_absolute_url()):
        assert LIVE_TITLE not in get(client, url).content.decode()


def test_preview_of_the_pending_edit__no_tags_for_the_outside_world(story):
    draft = story.get_latest_revision_as_object()
    assert draft.title != LIVE_TITLE

    response = draft.make_preview_request()

    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert not soup.head.find("meta", property="og:title")
    assert not soup.head.find("link", rel="canonical")
    assert not soup.find("script", type="application/ld+json")
    assert not soup.select(".share")
