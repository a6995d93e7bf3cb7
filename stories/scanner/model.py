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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from operator import mul
from pathlib import Path
from types import MappingProxyType

from .normalise import Document

MODEL_FILE = Path(__file__).resolve().parent / "model.json"
PHRASE_WORDS = 6
MIN_WORDS = 8  # a shorter text is left to the rules: a few n-grams would decide alone
_WORD = re.compile(r"\S+")


@dataclass(frozen=True, slots=True)
class Model:
    codes: tuple[str, ...]
    ngram_range: tuple[int, int]
    idf: Mapping[str, float]
    weights: tuple[Mapping[str, float], ...]  # per code: n-gram -> weight
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
        idf=MappingProxyType(dict(zip(features, data["idf"], strict=True))),
        weights=tuple(
            MappingProxyType(dict(zip(features, data["weights"][code], strict=True)))
            for code in codes
        ),
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
    low, high = model.ngram_range
    words = [(match.start(), match.end(), match.group()) for match in _WORD.finditer(document.text)]
    if len(words) < MIN_WORDS:
        return []
    counts: Counter[str] = Counter()
    for _, _, word in words:
        counts.update(word_ngrams(word, low, high))
    idf = model.idf
    known = counts.keys() & idf.keys()
    values = {gram: (1.0 + math.log(counts[gram])) * idf[gram] for gram in known}
    norm = math.sqrt(sum(value * value for value in values.values())) or 1.0
    grams, weights_of = list(values), list(values.values())
    findings = []
    per_word: list[Counter[str]] | None = None
    for index, code in codes:
        weights = model.weights[index]
        dot = sum(map(mul, weights_of, map(weights.__getitem__, grams)))
        score = model.intercepts[index] + dot / norm
        probability = 1.0 / (1.0 + math.exp(-score))
        if probability <= model.thresholds[code]:
            continue
        # Each word's share of the score: its n-grams' values, split among the words using them.
        if per_word is None:
            per_word = [Counter(word_ngrams(word, low, high)) for _, _, word in words]
        shares = [
            sum(
                values[gram] * weights[gram] * seen / counts[gram]
                for gram, seen in word_grams.items()
                if gram in values
            )
            / norm
            for word_grams in per_word
        ]
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
