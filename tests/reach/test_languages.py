"""Linked languages (issue 13, slice 4): a story or guide told in both languages links to its other
version on the page, in ``<head>`` (hreflang alternates and x-default) and in the sitemap; only
when both versions are live, public and name each other. Every test starts from a live pair with
a pending, unreviewed edit."""

import pytest
from bs4 import BeautifulSoup
from defusedxml import ElementTree as ET
from django.conf import settings
from django.core.exceptions import ValidationError
from wagtail.models import PageViewRestriction

from stories.models import StoryPage
from tests.factories import GuidePageFactory, StoryPageFactory, publish_reviewed
from tests.reach.conftest import DRAFT_TITLE, pending_edit

pytestmark = pytest.mark.django_db

SITE = "http://testserver"
NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
LANGUAGES = ("id", "en")


def link_pair(indonesian: StoryPage, english: StoryPage) -> None:
    """Each version names the other, each through a reviewed, published revision."""
    for page, other in ((indonesian, english), (english, indonesian)):
        page.refresh_from_db()
        page.translation = other
        publish_reviewed(page)


@pytest.fixture
def pair(story_index):
    """A live Indonesian story and its live English version, linked; the Indonesian one has a
    pending edit."""
    indonesian = StoryPageFactory(title="Katering sehat dari dapur rumah", language="id")
    english = StoryPageFactory(title="Healthy catering from a home kitchen", language="en")
    link_pair(indonesian, english)
    indonesian.refresh_from_db()
    return pending_edit(indonesian), english


def page_links(client, page, language="id"):
    client.cookies["django_language"] = language
    response = client.get(page.url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    alternates = {
        link["hreflang"]: link["href"] for link in soup.select("head link[rel=alternate][hreflang]")
    }
    visible = soup.select(".translation-link a")
    return alternates, visible, response.content.decode()


def expected_alternates(indonesian, english) -> dict[str, str]:
    """Both versions, and the one in the site's default language as x-default."""
    default = indonesian if settings.LANGUAGE_CODE == "id" else english
    return {"id": SITE + indonesian.url, "en": SITE + english.url, "x-default": SITE + default.url}


def sitemap_alternates(client) -> dict[str, dict[str, str]]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return {
        url.findtext(f"{NS}loc"): {
            link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")
        }
        for url in root
    }


def test_linked_story__both_versions_show_alternates_and_a_link_to_the_other(client, pair):
    indonesian, english = pair
    for language in LANGUAGES:
        alternates, visible, text = page_links(client, indonesian, language)
        assert alternates == expected_alternates(indonesian, english)
        assert [(a["href"], a["hreflang"], a["lang"]) for a in visible] == [
            (english.url, "en", "en")
        ]
        assert visible[0].get_text() == "Read it in English"
        assert DRAFT_TITLE not in text

        alternates, visible, _ = page_links(client, english, language)
        assert alternates == expected_alternates(indonesian, english)
        assert [a["href"] for a in visible] == [indonesian.url]
        assert visible[0].get_text() == "Baca dalam Bahasa Indonesia"


def test_linked_story__urls_stay_the_same(pair):
    indonesian, english = pair
    assert indonesian.url.startswith("/stories/")
    assert english.url.startswith("/stories/")
    assert indonesian.url != english.url


def test_sitemap__carries_both_versions_as_alternates(client, pair):
    indonesian, english = pair
    found = sitemap_alternates(client)
    assert found[SITE + indonesian.url] == expected_alternates(indonesian, english)
    assert found[SITE + english.url] == expected_alternates(indonesian, english)


def test_unlinked_story__has_no_alternates_and_no_link(client, story_index):
    alone = StoryPageFactory(language="id")
    alternates, visible, _ = page_links(client, alone)
    assert alternates == {}
    assert visible == []
    assert sitemap_alternates(client)[SITE + alone.url] == {}


def test_link_named_on_one_side_only__shows_nowhere(client, story_index):
    indonesian = StoryPageFactory(language="id")
    english = StoryPageFactory(language="en")
    english.translation = indonesian
    publish_reviewed(english)
    for page in (indonesian, english):
        alternates, visible, _ = page_links(client, page)
        assert (alternates, visible) == ({}, [])
    assert not any(sitemap_alternates(client).values())


def test_pending_edit_that_links_a_page__shows_nowhere_until_published(client, story_index):
    indonesian = StoryPageFactory(language="id")
    english = StoryPageFactory(language="en")
    english.translation = indonesian
    publish_reviewed(english)
    indonesian.translation = english
    indonesian.save_revision(user=indonesian.owner)

    alternates, visible, _ = page_links(client, english)
    assert (alternates, visible) == ({}, [])
    assert not any(sitemap_alternates(client).values())

    publish_reviewed(indonesian, revision=indonesian.latest_revision)
    alternates, visible, _ = page_links(client, english)
    assert alternates == expected_alternates(indonesian, english)


def test_pending_edit_that_unlinks__leaves_the_live_link(client, pair):
    indonesian, english = pair
    indonesian.translation = None
    indonesian.save_revision(user=indonesian.owner)
    alternates, visible, _ = page_links(client, english)
    assert alternates == expected_alternates(indonesian, english)
    assert [a["href"] for a in visible] == [indonesian.url]


def test_draft_translation__never_shows(client, pair, story_index):
    indonesian, english = pair
    draft = StoryPageFactory(title="A version nobody reviewed", language="en", verification="")
    draft.translation = indonesian
    draft.save()
    indonesian.translation = draft
    publish_reviewed(indonesian)

    alternates, visible, text = page_links(client, indonesian)
    assert (alternates, visible) == ({}, [])
    assert "A version nobody reviewed" not in text
    assert draft.url not in str(sitemap_alternates(client))


def test_unpublished_translation__link_goes_on_the_next_request(client, pair):
    indonesian, english = pair
    english.unpublish()
    alternates, visible, _ = page_links(client, indonesian)
    assert (alternates, visible) == ({}, [])
    assert not any(sitemap_alternates(client).values())


def test_private_translation__never_shows(client, pair):
    indonesian, english = pair
    PageViewRestriction.objects.create(page=english, restriction_type="login")
    alternates, visible, _ = page_links(client, indonesian)
    assert (alternates, visible) == ({}, [])
    assert not any(sitemap_alternates(client).values())


def test_linked_guides__show_alternates_and_a_link(client, guide_index):
    indonesian = GuidePageFactory(parent=guide_index, language="id", title="Membaca klaim")
    english = GuidePageFactory(
        parent=guide_index, language="en", title="Reading a claim", translation=indonesian
    )
    indonesian.translation = english
    indonesian.save_revision().publish()
    for language in LANGUAGES:
        alternates, visible, _ = page_links(client, english, language)
        assert alternates == expected_alternates(indonesian, english)
        assert visible[0].get_text() == "Baca dalam Bahasa Indonesia"
    assert sitemap_alternates(client)[SITE + english.url]["en"] == SITE + english.url


@pytest.mark.parametrize("same", ["self", "same-language"])
def test_translation_in_the_same_language__is_refused(story_index, same):
    story = StoryPageFactory(language="id")
    story.translation = story if same == "self" else StoryPageFactory(language="id")
    with pytest.raises(ValidationError) as refused:
        story.full_clean()
    assert "translation" in refused.value.message_dict


def test_preview__carries_no_alternates(pair):
    indonesian, english = pair
    preview = indonesian.get_latest_revision_as_object()
    request_page = preview.make_preview_request()
    assert b'hreflang="x-default"' not in request_page.content
