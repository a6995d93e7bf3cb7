"""The product or service, and its description, are part of a story's search document.

The story page shows both publicly ("Product or service", templates/stories/story_page.html), so
both are searched, on each engine: the database engine (SQLite, or PostgreSQL with
TEST_DATABASE=postgres) and OpenSearch. Only the live, public version counts: a draft's new
description is not searched until it is published, and a story in a private section never is.
"""

import pytest
from django.http import QueryDict
from wagtail.models import PageViewRestriction

from search.query import StoryQuery
from search.services import search_stories
from tests.factories import StoryPageFactory, publish_reviewed

pytestmark = pytest.mark.django_db


def _ids(text, **params):
    query = QueryDict(mutable=True)
    query.update({"q": text, **params})
    return [hit.story.pk for hit in search_stories(StoryQuery.from_params(query)).hits]


def _story(**fields):
    story = StoryPageFactory(
        title=fields.pop("title", "Koperasi nelayan"),
        summary=fields.pop("summary", "Nelayan kecil menjual bersama."),
        **fields,
    )
    story.refresh_from_db()
    return story


def test_words_only_in_the_product_description_find_the_story(engine, story_index):
    story = _story(
        product_or_service="Ikan laut segar",
        product_description="Tongkol, kakap dan cumi, dibekukan di ruang pendingin.",
    )
    _story(title="Warung kopi", summary="Kopi tubruk dan teh manis.")
    for q in ("cumi", "kakap", "tongkol", "cumi kakap", "ikan laut segar", "dibekukan"):
        assert _ids(q) == [story.pk], q
    # The same words through the lexicon: an English reader's "squid" is the story's "cumi".
    assert _ids("squid") == [story.pk]


def test_a_drafts_product_description_is_searched_only_once_published(engine, story_index):
    story = _story(product_description="Tongkol segar setiap pagi.")
    story.product_description = "Rumput laut kering untuk pabrik."
    revision = story.save_revision()  # a draft: the live page still says "tongkol"
    assert _ids("tongkol", translate="0") == [story.pk]
    assert _ids("pabrik", translate="0") == []
    publish_reviewed(story, revision=revision)
    assert _ids("pabrik", translate="0") == [story.pk]
    assert _ids("tongkol", translate="0") == []


def test_a_private_storys_product_description_is_never_searched(engine, story_index):
    story = _story(product_description="Cumi asin dari Lamongan.")
    assert _ids("cumi") == [story.pk]
    PageViewRestriction.objects.create(page=story, restriction_type="password", password="x")
    assert _ids("cumi") == []
    assert _ids("squid") == []
