"""oEmbed for stories, organisations, industries and collections, with discovery links."""

from urllib.parse import quote

import pytest
from django.conf import settings

from reach.models import StoryCollection, StoryCollectionItem
from tests.reach.conftest import LIVE_TITLE, assert_no_draft

pytestmark = pytest.mark.django_db

OEMBED = "/oembed/"


def oembed(client, url, **query):
    return client.get(OEMBED, {"url": url, **query})


def test_oembed__story__a_rich_frame_of_its_live_version(client, story):
    response = oembed(client, settings.SITE_URL + story.url, format="json")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["version"] == "1.0" and data["type"] == "rich"
    assert data["title"] == LIVE_TITLE
    assert data["author_name"] == "Siti Rahma"
    assert f"/embed/wall/?story={story.pk}" in data["html"]
    assert data["html"].startswith("<iframe ")
    assert data["width"] == 640
    assert_no_draft(response.content.decode())
    assert not response.cookies


def test_oembed__sizes_within_maxwidth_and_maxheight(client, story):
    data = oembed(client, settings.SITE_URL + story.url, maxwidth="300", maxheight="200").json()

    assert data["width"] == 300 and data["height"] == 200
    assert 'width="300" height="200"' in data["html"]


def test_oembed__organisation_industry_and_collection(client, story):
    collection = StoryCollection.objects.create(title="Pilihan kami", slug="pilihan")
    StoryCollectionItem.objects.create(collection=collection, story=story)

    organisation = oembed(client, f"{settings.SITE_URL}/organisations/sehat-sejahtera/").json()
    industry = oembed(client, f"{settings.SITE_URL}/stories/industry/food-beverage/").json()
    wall = oembed(client, f"{settings.SITE_URL}/embed/wall/?collection=pilihan").json()

    assert "organisation=sehat-sejahtera" in organisation["html"]
    assert "industry=food-beverage" in industry["html"]
    assert "collection=pilihan" in wall["html"] and wall["title"] == "Pilihan kami"


def test_oembed__in_both_languages(client, story):
    english = oembed(client, f"{settings.SITE_URL}/organisations/sehat-sejahtera/", language="en")
    indonesian = oembed(
        client, f"{settings.SITE_URL}/organisations/sehat-sejahtera/", language="id"
    )

    assert english.json()["title"] == "Verified stories about PT Sehat Sejahtera"
    assert "language=en" in english.json()["html"]
    assert indonesian.json()["title"] != english.json()["title"]
    assert "language=id" in indonesian.json()["html"]


def test_oembed__an_unpublished_story_or_another_site__404(client, story):
    url = settings.SITE_URL + story.url
    assert oembed(client, "https://elsewhere.example" + story.url).status_code == 404
    assert oembed(client, f"{settings.SITE_URL}/organisations/nobody/").status_code == 404
    assert oembed(client, f"{settings.SITE_URL}/embed/wall/?collection=nope").status_code == 404

    story.unpublish()

    assert oembed(client, url).status_code == 404


def test_oembed__a_format_other_than_json__501(client, story):
    assert oembed(client, settings.SITE_URL + story.url, format="xml").status_code == 501


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"url": ""},
        {"url": "http://testserver/\x00"},
        {"url": "http://127.0.0.1:8000/" + "a" * 3000},
        {"url": "http://127.0.0.1:8000/", "maxwidth": "wide"},
        {"url": "http://127.0.0.1:8000/", "maxheight": "0"},
        {"url": "http://127.0.0.1:8000/", "maxheight": "99999999"},
        {"url": "http://127.0.0.1:8000/", "format": "js\x00n"},
        {"url": "http://127.0.0.1:8000/", "callback": "x"},
    ],
)
def test_oembed__bad_parameters__400(client, story, query):
    assert client.get(OEMBED, query).status_code == 400


def test_discovery_links_on_story_and_organisation_pages(client, story):
    page = client.get(story.url).content.decode()
    organisation = client.get("/organisations/sehat-sejahtera/").content.decode()

    assert 'type="application/json+oembed"' in page
    assert "/oembed/?url=" + quote(settings.SITE_URL + story.url, safe="") in page
    organisation_url = settings.SITE_URL + "/organisations/sehat-sejahtera/"
    assert "/oembed/?url=" + quote(organisation_url, safe="") in organisation


def test_oembed__reads_a_few_rows(client, story, django_assert_num_queries):
    with django_assert_num_queries(3):
        oembed(client, settings.SITE_URL + story.url)
