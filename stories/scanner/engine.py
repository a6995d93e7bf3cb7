"""Load the red-flag rules in ``rules/`` once, and run them over a text.

A scan has three steps:

1. :mod:`.normalise` writes the text out in a plain form (slang, numbers, stems) and keeps a map
   back to the original, so every offset reported is an offset into the text as given.
2. The rules of each flag find candidates in the normalised text: ``phrases`` and ``patterns``
   (regular expressions), and ``near`` rules, which look for words of two or three word groups of
   the ``lexicon`` close together in one sentence.
3. :mod:`.context` decides whether a candidate stands: a negation in its clause, a warning or
   an account of someone else's words around it, or a finished situation cancels it; each flag
   that stands says why.

The pieces live by sub-domain: :mod:`.catalogue` (flags.json, the language files, the language
of a text), :mod:`.lexicon` (word groups and the phrase tree), :mod:`.ruleset` (a language's
compiled rules), :mod:`.matching` (candidates) and :mod:`.checks` (a rule's own vetoes). This
module runs them and keeps the names other code imports from it.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass

from . import context, model, normalise, prefilter
from .catalogue import (
    RULES_DIR,
    SEVERITY_RANK,
    Catalogue,
    FlagSpec,
    RulesError,
    detect_language,
    languages,
    load_catalogue,
    stopwords,
)
from .checks import cue_within, dropped_by
from .lexicon import Occurrence, tag
from .matching import Candidate, near_candidates, pattern_candidates, phrase_candidates
from .ruleset import Rule, RuleSet, load_ruleset

__all__ = [
    "RULES_DIR",
    "SEVERITY_RANK",
    "Catalogue",
    "Dropped",
    "FlagSpec",
    "Hit",
    "Occurrence",
    "Rule",
    "RuleSet",
    "RulesError",
    "deduplicate",
    "detect_language",
    "find_hits",
    "languages",
    "load_catalogue",
    "load_ruleset",
    "stopwords",
    "tag",
]


@dataclass(frozen=True, slots=True)
class Hit:
    code: str
    severity_rank: int
    start: int
    end: int
    rule: str = ""
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Dropped:
    code: str
    match: str
    rule: str
    why: str


class _Spans:
    """Disjoint spans kept in order, for quick overlap tests."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for start, end in spans:
            self.add(start, end)

    def overlaps(self, start: int, end: int) -> bool:
        before = bisect_left(self.starts, end) - 1
        return before >= 0 and self.ends[before] > start

    def add(self, start: int, end: int) -> None:
        index = bisect_left(self.starts, start)
        self.starts.insert(index, start)
        self.ends.insert(index, end)


def deduplicate(hits: list[Hit]) -> list[Hit]:
    """Of overlapping hits with the same code keep the most severe, then the longest."""
    kept: dict[str, _Spans] = {}
    result = []
    for hit in sorted(hits, key=lambda h: (-h.severity_rank, h.start - h.end, h.start)):
        spans = kept.setdefault(hit.code, _Spans())
        if not spans.overlaps(hit.start, hit.end):
            spans.add(hit.start, hit.end)
            result.append(hit)
    return sorted(result, key=lambda h: (h.start, -h.severity_rank, h.end, h.code))


def find_hits(text: str, language: str, trace: list[Dropped] | None = None) -> list[Hit]:
    """The flags' hits in ``text``, with offsets into ``text``.

    With a ``trace`` list, every candidate that was dropped is appended to it, with the step
    that dropped it: for moderators and rule writers asking why something was not flagged.
    """
    ruleset = load_ruleset(language)
    document = normalise.normalise(text, language)
    tags = tag(document, ruleset.lexicon)
    frame = context.Frame(document, tags, ruleset)
    starts = prefilter.Index(document.text)
    hits = []
    for rule in ruleset.rules:
        candidates = list(pattern_candidates(rule, starts))
        candidates += phrase_candidates(rule, document, tags)
        candidates += near_candidates(rule, document, tags, frame.sentences_with, frame.breakers)
        # Phrases and patterns before near rules (their spans are the more precise), longest
        # first: a candidate overlapping one already kept would lose to it anyway (see
        # deduplicate), so it needs no checking.
        candidates.sort(key=lambda c: (bool(c.inner), c.start - c.end, c.start))
        kept = _Spans()
        for candidate in candidates:
            if kept.overlaps(candidate.start, candidate.end):
                continue
            why = dropped_by(rule, candidate, document, ruleset, frame, starts)
            verdict = None if why else frame.judge(rule.code, candidate.start, candidate.end)
            if verdict is not None and verdict.cancelled:
                why = verdict.reason
            start, end = document.original_span(candidate.start, candidate.end)
            if why or start >= end:
                if trace is not None:
                    trace.append(Dropped(rule.code, text[start:end], candidate.name, why))
                continue
            kept.add(candidate.start, candidate.end)
            hits.append(
                Hit(
                    code=rule.code,
                    severity_rank=rule.severity_rank,
                    start=start,
                    end=end,
                    rule=f"{language}.json: {rule.code}: {candidate.name}",
                    reason=verdict.reason if verdict else "",
                )
            )
    rules_by_code = {rule.code: rule for rule in ruleset.rules}
    found = {hit.code for hit in hits}
    for finding in model.find(document, skip=sorted(found)):
        rule = rules_by_code[finding.code]
        words = ", ".join(repr(word) for word in finding.words)
        name = f"model (probability {finding.probability:.2f}; words {words})"
        candidate = Candidate(rule=rule, start=finding.start, end=finding.end, name=name)
        why = dropped_by(rule, candidate, document, ruleset, frame, starts)
        if not why and (cue := cue_within(candidate, document, rule, ruleset)):
            why = f"cancelled by {cue!r} inside it"
        verdict = None if why else frame.judge(rule.code, candidate.start, candidate.end)
        if verdict is not None and verdict.cancelled:
            why = verdict.reason
        start, end = document.original_span(candidate.start, candidate.end)
        if why or start >= end:
            if trace is not None:
                trace.append(Dropped(rule.code, text[start:end], name, why))
            continue
        hits.append(
            Hit(
                code=rule.code,
                severity_rank=rule.severity_rank,
                start=start,
                end=end,
                rule=f"model.json: {rule.code}: {name}",
                reason=verdict.reason if verdict else "",
            )
        )
    return deduplicate(hits)
