"""The bilingual search lexicon: English ⇄ Indonesian translations of a reader's query words.

Three layers, read in this order:

1. ``freedict-eng-ind.json``: pairs generated from FreeDict's English–Indonesian dictionary by
   ``python manage.py build_lexicon`` (committed, so the site needs no Debian package to run;
   attribution and licence in ``FREEDICT-COPYING.txt``);
2. ``terang.toml``: Terang's own pairs for its industries, each with a note;
3. :class:`search.models.LexiconPair` rows: editors add or remove pairs in the admin, effective
   without a deploy (each process looks again at most every ``TERANG_LEXICON_REFRESH_SECONDS``;
   the process that saved the change at once).

A query word is looked up as English and as Indonesian, by the word itself first, then by the
same word's dictionary form (English inflections) or its Snowball stem (Indonesian, the stemmer
:mod:`search.text` indexes with); its translations come back as phrases of folded words. Translations are for widening a query only: an engine ranks a story that
matches the words typed above one that matches only a translation.
"""

from __future__ import annotations

import json
import threading
import time
import tomllib
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from django.conf import settings

from .. import text

HERE = Path(__file__).resolve().parent
FREEDICT_FILE = HERE / "freedict-eng-ind.json"
TERANG_FILE = HERE / "terang.toml"
MAX_TRANSLATIONS = 4  # per query word: the first senses are the common ones
MIN_WORD_LENGTH = 3

# Function words of either language never get or give a translation.
STOPWORDS = frozenset(
    """
    a an and are as at be been but by can do does for from had has have he her his how i if in
    into is it its me my no not of on or our she so than that the their them then there these
    they this to up us was we were what when where which who why will with you your
    ada adalah agar akan aku anda apa atau bagi bahwa bisa dan dari dengan di dia ini itu juga
    kami kamu karena ke kita mereka oleh pada para saja saya sebagai sudah tidak untuk yang
    """.split()  # noqa: SIM905 (a word list reads better as text)
)


def _words(phrase: str) -> tuple[str, ...]:
    return tuple(text.tokens(phrase))


def _content(phrase: str) -> bool:
    words = _words(phrase)
    return bool(words) and not all(
        word in STOPWORDS or len(word) < MIN_WORD_LENGTH for word in words
    )


# Irregular English forms a reader types for trade words ("sold", "women"): their dictionary form.
IRREGULAR = {
    "bought": "buy",
    "brought": "bring",
    "built": "build",
    "caught": "catch",
    "children": "child",
    "fed": "feed",
    "fishermen": "fisherman",
    "grew": "grow",
    "grown": "grow",
    "lent": "lend",
    "made": "make",
    "men": "man",
    "middlemen": "middleman",
    "paid": "pay",
    "sewn": "sew",
    "sold": "sell",
    "spent": "spend",
    "taught": "teach",
    "women": "woman",
    "wove": "weave",
    "woven": "weave",
}


def english_bases(word: str) -> list[str]:
    """The word's possible dictionary forms under English inflection (plural, past, -ing), each
    with the word's own Snowball stem: "customers" → "customer", never "custom"; and the
    dictionary form of an irregular one ("sold" → "sell")."""
    if word in IRREGULAR:
        return [IRREGULAR[word]]
    candidates = []
    if word.endswith("ies") or word.endswith("ied"):
        candidates.append(word[:-3] + "y")
    if word.endswith("es"):
        candidates.append(word[:-2])
    if word.endswith("s") and not word.endswith("ss"):
        candidates.append(word[:-1])
    for ending in ("ed", "ing"):
        if word.endswith(ending):
            base = word[: -len(ending)]
            candidates.extend([base, base + "e"])
            if len(base) > 2 and base[-1] == base[-2]:
                candidates.append(base[:-1])  # stopped → stop
    own = text.stem(word, "en")
    return [
        base
        for base in dict.fromkeys(candidates)
        if len(base) >= MIN_WORD_LENGTH and text.stem(base, "en") == own
    ]


VOWELS = frozenset("aeiou")


def indonesian_roots(word: str) -> tuple[str, ...]:
    """The other root of a meN-/peN- word whose first letter the prefix swallowed, which the
    Snowball stemmer leaves off: "pengiriman", "mengirim" → "kirim" (stem "irim"; the story's
    "dikirim" is "kirim"), "penenun", "menulis" → "tenun", "tulis" ("enun", "ulis"), "memasak"
    → "masak" (stem "pasak"). The stem stays a form of the word: "menganyam" is "anyam", and its
    "kanyam" matches nothing. Empty for every other word.
    """
    if len(word) < 6 or not word.isascii():
        return ()
    stem = text.stem(word, "id")
    if len(stem) < 3:
        return ()
    if word[:4] in ("meng", "peng") and word[4] in VOWELS and stem[0] in VOWELS:
        return ("k" + stem,)
    if word[:3] in ("men", "pen") and word[3] in VOWELS and stem[0] in VOWELS:
        return ("t" + stem,)
    if word[:3] in ("mem", "pem") and word[3] in VOWELS and stem[0] == "p":
        return ("m" + stem[1:],)
    return ()


def with_roots(parsed):
    """The parsed query with each Indonesian word's other root (:func:`indonesian_roots`)."""
    terms = tuple(
        replace(term, roots=roots)
        if not term.prefix and (roots := indonesian_roots(term.word))
        else term
        for term in parsed.terms
    )
    return replace(parsed, terms=terms) if terms != parsed.terms else parsed


@dataclass
class Lexicon:
    """Translations by word (and, for Indonesian, by stem), in both directions, best first.

    ``exact[language]`` maps a folded word (or phrase) of that language to its translations;
    ``stems["id"]`` maps Indonesian stems. A lookup uses the exact table first. An English word
    without an entry falls back to an entry of the same word ("customers" → "customer"), never to
    another word that shares its stem ("custom"); an Indonesian word falls back to its stem's
    entries ("kehilangan" → "hilang"), but "tabungan" gives "savings" and not what its stem
    "tabung" (a tube) would give.

    Order: Terang's and the editors' pairs (``domain``) come first, and where a word has any,
    the dictionary's senses of it are left out (the site's trades before the dictionary's other
    senses); then the dictionary's senses in its own order (the first senses are the common
    ones), and for an Indonesian word, the English entries in which it is the first translation.
    """

    exact: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    stems: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    pairs: int = 0

    @classmethod
    def from_pairs(cls, pairs, domain=()) -> Lexicon:
        cleaned: list[tuple[bool, str, str]] = []
        for is_domain, (en, id_) in [*((True, p) for p in domain), *((False, p) for p in pairs)]:
            en, id_ = " ".join(_words(en)), " ".join(_words(id_))
            if not (en and id_) or en == id_ or not (_content(en) and _content(id_)):
                continue
            cleaned.append((is_domain, en, id_))
        # A pair's place in its English entry, and that entry's length, per source.
        entries: dict[tuple[bool, str], list[str]] = {}
        for is_domain, en, id_ in cleaned:
            entry = entries.setdefault((is_domain, en), [])
            if id_ not in entry:
                entry.append(id_)
        found: dict[tuple[str, str, str], dict[str, tuple]] = {}
        for order, (is_domain, en, id_) in enumerate(cleaned):
            entry = entries[(is_domain, en)]
            rank = (not is_domain, entry.index(id_))
            for key, value, language, rank_key in (
                (en, id_, "en", (*rank, order)),
                (id_, en, "id", (*rank, len(entry), order)),
            ):
                tables = [("exact", key)]
                if language == "id":
                    tables.append(("stems", " ".join(text.stem(w, "id") for w in _words(key))))
                for table, table_key in tables:
                    candidates = found.setdefault((table, language, table_key), {})
                    if value not in candidates or rank_key < candidates[value]:
                        candidates[value] = rank_key
        exact: dict[str, dict[str, tuple[str, ...]]] = {"en": {}, "id": {}}
        stems: dict[str, dict[str, tuple[str, ...]]] = {"id": {}}
        for (table, language, key), candidates in found.items():
            ranked = sorted(candidates, key=candidates.get)
            if table == "exact" and any(candidates[value][0] is False for value in ranked):
                ranked = [value for value in ranked if candidates[value][0] is False]
            (exact if table == "exact" else stems)[language][key] = tuple(ranked)
        return cls(exact=exact, stems=stems, pairs=len({(en, id_) for _d, en, id_ in cleaned}))

    def _lookup(self, folded: tuple[str, ...], language: str) -> tuple[str, ...]:
        phrases = self.exact[language].get(" ".join(folded))
        if phrases:
            return phrases
        if language == "id":
            return self.stems["id"].get(" ".join(text.stem(w, "id") for w in folded), ())
        for base in english_bases(folded[-1]):
            phrases = self.exact["en"].get(" ".join((*folded[:-1], base)))
            if phrases:
                return phrases
        return ()

    def translations(self, *words: str) -> tuple[str, ...]:
        """Translations of one word (or of a phrase of words), the most specific first.

        Phrases that are only the word itself, or one of its forms, are left out: they add nothing.
        """
        folded = tuple(text.fold(word) for word in words if word)
        if not folded or (len(folded) == 1 and folded[0] in STOPWORDS):
            return ()
        own = {form for word in folded for form in text.forms(word)}
        found: list[str] = []
        for language in ("en", "id"):
            for phrase in self._lookup(folded, language)[:MAX_TRANSLATIONS]:
                phrase_forms = {form for w in _words(phrase) for form in text.forms(w)}
                if phrase not in found and not phrase_forms <= own:
                    found.append(phrase)
        return tuple(found[:MAX_TRANSLATIONS])


def terang_pairs() -> list[tuple[str, str]]:
    """Terang's own pairs (terang.toml): the site's trades, read before the dictionary's."""
    terang = tomllib.loads(TERANG_FILE.read_text(encoding="utf-8"))
    return [(item["english"], item["indonesian"]) for item in terang.get("pair", [])]


def dictionary_pairs() -> list[tuple[str, str]]:
    """FreeDict's pairs, each English entry's translations in the dictionary's order."""
    if not FREEDICT_FILE.exists():
        return []
    data = json.loads(FREEDICT_FILE.read_text(encoding="utf-8"))
    return [(en, id_) for en, id_ in data["pairs"]]


def file_pairs() -> list[tuple[str, str]]:
    """The committed pairs: Terang's own first (they are the site's trades), then FreeDict's."""
    return [*terang_pairs(), *dictionary_pairs()]


def _key(en: str, id_: str) -> tuple[str, str]:
    return " ".join(_words(en)), " ".join(_words(id_))


@lru_cache(maxsize=1)
def _from_files() -> Lexicon:
    return Lexicon.from_pairs(dictionary_pairs(), domain=terang_pairs())


def build() -> Lexicon:
    """The lexicon as it stands: the files' pairs, less what editors removed, plus what they added.

    The editors' additions count as the site's own pairs, like terang.toml's.
    """
    from ..models import LexiconPair

    changes = list(LexiconPair.objects.all())
    if not changes:
        return _from_files()  # built once per process (about a third of a second)
    removed, added = set(), []
    for pair in changes:
        if pair.action == LexiconPair.Action.REMOVE:
            removed.add(_key(pair.english, pair.indonesian))
        else:
            added.append((pair.english, pair.indonesian))
    domain = [pair for pair in terang_pairs() if _key(*pair) not in removed]
    pairs = [pair for pair in dictionary_pairs() if _key(*pair) not in removed]
    return Lexicon.from_pairs(pairs, domain=[*added, *domain])


class _Current:
    """This process's lexicon, rebuilt when the editors' pairs change (looked at every few seconds)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._lexicon: Lexicon | None = None
        self._version = None
        self._checked = 0.0

    def get(self) -> Lexicon:
        now = time.monotonic()
        refresh = getattr(settings, "TERANG_LEXICON_REFRESH_SECONDS", 10)
        if self._lexicon is not None and now - self._checked < refresh:
            return self._lexicon
        with self._lock:
            version = _version()
            if self._lexicon is None or version != self._version:
                self._lexicon, self._version = build(), version
            self._checked = now
            return self._lexicon

    def forget(self) -> None:
        with self._lock:
            self._lexicon, self._version, self._checked = None, None, 0.0


def _version():
    from django.db.models import Count, Max

    from ..models import LexiconPair

    row = LexiconPair.objects.aggregate(count=Count("pk"), changed=Max("changed_at"))
    return row["count"], row["changed"]


current = _Current()


def lexicon() -> Lexicon:
    return current.get()


def expand(parsed) -> dict[str, tuple[str, ...]]:
    """Translations to add to a parsed query: each typed word (not a prefix) to its phrases.

    Two adjacent words that translate as a pair ("rumput laut" → "seaweed", "cold storage" →
    "ruang pendingin") get the pair's translations instead of their own.
    """
    if not parsed.terms:
        return {}
    current_lexicon = lexicon()
    words = [term.word for term in parsed.terms]
    prefixes = {term.word for term in parsed.terms if term.prefix}
    found: dict[str, tuple[str, ...]] = {}
    paired: set[str] = set()
    for first, second in zip(words, words[1:], strict=False):
        if first in prefixes or second in prefixes:
            continue
        phrases = current_lexicon.translations(first, second)
        if phrases:
            for word in (first, second):
                found[word] = tuple(dict.fromkeys([*found.get(word, ()), *phrases]))
                paired.add(word)
    for word in words:
        if word in prefixes or word in paired:
            continue
        phrases = current_lexicon.translations(word)
        if phrases:
            found[word] = phrases
    return found


def widen(query) -> tuple:
    """The parsed query an engine runs, and the translations it adds (none with translate=0).

    With translation on, function words stop being required (an Indonesian story never holds
    "for" or "the") and an Indonesian word's other root counts as the word
    (:func:`indonesian_roots`); with it off, the query is exactly what was typed.
    """
    if not query.translate:
        return query.parsed, {}
    parsed = query.parsed.without(STOPWORDS)
    return with_roots(parsed), expand(parsed)


# Headwords a typo is corrected to: at most this many per query word are scored (those of the
# word's first letter and of a length within the typo budget, the shortest length gap first).
MAX_CORRECTION_HEADWORDS = 4_000

_headwords_of: tuple[Lexicon | None, dict[tuple[str, int], tuple[str, ...]]] = (None, {})


def _headwords(current_lexicon: Lexicon) -> dict[tuple[str, int], tuple[str, ...]]:
    """The lexicon's one-word headwords in both directions (English words, Indonesian words and
    Indonesian stems; the editors' pairs included), by first letter and length: built once per
    lexicon (a change of the editors' pairs builds a new lexicon)."""
    global _headwords_of
    held, buckets = _headwords_of
    if held is current_lexicon:
        return buckets
    words = {
        key
        for table in (*current_lexicon.exact.values(), *current_lexicon.stems.values())
        for key in table
        if " " not in key and len(key) >= MIN_WORD_LENGTH and key not in STOPWORDS
    }
    grouped: dict[tuple[str, int], list[str]] = {}
    for word in sorted(words):
        grouped.setdefault((word[0], len(word)), []).append(word)
    buckets = {key: tuple(words) for key, words in grouped.items()}
    _headwords_of = (current_lexicon, buckets)
    return buckets


def correction_candidates(word: str, budget: int) -> list[str]:
    """The lexicon's headwords that could be ``word`` mistyped within ``budget`` edits: those of
    its first letter (as the index's candidates) and of a length within the budget, the nearest
    lengths first (bounded: :data:`MAX_CORRECTION_HEADWORDS`). A typo of a word held only in the
    other language ("sunscren", "insurence" for stories told in Indonesian) is corrected to one
    of these, which is then translated (:func:`of_corrections`)."""
    if not word:
        return []
    buckets = _headwords(lexicon())
    found: list[str] = []
    for gap in sorted(range(-budget, budget + 1), key=abs):
        found.extend(buckets.get((word[0], len(word) + gap), ()))
    return found[:MAX_CORRECTION_HEADWORDS]


def of_corrections(corrections: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """Translations of the words that typo correction found for words the index does not know:
    a misspelt word ("pembukaun" → "pembukuan") is searched in the other language too.

    A word corrected to a lexicon headword that is not the index's own word (``corrections``'
    ``from_lexicon``: "sunscren" → "sunscreen", for stories told in Indonesian) lists that
    headword before its translations: both are what was searched ("also searched")."""
    current_lexicon = lexicon()
    from_lexicon = getattr(corrections, "from_lexicon", ())
    found = {}
    for word, candidates in corrections.items():
        phrases = current_lexicon.translations(candidates[0]) if candidates else ()
        if phrases:
            found[word] = (candidates[0], *phrases) if word in from_lexicon else phrases
    return found


def forms_of(phrases) -> set[str]:
    """Every form of every word of these phrases: what a snippet marks for them."""
    return {form for phrase in phrases for word in text.tokens(phrase) for form in text.forms(word)}


def also_searched(expansions: dict[str, tuple[str, ...]]) -> list[str]:
    """The added phrases, each once, in the order of the words typed."""
    return list(dict.fromkeys(phrase for phrases in expansions.values() for phrase in phrases))
