"""Train the scanner's model on the ``dev`` corpus and write ``model.json``.

    python -m stories.scanner.train [--folds 5] [--precision 0.9]

Needs scikit-learn (a development dependency: ``pip install -e ".[dev]"``); the scanner itself
reads the JSON in plain Python (:mod:`stories.scanner.model`). Only ``dev.jsonl`` is read, never
``heldout.jsonl``. For each flag code a logistic regression over TF-IDF-weighted character
n-grams of the normalised text; its threshold is the lowest probability at which the model's
flags, predicted by cross-validation on texts left out of training, are right at least
``--precision`` of the time (a code that never gets there is left to the rules alone). Takes a
few seconds.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from . import FLAG_CODES
from .evaluation import load_corpus
from .model import MODEL_FILE
from .normalise import normalise

NGRAM_RANGE = (2, 5)
MIN_DF = 2
C = 4.0
THRESHOLDS = [round(0.5 + 0.02 * step, 2) for step in range(25)]  # 0.50 … 0.98
MIN_FLAGS = 3  # a threshold needs at least this many cross-validated flags behind it


def _pipeline():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = TfidfVectorizer(
        analyzer="char_wb", ngram_range=NGRAM_RANGE, min_df=MIN_DF, sublinear_tf=True
    )
    return vectorizer, LogisticRegression(C=C, class_weight="balanced", max_iter=5000)


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


def train(folds: int = 5, precision: float = 0.9, path: Path = MODEL_FILE) -> dict:
    from sklearn.model_selection import StratifiedKFold

    items = load_corpus("dev")
    texts = [normalise(item.text, item.lang).text for item in items]
    vectorizer, _ = _pipeline()
    matrix = vectorizer.fit_transform(texts)
    features = vectorizer.get_feature_names_out().tolist()
    data: dict = {
        "about": (
            "Written by `python -m stories.scanner.train` from dev.jsonl; do not edit by hand. "
            "See stories/scanner/model.py."
        ),
        "trained_on": f"dev.jsonl, {len(items)} texts",
        "ngram_range": list(NGRAM_RANGE),
        "codes": list(FLAG_CODES),
        "features": features,
        "idf": [round(float(value), 4) for value in vectorizer.idf_],
        "weights": {},
        "intercepts": {},
        "thresholds": {},
    }
    for code in FLAG_CODES:
        labels = [code in item.expected for item in items]
        out_of_fold = [0.0] * len(items)
        splitter = StratifiedKFold(folds, shuffle=True, random_state=0)
        for train_rows, test_rows in splitter.split(texts, labels):
            fold_vectorizer, fold_model = _pipeline()
            fold_model.fit(
                fold_vectorizer.fit_transform([texts[row] for row in train_rows]),
                [labels[row] for row in train_rows],
            )
            predicted = fold_model.predict_proba(
                fold_vectorizer.transform([texts[row] for row in test_rows])
            )[:, 1]
            for row, probability in zip(test_rows, predicted, strict=True):
                out_of_fold[row] = float(probability)
        _, model = _pipeline()
        model.fit(matrix, labels)
        data["weights"][code] = [round(float(weight), 4) for weight in model.coef_[0]]
        data["intercepts"][code] = round(float(model.intercept_[0]), 5)
        chosen = threshold(out_of_fold, labels, precision)
        if chosen is not None:
            data["thresholds"][code] = chosen
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", "utf-8")
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--precision", type=float, default=0.9)
    args = parser.parse_args()
    data = train(args.folds, args.precision)
    print(f"{MODEL_FILE}: {len(data['features'])} n-grams, trained on {data['trained_on']}")
    for code in data["codes"]:
        chosen = data["thresholds"].get(code)
        print(f"  {code:<24} " + (f"threshold {chosen:.2f}" if chosen else "rules only"))


if __name__ == "__main__":
    main()
