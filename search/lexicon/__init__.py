"""The bilingual search lexicon: English ⇄ Indonesian translations of a reader's query words.

Three layers, read in this order:

1. ``freedict-eng-ind.json``: pairs generated from FreeDict's English–Indonesian dictionary by
   ``python manage.py build_lexicon`` (committed, so the site needs no Debian package to run;
   attribution and licence in ``FREEDICT-COPYING.txt``);
2. ``terang.toml``: Terang's own pairs for its industries, each with a note;
3. :class:`search.models.LexiconPair` rows: editors add or remove pairs in the admin, effective
   without a deploy (each process looks again at most every ``TERANG_LEXICON_REFRESH_SECONDS``;
   the process that saved the change at once).

Lookups go by stems (the Snowball stemmers :mod:`search.text` indexes with), in both directions:
a query word is looked up as English and as Indonesian, and its translations come back as
phrases of folded words. Translations are for widening a query only: an engine ranks a story that
matches the words typed above one that matches only a translation.
"""

from __future__ import annotations

import json
import threading
import time
import tomllib
from dataclasses import dataclass, field
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


@dataclass
class Lexicon:
    """Translations by word and by stem, in both directions.

    ``exact[language]`` maps a folded word (or phrase) of that language to its translations;
    ``stems[language]`` maps its stems. A lookup uses the exact table first and falls back to the
    stems only when the word itself is not there, so "tabungan" gives "savings" and not what
    its stem "tabung" (a tube) would give.
    """

    exact: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    stems: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    pairs: int = 0

    @classmethod
    def from_pairs(cls, pairs) -> Lexicon:
        exact: dict[str, dict[str, list[str]]] = {"en": {}, "id": {}}
        stems: dict[str, dict[str, list[str]]] = {"en": {}, "id": {}}
        count = 0
        for en, id_ in pairs:
            en, id_ = " ".join(_words(en)), " ".join(_words(id_))
            if not (en and id_) or en == id_ or not (_content(en) and _content(id_)):
                continue
            count += 1
            for key, value, language in ((en, id_, "en"), (id_, en, "id")):
                stem_key = " ".join(text.stem(word, language) for word in _words(key))
                for table, table_key in ((exact, key), (stems, stem_key)):
                    found = table[language].setdefault(table_key, [])
                    if value not in found:
                        found.append(value)
        return cls(
            exact={lang: {k: tuple(v) for k, v in t.items()} for lang, t in exact.items()},
            stems={lang: {k: tuple(v) for k, v in t.items()} for lang, t in stems.items()},
            pairs=count,
        )

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
            phrases = self.exact[language].get(" ".join(folded))
            if not phrases:
                stem_key = " ".join(text.stem(word, language) for word in folded)
                phrases = self.stems[language].get(stem_key, ())
            for phrase in phrases:
                phrase_forms = {form for w in _words(phrase) for form in text.forms(w)}
                if phrase not in found and not phrase_forms <= own:
                    found.append(phrase)
        return tuple(found[:MAX_TRANSLATIONS])


def file_pairs() -> list[tuple[str, str]]:
    """The committed pairs: Terang's own first (they are the site's trades), then FreeDict's."""
    terang = tomllib.loads(TERANG_FILE.read_text(encoding="utf-8"))
    pairs = [(item["english"], item["indonesian"]) for item in terang.get("pair", [])]
    if FREEDICT_FILE.exists():
        data = json.loads(FREEDICT_FILE.read_text(encoding="utf-8"))
        pairs.extend((en, id_) for en, id_ in data["pairs"])
    return pairs


def _key(en: str, id_: str) -> tuple[str, str]:
    return " ".join(_words(en)), " ".join(_words(id_))


@lru_cache(maxsize=1)
def _from_files() -> Lexicon:
    return Lexicon.from_pairs(file_pairs())


def build() -> Lexicon:
    """The lexicon as it stands: the files' pairs, less what editors removed, plus what they added."""
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
    pairs = [pair for pair in file_pairs() if _key(*pair) not in removed]
    return Lexicon.from_pairs([*added, *pairs])


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
    "for" or "the"); with it off, the query is exactly what was typed.
    """
    if not query.translate:
        return query.parsed, {}
    parsed = query.parsed.without(STOPWORDS)
    return parsed, expand(parsed)


def forms_of(phrases) -> set[str]:
    """Every form of every word of these phrases: what a snippet marks for them."""
    return {form for phrase in phrases for word in text.tokens(phrase) for form in text.forms(word)}


def also_searched(expansions: dict[str, tuple[str, ...]]) -> list[str]:
    """The added phrases, each once, in the order of the words typed."""
    return list(dict.fromkeys(phrase for phrases in expansions.values() for phrase in phrases))
