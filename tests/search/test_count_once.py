"""The exact total and industry counts of a translated query (CONTRACTS.md §2), as the database
engine counts them: from the facet rows on both databases, and on SQLite from the query with each
alternative once (a translation's forms repeat the word's: "menjual" and "jual")."""

import pytest
from django.db import connection
from django.http import QueryDict

from search import lexicon
from search.engines.database import _SQLite
from search.engines.database.sqlite import _once
from search.query import StoryQuery
from search.services import search_stories
from tests.factories import StoryPageFactory


def _story(title, summary, language, industries):
    return StoryPageFactory(title=title, summary=summary, language=language, industries=industries)


def _search(text, **params):
    query = QueryDict(mutable=True)
    query.update({"q": text, **params})
    return search_stories(StoryQuery.from_params(query), use_cluster=False)


def test_once__opens_one_word_translations_and_keeps_phrases_whole():
    options = ['"selling"', '"sell"', '("jual")', '("menjual" OR "jual")', '(("a") AND ("b"))']
    assert _once(options) == ['"selling"', '"sell"', '"jual"', '"menjual"', '(("a") AND ("b"))']


@pytest.mark.django_db
def test_translated_query__total_and_industry_counts_are_every_matching_story(story_index):
    assert set(lexicon.widen(StoryQuery(text="selling"))[1].get("selling", ())) >= {"jual"}
    english = _story(
        "Selling coffee", "We are selling coffee at the market.", "en", ["food-beverage"]
    )
    _story(
        "Kami menjual kopi",
        "Kami menjual kopi di pasar.",
        "id",
        ["food-beverage", "retail-ecommerce"],
    )
    _story("Jual beli sepatu", "Toko kami jual sepatu kulit.", "id", ["fashion-textiles"])
    _story("Tailoring", "We sew dresses for weddings.", "en", ["fashion-textiles"])

    every_industry = {"food-beverage": 2, "retail-ecommerce": 1, "fashion-textiles": 1}
    results = _search("selling")
    assert results.count == 3
    assert {f.industry.slug: f.count for f in results.facets if f.count} == every_industry
    # Within one industry: its stories counted, every industry's count kept.
    filtered = _search("selling", industry="fashion-textiles")
    assert filtered.count == 1
    assert {f.industry.slug: f.count for f in filtered.facets if f.count} == every_industry
    # The words typed only.
    typed = _search("selling", translate="0")
    assert [hit.story.pk for hit in typed.hits] == [english.pk]
    assert typed.count == 1


@pytest.mark.django_db
def test_sqlite__the_count_query_matches_the_ranked_querys_stories(story_index):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's FTS5 query")
    _story("Kami menjual kopi", "Kami menjual kopi di pasar.", "id", ["food-beverage"])
    _story("Jual beli", "Jual beli sepatu dan penjualan tas.", "id", ["fashion-textiles"])
    _story("Selling", "We sell and are selling shoes.", "en", ["fashion-textiles"])
    for text in ("selling", "customers", "jual kopi", "coffee shop"):
        parsed, translations = lexicon.widen(StoryQuery(text=text))
        ranked = _SQLite.match_expression(parsed, {}, translations)
        counted = _SQLite.match_expression(parsed, {}, translations, once=True)
        with connection.cursor() as cursor:
            found = []
            for expression in (ranked, counted):
                cursor.execute(
                    "SELECT rowid FROM story_search_fts WHERE story_search_fts MATCH %s "
                    "ORDER BY rowid",
                    [expression],
                )
                found.append(cursor.fetchall())
        assert found[0] == found[1], text
