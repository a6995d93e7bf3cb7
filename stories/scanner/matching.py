"""Candidates: where a rule's patterns, phrases and near rules match the normalised text."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from . import prefilter
from .lexicon import LONGEST_PHRASE, Occurrence
from .normalise import Document
from .ruleset import Near, Rule


@dataclass(slots=True)
class Candidate:
    """A match in the normalised text, before the context decides whether it stands."""

    rule: Rule
    start: int  # offsets into the normalised text
    end: int
    name: str
    inner: tuple[tuple[int, int], ...] = field(default=())  # token ranges of a near match


def pattern_candidates(rule: Rule, starts: prefilter.Index) -> Iterator[Candidate]:
    """Every match of the rule's patterns that starts a word (one per start, pattern by pattern)."""
    for alternative in rule.alternatives:
        for found in starts.word_start_matches(alternative.pattern):
            yield Candidate(rule=rule, start=found.start(), end=found.end(), name=alternative.name)


def phrase_candidates(
    rule: Rule, document: Document, tags: Mapping[str, Sequence[Occurrence]]
) -> Iterator[Candidate]:
    for group in rule.phrases:
        for first, last in tags.get(group, ()):
            yield Candidate(
                rule=rule,
                start=document.token_starts[first],
                end=document.token_ends[last - 1],
                name=group.partition(": ")[2],
            )


def near_candidates(
    rule: Rule,
    document: Document,
    tags: Mapping[str, Sequence[Occurrence]],
    sentences_with: Callable[[str], frozenset[int]],
    breakers: Sequence[int] = (),
) -> Iterator[Candidate]:
    sentence_of = document.sentence_of
    for near in rule.near:
        lists = [tags.get(group, ()) for group in near.groups]
        if not all(lists):
            continue
        for anchor in lists[0]:
            chosen = _complete(near, anchor, lists[1:], document, breakers)
            if chosen is None:
                continue
            sentence = sentence_of[anchor[0]]
            if not all(sentence in sentences_with(group) for group in near.with_groups):
                continue
            first = min(occurrence[0] for occurrence in chosen)
            last = max(occurrence[1] for occurrence in chosen)
            if any(
                first < start and end <= last and (start, end) not in chosen
                for group in near.not_between
                for start, end in tags.get(group, ())
            ):
                continue
            yield Candidate(
                rule=rule,
                start=document.token_starts[first],
                end=document.token_ends[last - 1],
                name=near.name,
                inner=tuple(sorted(chosen)),
            )


def _complete(
    near: Near,
    anchor: Occurrence,
    others: Sequence[Sequence[Occurrence]],
    document: Document,
    breakers: Sequence[int] = (),
) -> list[Occurrence] | None:
    """The anchor and, for every other group, its closest occurrence in reach, or None.

    Words on either side of a "tapi"/"but" never make one match: they belong to contrasting
    clauses.
    """
    chosen = [anchor]
    low, high = anchor
    scopes = document.clause_of if near.scope == "clause" else document.sentence_of
    scope = scopes[anchor[0]]
    for occurrences in others:
        best: Occurrence | None = None
        best_gap = near.within + 1
        # Occurrences are in order of their start, and none is longer than LONGEST_PHRASE.
        reach = low if near.ordered else low - near.within - LONGEST_PHRASE
        for position in range(bisect_left(occurrences, (reach,)), len(occurrences)):
            start, end = occurrence = occurrences[position]
            if near.ordered:
                if start < high:
                    continue
                gap = start - high
            elif start >= high:
                gap = start - high
            elif end <= low:
                gap = low - end
            else:
                continue  # overlaps what is already chosen
            if gap > near.within:
                if near.ordered or start >= high:
                    break
                continue
            if scopes[start] != scope or scopes[end - 1] != scope:
                continue
            if breakers and _breaker_between(breakers, min(low, start), max(high, end)):
                continue
            if gap < best_gap:
                best, best_gap = occurrence, gap
        if best is None:
            return None
        chosen.append(best)
        low, high = min(low, best[0]), max(high, best[1])
    return chosen


def _breaker_between(breakers: Sequence[int], low: int, high: int) -> bool:
    """Whether a clause-breaking word's position lies strictly between ``low`` and ``high``."""
    index = bisect_left(breakers, low + 1)
    return index < len(breakers) and breakers[index] < high
