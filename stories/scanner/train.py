"""Train the scanner's model on the ``dev`` corpus and write ``model.json``.

    python -m stories.scanner.train [--folds 5] [--precision 0.95]

Needs scikit-learn (a development dependency: ``pip install -e ".[dev]"``); the scanner itself
reads the JSON in plain Python (:mod:`stories.scanner.model`). Only ``dev.jsonl`` is read, never
``heldout.jsonl``. For each flag code a logistic regression over TF-IDF-weighted features of the
normalised text (the blocks of :data:`DEFAULT`: see :class:`Config`); its threshold is the lowest
probability at which the model's flags, predicted by cross-validation on texts left out of
training, are right at least ``precision`` of the time (a code that never gets there is left to
the rules alone). Takes a few seconds.

``bench/scanner_cv.py`` measures a configuration by cross-validation of the whole scanner; the
configurations tried, and why :data:`DEFAULT` was chosen, are in bench/README.md ("Third round";
since the eighth round the stricter threshold of configuration ``I``, precision 0.95).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from . import FLAG_CODES
from . import model as model_module
from .evaluation import Item, load_corpus
from .model import MODEL_FILE
from .normalise import Document, normalise

THRESHOLDS = [round(0.5 + 0.02 * step, 2) for step in range(25)]  # 0.50 … 0.98
MIN_FLAGS = 3  # a threshold needs at least this many cross-validated flags behind it


@dataclass(frozen=True, slots=True)
class Config:
    """How the model is trained: its feature blocks, regularisation, thresholds and pruning."""

    char_range: tuple[int, int] = (2, 5)  # character n-grams inside word boundaries
    char_min_df: int = 2  # an n-gram must occur in at least this many training texts
    token_range: tuple[int, int] | None = None  # n-grams of the normaliser's tokens, or none
    token_min_df: int = 2
    C: float = 4.0  # inverse regularisation strength of the logistic regressions
    precision: float = 0.9  # the cross-validated precision each code's threshold must reach
    keep: int | None = None  # keep only the n-grams weighing most (then refit), or all
    folds: int = 5  # for the thresholds' cross-validation

    def describe(self) -> str:
        parts = [f"char {self.char_range[0]}-{self.char_range[1]} min_df {self.char_min_df}"]
        if self.token_range:
            low, high = self.token_range
            parts.append(f"tokens {low}-{high} min_df {self.token_min_df}")
        parts.append(f"C {self.C:g}, precision {self.precision:g}")
        if self.keep:
            parts.append(f"keep {self.keep:,}")
        return "; ".join(parts)


# Configuration I of bench/scanner_cv.py (eighth round): the third round's A with thresholds at
# precision 0.95, chosen by its out-of-fold figures against the model it replaced.
DEFAULT = Config(precision=0.95)


@dataclass(frozen=True, slots=True)
class Example:
    """A training text: the normalised text, its tokens and its codes."""

    text: str
    tokens: tuple[str, ...]
    expected: frozenset[str]

    @classmethod
    def of(cls, item: Item) -> Example:
        document: Document = normalise(item.text, item.lang)
        return cls(document.text, model_module.tokens(document), item.expected)


def _vectorizers(config: Config, vocabularies: Sequence[Sequence[str]] | None = None) -> list:
    from sklearn.feature_extraction.text import TfidfVectorizer

    def vocabulary(position: int) -> Sequence[str] | None:
        return None if vocabularies is None else vocabularies[position]

    vectorizers = [
        TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=config.char_range,
            min_df=config.char_min_df,
            lowercase=False,  # the normalised text is lowercase already
            sublinear_tf=True,
            vocabulary=vocabulary(0),
        )
    ]
    if config.token_range:
        vectorizers.append(
            TfidfVectorizer(
                analyzer=model_module.token_analyzer(*config.token_range),
                min_df=config.token_min_df,
                sublinear_tf=True,
                vocabulary=vocabulary(1),
            )
        )
    return vectorizers


def _inputs(examples: Sequence[Example], analyzer: str) -> list:
    if analyzer == "char_wb":
        return [example.text for example in examples]
    return [example.tokens for example in examples]


ANALYZER_OF = ("char_wb", "tokens")  # the analyzer of each vectorizer, in order


class _Features:
    """The blocks' vectorizers fitted on some texts; each block scaled to unit length."""

    def __init__(self, config: Config, examples: Sequence[Example], vocabularies=None) -> None:
        self.vectorizers = _vectorizers(config, vocabularies)
        self.matrix = self._stack(
            vectorizer.fit_transform(_inputs(examples, ANALYZER_OF[position]))
            for position, vectorizer in enumerate(self.vectorizers)
        )

    @staticmethod
    def _stack(blocks):
        from scipy.sparse import hstack

        return hstack(list(blocks), format="csr")

    def transform(self, examples: Sequence[Example]):
        return self._stack(
            vectorizer.transform(_inputs(examples, ANALYZER_OF[position]))
            for position, vectorizer in enumerate(self.vectorizers)
        )

    def names(self) -> list[list[str]]:
        return [vectorizer.get_feature_names_out().tolist() for vectorizer in self.vectorizers]


def _classifier(config: Config):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=config.C, class_weight="balanced", max_iter=5000)


def _fit(config: Config, examples: Sequence[Example]) -> tuple[_Features, list]:
    """The features and one fitted classifier per code; pruned and refitted with ``keep``."""
    features = _Features(config, examples)
    classifiers = _classifiers(config, features, examples)
    if config.keep is not None and config.keep < features.matrix.shape[1]:
        import numpy

        largest = numpy.max(numpy.abs([c.coef_[0] for c in classifiers]), axis=0)
        kept = set(numpy.argsort(-largest, kind="stable")[: config.keep].tolist())
        vocabularies, offset = [], 0
        for names in features.names():
            vocabularies.append(
                [name for position, name in enumerate(names) if offset + position in kept]
            )
            offset += len(names)
        features = _Features(config, examples, vocabularies)
        classifiers = _classifiers(config, features, examples)
    return features, classifiers


def _classifiers(config: Config, features: _Features, examples: Sequence[Example]) -> list:
    classifiers = []
    for code in FLAG_CODES:
        classifier = _classifier(config)
        classifier.fit(features.matrix, [code in example.expected for example in examples])
        classifiers.append(classifier)
    return classifiers


def threshold(probabilities, labels, precision: float) -> float | None:
    """The lowest threshold at which the flags above it are right ``precision`` of the time."""
    for candidate in THRESHOLDS:
        flagged = [
            label
            for probability, label in zip(probabilities, labels, strict=True)
            if probability > candidate
        ]
        if len(flagged) >= MIN_FLAGS and sum(flagged) / len(flagged) >= precision:
            return candidate
    return None


def out_of_fold(config: Config, examples: Sequence[Example]) -> dict[str, list[float]]:
    """Each code's probability for each example, from a model trained on the other folds."""
    from sklearn.model_selection import StratifiedKFold

    predicted = {code: [0.0] * len(examples) for code in FLAG_CODES}
    splitter = StratifiedKFold(config.folds, shuffle=True, random_state=0)
    for train_rows, test_rows in splitter.split(examples, strata(examples)):
        features, classifiers = _fit(config, [examples[row] for row in train_rows])
        matrix = features.transform([examples[row] for row in test_rows])
        for code, classifier in zip(FLAG_CODES, classifiers, strict=True):
            probabilities = classifier.predict_proba(matrix)[:, 1]
            for row, probability in zip(test_rows, probabilities, strict=True):
                predicted[code][row] = float(probability)
    return predicted


def strata(examples: Sequence[Example | Item]) -> list[str]:
    """A label to stratify folds by: the text's rarest code in ``examples``, or "clean"."""
    frequency = {code: sum(code in e.expected for e in examples) for code in FLAG_CODES}
    return [
        min(example.expected, key=lambda code: (frequency[code], code))
        if example.expected
        else "clean"
        for example in examples
    ]


def fit(examples: Sequence[Example], config: Config = DEFAULT) -> dict[str, Any]:
    """The model trained on ``examples``, as written to ``model.json``."""
    predicted = out_of_fold(config, examples)
    features, classifiers = _fit(config, examples)
    data: dict[str, Any] = {
        "about": (
            "Written by `python -m stories.scanner.train` from dev.jsonl; do not edit by hand. "
            "See stories/scanner/model.py."
        ),
        "trained_on": f"dev.jsonl, {len(examples)} texts",
        "config": asdict(config),
        "codes": list(FLAG_CODES),
        "blocks": [],
        "intercepts": {},
        "thresholds": {},
    }
    offset = 0
    for position, names in enumerate(features.names()):
        vectorizer = features.vectorizers[position]
        size = len(names)
        data["blocks"].append(
            {
                "analyzer": ANALYZER_OF[position],
                "ngram_range": list(
                    config.char_range if position == 0 else config.token_range or ()
                ),
                "features": names,
                "idf": [round(float(value), 4) for value in vectorizer.idf_],
                "weights": {
                    code: [
                        round(float(weight), 4)
                        for weight in classifier.coef_[0][offset : offset + size]
                    ]
                    for code, classifier in zip(FLAG_CODES, classifiers, strict=True)
                },
            }
        )
        offset += size
    for code, classifier in zip(FLAG_CODES, classifiers, strict=True):
        data["intercepts"][code] = round(float(classifier.intercept_[0]), 5)
        labels = [code in example.expected for example in examples]
        chosen = threshold(predicted[code], labels, config.precision)
        if chosen is not None:
            data["thresholds"][code] = chosen
    return data


def train(config: Config = DEFAULT, path: Path = MODEL_FILE) -> dict[str, Any]:
    """Train on all of ``dev.jsonl`` and write the model to ``path``."""
    data = fit([Example.of(item) for item in load_corpus("dev")], config)
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", "utf-8")
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folds", type=int, default=DEFAULT.folds)
    parser.add_argument("--precision", type=float, default=DEFAULT.precision)
    args = parser.parse_args()
    config = replace(DEFAULT, folds=args.folds, precision=args.precision)
    data = train(config)
    size = sum(len(block["features"]) for block in data["blocks"])
    print(f"{MODEL_FILE}: {size:,} n-grams ({config.describe()}), trained on {data['trained_on']}")
    for code in data["codes"]:
        chosen = data["thresholds"].get(code)
        print(f"  {code:<24} " + (f"threshold {chosen:.2f}" if chosen else "rules only"))


if __name__ == "__main__":
    main()
