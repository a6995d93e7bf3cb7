"""The scanner's small learned model, read and run in plain Python (no scikit-learn needed).

The rules come first; the model only adds a flag for a code the rules did not raise anywhere in
the text. It is a linear model per flag code over the character n-grams (2 to 5 characters,
inside word boundaries) of the normalised text, weighted by TF-IDF, trained on the ``dev``
corpus by ``python -m stories.scanner.train`` (scikit-learn, a development dependency), which
writes ``model.json``. Each code has a threshold chosen on ``dev`` by cross-validation, so that
the model's own flags were right at least 9 times in 10 on texts it had not seen.

A model flag names the phrase that triggered it: the span it reports is the run of at most
:data:`PHRASE_WORDS` words, in the sentence that weighs most, whose n-grams weigh most for the code.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import chain
from operator import itemgetter, mul, truediv
from pathlib import Path
from types import MappingProxyType

from .normalise import Document

MODEL_FILE = Path(__file__).resolve().parent / "model.json"
PHRASE_WORDS = 6
MIN_WORDS = 8  # a shorter text is left to the rules: a few n-grams would decide alone
_WORD = re.compile(r"\S+")


@dataclass(frozen=True, slots=True, eq=False)  # eq=False: hashed by identity, for caches
class Model:
    codes: tuple[str, ...]
    ngram_range: tuple[int, int]
    index: Mapping[str, int]  # n-gram -> its position in ``idf`` and in each list of weights
    idf: Sequence[float]
    weights: tuple[Sequence[float], ...]  # per code, one weight per n-gram
    intercepts: tuple[float, ...]
    thresholds: Mapping[str, float]  # code -> probability above which the model flags it


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    probability: float
    start: int  # offsets into the normalised text
    end: int
    words: tuple[str, ...]  # the words that weigh most, for the flag's "rule"


@cache
def load_model(path: Path = MODEL_FILE) -> Model | None:
    """The model in ``path``, or None when there is none (the scanner then uses rules only)."""
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    codes = tuple(data["codes"])
    features = data["features"]
    return Model(
        codes=codes,
        ngram_range=(data["ngram_range"][0], data["ngram_range"][1]),
        index={feature: position for position, feature in enumerate(features)},
        idf=list(data["idf"]),
        weights=tuple(list(data["weights"][code]) for code in codes),
        intercepts=tuple(data["intercepts"][code] for code in codes),
        thresholds=MappingProxyType(dict(data["thresholds"])),
    )


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


def find(document: Document, skip: Sequence[str] = ()) -> list[Finding]:
    """The codes the model raises in the document (leaving out ``skip``), with their phrases."""
    model = load_model()
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
    known = _known_grams(model)
    counts = Counter(chain.from_iterable(map(known, plain)))
    if not counts:
        return []
    grams = list(counts)
    # The n-grams' positions, to pick their idf and weights out of the lists at C speed.
    pick = (
        itemgetter(*map(model.index.__getitem__, grams))
        if len(grams) > 1
        else _single(grams[0], model)
    )
    values = list(map(mul, map(_tf, counts.values()), pick(model.idf)))
    norm = math.sqrt(sum(map(mul, values, values))) or 1.0
    findings = []
    words: list[tuple[int, int, str]] = []
    for index, code in codes:
        weights = pick(model.weights[index])
        score = model.intercepts[index] + sum(map(mul, values, weights)) / norm
        probability = 1.0 / (1.0 + math.exp(-score))
        if probability <= model.thresholds[code]:
            continue
        # Each word's share of the score: its n-grams' values, split among the words using them.
        if not words:
            words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(document.text)]
        unit = dict(
            zip(grams, map(truediv, map(mul, values, weights), counts.values()), strict=True)
        )
        shares = [sum(map(unit.__getitem__, known(word))) / norm for _, _, word in words]
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


def _single(gram: str, model: Model) -> Callable[[Sequence[float]], tuple[float, ...]]:
    """What ``itemgetter`` of several positions does, for a single n-gram (a tuple of one)."""
    position = model.index[gram]
    return lambda values: (values[position],)


@lru_cache(maxsize=1024)
def _tf(count: int) -> float:
    """Sublinear term frequency, as scikit-learn's ``sublinear_tf``: 1 + log(count)."""
    return 1.0 + math.log(count)


@cache
def _known_grams(model: Model) -> Callable[[str], tuple[str, ...]]:
    """A word's n-grams that the model knows (the others weigh nothing), cached per word."""
    low, high = model.ngram_range
    index = model.index

    @lru_cache(maxsize=100_000)
    def known(word: str) -> tuple[str, ...]:
        return tuple(gram for gram in word_ngrams(word, low, high) if gram in index)

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
