"""How the cluster engine weighs translations, checked on both engines alike (a real node)."""

import pytest
from django.http import QueryDict

from search.query import StoryQuery
from search.services import search_stories
from tests.factories import StoryPageFactory


def _story(title, summary, language="id"):
    story = StoryPageFactory(title=title, summary=summary, language=language)
    story.refresh_from_db()
    return story


def _search(text, **params):
    query = QueryDict(mutable=True)
    query.update({"q": text, **params})
    return search_stories(StoryQuery.from_params(query))


FILLER = (
    "The market opens early, the stalls fill with buyers from the next town, prices are "
    "written on small boards, the road is busy until noon and the afternoon is quiet again"
)


@pytest.mark.django_db
def test_relaxed__a_translation_weighs_as_a_word_typed(engine, story_index):
    # No story holds "zebra", so any word is enough and both stories hold two of the three
    # words: one as typed, in passing; the other through translations, as what it is about.
    # Relaxed, there is no band of words typed: the better match comes first on both engines
    # (before, the cluster scaled a translation down, so the passing mention won there).
    passing = _story("Notes from the market", f"{FILLER}: catfish, and a fisherman.", "en")
    about = _story("Kabar kampung", "Lele nelayan, lele nelayan.")
    results = _search("catfish fisherman zebra")
    assert results.relaxed
    assert [hit.story.pk for hit in results.hits] == [about.pk, passing.pk]
