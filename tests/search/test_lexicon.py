"""Search across languages: the lexicon, and how both engines widen a query with it."""

import gzip
import json
import time

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from search import lexicon
from search.lexicon import Lexicon, freedict
from search.models import LexiconPair
from tests.factories import StoryPageFactory, UserFactory
from tests.search_queries import search_for, story_told

PAIRS = [
    ("catfish", "lele"),
    ("seaweed", "rumput laut"),
    ("savings", "tabungan"),
    ("tube", "tabung"),
    ("fisherman", "nelayan"),
    ("and", "dan"),
    ("the", "sang"),
]


# --- the lexicon itself (no database) --------------------------------------------------------


def test_lexicon__translates_both_ways_by_word_and_by_stem():
    words = Lexicon.from_pairs(PAIRS)
    assert words.translations("catfish") == ("lele",)
    assert words.translations("lele") == ("catfish",)
    assert words.translations("Catfishes") == ("lele",)  # English stem
    assert words.translations("fishermen") == ("nelayan",)  # an irregular plural, by its table
    assert words.translations("nelayan") == ("fisherman",)
    assert Lexicon.from_pairs([("sell", "jual")]).translations("sold") == ("jual",)


def test_lexicon__the_word_itself_before_its_stem():
    # "tabungan" (savings) stems to "tabung" (a tube): the word's own entry wins.
    assert Lexicon.from_pairs(PAIRS).translations("tabungan") == ("savings",)


def test_lexicon__an_english_word_falls_back_to_its_own_entry_never_to_its_stems():
    # "customers" stems to "custom": a plural finds "customer", and never custom's "khusus".
    assert Lexicon.from_pairs([("custom", "khusus")]).translations("customers") == ()
    words = Lexicon.from_pairs([("custom", "khusus"), ("customer", "pelanggan")])
    assert words.translations("customers") == ("pelanggan",)
    assert Lexicon.from_pairs([("stop", "berhenti")]).translations("stopped") == ("berhenti",)
    assert Lexicon.from_pairs([("new", "baru")]).translations("news") == ()


def test_lexicon__the_sites_own_pairs_replace_the_dictionarys_senses_of_a_word():
    dictionary = [("stall", "kandang"), ("stall", "kios"), ("kiosk", "kios")]
    words = Lexicon.from_pairs(dictionary, domain=[("stall", "warung")])
    assert words.translations("stall") == ("warung",)
    assert words.translations("kios") == ("kiosk", "stall")  # dictionary words keep theirs
    assert words.translations("warung") == ("stall",)


def test_lexicon__an_indonesian_word_gives_the_entries_it_is_the_first_translation_of_first():
    dictionary = [("breast", "payudara"), ("breast", "dada"), ("breast", "susu"), ("milk", "susu")]
    assert Lexicon.from_pairs(dictionary).translations("susu") == ("milk", "breast")


def test_lexicon__phrases_translate_as_a_pair_of_words():
    words = Lexicon.from_pairs(PAIRS)
    assert words.translations("seaweed") == ("rumput laut",)
    assert words.translations("rumput", "laut") == ("seaweed",)


def test_lexicon__function_words_never_translate():
    words = Lexicon.from_pairs(PAIRS)
    assert words.translations("and") == ()
    assert words.translations("dan") == ()
    assert words.pairs == 5  # ("and", "dan") and ("the", "sang") are left out


def test_lexicon__a_translation_that_is_a_form_of_the_word_adds_nothing():
    assert Lexicon.from_pairs([("bank", "bank"), ("data", "datum")]).translations("bank") == ()


def test_committed_lexicon__has_the_dictionary_and_terangs_pairs():
    words = lexicon._from_files()
    assert words.pairs > 10_000
    assert "lele" in words.translations("catfish")
    assert "rumput laut" in words.translations("seaweed")
    assert "pembukuan" in words.translations("bookkeeping")
    assert "penjahit" in words.translations("tailor")
    assert "katering" in words.translations("catering")  # terang.toml


def test_committed_lexicon__every_terang_pair_has_a_note():
    import tomllib

    data = tomllib.loads(lexicon.TERANG_FILE.read_text(encoding="utf-8"))
    assert data["pair"]
    for pair in data["pair"]:
        assert pair["english"] and pair["indonesian"] and pair["note"], pair
        # A word written the same in both languages already matches: a pair would be dropped.
        assert pair["english"] != pair["indonesian"], pair


# --- build_lexicon: FreeDict's dictd files --------------------------------------------------


ENTRIES = {
    "catfish": "catfish /kˈatfɪʃ/ <n>\nlele\ntype of fish\n",
    "coffee": "coffee //ˈkɒf.i// <n>\n1. biji kopi, kopi\nbeans\n2. kopi 2.\nbeverage\n 3.\nplant\n",
    "quickly": "quickly /kwɪkli/ <adv>\ncepat\nin a quick way\n",
    "sell": "sell //sɛl// <v>\n1. jual, menjual\n2. menjual, jual\nto transfer goods\n",
}


def _dictd(folder):
    body, index = b"", []
    b64 = freedict.B64

    def encode(number):
        digits = ""
        while True:
            number, rest = divmod(number, 64)
            digits = b64[rest] + digits
            if not number:
                return digits

    for head, text in ENTRIES.items():
        data = text.encode()
        index.append(f"{head}\t{encode(len(body))}\t{encode(len(data))}")
        body += data
    (folder / freedict.INDEX.name).write_text("\n".join(index) + "\n", encoding="utf-8")
    with gzip.open(folder / freedict.DATA.name, "wb") as out:
        out.write(body)


def test_parse_entry__translation_lines_not_glosses():
    assert freedict.parse_entry(ENTRIES["coffee"]).indonesian == ("biji kopi", "kopi")
    assert freedict.parse_entry(ENTRIES["sell"]).indonesian == ("jual", "menjual")


def test_build_lexicon__writes_content_words_with_the_licence(tmp_path):
    _dictd(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    call_command("build_lexicon", dictd=str(tmp_path), out_dir=str(out), stdout=None)
    data = json.loads((out / "freedict-eng-ind.json").read_text(encoding="utf-8"))
    assert data["pairs"] == [
        ["catfish", "lele"],
        ["coffee", "biji kopi"],
        ["coffee", "kopi"],
        ["sell", "jual"],
        ["sell", "menjual"],
    ]  # "quickly" is an adverb: not a content word here
    assert "CC-BY-SA" in data["licence"]


def test_build_lexicon__without_the_package__says_what_to_install(tmp_path):
    with pytest.raises(CommandError, match="dict-freedict-eng-ind"):
        call_command("build_lexicon", dictd=str(tmp_path), out_dir=str(tmp_path))


# --- editors' pairs ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_pair__clean_normalises_and_refuses_nonsense():
    pair = LexiconPair(english="  Motorbike   Taxi ", indonesian="Ojek")
    pair.full_clean()
    assert (pair.english, pair.indonesian) == ("motorbike taxi", "ojek")
    for english, indonesian in [("!!!", "ojek"), ("ojek", "ojek"), ("a b c d e", "ojek")]:
        with pytest.raises(ValidationError):
            LexiconPair(english=english, indonesian=indonesian).full_clean()


@pytest.mark.django_db
def test_pair__editors_and_moderators_may_change_the_lexicon():
    for name in ("Editors", "Moderators"):
        codenames = set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))
        assert {"add_lexiconpair", "change_lexiconpair", "delete_lexiconpair"} <= codenames


@pytest.mark.django_db
def test_pair__added_in_the_admin__searched_at_once_and_logged(client, story_index, staff_login):
    story = story_told("Ojek Pak Darto", "Pak Darto mengantar warga dengan ojek ke pasar.")
    assert search_for("mototaxi").count == 0
    editor = UserFactory(is_superuser=True, is_staff=True)
    staff_login(client, editor)
    response = client.post(
        reverse("wagtailsnippets_story_search_lexiconpair:add"),
        {"english": "mototaxi", "indonesian": "ojek", "action": "add", "note": "Readers ask."},
    )
    assert response.status_code == 302
    results = search_for("mototaxi")
    assert [hit.story.pk for hit in results.hits] == [story.pk]
    assert results.also_searched == ["ojek"]
    from wagtail.models import ModelLogEntry

    assert ModelLogEntry.objects.filter(action="wagtail.create", user=editor).exists()


@pytest.mark.django_db
def test_pair__removed_by_an_editor__no_longer_searched(story_index):
    story = story_told("Kolam lele Bu Tini", "Bu Tini memelihara lele di belakang rumah.")
    assert [hit.story.pk for hit in search_for("catfish").hits] == [story.pk]
    LexiconPair.objects.create(english="catfish", indonesian="lele", action="remove")
    assert search_for("catfish").count == 0


@pytest.mark.django_db
def test_pair__other_processes_see_the_change_within_the_refresh_time(story_index, settings):
    story_told("Kolam lele Bu Tini", "Bu Tini memelihara lele di belakang rumah.")
    assert search_for("catfish").count == 1
    # As another process would: its copy is not told, it looks again after the refresh time.
    settings.TERANG_LEXICON_REFRESH_SECONDS = 3600
    LexiconPair.objects.create(english="catfish", indonesian="lele", action="remove")
    lexicon.current._lexicon = lexicon._from_files()  # the signal's forget(), undone
    lexicon.current._version = (0, None)
    lexicon.current._checked = time.monotonic()
    assert search_for("catfish").count == 1  # within the refresh time: the old lexicon
    settings.TERANG_LEXICON_REFRESH_SECONDS = 0
    assert search_for("catfish").count == 0


# --- both engines ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_cross_language__english_words_find_an_indonesian_story(engine, story_index):
    story = story_told(
        "Kolam lele Bu Tini", "Bu Tini memelihara lele dan menjual rumput laut kering."
    )
    for q in ("catfish", "seaweed", "catfish seaweed"):
        results = search_for(q)
        assert [hit.story.pk for hit in results.hits] == [story.pk], q
    assert search_for("catfish").also_searched == ["lele"]


@pytest.mark.django_db
def test_cross_language__indonesian_words_find_an_english_story(engine, story_index):
    story = story_told("Sam the tailor", "Sam is a tailor who keeps careful bookkeeping.", "en")
    assert [hit.story.pk for hit in search_for("penjahit pembukuan").hits] == [story.pk]


@pytest.mark.django_db
def test_cross_language__the_words_typed_rank_above_a_translation(engine, story_index):
    # The translation-only story would win on the words' weight alone (title, twice over).
    translated = story_told("Lele, lele, lele", "Lele goreng dan lele bakar: kolam lele kami.")
    typed = story_told("Notes from the farm", "We also keep a few catfish in the pond.", "en")
    results = search_for("catfish")
    assert [hit.story.pk for hit in results.hits] == [typed.pk, translated.pk]
    assert results.count == 2


@pytest.mark.django_db
def test_cross_language__translate_0_searches_only_the_words_typed(engine, story_index):
    story_told("Kolam lele Bu Tini", "Bu Tini memelihara lele.")
    results = search_for("catfish", translate="0")
    assert (results.count, results.also_searched) == (0, [])


@pytest.mark.django_db
def test_cross_language__a_translated_word_is_never_typo_corrected(engine, story_index):
    # "tailor" is one letter from "sailor", which the index knows; it is a word, translated.
    story_told("A sailor's shop", "A retired sailor sells rope.", "en")
    tailor = story_told("Penjahit Bu Ani", "Bu Ani adalah penjahit di pasar.")
    results = search_for("tailor")
    assert [hit.story.pk for hit in results.hits] == [tailor.pk]
    assert results.corrected == ""


@pytest.mark.django_db
def test_cross_language__function_words_do_not_block_a_translated_query(engine, story_index):
    story = story_told("Pembukuan toko", "Pak Hendra merapikan pembukuan toko kelontong.")
    assert [hit.story.pk for hit in search_for("bookkeeping for the shop").hits] == [story.pk]


@pytest.mark.django_db
def test_cross_language__no_story_with_every_word__some_words_relax_the_query(engine, story_index):
    story = story_told("Bendahara koperasi", "Bu Wulan menjadi bendahara koperasi desa.")
    results = search_for("cooperative zebra")
    assert [hit.story.pk for hit in results.hits] == [story.pk]
    assert results.relaxed
    # The words typed alone are not relaxed: the search as it was.
    assert search_for("cooperative zebra", translate="0").count == 0


@pytest.mark.django_db
def test_cross_language__facets_count_the_widened_query_exactly(engine, story_index):
    StoryPageFactory(title="Lele Bu Tini", summary="Lele.", industries=["agriculture-fisheries"])
    StoryPageFactory(title="Catfish stew", summary="Catfish.", language="en")
    results = search_for("catfish")
    assert results.count == 2
    assert {f.industry.slug: f.count for f in results.facets} == {
        "agriculture-fisheries": 1,
        "health-wellness": 1,
    }


# --- what readers see ---------------------------------------------------------------------


@pytest.mark.django_db
def test_api__also_searched_and_translate(client, story_index):
    story_told("Kolam lele Bu Tini", "Bu Tini memelihara lele.")
    data = client.get("/api/search/", {"q": "catfish"}).json()
    assert (data["count"], data["also_searched"]) == (1, ["lele"])
    assert "<mark>lele</mark>" in data["results"][0]["snippet"]
    data = client.get("/api/search/", {"q": "catfish", "translate": "0"}).json()
    assert (data["count"], data["also_searched"]) == (0, [])
    assert "catfish" in client.get("/api/search/", {"q": "lele"}).json()["also_searched"]
    response = client.get("/api/search/", {"q": "catfish", "translate": "yes"})
    assert response.status_code == 400
    assert "translate" in response.json()["error"]


@pytest.mark.django_db
def test_search_page__says_what_was_also_searched_and_offers_the_words_alone(client, story_index):
    story_told("Kolam lele Bu Tini", "Bu Tini memelihara lele.")
    page = client.get("/search/", {"q": "catfish"}).content.decode()
    assert "Also searched: lele." in page
    assert 'href="?q=catfish&amp;translate=0"' in page
    alone = client.get("/search/", {"q": "catfish", "translate": "0"}).content.decode()
    assert "Only the words you typed were searched." in alone
    assert 'name="translate" value="0"' in alone
    assert 'href="?q=catfish"' in alone


@pytest.mark.django_db
def test_cross_language__a_word_some_story_holds_is_not_matched_fuzzily(engine, story_index):
    darto = story_told("Lele Pak Darto", "Pak Darto memelihara lele di kolam.")
    story_told("Lele Pak Dardo", "Pak Dardo memelihara lele di sawah.")
    assert [hit.story.pk for hit in search_for("catfish darto").hits] == [darto.pk]


@pytest.mark.django_db
def test_cross_language__typed_first_across_pages(engine, story_index):
    typed = [
        story_told(f"Catfish pond {n}", "We keep catfish in the pond.", "en") for n in range(3)
    ]
    translated = [story_told(f"Kolam lele {n}", "Kami memelihara lele di kolam.") for n in range(2)]
    pages = [search_for("catfish", page=str(page), page_size="2") for page in (1, 2, 3)]
    found = [[hit.story.pk for hit in results.hits] for results in pages]
    typed_ids, translated_ids = {s.pk for s in typed}, {s.pk for s in translated}
    assert {results.count for results in pages} == {5}
    assert [len(ids) for ids in found] == [2, 2, 1]
    assert set(found[0] + found[1][:1]) == typed_ids
    assert set(found[1][1:] + found[2]) == translated_ids


@pytest.mark.django_db
def test_cross_language__no_typo_tolerance_for_a_word_some_story_holds(engine, story_index):
    # "darto" has no translation: as on the database engine, it is no typo of "dardo".
    darto = story_told("Pak Darto", "Pak Darto memelihara kambing.")
    story_told("Pak Dardo", "Pak Dardo memelihara bebek.")
    assert [hit.story.pk for hit in search_for("darto").hits] == [darto.pk]
    assert [hit.story.pk for hit in search_for("kambng").hits] == [darto.pk]  # a typo still is


@pytest.mark.django_db
def test_cross_language__relaxed__stories_with_more_of_the_words_first(engine, story_index):
    # No story holds all three words; the one with two of them comes before many with one.
    for n in range(6):
        story_told(f"Polis {n}", "Polis asuransi jiwa.")
    for n in range(3):
        story_told(f"Rumah sakit rumah sakit {n}", "Rumah sakit, rumah sakit.")
    both = story_told(
        "Agen Lina",
        "Lina, seorang agen yang sudah lama bekerja di kota Medan dan sekitarnya, menemani "
        "nasabah yang mengurus klaim asuransi ketika mereka dirawat di rumah sakit.",
    )
    results = search_for("hospital insurance zebra")
    assert results.relaxed
    assert results.hits[0].story.pk == both.pk


@pytest.mark.django_db
def test_cross_language__a_misspelt_word_is_translated_through_its_correction(engine, story_index):
    indonesian = story_told("Pembukuan toko", "Pak Hendra merapikan pembukuan toko kelontong.")
    english = story_told("Sam keeps the books", "Sam does the bookkeeping of a cooperative.", "en")
    results = search_for("pembukaun")
    assert [hit.story.pk for hit in results.hits] == [indonesian.pk, english.pk]
    assert "bookkeeping" in results.also_searched


def _filed(title, summary, language, industry="food-beverage"):
    story = StoryPageFactory(title=title, summary=summary, language=language, industries=[industry])
    story.refresh_from_db()
    return story


@pytest.mark.django_db
def test_cross_language__a_story_with_every_word_typed_function_words_too_ranks_first(
    engine, story_index
):
    # The lexicon makes "the" and "is" optional, not worthless: the one story that holds every
    # word typed stays first, as without the lexicon, above stories that repeat "business"
    # (which would win on that word's weight alone), and those above a translation's story.
    everything = _filed("Notes from the stall", "Once a year the business is closed.", "en")
    repeats = {_filed(f"Business {n}", "Business, business, business.", "en").pk for n in range(3)}
    translated = _filed("Usaha Bu Rini", "Usaha katering Bu Rini.", "id")
    elsewhere = _filed("Business elsewhere", "The business is far.", "en", industry="home-living")
    results = search_for("the business is", industry="food-beverage")
    found = [hit.story.pk for hit in results.hits]
    assert (found[0], set(found[1:4]), found[4:]) == (everything.pk, repeats, [translated.pk])
    assert results.count == 5
    found = [hit.story.pk for hit in search_for("the business is").hits]
    assert set(found[:2]) == {everything.pk, elsewhere.pk}
    assert set(found[2:5]) == repeats


@pytest.mark.django_db
def test_cross_language__function_word_tiers_across_pages(engine, story_index):
    everything = [_filed(f"Stall {n}", "The business is open.", "en") for n in range(2)]
    content = [_filed(f"Business {n}", "Business, business.", "en") for n in range(2)]
    translated = _filed("Usaha Bu Rini", "Usaha katering Bu Rini.", "id")
    pages = [search_for("the business is", page=str(page), page_size="2") for page in (1, 2, 3)]
    found = [[hit.story.pk for hit in results.hits] for results in pages]
    assert {results.count for results in pages} == {5}
    assert set(found[0]) == {story.pk for story in everything}
    assert set(found[1]) == {story.pk for story in content}
    assert found[2] == [translated.pk]


@pytest.mark.django_db
def test_cross_language__among_stories_with_the_word_typed__its_translation_adds(
    engine, story_index
):
    # Within the band of stories that hold "herbal", the one that also says "jamu" (its
    # translation) ranks first, above stories that only repeat "herbal" (which would win on that
    # word's weight alone); a story with only the translation still comes after all of them.
    repeats = {
        _filed(f"Tea shop {n}", "Herbal tea, herbal soap and herbal oil.", "en").pk
        for n in range(3)
    }
    both = _filed("Jamu Mbok Sri", "Mbok Sri meracik jamu herbal dari kunyit.", "id")
    translated = _filed("Jamu Bu Rini", "Jamu kunyit asam Bu Rini.", "id")
    for params in ({}, {"industry": "food-beverage"}):
        found = [hit.story.pk for hit in search_for("herbal", **params).hits]
        assert (found[0], set(found[1:4]), found[4:]) == (both.pk, repeats, [translated.pk])
    # The words typed alone: ranked as before the lexicon, the translation adds nothing.
    alone = [hit.story.pk for hit in search_for("herbal", translate="0").hits]
    assert set(alone) == {*repeats, both.pk} and alone[0] != both.pk
