"""The final guard of every search (search.services._live_entries): whatever an index answers,
only live stories outside every private section are shown. It reads the restricted paths the
search has read already (search.engines.database.restrictions_read_once)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from search.engines import database
from search.models import SearchEntry
from search.query import StoryQuery
from search.services import _live_entries, search_stories
from stories.models import StoryPage
from tests.factories import StoryPageFactory

pytestmark = pytest.mark.django_db


def restrict(page):
    """A view restriction the index tasks do not hear of (bulk_create sends no signal)."""
    PageViewRestriction.objects.bulk_create(
        [PageViewRestriction(page=page, restriction_type="password", password="x")]
    )


def test_guard__drops_what_the_index_still_holds_once_unpublished_or_private(story_index):
    """Entries written while the stories were public; then the pages change without the index
    task running (as a lagging cluster document would): the guard drops each, as Wagtail's own
    ``live().public()`` does, for a restriction on the story and on a section above it."""
    shown, withdrawn, private, sectioned = (
        StoryPageFactory(title=f"Batik tulis {n}") for n in range(4)
    )
    ids = [shown.pk, withdrawn.pk, private.pk, sectioned.pk]
    assert set(_live_entries(ids)) == set(ids)
    StoryPage.objects.filter(pk=withdrawn.pk).update(live=False)
    restrict(private)
    section = StoryPage.objects.get(pk=sectioned.pk).get_parent()

    def wagtail_public():
        return set(
            StoryPage.objects.live().public().filter(pk__in=ids).values_list("pk", flat=True)
        )

    assert set(_live_entries(ids)) == wagtail_public() == {shown.pk, sectioned.pk}
    restrict(section)
    assert set(_live_entries(ids)) == wagtail_public() == set()
    assert SearchEntry.objects.filter(page_id__in=ids).count() == 4  # the index still holds all


def test_restrictions__read_once_per_search_by_every_pass_and_the_guard(story_index, settings):
    settings.SEARCH_URL = ""
    StoryPageFactory(title="Kain songket")
    hidden = StoryPageFactory(title="Songket rahasia")
    PageViewRestriction.objects.create(page=hidden, restriction_type="password", password="x")
    with CaptureQueriesContext(connection) as queries:
        results = search_stories(StoryQuery(text="songket"))
    assert [hit.story.title for hit in results.hits] == ["Kain songket"]
    restriction_reads = [
        q for q in queries.captured_queries if PageViewRestriction._meta.db_table in q["sql"]
    ]
    assert len(restriction_reads) == 1
    with database.restrictions_read_once():
        assert database.restricted_paths() == [hidden.path]
        PageViewRestriction.objects.all().delete()
        assert database.restricted_paths() == [hidden.path]  # read once within the block
    assert database.restricted_paths() == []
