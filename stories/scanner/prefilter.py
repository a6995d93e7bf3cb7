"""Try a rule's regular expression only where a match can start.

Python's regex engine, searching a text, tries the expression at nearly every position: a rule
that starts with a list of words ("profit|untung|keuntungan|…") gives it no literal to skip to.
The rules only stand at the start of a word, and most of them can only start with a few strings.
So each expression is read once (with Python's own regex parser) for the strings its matches can
start with, up to :data:`PREFIX_LENGTH` characters; each text is indexed once by the first
characters of its words; and an expression is then tried only at the positions that start with
one of its strings. The matches found are exactly those of searching the whole text: the strings
are a necessary start of any match, never a guess. An expression whose start cannot be read that
way (a class of letters, an optional start that may match nothing) is searched as before.

Every digit counts as "0" and every white space character as " " on both sides (``\\d`` and
``\\s`` in an expression, any digit or space in the text), so "10%" and "75%" share the strings
of ``\\d+%``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from itertools import chain
from re import _constants as sre  # Python's own regex parser: the grammar the engine reads
from re import _parser as sre_parse
from typing import Any

PREFIX_LENGTH = 4  # characters of a match's start read from an expression, at most
_MAX_PREFIXES = 500  # more strings than this: read fewer characters
_MAX_DEPTH = 60
_DIGIT = re.compile(r"\d")
_SPACE = re.compile(r"\s")
_OTHER_SPACE = re.compile(r"[^\S ]")  # white space other than " "
_WORD_START = re.compile(r"(?<!\w)\S")
_WORD_CHAR = re.compile(r"\w")
_REPEATS = frozenset({sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT})
_ZERO_WIDTH = frozenset({sre.ASSERT, sre.ASSERT_NOT, sre.AT})
_RANGE_LIMIT = 64  # a character range wider than this is not spelled out


@dataclass(frozen=True, slots=True, eq=False)  # eq=False: hashed by identity, for caches
class Pattern:
    """A compiled expression, and the strings its matches start with.

    ``prefixes`` is None when any position may start a match (the expression is searched);
    otherwise none of them starts another, so a position starts with one of them at most.
    """

    regex: re.Pattern[str]
    prefixes: tuple[str, ...] | None


def compile_pattern(regex: re.Pattern[str]) -> Pattern:
    return Pattern(regex=regex, prefixes=_starts_of(regex))


def _starts_of(regex: re.Pattern[str]) -> tuple[str, ...] | None:
    if regex.flags & (re.IGNORECASE | re.LOCALE):
        return None
    try:
        parsed = list(sre_parse.parse(regex.pattern, regex.flags))
    except (re.error, RecursionError):
        return None
    found: set[str] = {""}
    for length in range(PREFIX_LENGTH, 0, -1):
        found = _prefixes(parsed, length, 0)
        if len(found) <= _MAX_PREFIXES:
            break
    if "" in found or any(prefix[0] == " " for prefix in found):
        return None
    kept: list[str] = []
    for prefix in sorted(found):  # a string after its own start ("$0", "$00"): the start will do
        if not kept or not prefix.startswith(kept[-1]):
            kept.append(prefix)
    return tuple(kept)


def _key(char: str) -> str:
    if _DIGIT.fullmatch(char):
        return "0"
    return " " if _SPACE.fullmatch(char) else char


def _shape(text: str) -> str:
    """``text`` with each digit as "0" and each white space character as " " (same length)."""
    return _OTHER_SPACE.sub(" ", _DIGIT.sub("0", text))


def _charset(items: list[tuple[Any, Any]]) -> set[str] | None:
    """The characters a ``[…]`` class matches (digits as "0"), or None when too many to list."""
    chars: set[str] = set()
    for op, value in items:
        if op is sre.LITERAL:
            chars.add(_key(chr(value)))
        elif op is sre.RANGE and value[1] - value[0] <= _RANGE_LIMIT:
            chars.update(_key(chr(code)) for code in range(value[0], value[1] + 1))
        elif op is sre.CATEGORY and value is sre.CATEGORY_DIGIT:
            chars.add("0")
        elif op is sre.CATEGORY and value is sre.CATEGORY_SPACE:
            chars.add(" ")
        else:
            return None
    return chars


def _prefixes(items: list[tuple[Any, Any]], room: int, depth: int) -> set[str]:
    """Strings of at most ``room`` characters, one of which starts every match of ``items``.

    "" among them means a match may start with anything (nothing is known about its start).
    """
    if room == 0 or not items or depth > _MAX_DEPTH:
        return {""}
    (op, value), rest = items[0], items[1:]
    if op is sre.LITERAL:
        chars: set[str] | None = {_key(chr(value))}
    elif op is sre.IN:
        chars = _charset(value)
    elif op in _ZERO_WIDTH:
        return _prefixes(rest, room, depth + 1)
    elif op is sre.SUBPATTERN:
        _, add_flags, del_flags, sub = value
        if add_flags or del_flags:
            return {""}
        return _prefixes(list(sub) + rest, room, depth + 1)
    elif op is sre.ATOMIC_GROUP:
        return _prefixes(list(value) + rest, room, depth + 1)
    elif op is sre.BRANCH:
        found: set[str] = set()
        for branch in value[1]:
            found |= _prefixes(list(branch) + rest, room, depth + 1)
        return found
    elif op in _REPEATS:
        low, high, sub = value
        found = _prefixes(rest, room, depth + 1) if low == 0 else set()
        if high != 0:
            again = (
                [] if high == 1 else [(op, (max(low - 1, 0), high - (high != sre.MAXREPEAT), sub))]
            )
            found |= _prefixes(list(sub) + again + rest, room, depth + 1)
        return found
    else:
        chars = None
    if chars is None:
        return {""}
    tails = _prefixes(rest, room - 1, depth + 1)
    return {char + tail for char in chars for tail in tails}


class Index:
    """One text's word starts, by the characters they start with, for trying patterns there."""

    def __init__(self, text: str) -> None:
        self.text = text
        shape = _shape(text)
        heads: defaultdict[str, list[int]] = defaultdict(list)
        for match in _WORD_START.finditer(shape):
            start = match.start()
            heads[shape[start : start + PREFIX_LENGTH]].append(start)
        self._by_length: dict[int, Mapping[str, list[int]]] = {PREFIX_LENGTH: heads}
        self._positions: dict[Pattern, list[int]] = {}

    def _starting(self, length: int) -> Mapping[str, list[int]]:
        """The word starts by their first ``length`` characters (made from the longest once)."""
        index = self._by_length.get(length)
        if index is None:
            shorter: defaultdict[str, list[int]] = defaultdict(list)
            for head, starts in self._by_length[PREFIX_LENGTH].items():
                if len(head) >= length:
                    shorter[head[:length]] += starts
            for starts in shorter.values():
                starts.sort()
            index = self._by_length[length] = shorter
        return index

    def positions(self, pattern: Pattern) -> list[int]:
        """The word starts, in order, that start with one of ``pattern``'s strings."""
        known = self._positions.get(pattern)
        if known is not None:
            return known
        assert pattern.prefixes is not None
        found = [
            starts
            for prefix in pattern.prefixes
            if (starts := self._starting(len(prefix)).get(prefix))
        ]
        # No string starts another, so each start is in one list at most.
        ordered = found[0] if len(found) == 1 else sorted(chain.from_iterable(found))
        self._positions[pattern] = ordered
        return ordered

    def word_start_matches(self, pattern: Pattern) -> Iterator[re.Match[str]]:
        """Every match that starts at the start of a word, one per start, in order.

        The same as searching from each position in turn and keeping the matches whose start
        follows no letter or digit.
        """
        text, regex = self.text, pattern.regex
        if pattern.prefixes is None:
            position = 0
            while (found := regex.search(text, position)) is not None:
                position = found.start() + 1
                if found.start() == 0 or _WORD_CHAR.match(text, found.start() - 1) is None:
                    yield found
            return
        for start in self.positions(pattern):
            if (found := regex.match(text, start)) is not None:
                yield found

    def overlaps(self, pattern: Pattern, low: int, high: int, start: int, end: int) -> bool:
        """Whether a match of ``pattern.regex.finditer(text, low, high)`` overlaps [start, end).

        ``pattern`` must only match at the start of a word (each of its branches starts with
        ``(?<!\\w)``).
        """
        regex = pattern.regex
        if pattern.prefixes is None:
            return any(
                found.start() < end and found.end() > start
                for found in regex.finditer(self.text, low, high)
            )
        positions = self.positions(pattern)
        reached = low
        for index in range(bisect_left(positions, low), len(positions)):
            position = positions[index]
            if position >= high:
                break
            if position < reached or (found := regex.match(self.text, position, high)) is None:
                continue
            if found.start() < end and found.end() > start:
                return True
            reached = found.end()
        return False
