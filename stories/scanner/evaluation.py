"""Measure the scanner on the labelled corpus in ``corpus/`` (see ``corpus/README.md``).

Each corpus item is a text, its language and the set of flag codes a moderator would want raised.
The scanner is scored per text and per code: a code counts as found when at least one flag with
that code is raised anywhere in the text, whatever its span. ``bench/scanner_eval.py`` prints the
figures; ``tests/stories/test_scanner_eval.py`` holds the held-out figures so they never regress.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import FLAG_CODES, ScanResult, scan
from .engine import load_catalogue

CORPUS_DIR = Path(__file__).resolve().parent / "corpus"
SPLITS = ("dev", "heldout")
ALL = "all"


class OffsetError(AssertionError):
    """A flag whose ``start``/``end`` do not point at its ``match`` in the scanned text."""


def check_offsets(text: str, flags: Iterable[object]) -> None:
    """Raise :class:`OffsetError` unless ``text[start:end] == match`` for every flag.

    Flags may be :class:`~stories.scanner.Flag` objects or their dicts (the command's JSON).
    """
    for flag in flags:
        if isinstance(flag, dict):
            start, end, match = flag["start"], flag["end"], flag["match"]
        else:
            start, end, match = flag.start, flag.end, flag.match  # type: ignore[attr-defined]
        if not (0 <= start < end <= len(text)) or text[start:end] != match:
            raise OffsetError(
                f"flag {match!r} at {start}:{end} does not match the text there: "
                f"{text[max(0, start) : max(0, end)]!r}"
            )


def checked_scan(text: str, lang: str = "auto") -> ScanResult:
    """:func:`~stories.scanner.scan`, checking every flag's offsets against ``text``."""
    result = scan(text, lang)
    check_offsets(text, result.flags)
    return result


@dataclass(frozen=True, slots=True)
class Item:
    text: str
    lang: str
    expected: frozenset[str]
    note: str
    line: int


def load_corpus(split: str, directory: Path = CORPUS_DIR) -> list[Item]:
    path = directory / f"{split}.jsonl"
    items = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            data = json.loads(line)
            items.append(
                Item(
                    text=data["text"],
                    lang=data["lang"],
                    expected=frozenset(data["expected"]),
                    note=data["note"],
                    line=number,
                )
            )
    return items


@dataclass(slots=True)
class Counts:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    @property
    def precision(self) -> float | None:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else None

    @property
    def recall(self) -> float | None:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else None

    def add(self, other: Counts) -> None:
        self.true_positives += other.true_positives
        self.false_positives += other.false_positives
        self.false_negatives += other.false_negatives


@dataclass(frozen=True, slots=True)
class Miss:
    """A code the scanner missed (``kind="missed"``) or raised wrongly (``kind="wrong"``)."""

    kind: str
    code: str
    item: Item
    matches: tuple[str, ...] = ()


@dataclass(slots=True)
class Report:
    split: str
    texts: dict[str, int] = field(default_factory=dict)
    clean: dict[str, int] = field(default_factory=dict)
    clean_flagged: dict[str, int] = field(default_factory=dict)
    counts: dict[tuple[str, str], Counts] = field(default_factory=dict)
    misses: list[Miss] = field(default_factory=list)

    def code_counts(self, code: str, lang: str = ALL) -> Counts:
        return self.counts.setdefault((code, lang), Counts())

    def pooled(self, codes: Iterable[str], lang: str = ALL) -> Counts:
        total = Counts()
        for code in codes:
            total.add(self.code_counts(code, lang))
        return total

    def false_flag_rate(self, lang: str = ALL) -> float | None:
        clean = self.clean.get(lang, 0)
        return self.clean_flagged.get(lang, 0) / clean if clean else None

    @property
    def high_recall(self) -> float | None:
        return self.pooled(codes_of_severity("high")).recall

    @property
    def all_recall(self) -> float | None:
        return self.pooled(FLAG_CODES).recall


def codes_of_severity(severity: str) -> tuple[str, ...]:
    flags = load_catalogue().flags
    return tuple(code for code in FLAG_CODES if flags[code].severity == severity)


def evaluate(
    items: Sequence[Item],
    split: str,
    scanner: Callable[[str, str], ScanResult] = checked_scan,
) -> Report:
    """Scan every item in its own language and count found, wrong and missed codes."""
    report = Report(split=split)
    for item in items:
        result = scanner(item.text, item.lang)
        matches: dict[str, list[str]] = {}
        for flag in result.flags:
            matches.setdefault(flag.code, []).append(flag.match)
        found = set(matches)
        for lang in (ALL, item.lang):
            report.texts[lang] = report.texts.get(lang, 0) + 1
            if not item.expected:
                report.clean[lang] = report.clean.get(lang, 0) + 1
                if found:
                    report.clean_flagged[lang] = report.clean_flagged.get(lang, 0) + 1
            for code in FLAG_CODES:
                counts = report.code_counts(code, lang)
                if code in found and code in item.expected:
                    counts.true_positives += 1
                elif code in found:
                    counts.false_positives += 1
                elif code in item.expected:
                    counts.false_negatives += 1
        for code in sorted(item.expected - found):
            report.misses.append(Miss("missed", code, item))
        for code in sorted(found - item.expected):
            report.misses.append(Miss("wrong", code, item, tuple(matches[code])))
    return report


STORY_TEXT_MIN = 200  # characters: dev's story-like texts, long enough to have paragraphs


def benchmark_text(length: int = 5_000, dense: bool = False) -> str:
    """A text of ``length`` characters made of dev's Indonesian texts, in corpus order.

    By default a story: the long texts only (story drafts, announcements, forum replies; honest
    prose with a few red flags). With ``dense``, every text, short pitches included: far more
    red flags than any real story, as a worst case.
    """
    texts = [
        item.text
        for item in load_corpus("dev")
        if item.lang == "id" and (dense or len(item.text) >= STORY_TEXT_MIN)
    ]
    parts: list[str] = []
    size = 0
    index = 0
    while size < length and texts:
        text = texts[index % len(texts)]
        parts.append(text)
        size += len(text) + 2
        index += 1
    return "\n\n".join(parts)[:length]


@dataclass(frozen=True, slots=True)
class Timing:
    wall: float  # median seconds per scan, by the clock on the wall
    cpu: float  # median seconds of this process's processor time per scan


def time_scan(text: str, lang: str = "id", runs: int = 300) -> Timing:
    """The median time of scanning ``text`` ``runs`` times (after one warm-up).

    Both the wall-clock time and the process's own processor time are measured: on a shared
    machine the first also counts the time other processes held the processor.
    """
    scan(text, lang)
    walls = []
    cpus = []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        scan(text, lang)
        cpus.append(time.process_time() - cpu)
        walls.append(time.perf_counter() - wall)
    return Timing(wall=statistics.median(walls), cpu=statistics.median(cpus))
