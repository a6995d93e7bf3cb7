"""Measure the red-flag scanner on its labelled corpus: ``make scanner-eval``.

    python bench/scanner_eval.py [--runs 300] [--no-misses] [--show-heldout-misses] [--split dev]

Prints, for ``dev`` and ``heldout`` side by side, each flag code's precision and recall (per text:
a code counts as found when any flag of that code is raised), pooled figures for the
high-severity codes and for all codes, and the false flags on clean text (the share of texts
labelled clean that get any flag at all), first for both languages together, then per language.
Then it lists dev's misses, and for heldout only how many there are: the rules are tuned on dev
only (stories/scanner/corpus/README.md); ``--split dev`` reads dev alone, for tuning, and never
opens heldout. Last, the speed: the median time to scan a
5,000-character story over ``--runs`` runs, a 20,000-character one, and the longest inputs the
command accepts made to be hard (runs of digits, dots, spaces).
"""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from stories.management.commands.scan_claims import MAX_INPUT_CHARS  # noqa: E402
from stories.scanner import FLAG_CODES  # noqa: E402
from stories.scanner.engine import load_catalogue  # noqa: E402
from stories.scanner.evaluation import (  # noqa: E402
    ALL,
    SPLITS,
    Counts,
    Report,
    benchmark_text,
    codes_of_severity,
    evaluate,
    load_corpus,
    time_scan,
)
from stories.scanner.model import load_model  # noqa: E402

CELL = 22


def _ratio(value: float | None) -> str:
    return " n/a" if value is None else f"{value:.2f}"


def _cell(counts: Counts) -> str:
    found = f"{counts.true_positives}/{counts.false_positives}/{counts.false_negatives}"
    return f"{_ratio(counts.precision)} {_ratio(counts.recall)} {found:>9}".ljust(CELL)


def _rate(report: Report, lang: str) -> str:
    rate = report.false_flag_rate(lang)
    if rate is None:
        return "n/a".ljust(CELL)
    flagged = report.clean_flagged.get(lang, 0)
    return f"{rate:6.1%} ({flagged}/{report.clean[lang]})".ljust(CELL)


def print_table(reports: dict[str, Report], lang: str) -> None:
    title = "both languages" if lang == ALL else f"lang = {lang}"
    sizes = ", ".join(
        f"{split} {report.texts.get(lang, 0)} texts" for split, report in reports.items()
    )
    print(f"\n## {title} ({sizes})\n")
    header = "".join(f"| {split:<{CELL}}" for split in reports)
    print(f"{'code':<24}{'sev':<7}{header}")
    print(f"{'':<31}" + "".join(f"| {'  P    R   tp/fp/fn':<{CELL}}" for _ in reports))
    flags = load_catalogue().flags
    for code in FLAG_CODES:
        cells = "".join(f"| {_cell(report.code_counts(code, lang))}" for report in reports.values())
        print(f"{code:<24}{flags[code].severity:<7}{cells}")
    high = codes_of_severity("high")
    for label, codes in (("high severity, pooled", high), ("all codes, pooled", FLAG_CODES)):
        cells = "".join(f"| {_cell(report.pooled(codes, lang))}" for report in reports.values())
        print(f"{label:<31}{cells}")
    cells = "".join(f"| {_rate(report, lang)}" for report in reports.values())
    print(f"{'false flags on clean text':<31}{cells}")


def print_misses(report: Report, show: bool, hint: str) -> None:
    missed = [miss for miss in report.misses if miss.kind == "missed"]
    wrong = [miss for miss in report.misses if miss.kind == "wrong"]
    print(f"\n## {report.split} misses: {len(missed)} codes missed, {len(wrong)} raised wrongly")
    if not show:
        print(hint)
        return
    for miss in sorted(report.misses, key=lambda m: (m.kind, m.code, m.item.line)):
        where = f"{report.split}:{miss.item.line} [{miss.item.lang}]"
        found = f"  matched: {' | '.join(miss.matches)}" if miss.matches else ""
        print(f"- {miss.kind:<6} {miss.code:<22} {where}  {miss.item.text}{found}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=300, help="scans timed for the speed figure")
    parser.add_argument("--no-misses", action="store_true", help="do not list dev's misses")
    parser.add_argument(
        "--show-heldout-misses",
        action="store_true",
        help="also list heldout's misses (to read, never to tune the rules on)",
    )
    parser.add_argument(
        "--split",
        choices=SPLITS,
        action="append",
        help="evaluate only this split (repeatable; default: all): --split dev to tune",
    )
    parser.add_argument("--no-speed", action="store_true", help="skip the timing")
    args = parser.parse_args()

    splits = args.split or SPLITS
    reports = {split: evaluate(load_corpus(split), split) for split in splits}
    print("# Scanner evaluation: precision (P), recall (R), per text; tp/fp/fn are text counts")
    loaded = load_model()
    print(
        f"(model.json: {loaded.size:,} n-grams in {len(loaded.blocks)} block(s); "
        f"thresholds for {len(loaded.thresholds)} codes)"
        if loaded
        else "(no model.json: the rules alone)"
    )
    for lang in (ALL, "id", "en"):
        print_table(reports, lang)
    if "dev" in reports:
        print_misses(reports["dev"], show=not args.no_misses, hint="(not listed: --no-misses)")
    if "heldout" in reports:
        print_misses(
            reports["heldout"],
            show=args.show_heldout_misses,
            hint="(listed only with --show-heldout-misses; never tune the rules on them)",
        )
    if args.no_speed:
        return

    print(f"\n## speed: median of {args.runs} scans of a 5,000-character text")
    for label, dense in (
        ("a story (dev's long texts)", False),
        ("worst case (all dev texts)", True),
    ):
        text = benchmark_text(dense=dense)
        timing = time_scan(text, "id", runs=args.runs)
        print(
            f"{label:<28} {timing.wall * 1000:6.1f} ms wall clock, "
            f"{timing.cpu * 1000:6.1f} ms processor time"
        )
    # Longer and hostile inputs (the tests check the work grows linearly, without timing it).
    story = benchmark_text(length=20_000)
    runs = max(1, args.runs // 10)
    timing = time_scan(story, "id", runs=runs)
    print(
        f"{'20,000 characters (story)':<28} {timing.wall * 1000:6.1f} ms wall clock, "
        f"{timing.cpu * 1000:6.1f} ms processor time (median of {runs})"
    )
    print(f"\n## speed: pathological {MAX_INPUT_CHARS:,}-character inputs, median of 3 scans")
    for label, text in pathological_texts(MAX_INPUT_CHARS):
        timing = time_scan(text, "id", runs=3)
        print(
            f"{label:<28} {timing.wall * 1000:6.0f} ms wall clock, "
            f"{timing.cpu * 1000:6.0f} ms processor time"
        )
    if hasattr(os, "getloadavg"):
        print(f"(load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")


def pathological_texts(size: int) -> list[tuple[str, str]]:
    """Inputs of ``size`` characters that would make careless patterns backtrack."""
    return [
        ("digits", "1" * size),
        ("digits and dots", ("1." * size)[:size]),
        ("spaces", " " * size),
        ("amounts and dots", ("Rp1." * size)[:size]),
    ]


if __name__ == "__main__":
    main()
