"""The typo rule across languages, on each engine (database: SQLite, or PostgreSQL with
TEST_DATABASE=postgres; OpenSearch): typo tolerance applies only to a word that has no exact
match in either language, and never replaces a translation.

(tests/search/test_lexicon.py holds the first cases: a translated word is not corrected when a
story holds its translation, a word some story holds is not matched fuzzily, a misspelt word is
translated through its correction.) A typo of a word only the other language's stories hold is
corrected to a lexicon headword, then translated; the distances are RapidFuzz's, checked against
the reference implementation.
"""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from search.engines.database import _edit_distance, _within
from search.models import LexiconPair
from tests.search_queries import search_for, story_told

pytestmark = pytest.mark.django_db


def test_a_word_with_a_translation_is_never_corrected_even_when_nothing_holds_either(
    engine, story_index
):
    # "tailor" is a word (it translates as "penjahit"): no story holds either, and the one
    # letter away "sailor" is not what the reader meant. Nothing found beats noise.
    story_told("A sailor's shop", "A retired sailor sells rope and sailor's knots.", "en")
    results = search_for("tailor")
    assert (results.count, results.corrected) == (0, "")
    assert results.also_searched == ["penjahit"]


def test_a_correction_is_added_beside_a_translation_never_in_its_place(engine, story_index):
    # One word translated ("catfish" → "lele"), one misspelt ("kambng" → "kambing"): the story
    # with both is found through the translation and the correction together.
    both = story_told("Kolam lele dan kandang kambing", "Pak Darto memelihara lele dan kambing.")
    story_told("Kandang kambing", "Bu Ani memelihara kambing.")
    results = search_for("catfish kambng")
    assert [hit.story.pk for hit in results.hits][:1] == [both.pk]
    assert "lele" in results.also_searched


def test_a_word_held_in_the_other_language_only_is_not_matched_fuzzily(engine, story_index):
    # "pond" has its translation in a story ("kolam"); "pound", one letter away, is no typo of it.
    pond = story_told("Kolam ikan", "Bu Tini membuat kolam ikan di belakang rumah.")
    story_told("A pound of coffee", "We sell coffee by the pound.", "en")
    results = search_for("pond")
    assert [hit.story.pk for hit in results.hits] == [pond.pk]
    assert results.corrected == ""


def test_translate_0__a_word_no_story_holds_is_still_corrected(engine, story_index):
    # Without the lexicon the search is as it was: a word the index does not know is a typo.
    sailor = story_told("A sailor's shop", "A retired sailor sells rope.", "en")
    assert [hit.story.pk for hit in search_for("sailro", translate="0").hits] == [sailor.pk]


# --- a typo of a word held only in the other language: corrected against the lexicon ---------


def test_a_typo_of_a_word_only_the_other_language_holds_is_corrected_to_the_lexicon(
    engine, story_index
):
    # No story holds "sunscreen": Dewi's is told in Indonesian ("tabir surya"). The typo is
    # corrected to the lexicon's headword, then translated like a typed word.
    dewi = story_told("Reseller tabir surya", "Dewi menjual tabir surya dan pelembap dari rumah.")
    story_told("Sungai bersih", "Warga membersihkan sungai setiap minggu.")
    results = search_for("sunscren")
    assert [hit.story.pk for hit in results.hits] == [dewi.pk]
    assert results.also_searched[:2] == ["sunscreen", "tabir surya"]
    assert "<mark>" in results.hits[0].snippet
    lina = story_told("Agen asuransi Lina", "Lina menawarkan asuransi jiwa kepada nasabah.")
    results = search_for("insurence")
    assert [hit.story.pk for hit in results.hits] == [lina.pk]
    assert results.also_searched[0] == "insurance"


def test_a_lexicon_correction_ranks_below_the_words_typed_and_needs_the_lexicon(
    engine, story_index
):
    dewi = story_told("Reseller tabir surya", "Dewi menjual tabir surya, reseller sejak 2020.")
    sells = story_told("Reseller kopi", "Bu Sari reseller kopi dan gula aren.")
    # "reseller" is typed and held: the story with it and the translation first; a story with
    # only the typed word still matches (the typo's translation only widens).
    results = search_for("sunscren reseller")
    assert [hit.story.pk for hit in results.hits][:1] == [dewi.pk]
    assert sells.pk not in [hit.story.pk for hit in results.hits][:1]
    # translate=0: only the words typed; the lexicon corrects nothing.
    alone = search_for("sunscren", translate="0")
    assert (alone.count, alone.also_searched) == (0, [])


def test_a_word_with_a_translation_is_never_corrected_to_a_lexicon_headword(engine, story_index):
    # "tailor" has a translation ("penjahit"); "sailor", a headword one letter away, is not what
    # the reader meant, and neither is any other headword.
    story_told("Pelaut", "Pak Budi, seorang pelaut, menjual tali.")
    results = search_for("tailor")
    assert (results.count, results.corrected, results.also_searched) == (0, "", ["penjahit"])


def test_a_typo_of_an_editors_pair_is_corrected_too(engine, story_index):
    story = story_told("Ojek Pak Darto", "Pak Darto mengantar warga dengan ojek ke pasar.")
    assert search_for("mototaksi").count == 0
    LexiconPair.objects.create(english="mototaxi", indonesian="ojek", action="add")
    results = search_for("mototaksi")
    assert [hit.story.pk for hit in results.hits] == [story.pk]
    assert results.also_searched == ["mototaxi", "ojek"]


def test_the_index_word_wins_over_a_lexicon_headword_at_the_same_distance(engine, story_index):
    # "custmers": the index's "customers" (one edit) before the lexicon's headwords.
    story = story_told("Our customers", "Our customers come back every week.", "en")
    results = search_for("custmers")
    assert [hit.story.pk for hit in results.hits] == [story.pk]
    assert "customers" not in results.also_searched


def test_search_page_and_api_say_what_a_lexicon_correction_searched(client, story_index):
    story_told("Reseller tabir surya", "Dewi menjual tabir surya dan pelembap dari rumah.")
    page = client.get("/search/", {"q": "sunscren"}).content.decode()
    assert "Also searched: sunscreen, tabir surya." in page
    assert "showing results for “sunscreen”" in page
    data = client.get("/api/search/", {"q": "sunscren"}).json()
    assert (data["count"], data["also_searched"]) == (1, ["sunscreen", "tabir surya"])


# --- the distances, computed in C: the same as the reference implementation ------------------


@given(
    word=st.text(alphabet="abcdeé", max_size=10),
    candidates=st.lists(st.text(alphabet="abcdeé", max_size=12), max_size=20),
    limit=st.sampled_from([1, 2]),
)
def test_within__the_same_candidates_and_distances_as_edit_distance(word, candidates, limit):
    pairs = [(candidate, docs) for docs, candidate in enumerate(candidates)]
    expected = {
        (candidate, _edit_distance(word, candidate, limit), docs)
        for candidate, docs in pairs
        if _edit_distance(word, candidate, limit) <= limit
    }
    found = _within(word, pairs, limit)
    assert set(found) == expected and len(found) == len(expected)
