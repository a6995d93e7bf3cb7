"""Every public date of a story is its date in the site's time zone (Asia/Jakarta): a story
published at 23:30 UTC on 1 March is dated 2 March (06:30 in Jakarta) by the search API, the
story page, the search page, the feeds, the sitemap, OpenGraph and JSON-LD alike."""

import datetime
import json

import pytest
from bs4 import BeautifulSoup
from defusedxml import ElementTree as ET

from stories.models import StoryPage
from tests.factories import StoryPageFactory

pytestmark = pytest.mark.django_db

# 23:30 UTC is 06:30 the next morning in Jakarta, whatever the hour the test runs.
PUBLISHED = datetime.datetime(2026, 3, 1, 23, 30, tzinfo=datetime.UTC)
CHANGED = datetime.datetime(2026, 3, 4, 23, 30, tzinfo=datetime.UTC)
LOCAL_PUBLISHED, LOCAL_CHANGED = "2026-03-02", "2026-03-05"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def story(story_index):
    story = StoryPageFactory(title="Sambal bawang Bu Ani", industries=["food-beverage"])
    # Saved as the importer backdates a story: the search index takes the dates too.
    story.first_published_at, story.last_published_at = PUBLISHED, CHANGED
    story.save()
    assert StoryPage.objects.get(pk=story.pk).first_published_at == PUBLISHED
    return story


def test_search_api__published_at_is_the_jakarta_date(client, story):
    [result] = client.get("/api/search/", {"q": "sambal"}).json()["results"]
    assert result["published_at"] == LOCAL_PUBLISHED


def test_story_and_search_pages__time_elements_show_the_jakarta_date(client, story):
    page = BeautifulSoup(client.get(story.url).content, "html.parser")
    assert page.find("time", datetime=LOCAL_PUBLISHED) is not None
    results = BeautifulSoup(client.get("/search/", {"q": "sambal"}).content, "html.parser")
    assert results.find("time", datetime=LOCAL_PUBLISHED) is not None


def test_story_head__opengraph_and_json_ld_dates_are_jakarta_times(client, story):
    soup = BeautifulSoup(client.get(story.url).content, "html.parser")
    published = soup.find("meta", property="article:published_time")["content"]
    assert published == f"{LOCAL_PUBLISHED}T06:30:00+07:00"
    [article] = [
        data
        for tag in soup.find_all("script", type="application/ld+json")
        if (data := json.loads(tag.string)).get("@type") in ("Article", "Review")
    ]
    assert article["datePublished"] == f"{LOCAL_PUBLISHED}T06:30:00+07:00"
    assert article["dateModified"] == f"{LOCAL_CHANGED}T06:30:00+07:00"


def test_feeds__dates_in_jakarta_time(client, story):
    rss = ET.fromstring(client.get("/feeds/stories.rss").content)
    [item] = rss.iter("item")
    assert item.findtext("pubDate") == "Mon, 02 Mar 2026 06:30:00 +0700"
    atom = ET.fromstring(client.get("/feeds/stories.atom").content)
    [entry] = atom.findall(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}published") == f"{LOCAL_PUBLISHED}T06:30:00+07:00"
    assert entry.findtext(f"{ATOM}updated") == f"{LOCAL_CHANGED}T06:30:00+07:00"


def test_sitemap__lastmod_is_the_jakarta_date(client, story):
    root = ET.fromstring(client.get("/sitemap.xml").content)
    [lastmod] = [
        url.findtext(f"{SITEMAP}lastmod")
        for url in root
        if url.findtext(f"{SITEMAP}loc").endswith(story.url)
    ]
    assert lastmod == LOCAL_CHANGED
