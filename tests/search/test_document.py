"""The search document: a result is shown from the index's own row, never by loading the page.

Each test starts from what a reader sees and changes something a result shows (an organisation's
name, the page's place in the tree, the hero image), then searches again, on both engines.
"""

import importlib
import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import OutputWrapper
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.actions.move_page import MovePageAction
from wagtail.models import Site

from search import maintenance
from search.document import HERO_SPEC, documents_for
from search.management.commands.search_index import Progress
from search.models import SearchEntry
from search.query import StoryQuery
from search.services import search_stories, suggest_stories
from stories.body import story_text
from stories.models import StoryIndexPage, StoryPage
from tests.factories import OrganizationFactory, StoryPageFactory, publish_reviewed, uploaded_image

pytestmark = pytest.mark.django_db


def _search(text="", **kwargs):
    return search_stories(StoryQuery(text=text, **kwargs))


def _only_hit(text):
    results = _search(text)
    assert len(results.hits) == 1, [hit.story.title for hit in results.hits]
    return results.hits[0].story


def test_a_result_carries_what_a_story_card_shows(engine, story_index):
    organization = OrganizationFactory(name="Koperasi Sumber Rejeki")
    story = StoryPageFactory(
        title="Keripik tempe Bu Wati",
        summary="Keripik tempe dari dapur rumah.",
        subject_kind="person",
        subject_name="Wati",
        organization=organization,
        industries=["food-beverage", "health-wellness"],
        language="id",
    )
    story.hero_image = uploaded_image(title="Keripik di toples")
    publish_reviewed(story)

    hit = _search("keripik").hits[0]
    found = hit.story
    assert found.pk == story.pk
    assert found.title == "Keripik tempe Bu Wati"
    assert found.url == story.url
    assert found.subject_display == "Wati (Koperasi Sumber Rejeki)"
    assert found.is_verified and found.verification == "verified"
    assert found.get_language_display() == "Indonesian"
    assert found.first_published_at == story.first_published_at
    assert [industry.slug for industry in hit.industries] == ["food-beverage", "health-wellness"]
    rendition = story.hero_image.get_rendition(HERO_SPEC)
    assert (found.hero_url, found.hero_width, found.hero_height) == (
        rendition.url,
        rendition.width,
        rendition.height,
    )
    assert found.hero_alt == "Keripik di toples"


def test_results_page_and_api_load_no_story_page(client, engine, story_index):
    for n in range(3):
        StoryPageFactory(title=f"Warung kopi {n}", summary="Kopi tubruk.")
    for url in ("/search/?q=kopi", "/api/search/?q=kopi", "/api/search/suggest/?q=kop"):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        tables = " ".join(query["sql"] for query in queries.captured_queries)
        assert StoryPage._meta.db_table not in tables, url
        assert b"Warung kopi 1" in response.content, url


def test_renaming_an_organisation_renames_the_teller_in_results(engine, story_index):
    organization = OrganizationFactory(name="Toko Lama")
    StoryPageFactory(
        title="Sabun sereh", subject_kind="person", subject_name="Rina", organization=organization
    )
    assert _only_hit("sabun").subject_display == "Rina (Toko Lama)"
    organization.name = "Toko Baru"
    organization.save()
    assert _only_hit("sabun").subject_display == "Rina (Toko Baru)"


def test_moving_a_story_or_renaming_its_section_changes_the_url_in_results(
    engine, story_index, django_capture_on_commit_callbacks
):
    story = StoryPageFactory(title="Batik tulis Pekalongan")
    assert _only_hit("batik").url == story.url
    story_index.refresh_from_db()  # its child count, as the story's creation left it
    with django_capture_on_commit_callbacks(execute=True):
        story_index.slug = "kisah-sukses"
        story_index.save_revision().publish()
    story.refresh_from_db()
    assert "/kisah-sukses/" in story.url
    assert _only_hit("batik").url == story.url

    other = StoryIndexPage(title="Arsip", slug="arsip")
    story_index.get_parent().add_child(instance=other)
    MovePageAction(StoryPage.objects.get(pk=story.pk), other, pos="last-child").execute()
    story.refresh_from_db()
    assert "/arsip/" in story.url
    assert _only_hit("batik").url == story.url


def test_documents_are_built_from_columns_as_from_the_pages(story_index, settings):
    """documents_for reads columns, not page objects: each field is what the page itself gives,
    its URL included (Wagtail's get_url: relative on one site, with the host on two, a
    non-ASCII slug quoted)."""
    settings.SEARCH_URL = ""
    organization = OrganizationFactory(name="Koperasi Tani")
    stories = [
        StoryPageFactory(
            title="Gula aren",
            subject_kind="person",
            subject_name="Siti",
            organization=organization,
            industries=["food-beverage", "health-wellness"],
        ),
        StoryPageFactory(title="Kain tenun", slug="kain-tenun-ñ", language="en"),
    ]
    ids = [story.pk for story in stories]
    for sites in ("one", "two"):
        if sites == "two":
            Site.objects.create(hostname="arsip.example", port=80, root_page=story_index)
        Site.clear_site_root_paths_cache()
        documents = documents_for(ids)
        assert [doc.page_id for doc in documents] == ids
        for doc in documents:
            page = StoryPage.objects.get(pk=doc.page_id)
            assert doc.entry["url"] == page.get_url(), sites
            assert doc.fields == story_text(page)
            assert doc.path == page.path
            assert doc.entry["verified"] == page.is_verified
            assert doc.entry["organization_name"] == (
                page.organization.name if page.organization_id else ""
            )
            assert doc.entry["industries"] == [
                {"id": industry.pk, "slug": industry.slug}
                for industry in sorted(page.industries.all(), key=lambda industry: industry.pk)
            ]
            for name in ("live_revision_id", "last_published_at", "reviewed_at", "language"):
                assert doc.entry[name] == getattr(page, name), name
            assert doc.entry["published_at"] == page.first_published_at
    assert documents[1].entry["url"].startswith("http://arsip.example/")
    assert "%C3%B1" in documents[1].entry["url"]


def test_a_new_focal_point_or_a_deleted_hero_image_reaches_the_results(
    engine, story_index, django_capture_on_commit_callbacks
):
    story = StoryPageFactory(title="Madu hutan Sumbawa")
    image = uploaded_image(title="Madu")
    story.hero_image = image
    publish_reviewed(story)
    before = _only_hit("madu").hero_url
    assert before == image.get_rendition(HERO_SPEC).url

    with django_capture_on_commit_callbacks(execute=True):
        image.focal_point_x, image.focal_point_y = 5, 5
        image.focal_point_width, image.focal_point_height = 4, 4
        image.save()
    after = _only_hit("madu").hero_url
    assert after != before
    assert after == image.get_rendition(HERO_SPEC).url

    with django_capture_on_commit_callbacks(execute=True):
        image.delete()
    assert _only_hit("madu").hero_url == ""


def test_suggestions_are_documents_of_live_stories(story_index, settings):
    settings.SEARCH_URL = ""
    StoryPageFactory(title="Kerajinan rotan")
    hidden = StoryPageFactory(title="Kerajinan bambu")
    hidden.unpublish()
    assert [entry.title for entry in suggest_stories("keraj")] == ["Kerajinan rotan"]


def test_the_migration_fills_the_document_of_existing_entries(story_index, settings):
    """Entries written before the document existed get it from their stories (0007)."""
    settings.SEARCH_URL = ""
    organization = OrganizationFactory(name="CV Maju")
    story = StoryPageFactory(
        title="Tahu bakso",
        subject_kind="person",
        subject_name="Ani",
        organization=organization,
        industries=["food-beverage"],
    )
    with_image = StoryPageFactory(title="Kopi luwak")
    with_image.hero_image = uploaded_image()
    publish_reviewed(with_image)
    expected = SearchEntry.objects.get(page_id=story.pk)
    SearchEntry.objects.update(
        title="", url="", subject_name="", organization_name="", industries=[], verification=""
    )

    migration = importlib.import_module("search.migrations.0007_search_document")
    migration.fill_documents(apps, None)

    filled = SearchEntry.objects.get(page_id=story.pk)
    for name in ("title", "url", "subject_name", "organization_name", "industries"):
        assert getattr(filled, name) == getattr(expected, name), name
    assert filled.verification == "verified" and filled.live_revision_id == story.live_revision_id
    # The rendition needs the image library: that entry waits for a rebuild, and --check says so.
    assert SearchEntry.objects.get(page_id=with_image.pk).live_revision_id is None


def test_rebuild__batch_by_batch_with_progress__drops_entries_of_stories_gone(
    story_index, settings, monkeypatch
):
    settings.SEARCH_URL = ""
    monkeypatch.setattr(maintenance, "REBUILD_BATCH", 2)
    stories = [StoryPageFactory(title=f"Kedai teh {n}") for n in range(3)]
    SearchEntry.objects.create(page_id=stories[-1].pk + 1000, language="id", title="gone")
    SearchEntry.objects.filter(page_id=stories[0].pk).update(title="old title")

    out = io.StringIO()
    call_command("search_index", "--rebuild", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines == [
        lines[0],
        lines[1],
        "database: indexed 3 stories into tables",
    ]
    assert " 2/3 stories " in lines[0] and lines[0].startswith(" 67%")
    assert " 3/3 stories " in lines[1] and lines[1].startswith("100%")
    assert sorted(SearchEntry.objects.values_list("title", flat=True)) == [
        "Kedai teh 0",
        "Kedai teh 1",
        "Kedai teh 2",
    ]
    assert [hit.story.title for hit in _search("teh", sort="newest").hits] == [
        "Kedai teh 2",
        "Kedai teh 1",
        "Kedai teh 0",
    ]


def test_rebuild__progress_bar_on_a_terminal():
    out = io.StringIO()
    progress = Progress(OutputWrapper(out), terminal=True)
    progress(1, 4)
    progress(4, 4)
    assert out.getvalue().startswith("\r[########----------------------]  25%  1/4 stories")
    assert "\r[##############################] 100%  4/4 stories" in out.getvalue()
    assert out.getvalue().endswith("\n")
