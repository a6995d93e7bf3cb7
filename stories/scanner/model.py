"""The scanner's small learned model, read and run in plain Python (no scikit-learn needed).

The rules come first; the model only adds a flag for a code the rules did not raise anywhere in
the text. It is a linear model per flag code over blocks of features of the normalised text, each
block weighted by TF-IDF (sublinear term frequency) and scaled to unit length on its own, as
scikit-learn's ``FeatureUnion`` of ``TfidfVectorizer``s does:

- ``char_wb``: character n-grams inside word boundaries (scikit-learn's ``char_wb`` analyzer);
- ``tokens``: n-grams of the normaliser's tokens, with every amount, percentage and number written
  as its kind (``#amount``, ``#percent``, ``#number``), so that "#amount per bulan" is one
  feature whatever the figure.

Which blocks the shipped model has is chosen by cross-validation of the whole scanner on ``dev``
(``bench/scanner_cv.py``; bench/README.md, "Third round"): today character n-grams only.

It is trained on the ``dev`` corpus by ``python -m stories.scanner.train`` (scikit-learn, a
development dependency), which writes ``model.json``. Each code has a threshold chosen on ``dev``
by cross-validation, so that the model's own flags were right at least 9 times in 10 on texts it
had not seen.

A model flag names the phrase that triggered it: the span it reports is the run of at most
:data:`PHRASE_WORDS` words, in the sentence that weighs most, whose features weigh most for the
code (a feature's weight is shared among the words it was read from).
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import chain
from operator import itemgetter, mul, truediv
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .normalise import Document

MODEL_FILE = Path(__file__).resolve().parent / "model.json"
PHRASE_WORDS = 6
MIN_WORDS = 8  # a shorter text is left to the rules: a few n-grams would decide alone
ANALYZERS = ("char_wb", "tokens")
KIND_TOKENS: Mapping[str, str] = MappingProxyType(
    {"amount": "#amount", "percent": "#percent", "number": "#number"}
)
_WORD = re.compile(r"\S+")


@dataclass(frozen=True, slots=True, eq=False)  # eq=False: hashed by identity, for caches
class Block:
    """One kind of feature: its analyzer, n-gram sizes, known n-grams, idf and weights."""

    analyzer: str  # one of ANALYZERS
    ngram_range: tuple[int, int]
    index: Mapping[str, int]  # n-gram -> its position in ``idf`` and in each list of weights
    idf: Sequence[float]
    weights: tuple[Sequence[float], ...]  # per code, one weight per n-gram


@dataclass(frozen=True, slots=True, eq=False)
class Model:
    codes: tuple[str, ...]
    blocks: tuple[Block, ...]
    intercepts: tuple[float, ...]
    thresholds: Mapping[str, float]  # code -> probability above which the model flags it

    @property
    def size(self) -> int:
        """The number of features (n-grams) of all blocks."""
        return sum(len(block.idf) for block in self.blocks)


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    probability: float
    start: int  # offsets into the normalised text
    end: int
    words: tuple[str, ...]  # the words that weigh most, for the flag's "rule"


def from_data(data: Mapping[str, Any]) -> Model:
    """The model written in ``data`` (the contents of ``model.json``)."""
    codes = tuple(data["codes"])
    blocks = []
    for block in data["blocks"]:
        if block["analyzer"] not in ANALYZERS:
            raise ValueError(f"unknown analyzer {block['analyzer']!r}; expected one of {ANALYZERS}")
        blocks.append(
            Block(
                analyzer=block["analyzer"],
                ngram_range=(block["ngram_range"][0], block["ngram_range"][1]),
                index={feature: position for position, feature in enumerate(block["features"])},
                idf=list(block["idf"]),
                weights=tuple(list(block["weights"][code]) for code in codes),
            )
        )
    return Model(
        codes=codes,
        blocks=tuple(blocks),
        intercepts=tuple(data["intercepts"][code] for code in codes),
        thresholds=MappingProxyType(dict(data["thresholds"])),
    )


@cache
def load_model(path: Path = MODEL_FILE) -> Model | None:
    """The model in ``path``, or None when there is none (the scanner then uses rules only)."""
    if not path.exists():
        return None
    return from_data(json.loads(path.read_text(encoding="utf-8")))


_REPLACED: ContextVar[tuple[Model | None] | None] = ContextVar("scanner_model", default=None)


@contextmanager
def using(replacement: Model | None) -> Iterator[None]:
    """Scan with ``replacement`` instead of ``model.json`` (None: the rules alone).

    For measuring a model the scanner does not ship, such as one trained on some folds of dev
    and run on the others (``bench/scanner_cv.py``).
    """
    token = _REPLACED.set((replacement,))
    try:
        yield
    finally:
        _REPLACED.reset(token)


def active_model() -> Model | None:
    """The model scans use: ``model.json``, unless :func:`using` replaced it."""
    replaced = _REPLACED.get()
    return load_model() if replaced is None else replaced[0]


@lru_cache(maxsize=100_000)
def word_ngrams(word: str, low: int, high: int) -> tuple[str, ...]:
    """A word's character n-grams, padded with a space each side (scikit-learn's ``char_wb``)."""
    padded = f" {word} "
    grams: list[str] = []
    for size in range(low, high + 1):
        if len(padded) < size:
            if size == low:
                grams.append(padded)
            break
        grams += [padded[offset : offset + size] for offset in range(len(padded) - size + 1)]
    return tuple(grams)


def tokens(document: Document) -> tuple[str, ...]:
    """The normaliser's tokens, each amount, percentage and number written as its kind."""
    return tuple(
        KIND_TOKENS.get(kind, form)
        for form, kind in zip(document.forms, document.kinds, strict=True)
    )


def token_ngrams(words: Sequence[str], low: int, high: int) -> list[tuple[str, int, int]]:
    """The n-grams of ``words`` (joined by a space), each with the positions of its first and
    last word, as scikit-learn's ``word`` analyzer makes them (``ngram_range=(low, high)``)."""
    grams = []
    for size in range(low, high + 1):
        grams += [
            (" ".join(words[first : first + size]), first, first + size - 1)
            for first in range(len(words) - size + 1)
        ]
    return grams


def _token_grams(words: Sequence[str], low: int, high: int) -> Iterator[str]:
    """The n-grams of :func:`token_ngrams` without their positions, made faster."""
    for size in range(low, high + 1):
        if size == 1:
            yield from words
        elif size == 2:
            yield from map("{} {}".format, words, words[1:])
        else:
            shifted = (words[offset:] for offset in range(size))
            yield from map(" ".join, zip(*shifted, strict=False))  # as long as the shortest


def token_analyzer(low: int, high: int) -> Callable[[Sequence[str]], list[str]]:
    """The ``tokens`` block's analyzer, for scikit-learn (training and tests)."""

    def analyze(words: Sequence[str]) -> list[str]:
        return list(_token_grams(words, low, high))

    return analyze


@dataclass(slots=True)
class _Read:
    """One block's features in a document: how often each known n-gram occurs (by its position in
    the block), their TF-IDF values, the vector's length and what picks their weights."""

    block: Block
    counts: Counter[int]
    values: list[float]
    norm: float
    pick: Callable[[Sequence[float]], tuple[float, ...]]


def _read(block: Block, document: Document, plain: Sequence[str]) -> _Read | None:
    if block.analyzer == "char_wb":
        counts = Counter(chain.from_iterable(map(_known_positions(block), plain)))
    else:
        counts = Counter(
            position
            for position in map(block.index.get, _token_grams(tokens(document), *block.ngram_range))
            if position is not None
        )
    if not counts:
        return None
    # Pick the n-grams' idf and weights out of the lists at C speed.
    pick = itemgetter(*counts) if len(counts) > 1 else _single(next(iter(counts)))
    values = list(map(mul, map(_TF.__getitem__, counts.values()), pick(block.idf)))
    norm = math.sqrt(sum(map(mul, values, values))) or 1.0
    return _Read(block, counts, values, norm, pick)


def probabilities(document: Document, model: Model, codes: Sequence[str]) -> dict[str, float]:
    """The model's probability of each of ``codes`` for the document (as scikit-learn's)."""
    plain = document.text.split()
    reads = [read for block in model.blocks if (read := _read(block, document, plain))]
    return {code: _probability(model, model.codes.index(code), reads) for code in codes}


def _probability(model: Model, index: int, reads: Sequence[_Read]) -> float:
    score = model.intercepts[index]
    for read in reads:
        score += sum(map(mul, read.values, read.pick(read.block.weights[index]))) / read.norm
    return 1.0 / (1.0 + math.exp(-score))


def find(document: Document, skip: Sequence[str] = ()) -> list[Finding]:
    """The codes the model raises in the document (leaving out ``skip``), with their phrases."""
    model = active_model()
    if model is None or not document.text.strip():
        return []
    codes = [
        (index, code)
        for index, code in enumerate(model.codes)
        if code in model.thresholds and code not in skip
    ]
    if not codes:
        return []
    plain = document.text.split()  # scikit-learn's char_wb splits on white space too
    if len(plain) < MIN_WORDS:
        return []
    reads = [read for block in model.blocks if (read := _read(block, document, plain))]
    if not reads:
        return []
    findings = []
    words: list[tuple[int, int, str]] = []
    for index, code in codes:
        probability = _probability(model, index, reads)
        if probability <= model.thresholds[code]:
            continue
        if not words:
            words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(document.text)]
        shares = _shares(document, words, reads, index)
        first, last = _best_phrase(document, words, shares)
        findings.append(
            Finding(
                code=code,
                probability=probability,
                start=words[first][0],
                end=words[last][1],
                words=tuple(
                    words[position][2]
                    for position in sorted(
                        range(first, last + 1), key=lambda p: shares[p], reverse=True
                    )[:3]
                ),
            )
        )
    return findings


def _shares(
    document: Document, words: Sequence[tuple[int, int, str]], reads: Sequence[_Read], index: int
) -> list[float]:
    """Each word's share of a code's score: every occurrence of a feature gets an equal part of
    the feature's value times its weight, split among the words it was read from."""
    shares = [0.0] * len(words)
    for read in reads:
        weighted = map(mul, read.values, read.pick(read.block.weights[index]))
        unit = dict(zip(read.counts, map(truediv, weighted, read.counts.values()), strict=True))
        if read.block.analyzer == "char_wb":
            known = _known_positions(read.block)
            for position, (_, _, word) in enumerate(words):
                shares[position] += sum(map(unit.__getitem__, known(word))) / read.norm
            continue
        # A token n-gram's words: the white-space words holding its first and last token.
        starts = [start for start, _, _ in words]
        word_of = [bisect_right(starts, start) - 1 for start in document.token_starts]
        low, high = read.block.ngram_range
        for gram, first, last in token_ngrams(tokens(document), low, high):
            if (feature := read.block.index.get(gram)) is None:
                continue
            holders = range(word_of[first], word_of[last] + 1)
            part = unit[feature] / read.norm / len(holders)
            for position in holders:
                shares[position] += part
    return shares


def _single(position: int) -> Callable[[Sequence[float]], tuple[float, ...]]:
    """What ``itemgetter`` of several positions does, for a single n-gram (a tuple of one)."""
    return lambda values: (values[position],)


class _Sublinear(dict[int, float]):
    """Sublinear term frequency, as scikit-learn's ``sublinear_tf``: 1 + log(count), by count
    (a dictionary, looked up at C speed)."""

    def __missing__(self, count: int) -> float:
        self[count] = value = 1.0 + math.log(count)
        return value


_TF = _Sublinear()


@cache
def _known_positions(block: Block) -> Callable[[str], tuple[int, ...]]:
    """The positions of a word's n-grams that the block knows (the others weigh nothing), cached
    per word."""
    low, high = block.ngram_range
    index = block.index

    @lru_cache(maxsize=100_000)
    def known(word: str) -> tuple[int, ...]:
        return tuple(index[gram] for gram in word_ngrams(word, low, high) if gram in index)

    return known


def _best_phrase(
    document: Document, words: Sequence[tuple[int, int, str]], shares: Sequence[float]
) -> tuple[int, int]:
    """The run of at most PHRASE_WORDS words, inside one sentence, with the largest share."""
    sentence_of = [_sentence_at(document, start) for start, _, _ in words]
    best = (0, 0)
    best_sum = -math.inf
    for first in range(len(words)):
        total = 0.0
        for last in range(first, min(len(words), first + PHRASE_WORDS)):
            if sentence_of[last] != sentence_of[first]:
                break
            total += shares[last]
            if total > best_sum:
                best, best_sum = (first, last), total
    # Trim words that add nothing at either end.
    first, last = best
    while first < last and shares[first] <= 0:
        first += 1
    while last > first and shares[last] <= 0:
        last -= 1
    return first, last


def _sentence_at(document: Document, position: int) -> int:
    if not document.size:
        return 0
    return document.sentence_of[min(document.token_index_at(position), document.size - 1)]
