"""The same behaviour from both engines: the database engine and OpenSearch (a real node)."""

import html

import pytest
from django.db.models import Count
from wagtail.rich_text import RichText

from search.query import StoryQuery
from search.services import search_stories
from stories.models import Industry, StoryIndustry, StoryPage
from tests.factories import StoryPageFactory, publish_reviewed

pytestmark = pytest.mark.django_db


def _story(title, summary="", industries=("health-wellness",), language="id"):
    story = StoryPageFactory(
        title=title, summary=summary or title, industries=list(industries), language=language
    )
    return story


def _rich_story(title, *paragraphs):
    """A story whose body is rich-text paragraphs, stored as the editor stores them."""
    story = StoryPageFactory(title=title, summary=title, industries=["health-wellness"])
    story.body = [("paragraph", RichText(source)) for source in paragraphs]
    publish_reviewed(story)
    return story


def _search(text="", **kwargs):
    return search_stories(StoryQuery(text=text, **kwargs))


def _titles(results):
    return sorted(hit.story.title for hit in results.hits)


def test_indonesian_stemming__jual_finds_berjualan(engine, story_index):
    _story("Ibu Sari berjualan kue", "Setiap pagi berjualan di pasar.")
    _story("Kebun sayur", "Menanam sayur organik.")
    for word in ("jual", "menjual", "penjualan"):
        results = _search(word)
        assert results.engine == engine
        assert _titles(results) == ["Ibu Sari berjualan kue"], word


def test_english_stemming__selling_finds_sell(engine, story_index):
    _story("We sell coffee", "Roasting and packing beans.", language="en")
    _story("Fishing boats", "Boats and nets.", language="en")
    assert _titles(_search("selling")) == ["We sell coffee"]
    assert _titles(_search("packed beans")) == ["We sell coffee"]


def test_every_word_must_match_and_snippet_marks_them(engine, story_index):
    _story("Kopi susu", "Kopi susu gula aren dari Bandung.")
    _story("Kopi hitam", "Kopi tanpa gula.")
    results = _search("kopi aren")
    assert _titles(results) == ["Kopi susu"]
    assert "<mark>aren</mark>" in results.hits[0].snippet


def test_phrase_query__words_in_order(engine, story_index):
    _story("Kopi susu", "Minuman kopi susu segar.")
    _story("Susu kopi", "Minuman susu lalu kopi.")
    assert _titles(_search('"kopi susu"')) == ["Kopi susu"]


def test_prefix_query(engine, story_index):
    _story("Kelas kebugaran", "Senam pagi.")
    _story("Kerajinan bambu", "Anyaman.")
    assert _titles(_search("kebu*")) == ["Kelas kebugaran"]


def test_typo_tolerance__one_letter_off(engine, story_index):
    _story("Kelas kebugaran", "Senam pagi untuk ibu-ibu.")
    assert _titles(_search("kebugran")) == ["Kelas kebugaran"]


def test_facet_counts_equal_orm_counts_and_ignore_the_industry_filter(engine, story_index):
    _story("Kopi petani", industries=["food-beverage", "agriculture-fisheries"])
    _story("Kopi kemasan", industries=["food-beverage"])
    _story("Kopi batik", industries=["fashion-textiles"])
    _story("Teh hijau", industries=["food-beverage"])
    hidden = _story("Kopi draf", industries=["fashion-textiles"])
    hidden.unpublish()
    fashion = Industry.objects.get(slug="fashion-textiles")
    results = _search("kopi", industries=("fashion-textiles",))
    assert results.count == 1 and _titles(results) == ["Kopi batik"]
    got = {facet.industry.slug: facet.count for facet in results.facets}
    matching = StoryPage.objects.live().filter(title__startswith="Kopi")
    expected = dict(
        StoryIndustry.objects.filter(content_object__in=matching)
        .values("tag__slug")
        .annotate(n=Count("content_object", distinct=True))
        .values_list("tag__slug", "n")
    )
    assert got == expected
    assert [f.selected for f in results.facets if f.industry == fashion] == [True]
    browse = _search("")
    assert browse.count == 4
    assert {f.industry.slug: f.count for f in browse.facets} == {
        "food-beverage": 3,
        "agriculture-fisheries": 1,
        "fashion-textiles": 1,
    }


def test_pagination_edges(engine, story_index):
    for n in range(7):
        _story(f"Kopi ke {n}")
    pages = [_search("kopi", page=p, page_size=3) for p in (1, 2, 3, 4)]
    assert [len(r.hits) for r in pages] == [3, 3, 1, 0]
    assert {r.count for r in pages} == {7} and {r.pages for r in pages} == {3}
    ids = [hit.story.pk for r in pages for hit in r.hits]
    assert len(ids) == len(set(ids)) == 7
    newest = _search("kopi", sort="newest", page_size=7)
    assert [hit.story.title for hit in newest.hits] == [f"Kopi ke {n}" for n in range(6, -1, -1)]


def test_unpublished_and_deleted_stories_leave_the_index(engine, story_index):
    gone = _story("Kopi lama")
    deleted = _story("Kopi dihapus")
    _story("Kopi baru")
    gone.unpublish()
    deleted.delete()
    assert _titles(_search("kopi")) == ["Kopi baru"]


def test_unknown_industry__empty_result(engine, story_index):
    _story("Kopi")
    results = _search("kopi", industries=("no-such-industry",))
    assert (results.count, results.hits) == (0, [])


ENTITY_PARAGRAPH = '<p data-block-key="k1">Tom &amp; Jerry &gt; others, kata O&#x27;Neil</p>'


def test_rich_text_entities__are_not_indexed_as_words(engine, story_index):
    _rich_story("Kartun lama", ENTITY_PARAGRAPH)
    for word in ("amp", "gt", "x27", "amp*"):
        assert _search(word).count == 0, word
    assert _titles(_search("Jerry")) == ["Kartun lama"]
    assert _titles(_search("others")) == ["Kartun lama"]


def test_rich_text_entities__snippet_escaped_exactly_once(engine, story_index):
    _rich_story("Kartun lama", ENTITY_PARAGRAPH)
    [hit] = _search("Jerry").hits
    assert "Tom &amp; <mark>Jerry</mark> &gt; others, kata O&#x27;Neil" in hit.snippet
    assert "&amp;amp;" not in hit.snippet and "&amp;gt;" not in hit.snippet
    plain = hit.snippet.replace("<mark>", "").replace("</mark>", "")
    assert "<" not in plain and ">" not in plain
    assert html.unescape(plain).endswith("Tom & Jerry > others, kata O'Neil")


def test_rich_text__block_elements_keep_words_apart(engine, story_index):
    _rich_story(
        "Kebun", '<p data-block-key="a">Kami menanam kopi</p><ul><li>jahe</li><li>kunyit</li></ul>'
    )
    assert _titles(_search("kopi")) == ["Kebun"]
    assert _titles(_search("jahe")) == ["Kebun"]
    assert _titles(_search("kunyit")) == ["Kebun"]


def test_rich_text__markup_typed_as_text_stays_text(engine, story_index):
    _rich_story("Resep", '<p data-block-key="b">Harga &lt;b&gt;murah&lt;/b&gt; dan enak</p>')
    [hit] = _search("murah").hits
    assert "Harga &lt;b&gt;<mark>murah</mark>&lt;/b&gt; dan enak" in hit.snippet
    assert "<b>" not in hit.snippet


def test_ranking_from_few_candidates__same_pages_as_one_statement(
    story_index, settings, monkeypatch
):
    """The database engine ranks a relevance page from the full-text table's best raw matches
    first and grows them when the boost could reorder the page's edge (search.engines.database,
    _ranked_rows): with one candidate to start, every page equals the one-statement page, with
    a hidden story and an industry filter among them."""
    from search.engines import database

    settings.SEARCH_URL = ""
    for n in range(9):
        story = _story(
            f"Kopi {'kopi ' * (n % 4)}ke {n}",
            industries=("food-beverage",) if n % 2 else ("health-wellness",),
        )
        if n % 3 == 0:
            StoryPage.objects.filter(pk=story.pk).update(verification="verified")
            publish_reviewed(StoryPage.objects.get(pk=story.pk))
    for n in range(3):  # the translation adds to these stories' rank (the widened query)
        _story(f"Kopi {'coffee ' * n}ke {n + 10}", industries=("food-beverage",))
    hidden = _story("Kopi kopi kopi tersembunyi")
    StoryPage.objects.filter(pk=hidden.pk).update(live=False)  # the index task has not run
    monkeypatch.setattr(database._Postgres, "candidates_first", True)  # off by default there
    monkeypatch.setattr(database.ranking, "CANDIDATES_FIRST", 1)
    monkeypatch.setattr(database.ranking, "CANDIDATES_GROWTH", 2)
    queries = [
        StoryQuery(text=words, page=page, page_size=size, industries=industries)
        for words in ("kopi", "tersembunyi")
        for page, size in ((1, 3), (2, 3), (3, 3), (4, 3), (1, 20))
        for industries in ((), ("food-beverage",))
    ]

    def pages():
        found = [search_stories(q) for q in queries]
        return [(r.count, [(h.story.pk, h.snippet, h.score) for h in r.hits]) for r in found]

    ranked = pages()
    monkeypatch.setattr(database.ranking, "RANK_FROM_CANDIDATES", False)
    assert ranked == pages()
    assert hidden.pk not in {hit[0] for _count, page in ranked for hit in page}
    assert len(ranked[8][1]) == 12
    assert ranked[10:] == [(0, [])] * 10  # only the hidden story says "tersembunyi"
