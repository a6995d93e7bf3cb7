"""An Indonesian meN-/peN- word whose first letter the prefix swallowed finds its root.

The Snowball stemmer gives "pengiriman" (shipping) the stem "irim", while the story's "dikirim"
(sent) stems to "kirim": with the lexicon on, the query word's other root counts as the word
itself, on each engine (database: SQLite, or PostgreSQL with TEST_DATABASE=postgres; OpenSearch).
"""

import pytest

from search.lexicon import indonesian_roots
from tests.search_queries import search_for, story_told


@pytest.mark.parametrize(
    ("word", "roots"),
    [
        ("pengiriman", ("kirim",)),
        ("mengirim", ("kirim",)),
        ("pengemasan", ("kemas",)),
        ("menulis", ("tulis",)),
        ("penenun", ("tenun",)),
        ("memasak", ("masak",)),
        ("menabung", ("tabung",)),
        # No letter swallowed, or another prefix: nothing to add.
        ("penjualan", ()),
        ("menyimpan", ()),
        ("pelanggan", ()),
        ("kirim", ()),
        ("dikirim", ()),
        ("meng", ()),
        ("shipping", ()),
    ],
)
def test_indonesian_roots(word, roots):
    assert indonesian_roots(word) == roots


@pytest.mark.django_db
def test_a_swallowed_letter__the_root_is_found_as_the_word_typed(engine, story_index):
    sent = story_told("Koperasi nelayan", "Ikan beku dikirim dua kali seminggu ke rumah makan.")
    story_told("Warung kopi", "Kopi tubruk dan teh manis.")
    for q in ("pengiriman", "pengiriman ikan beku", "mengirim ikan"):
        assert [hit.story.pk for hit in search_for(q).hits] == [sent.pk], q
    # translate=0 is the search as it was: the words typed, in their own stems only.
    assert search_for("pengiriman ikan beku", translate="0").count == 0


@pytest.mark.django_db
def test_the_root_ranks_with_the_words_typed_above_a_translation(engine, story_index):
    # "penenun" (weaver) → "tenun"; the English story holds only a translation ("weaver").
    translated = story_told("The weaver of Sumba", "A weaver and her weaver daughters.", "en")
    root = story_told("Kain tenun Bu Ani", "Bu Ani menjual kain tenun dari desanya.")
    results = search_for("penenun")
    found = [hit.story.pk for hit in results.hits]
    assert found[0] == root.pk
    assert translated.pk in found
