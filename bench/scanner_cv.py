"""Cross-validate the whole scanner (rules and model) on dev, for choosing how the model is trained.

    python bench/scanner_cv.py [CONFIG ...] [--folds 5] [--seed 0] [--runs 100] [--per-code]
                               [--cache DIR] [--against MODEL_JSON]

For each configuration named (see ``CONFIGS``; ``rules`` is the rules alone, no model; by default
all of them), dev is split into ``--folds`` stratified folds (by each text's rarest code, or
"clean"). For each fold a model is trained on the other folds exactly as
``python -m stories.scanner.train`` trains on all of dev (thresholds included, by its own inner
cross-validation on those folds only), and the fold's texts are scanned by the real scanner with
that model in place of ``model.json``: the rules first, the model adding codes the rules did not
raise, the context layer judging the model's phrases. The figures are pooled over the folds:
high-severity recall, all-code recall and precision, false flags on clean text, for both
languages and per language. Last, the size of the model trained on all of dev with the
configuration and the median processor time of scanning a 5,000-character story with it (the
text of ``make scanner-eval``; ``--runs 0`` skips both). With ``--cache DIR`` each fold's model
is kept in ``DIR`` under a digest of its configuration and training examples, so that re-measuring
a change of the rules (which the model does not depend on) takes seconds instead of a training.

With ``--against MODEL_JSON`` (a ``model.json`` as shipped, e.g. ``git show
main:stories/scanner/model.json > /tmp/shipped.json``), each configuration is also compared with
that model on the dev texts it was never trained on: those after the first N lines of
``dev.jsonl``, N read from its ``trained_on`` (dev only grows by appending). On those texts the
same figures are printed for the rules alone, the given model, and each text's out-of-fold model
of the configuration: which of the two models to ship, on text neither was trained on.

Only ``dev.jsonl`` is read: heldout is for measuring the configuration chosen, once.
"""

import argparse
import hashlib
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from stories.scanner import FLAG_CODES, model  # noqa: E402
from stories.scanner.evaluation import (  # noqa: E402
    ALL,
    Report,
    benchmark_text,
    checked_scan,
    codes_of_severity,
    evaluate,
    load_corpus,
    time_scan,
)
from stories.scanner.train import DEFAULT, Config, Example, fit, strata  # noqa: E402

# The configurations tried in the third round (bench/README.md): A is the settings before it,
# and the one chosen then; I (eighth round) is stories.scanner.train.DEFAULT now.
CONFIGS: dict[str, Config | None] = {
    "rules": None,
    "A": Config(),
    "B": Config(token_range=(1, 2)),
    "C": Config(keep=6000),
    "D": Config(token_range=(1, 2), keep=6000),
    "E": Config(char_range=(3, 5), char_min_df=3),
    "F": Config(token_range=(1, 2), precision=0.85),
    # Added after the first six: B is the best by recall, but slower than A; D pruned it too far.
    "G": Config(token_range=(1, 2), keep=12000),
    "H": Config(keep=12000),
    # Seventh round: A with a stricter threshold, for fewer model flags on clean text.
    "I": Config(precision=0.95),
    "default": DEFAULT,
}


@dataclass(frozen=True, slots=True)
class Result:
    name: str
    report: Report
    features: int
    cpu_ms: float | None
    seconds: float
    # On the texts the ``--against`` model was not trained on: this configuration's out-of-fold
    # models, the ``--against`` model, and the rules alone.
    against: tuple[Report, Report, Report] | None = None


def trained_on(data: dict) -> int:
    """How many of dev's first texts a ``model.json`` was trained on (its ``trained_on``)."""
    words = str(data.get("trained_on", "")).replace(",", " ").split()
    counts = [int(word) for word in words if word.isdigit()]
    if not counts:
        raise ValueError(f"no count of texts in trained_on: {data.get('trained_on')!r}")
    return counts[0]


def fold_model(config: Config, training: list[Example], cache: Path | None) -> model.Model:
    """The model trained on ``training``; with a ``cache`` directory, trained once and kept there.

    The file is named by a digest of the configuration and the training examples as the
    normaliser writes them, so a change of the rules reuses it and a change of the data, the
    labels or the normaliser trains anew.
    """
    if cache is None:
        return model.from_data(fit(training, config))
    digest = hashlib.sha256(repr(config).encode())
    for example in training:
        digest.update(json.dumps([example.text, example.tokens, sorted(example.expected)]).encode())
    path = cache / f"fold-{digest.hexdigest()[:32]}.json"
    if not path.exists():
        cache.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(fit(training, config), ensure_ascii=False), "utf-8")
    return model.from_data(json.loads(path.read_text("utf-8")))


def cross_validate(
    name: str,
    config: Config | None,
    folds: int,
    seed: int,
    runs: int,
    cache: Path | None = None,
    against: Path | None = None,
) -> Result:
    from sklearn.model_selection import StratifiedKFold

    began = time.perf_counter()
    items = load_corpus("dev")
    examples = [Example.of(item) for item in items]
    model_of: dict[str, model.Model | None] = {}
    if config is not None:
        splitter = StratifiedKFold(folds, shuffle=True, random_state=seed)
        for train_rows, test_rows in splitter.split(items, strata(items)):
            trained = fold_model(config, [examples[row] for row in train_rows], cache)
            for row in test_rows:
                model_of[items[row].text] = trained
    else:
        model_of = dict.fromkeys((item.text for item in items), None)

    def scanner(text: str, lang: str):
        with model.using(model_of[text]):
            return checked_scan(text, lang)

    report = evaluate(items, f"dev, {folds}-fold", scanner)
    compared = None
    if against is not None and config is not None:
        data = json.loads(against.read_text("utf-8"))
        unseen = items[trained_on(data) :]
        other = model.from_data(data)

        def shipped(text: str, lang: str):
            with model.using(other):
                return checked_scan(text, lang)

        def rules(text: str, lang: str):
            with model.using(None):
                return checked_scan(text, lang)

        compared = (
            evaluate(unseen, "unseen by --against, out-of-fold", scanner),
            evaluate(unseen, "unseen by --against, that model", shipped),
            evaluate(unseen, "unseen by --against, rules alone", rules),
        )
    # The model on all of dev, for its size and speed only: not trained when not timed.
    whole = fold_model(config, examples, cache) if config is not None and runs else None
    cpu_ms = None
    if runs:
        with model.using(whole):
            cpu_ms = time_scan(benchmark_text(), "id", runs=runs).cpu * 1000
    return Result(
        name=name,
        report=report,
        features=whole.size if whole else 0,
        cpu_ms=cpu_ms,
        seconds=time.perf_counter() - began,
        against=compared,
    )


def _figures(report: Report, lang: str) -> str:
    high = report.pooled(codes_of_severity("high"), lang)
    every = report.pooled(FLAG_CODES, lang)
    rate = report.false_flag_rate(lang)
    flagged = report.clean_flagged.get(lang, 0)
    return (
        f"{high.recall:.3f} | {every.recall:.3f} | {every.precision:.3f} | "
        f"{rate:.1%} ({flagged}/{report.clean[lang]})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("configs", nargs="*", metavar="CONFIG", help=", ".join(CONFIGS))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0, help="of the outer folds")
    parser.add_argument("--runs", type=int, default=100, help="scans timed (0: no timing)")
    parser.add_argument("--per-code", action="store_true", help="also each code's P and R")
    parser.add_argument(
        "--cache",
        type=Path,
        help="keep each fold's model in this directory, to re-measure a rules change in seconds",
    )
    parser.add_argument(
        "--against",
        type=Path,
        metavar="MODEL_JSON",
        help="also compare with this model on the dev texts it was not trained on",
    )
    args = parser.parse_args()
    names = args.configs or list(CONFIGS)
    if unknown := [name for name in names if name not in CONFIGS]:
        parser.error(f"unknown configuration {', '.join(unknown)}; known: {', '.join(CONFIGS)}")

    print(f"# Scanner cross-validation on dev: {args.folds} folds, seed {args.seed}\n")
    for name in names:
        config = CONFIGS[name]
        print(f"- {name}: " + (config.describe() if config else "rules alone, no model"))
    print(
        "\n| config | lang | high R | all R | all P | false flags on clean | n-grams | story ms |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for name in names:
        result = cross_validate(
            name, CONFIGS[name], args.folds, args.seed, args.runs, args.cache, args.against
        )
        for lang in (ALL, "id", "en"):
            extra = (
                f"{result.features:,} | "
                + ("" if result.cpu_ms is None else f"{result.cpu_ms:.1f}")
                if lang == ALL
                else " | "
            )
            print(f"| {name} | {lang} | {_figures(result.report, lang)} | {extra} |", flush=True)
        if args.per_code:
            for code in FLAG_CODES:
                counts = result.report.code_counts(code)
                print(f"|   {code} | | P {counts.precision:.2f} | R {counts.recall:.2f} | | | | |")
        if result.against:
            unseen = result.against[0].texts[ALL]
            print(f"\n{name} against {args.against}, on the {unseen} dev texts it never saw:\n")
            print("| model | lang | high R | all R | all P | false flags on clean |")
            print("|---|---|---:|---:|---:|---:|")
            labels = (f"{name}, out-of-fold", args.against.name, "rules alone")
            for label, report in zip(labels, result.against, strict=True):
                for lang in (ALL, "id", "en"):
                    print(f"| {label} | {lang} | {_figures(report, lang)} |", flush=True)
            print()
        print(f"({name}: {result.seconds:.0f} s)", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
