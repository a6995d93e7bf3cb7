"""The lexicon: named groups of words and phrases, found in a normalised text.

A lexicon entry is a phrase of words as the normaliser writes them, stems (``~word``), token
kinds (``#amount``, ``#percent``, ``#number``), number ranges (``#1..12``) or ``*`` for any one
word. All entries of all groups, and every rule's own phrases, go into one phrase tree, which
:func:`tag` walks once over the text.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from . import normalise
from .catalogue import RulesError
from .normalise import Document

TOKEN_KINDS = {"#amount": "amount", "#percent": "percent", "#number": "number"}
LONGEST_PHRASE = 12  # words in a lexicon phrase, at most
_RANGE = re.compile(r"#\d+(?:\.\d+)?\.\.\d+(?:\.\d+)?")

# A word of a lexicon phrase: ("form", word) matches the word as normalised, ("stem", stem) any
# word with that stem, ("kind", kind) a token of that kind (an amount, a percentage), ("range",
# "low..high") a number between low and high, ("any", "") any one word.
WordMatcher = tuple[str, str]


class _Node:
    """A node of the lexicon's phrase tree: where each next word leads, and what ends here."""

    __slots__ = ("forms", "stems", "kinds", "ranges", "any", "groups")

    def __init__(self) -> None:
        self.forms: dict[str, _Node] = {}
        self.stems: dict[str, _Node] = {}
        self.kinds: dict[str, _Node] = {}
        self.ranges: list[tuple[float, float, _Node]] = []
        self.any: _Node | None = None
        self.groups: list[str] = []

    def child(self, matcher: WordMatcher) -> _Node:
        kind, value = matcher
        if kind == "range":
            low, _, high = value.partition("..")
            for start, stop, node in self.ranges:
                if (start, stop) == (float(low), float(high)):
                    return node
            node = _Node()
            self.ranges.append((float(low), float(high), node))
            return node
        if kind == "any":
            if self.any is None:
                self.any = _Node()
            return self.any
        index = {"form": self.forms, "stem": self.stems, "kind": self.kinds}[kind]
        return index.setdefault(value, _Node())


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Named word groups; each entry a phrase of one or more words, kept in one phrase tree."""

    groups: tuple[str, ...]
    root: _Node


Occurrence = tuple[int, int]  # a token range [first, last + 1)


def plain_words(text: str, language: str) -> list[str]:
    """The tokens the normaliser makes of ``text``: rule words are normalised like the text."""
    return list(normalise.normalise(text, language).forms)


_WORDLIKE = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*")


def _joinable(token: str) -> bool:
    """Whether a hyphen may join ``token`` to its neighbour: letters, maybe with an apostrophe
    or hyphens inside ("can't" in "can't-lose"), as the normaliser reads a hyphenated word."""
    return _WORDLIKE.fullmatch(token) is not None


def phrase_variants(phrase: str, language: str) -> list[tuple[str, ...]]:
    """A phrase's tokens, with every way of joining neighbouring words by a hyphen.

    "member get member" also finds "member-get-member", and "risk-free income" also
    "risk free income": in the normalised text a hyphenated word is one token.
    """
    words = plain_words(" ".join(re.split(r"[\s\-]+", phrase.strip().lower())), language)
    if not words:
        raise RulesError(f"empty phrase {phrase!r}")
    variants = [tuple(words)]
    if 1 < len(words) <= 5:
        variants = []
        for joins in range(2 ** (len(words) - 1)):
            tokens = [words[0]]
            for index, word in enumerate(words[1:]):
                if joins >> index & 1 and _joinable(tokens[-1]) and _joinable(word):
                    tokens[-1] += "-" + word
                else:
                    tokens.append(word)
            if tuple(tokens) not in variants:
                variants.append(tuple(tokens))
    return variants


def _entry_matchers(entry: str, language: str, where: str) -> list[WordMatcher]:
    matchers: list[WordMatcher] = []
    for word in entry.strip().lower().split():
        if word == "*":
            matchers.append(("any", ""))
        elif word in TOKEN_KINDS:
            matchers.append(("kind", TOKEN_KINDS[word]))
        elif _RANGE.fullmatch(word):
            matchers.append(("range", word[1:]))
        elif word.startswith("~") and len(word) > 1:
            for plain in plain_words(word[1:], language):
                matchers.append(("stem", normalise.stem(plain, language)))
        else:
            matchers += [("form", plain) for plain in plain_words(word, language)]
    if not matchers or matchers[0][0] == "any":
        raise RulesError(f"{where}: {entry!r}: a phrase starts with a word")
    if len(matchers) > LONGEST_PHRASE:
        raise RulesError(f"{where}: {entry!r}: at most {LONGEST_PHRASE} words")
    return matchers


def build_lexicon(
    data: Mapping[str, list[str]],
    language: str,
    where: str,
    phrases: Mapping[str, Sequence[tuple[str, ...]]] = MappingProxyType({}),
) -> Lexicon:
    """The lexicon's groups, and each rule's phrases as one group per phrase, in one tree."""
    resolved: dict[str, list[str]] = {}

    def entries(group: str, seen: tuple[str, ...]) -> list[str]:
        if group in resolved:
            return resolved[group]
        if group not in data:
            raise RulesError(f"{where}: unknown lexicon group {group!r}")
        if group in seen:
            raise RulesError(f"{where}: lexicon group {group} includes itself")
        found = []
        for entry in data[group]:
            if entry.startswith("@"):
                found += entries(entry[1:], (*seen, group))
            else:
                found.append(entry)
        resolved[group] = found
        return found

    root = _Node()

    def insert(group: str, matchers: Sequence[WordMatcher]) -> None:
        node = root
        for matcher in matchers:
            node = node.child(matcher)
        if group not in node.groups:
            node.groups.append(group)

    for group in data:
        if not re.fullmatch(r"[A-Z][A-Z0-9_]*", group):
            raise RulesError(f"{where}: lexicon group {group!r}: use UPPER_CASE names")
        for entry in entries(group, ()):
            insert(group, _entry_matchers(entry, language, f"{where}: {group}"))
    for group, variants in phrases.items():
        for tokens in variants:
            insert(group, [("form", token) for token in tokens])
    return Lexicon(groups=tuple(data), root=root)


def tag(document: Document, lexicon: Lexicon) -> dict[str, list[Occurrence]]:
    """Where each lexicon group's phrases occur, as token ranges, in text order.

    A phrase never runs across the end of a sentence.
    """
    forms, stems, kinds = document.forms, document.stems, document.kinds
    values, sentences = document.values, document.sentence_of
    count = len(forms)
    root = lexicon.root
    root_forms, root_stems = root.forms, root.stems
    found: defaultdict[str, set[Occurrence]] = defaultdict(set)
    # Most words start no phrase: skip them at dictionary speed.
    starters = [
        first
        for first, (form, stem, kind) in enumerate(zip(forms, stems, kinds, strict=True))
        if kind != "word" or form in root_forms or stem in root_stems
    ]
    for first in starters:
        sentence = sentences[first]
        frontier = [root]
        index = first
        while frontier and index < count and sentences[index] == sentence:
            form, kind = forms[index], kinds[index]
            following = []
            for node in frontier:
                if (child := node.forms.get(form)) is not None:
                    following.append(child)
                if kind == "word":
                    if (child := node.stems.get(stems[index])) is not None:
                        following.append(child)
                    if node.any is not None:
                        following.append(node.any)
                else:
                    if (child := node.kinds.get(kind)) is not None:
                        following.append(child)
                    if kind == "number":
                        value = values[index] or 0.0
                        following += [
                            child for low, high, child in node.ranges if low <= value <= high
                        ]
            index += 1
            for node in following:
                if node.groups:
                    occurrence = (first, index)
                    for group in node.groups:
                        found[group].add(occurrence)
            frontier = following
    return {group: sorted(occurrences) for group, occurrences in found.items()}
