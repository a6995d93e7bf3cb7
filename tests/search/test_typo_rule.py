"""The typo rule across languages, on each engine (database: SQLite, or PostgreSQL with
TEST_DATABASE=postgres; OpenSearch): typo tolerance applies only to a word that has no exact
match in either language, and never replaces a translation.

(tests/search/test_lexicon.py holds the first cases: a translated word is not corrected when a
story holds its translation, a word some story holds is not matched fuzzily, a misspelt word is
translated through its correction.)
"""

import pytest
from django.http import QueryDict

from search.query import StoryQuery
from search.services import search_stories
from tests.factories import StoryPageFactory

pytestmark = pytest.mark.django_db


def _search(text, **params):
    query = QueryDict(mutable=True)
    query.update({"q": text, **params})
    return search_stories(StoryQuery.from_params(query))


def _story(title, summary, language="id"):
    story = StoryPageFactory(title=title, summary=summary, language=language)
    story.refresh_from_db()
    return story


def test_a_word_with_a_translation_is_never_corrected_even_when_nothing_holds_either(
    engine, story_index
):
    # "tailor" is a word (it translates as "penjahit"): no story holds either, and the one
    # letter away "sailor" is not what the reader meant. Nothing found beats noise.
    _story("A sailor's shop", "A retired sailor sells rope and sailor's knots.", "en")
    results = _search("tailor")
    assert (results.count, results.corrected) == (0, "")
    assert results.also_searched == ["penjahit"]


def test_a_correction_is_added_beside_a_translation_never_in_its_place(engine, story_index):
    # One word translated ("catfish" → "lele"), one misspelt ("kambng" → "kambing"): the story
    # with both is found through the translation and the correction together.
    both = _story("Kolam lele dan kandang kambing", "Pak Darto memelihara lele dan kambing.")
    _story("Kandang kambing", "Bu Ani memelihara kambing.")
    results = _search("catfish kambng")
    assert [hit.story.pk for hit in results.hits][:1] == [both.pk]
    assert "lele" in results.also_searched


def test_a_word_held_in_the_other_language_only_is_not_matched_fuzzily(engine, story_index):
    # "pond" has its translation in a story ("kolam"); "pound", one letter away, is no typo of it.
    pond = _story("Kolam ikan", "Bu Tini membuat kolam ikan di belakang rumah.")
    _story("A pound of coffee", "We sell coffee by the pound.", "en")
    results = _search("pond")
    assert [hit.story.pk for hit in results.hits] == [pond.pk]
    assert results.corrected == ""


def test_translate_0__a_word_no_story_holds_is_still_corrected(engine, story_index):
    # Without the lexicon the search is as it was: a word the index does not know is a typo.
    sailor = _story("A sailor's shop", "A retired sailor sells rope.", "en")
    assert [hit.story.pk for hit in _search("sailro", translate="0").hits] == [sailor.pk]
