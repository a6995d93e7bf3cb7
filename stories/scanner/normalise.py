"""Normalise a text before the rules read it, keeping a map back to the original.

The rules never see the text as written. They see a normalised copy in which

- letters are lowercase and curly quotes are straight;
- slang and short forms are written out (``gak`` → ``tidak``, ``udh`` → ``sudah``, ``yg`` →
  ``yang``), from the table in ``rules/slang.json``; letters stretched for emphasis are shrunk
  (``bangettt`` → ``banget``) and reduplication with a 2 is spelled out (``kakak2`` →
  ``kakak-kakak``);
- every money amount has one form, the currency and the plain value: ``10jt``, ``10 juta``,
  ``Rp10.000.000``, ``10.000.000,-`` and ``Rp 10 jt`` all become ``rp10000000``; ``$3k`` becomes
  ``$3000``, ``1,5 M`` after a currency ``rp1500000000``;
- percentages and multiples too: ``1,5 persen`` → ``1.5%``, ``2x lipat`` → ``2 kali lipat``;
- a period after a slash is spelled out: ``/bln`` → `` per bulan``, ``/mo`` → `` per month``.

Each piece of the normalised text remembers where it came from, so a match found there maps back
to exact offsets in the original (:meth:`Document.original_span`). The document also holds the
words with their stems (PyStemmer, the Snowball stemmer the search uses too), the sentences and
clauses, and the quoted passages.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from types import MappingProxyType

import Stemmer

RULES_DIR = Path(__file__).resolve().parent / "rules"
SLANG_FILE = "slang.json"

# Same-length character replacements made before anything else.
_SAME_LENGTH = (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("–", "-"), ("—", "-"))
_NEEDS_SAME_LENGTH = re.compile("[’‘“”–—]")

_CURRENCIES = {
    "rp": "rp",
    "rp.": "rp",
    "idr": "rp",
    "rupiah": "rp",
    "$": "$",
    "us$": "$",
    "usd": "$",
    "dollar": "$",
    "dollars": "$",
    "dolar": "$",
    "bucks": "$",
    "usdt": "usdt",
    "sgd": "sgd",
    "aud": "aud",
    "eur": "eur",
    "€": "eur",
    "euro": "eur",
    "euros": "eur",
    "gbp": "gbp",
    "£": "gbp",
    "pounds": "gbp",
    "myr": "myr",
    "rm": "myr",
    "ringgit": "myr",
}
_SCALES = {
    "ribu": 1e3,
    "rb": 1e3,
    "rebu": 1e3,
    "ewu": 1e3,  # Javanese
    "k": 1e3,
    "thousand": 1e3,
    "grand": 1e3,
    "juta": 1e6,
    "yuta": 1e6,  # Javanese
    "jt": 1e6,
    "jeti": 1e6,
    "million": 1e6,
    "mil": 1e6,
    "mn": 1e6,
    "miliar": 1e9,
    "milyar": 1e9,
    "billion": 1e9,
    "bn": 1e9,
    "m": 1e6,  # only after a currency or written "M"; see _money_scale
    "triliun": 1e12,
}
# Scale words that say "rupiah" on their own, without a currency.
_RUPIAH_SCALES = frozenset(
    {"ribu", "rb", "rebu", "ewu", "juta", "yuta", "jt", "jeti", "miliar", "milyar", "triliun"}
)
_PERIOD_UNITS = {
    "bln": "bulan",
    "bulan": "bulan",
    "hr": "hari",
    "hari": "hari",
    "mgg": "minggu",
    "minggu": "minggu",
    "pekan": "minggu",
    "thn": "tahun",
    "tahun": "tahun",
    "th": "tahun",
    "jam": "jam",
    "mo": "month",
    "month": "month",
    "day": "day",
    "d": "day",
    "wk": "week",
    "week": "week",
    "yr": "year",
    "year": "year",
    "hour": "hour",
    "h": "hour",
}

# Number words, alone or compound ("lima belas", "dua puluh lima", "seratus lima puluh",
# "twenty-one", "fifteen hundred", "two hundred and fifty"): a unit word, then words that add to it
# or multiply it, read by ``_word_value``. Larger scales (ribu, juta, thousand, million) are the
# amount's scale, as after digits.
_UNIT_WORDS = {
    "satu": 1,
    "dua": 2,
    "tiga": 3,
    "empat": 4,
    "lima": 5,
    "enam": 6,
    "tujuh": 7,
    "delapan": 8,
    "sembilan": 9,
    "sepuluh": 10,
    "sebelas": 11,
    "seratus": 100,
    "seribu": 1000,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
}
# Words after a unit word: "belas" adds ten, "puluh" multiplies by ten, "ratus" and "hundred"
# by a hundred (what came before them).
_TIMES_WORDS = {"belas": None, "puluh": 10, "ratus": 100, "hundred": 100}
_UNDER_TEN = "satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan"
_UNDER_TEN_EN = "one|two|three|four|five|six|seven|eight|nine"
_TENS_EN = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_BELOW_100_ID = rf"(?:(?:{_UNDER_TEN})\s+(?:belas|puluh(?:\s+(?:{_UNDER_TEN})(?![\w-]))?)(?![\w-]))"
_BELOW_100_EN = rf"(?:(?:{_TENS_EN})[\s-](?:{_UNDER_TEN_EN})(?![\w-]))"
_COMPOUND_NUMBER_WORDS = (
    rf"(?:(?:{_UNDER_TEN})\s+ratus|seratus)(?:\s+(?:{_BELOW_100_ID}|(?:{_UNDER_TEN}|sepuluh|sebelas)(?![\w-])))?"
    rf"|{_BELOW_100_ID}"
    rf"|(?:{_BELOW_100_EN}|(?:{_UNDER_TEN_EN}|ten|eleven|twelve|(?:thir|four|fif|six|seven|eigh|nine)teen)(?![\w-]))"
    rf"\s+hundred(?:\s+(?:and\s+)?(?:{_BELOW_100_EN}|(?:{_TENS_EN}|{_UNDER_TEN_EN}|ten|eleven|twelve|(?:thir|four|fif|six|seven|eigh|nine)teen)(?![\w-])))?"
    rf"|{_BELOW_100_EN}"
)
_CURRENCY_BEFORE = r"(?:rp\.?|idr|us\$|usd|usdt|sgd|aud|eur|gbp|myr|rm|\$|€|£)"
_CURRENCY_AFTER = r"(?:rupiah|dollars?|dolar|bucks|usdt|usd|idr|ringgit|euros?|pounds)"
_SCALE = r"(?:juta|yuta|jt|jeti|ribu|rb|rebu|ewu|k|thousand|grand|million|mil|mn|miliar|milyar|billion|bn|m|triliun)"
_LETTER = r"[^\W\d_]"
_NUMBER = rf"""
    (?P<number>
        (?<![\w.,$€£])
        (?:(?P<cur>{_CURRENCY_BEFORE})\s?)?
        (?:
            (?P<digits>\d{{1,15}}(?:[.,]\d{{1,15}}){{0,5}})(?![\d])
          | (?<![\w-])(?P<numword>COMPOUND_NUMBER_WORDS|NUMBER_WORDS)(?![\w-])
        )
        (?:
            (?P<pct>\s?(?:%|persen|peratus|percent|per\s+cent))
          | (?P<times>x)(?=\s|lipat|$|[^\w])
          | (?:\s?(?P<scale>{_SCALE})(?!{_LETTER}))?
            (?P<dash>,-|\.-)?
            (?:\s?(?P<cur2>{_CURRENCY_AFTER})(?!{_LETTER}))?
        )
    )
  | (?P<million>(?<![\w-])(?:sejuta|semiliar|semilyar)(?![\w-]))
  | (?P<slash>/\s?(?P<unit>bln|bulan|hr|hari|mgg|minggu|pekan|thn|tahun|th|jam|mo|month|day|d|wk|week|yr|year|hour|h)(?!{_LETTER}))
"""
# A word as the tokenizer sees it: letters, maybe a reduplicating 2, maybe hyphens or apostrophes.
_WORD_BEFORE = rf"(?<!{_LETTER})(?<!{_LETTER}['-])"
_WORD_AFTER = r"(?![^\W_])(?!['-][^\W\d_])"  # no letter or digit after ("temen2" is one word)
_ANY_WORD = rf"{_LETTER}+(?:2{_LETTER}*)?(?:['-]{_LETTER}+)*"


def _trie(words: Iterable[str]) -> str:
    """A regular expression matching exactly ``words``, factored by common prefixes (fast)."""
    tree: dict[str, dict] = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        ends_here = "" in node
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends_here:
            return f"(?:{body})?"
        return body

    return build(tree)


@cache
def _token_pattern(language: str, every_word: bool) -> re.Pattern[str]:
    """Numbers, periods after a slash, and the words that may need writing out.

    With ``every_word`` every word is a token (for texts with stretched letters, which any word
    may have); otherwise only slang words and words with a reduplicating 2, so that the words
    left as written are skipped at the regex engine's speed.

    The last branch, ``skip``, takes the rest of a word that no other branch takes at its first
    letter, and the white space after it: no token can start inside a run of letters (each
    branch needs a non-letter before it) or at white space, so the engine need not try there.
    The scan ignores these matches.
    """
    number = _NUMBER.replace("COMPOUND_NUMBER_WORDS", _COMPOUND_NUMBER_WORDS).replace(
        "NUMBER_WORDS", _trie(_UNIT_WORDS)
    )
    if every_word:
        words = rf"(?P<word>{_WORD_BEFORE}{_ANY_WORD})"
    else:
        slang = _trie(slang_table(language))
        words = (
            rf"(?P<word>{_WORD_BEFORE}(?:{slang}{_WORD_AFTER}"
            rf"|{_LETTER}{{2,}}2{_LETTER}*(?:['-]{_LETTER}+)*{_WORD_AFTER}))"
        )
    skip = rf"(?P<skip>{_LETTER}+\s*)"
    return re.compile(f"{number}  | {_DISGUISED}  | {words}  | {skip}", re.VERBOSE)


# Words disguised against filters: letters spaced out or dotted ("g u a r a n t e e d",
# "p.a.s.t.i", "T.A.N.P.A  J.U.A.L.A.N": four letters or more, one separator throughout) and
# letters written as digits ("n0 s3lling", "t4np4 jual4n": a word that starts with a letter and has
# only letters and the digits 0 1 3 4 5 7). Both are read as the word they spell.
_DISGUISED = (
    rf"(?P<spaced>(?<![\w.]){_LETTER}(?P<sep>[. ]){_LETTER}(?:(?P=sep){_LETTER}){{2,}}(?!{_LETTER}))"
    rf"  | (?P<leet>{_WORD_BEFORE}{_LETTER}++(?:[013457]{_LETTER}*+)+(?![\w]))"
)
_LEET = str.maketrans("013457", "oieast")

_STRETCHED = re.compile(r"([^\W\d_])\1{2,}")
_HAS_STRETCHED = re.compile(r"([^\W\d_])\1\1")  # whether there is one: the same, found faster
_REDUPLICATED = re.compile(r"^([^\W\d_]{2,})2([^\W\d_]*)$")

# In the normalised text: one token per word, amount, percentage or number.
_NORMAL_TOKEN = re.compile(
    r"(?P<amount>(?:rp|\$|usdt|sgd|aud|eur|gbp|myr)\d+(?:\.\d+)?)"
    r"|(?P<percent>\d+(?:\.\d+)?%)"
    r"|(?P<number>\d+(?:\.\d+)?)"
    r"|(?P<word>[^\W\d_]+(?:['-][^\W\d_]+)*)"
)
_SENTENCE_END = re.compile(r"[.!?]+(?=[\s'\")\]]|$)|\n|[•·]")
_CLAUSE_BREAK = re.compile(r"[,;:()\[\]{}]|\s-\s")
# A quote mark not after a letter, digit or another quote mark ("'(?<![\w']')" is "(?<![\w'])'"
# with the quote mark first, which lets the regex engine skip to the quote marks). Inside single
# quotes an apostrophe between two letters is part of a word ('it's risk-free, you can't lose').
_QUOTED = re.compile(
    r"'(?<![\w']')((?:[^'\n]|(?<=\w)'(?=\w)){2,300}?)'(?!\w)|\"([^\"\n]{2,300}?)\""
)

_NOT_VALUE = re.compile(r"^\D+|%$")  # a currency before an amount, a percent sign after
_STEMMERS = {"id": "indonesian", "en": "english"}


@dataclass(frozen=True, slots=True)
class Document:
    original: str
    language: str
    text: str  # the normalised text
    quotes: tuple[tuple[int, int], ...]  # normalised-text ranges inside quotation marks
    # The tokens (words, amounts, percentages, numbers) of the normalised text, as parallel
    # tuples: where each starts and ends, its form, stem, kind ("word", "amount", "percent",
    # "number") and value, and the number of its sentence and of its clause.
    token_starts: tuple[int, ...]
    token_ends: tuple[int, ...]
    forms: tuple[str, ...]
    stems: tuple[str, ...]
    kinds: tuple[str, ...]
    values: tuple[float | None, ...]
    sentence_of: tuple[int, ...]
    clause_of: tuple[int, ...]
    # Pieces of the normalised text: where each starts, where it came from, whether it is a copy.
    _piece_starts: tuple[int, ...]
    _pieces: tuple[tuple[int, int, int, bool], ...]  # (normal start, original start, end, copied)

    @property
    def size(self) -> int:
        """The number of tokens."""
        return len(self.forms)

    def original_offset(self, position: int, *, end: bool) -> int:
        """The original offset of a normalised ``position`` (a start, or an exclusive end)."""
        if not self._pieces:
            return 0
        probe = position - 1 if end else position
        index = max(0, bisect_right(self._piece_starts, max(probe, 0)) - 1)
        normal_start, original_start, original_end, copied = self._pieces[index]
        if copied:
            return min(original_start + (position - normal_start), original_end)
        return original_end if end else original_start

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the normalised span ``[start, end)``, without outer spaces."""
        first = self.original_offset(start, end=False)
        last = self.original_offset(end, end=True)
        while first < last and self.original[first].isspace():
            first += 1
        while last > first and self.original[last - 1].isspace():
            last -= 1
        return first, last

    def token_index_at(self, position: int) -> int:
        """Index of the first token that ends after normalised ``position``."""
        return bisect_right(self.token_ends, position)

    def in_quotes(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` lies inside one quoted passage (quotes do not nest)."""
        index = bisect_right(self.quotes, (start, len(self.text) + 1)) - 1
        return index >= 0 and self.quotes[index][0] <= start and end <= self.quotes[index][1]


@cache
def slang_table(language: str) -> Mapping[str, str]:
    path = RULES_DIR / SLANG_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path}: {exc}") from exc
    table = {}
    for word, written_out in data.get(language, {}).items():
        if word != word.lower() or written_out != written_out.lower():
            raise ValueError(f"{path}: {language}: {word!r}: write slang in lowercase")
        table[word] = written_out
    return MappingProxyType(table)


@cache
def _stemmer(language: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(_STEMMERS.get(language, "indonesian"))


def stem(word: str, language: str) -> str:
    return _stem_of(language)(word)


@cache
def _stem_of(language: str) -> Callable[[str], str]:
    """The language's stemmer for one word, cached per word."""
    return lru_cache(maxsize=50_000)(_stemmer(language).stemWord)


def lowercase_same_length(text: str) -> str:
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(low if len(low := char.lower()) == 1 else char for char in text)
    if _NEEDS_SAME_LENGTH.search(lowered):
        for old, new in _SAME_LENGTH:
            lowered = lowered.replace(old, new)
    return lowered


def parse_number(digits: str) -> float | None:
    """The value of digits written with "." or "," for thousands or decimals, either way round.

    ``10.000.000`` and ``10,000,000`` are ten million; ``1,5`` and ``1.5`` are one and a half;
    ``1.875,43`` and ``1,875.43`` are 1875.43. A single separator followed by exactly three
    digits separates thousands.
    """
    separators = [char for char in digits if char in ".,"]
    if not separators:
        return float(digits)
    if len(set(separators)) == 2:
        decimal = separators[-1]
        thousands = "," if decimal == "." else "."
        if separators.count(decimal) > 1:
            return None
        whole, _, fraction = digits.replace(thousands, "").partition(decimal)
        return float(f"{whole}.{fraction}")
    separator = separators[0]
    parts = digits.split(separator)
    if len(parts) > 2:
        if any(len(part) != 3 for part in parts[1:]):
            return None
        return float("".join(parts))
    whole, fraction = parts
    if len(fraction) == 3 and whole != "0":
        return float(whole + fraction)
    return float(f"{whole}.{fraction}")


def _format_value(value: float) -> str:
    if value == int(value):
        return str(int(value))
    return f"{value:.4f}".rstrip("0").rstrip(".")


def _number(match: re.Match[str], original: str, language: str) -> str | None:
    """The normalised form of a number match, or None to copy it as written."""
    digits = match.group("digits")
    if digits is None:
        digits = match.group("numword")
        value: float | None = _word_value(digits)
    else:
        value = parse_number(digits)
    if value is None:
        return None
    if match.group("pct"):
        return f"{_format_value(value)}%"
    if match.group("times"):
        return f"{_format_value(value)} kali"
    currency = match.group("cur") or match.group("cur2")
    scale = match.group("scale")
    if scale is not None:
        written = original[match.start("scale") : match.end("scale")]
        if scale == "m" and currency is None and written != "M":
            scale = None  # "500 m" is metres, "Rp 1,5 M" and "1,2 M" are money
    if currency is None and scale is None:
        if match.group("dash"):
            currency = "rp"
        else:
            plain = _format_value(value)
            return None if plain == digits else plain
    if scale is not None:
        if scale == "m" and language == "id":
            value *= 1e9  # "M" is miliar in Indonesian
        else:
            value *= _SCALES[scale]
    if currency is None:
        currency = "rp" if scale in _RUPIAH_SCALES or language == "id" else "$"
    return f"{_CURRENCIES[currency]}{_format_value(value)}"


def _word_value(words: str) -> float:
    """The value of number words as ``_COMPOUND_NUMBER_WORDS`` matches them."""
    total = 0
    current = 0
    for word in re.split(r"[\s-]+", words):
        if word == "seratus":
            total += 100
        elif word in _TIMES_WORDS:
            times = _TIMES_WORDS[word]
            if times is None:
                current += 10
            elif times == 100:
                total += (current or 1) * 100
                current = 0
            else:
                current *= times
        elif word != "and":
            current += _UNIT_WORDS[word]
    return float(total + current)


def _word(word: str, table: Mapping[str, str]) -> str | None:
    if word in table:
        return table[word]
    changed = word
    if _HAS_STRETCHED.search(changed):
        changed = _STRETCHED.sub(r"\1", changed)
        if changed in table:
            return table[changed]
    if "2" in changed and (reduplicated := _REDUPLICATED.match(changed)):
        base, rest = reduplicated.groups()
        base = table.get(base, base)
        changed = f"{base}-{base}{rest}"
        return table.get(changed, changed)
    return None if changed == word else changed


def normalise(text: str, language: str) -> Document:
    lowered = lowercase_same_length(text)
    table = slang_table(language)
    parts: list[str] = []
    pieces: list[tuple[int, int, int, bool]] = []
    size = 0
    copied_from = 0  # start of the text not yet emitted

    def emit(piece: str, start: int, end: int, copied: bool) -> None:
        nonlocal size
        if piece:
            pieces.append((size, start, end, copied))
            parts.append(piece)
            size += len(piece)

    pattern = _token_pattern(language, every_word=_HAS_STRETCHED.search(lowered) is not None)
    for match in pattern.finditer(lowered):
        kind = match.lastgroup
        if kind == "skip":
            continue
        if kind == "word":
            word = match.group()
            replacement = table.get(word)
            if replacement is None and ("2" in word or _HAS_STRETCHED.search(word)):
                replacement = _word(word, table)
            if replacement is None:
                continue
        elif kind == "number":
            replacement = _number(match, text, language)
            if replacement is None:
                continue
        elif kind == "spaced" or kind == "leet":
            word = match.group(kind)
            word = word.replace(match.group("sep"), "") if kind == "spaced" else word
            word = word.translate(_LEET)
            replacement = table.get(word, word)
        elif kind == "slash":
            replacement = f" per {_PERIOD_UNITS[match.group('unit')]}"
        else:
            replacement = "rp1000000" if match.group() == "sejuta" else "rp1000000000"
        emit(lowered[copied_from : match.start()], copied_from, match.start(), True)
        emit(replacement, match.start(), match.end(), False)
        copied_from = match.end()
    emit(lowered[copied_from:], copied_from, len(lowered), True)
    normal = "".join(parts)
    return _document(text, language, normal, pieces)


def _document(
    original: str, language: str, normal: str, pieces: list[tuple[int, int, int, bool]]
) -> Document:
    ends = [match.end() for match in _SENTENCE_END.finditer(normal)]
    clause_ends = sorted(set(ends + [match.end() for match in _CLAUSE_BREAK.finditer(normal)]))
    matches = list(_NORMAL_TOKEN.finditer(normal))
    starts = list(map(re.Match.start, matches))
    forms = list(map(re.Match.group, matches))
    kinds = [match.lastgroup or "word" for match in matches]
    stem_word = _stem_of(language)
    stems = [
        stem_word(form) if kind == "word" else form for form, kind in zip(forms, kinds, strict=True)
    ]
    values = [
        None if kind == "word" else float(_NOT_VALUE.sub("", form))
        for form, kind in zip(forms, kinds, strict=True)
    ]
    sentence_of = [bisect_right(ends, start) for start in starts]
    clause_of = [bisect_right(clause_ends, start) for start in starts]
    stops = list(map(re.Match.end, matches))
    quotes = tuple((match.start() + 1, match.end() - 1) for match in _QUOTED.finditer(normal))
    return Document(
        original=original,
        language=language,
        text=normal,
        quotes=quotes,
        token_starts=tuple(starts),
        token_ends=tuple(stops),
        forms=tuple(forms),
        stems=tuple(stems),
        kinds=tuple(kinds),
        values=tuple(values),
        sentence_of=tuple(sentence_of),
        clause_of=tuple(clause_of),
        _piece_starts=tuple(piece[0] for piece in pieces),
        _pieces=tuple(pieces),
    )
