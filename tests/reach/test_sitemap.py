"""robots.txt and sitemap.xml: public pages only, at the site's public address, with lastmod."""

import pytest
from defusedxml import ElementTree as ET
from django.utils import timezone
from wagtail.models import PageViewRestriction

from tests.factories import GuidePageFactory, StoryPageFactory
from tests.reach.conftest import DRAFT_TITLE

pytestmark = pytest.mark.django_db

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SITE = "http://testserver"


def sitemap(client, language="en") -> dict[str, str]:
    client.cookies["django_language"] = language
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    return {url.findtext(f"{NS}loc"): url.findtext(f"{NS}lastmod") for url in root}


def test_robots__points_at_the_sitemap_and_keeps_crawlers_out_of_private_areas(client):
    for language in ("id", "en"):
        client.cookies["django_language"] = language
        response = client.get("/robots.txt")

        assert response.status_code == 200
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        lines = response.content.decode().splitlines()
        assert f"Sitemap: {SITE}/sitemap.xml" in lines
        for private in ("/admin/", "/me/", "/submit/", "/accounts/", "/evidence/"):
            assert f"Disallow: {private}" in lines


def test_sitemap__public_pages_listings_and_organisations_with_lastmod(
    client, story, organization, guide_index
):
    guide = GuidePageFactory(parent=guide_index, language="en")
    offline = StoryPageFactory(title="Sudah diturunkan")
    offline.unpublish()
    private = StoryPageFactory(title="Hanya untuk anggota")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    never = StoryPageFactory(title="Belum pernah terbit", verification="")

    for language in ("id", "en"):
        urls = sitemap(client, language)

        for path in (
            "/",
            "/stories/",
            story.url,
            "/learn/",
            guide.url,
            "/stories/industry/food-beverage/",
            organization.get_absolute_url(),
        ):
            assert SITE + path in urls, path
        for hidden in (offline, private, never):
            assert not any(hidden.slug in loc for loc in urls), hidden.title
        # The sitemap gives the date in the site's time zone (Asia/Jakarta, UTC+7).
        assert urls[SITE + story.url] == timezone.localdate(story.last_published_at).isoformat()
        # Only industries with a public story.
        assert SITE + "/stories/industry/technology/" not in urls
        assert all(loc.startswith(SITE + "/") for loc in urls)
        assert not any("/admin/" in loc or "/me/" in loc for loc in urls)


def test_sitemap__a_pending_edit_changes_neither_the_address_nor_the_date(client, story):
    before = sitemap(client)
    story.slug = "judul-belum-diperiksa"
    story.title = DRAFT_TITLE
    story.save_revision(user=story.owner)

    assert sitemap(client) == before


def test_sitemap__a_bad_page_number_is_a_400_and_a_missing_page_a_404(client, story):
    for language in ("id", "en"):
        client.cookies["django_language"] = language
        for bad in ("abc", "-1", "1.5", "%EF%BC%91", "9" * 30):
            assert client.get(f"/sitemap.xml?p={bad}").status_code == 400, bad
        assert client.get("/sitemap.xml?p=0").status_code == 404
        assert client.get("/sitemap.xml?p=2").status_code == 404
        assert client.get("/sitemap.xml?p=1").status_code == 200
