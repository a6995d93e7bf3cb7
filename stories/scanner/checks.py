"""A rule's own checks on a candidate, before the context judges it.

An exception overlapping it, a cue or negation shortly before it or inside it, or a vetoing
lexicon group in its sentence or clause drops a candidate; :func:`dropped_by` says which.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from . import context, prefilter
from .matching import Candidate
from .normalise import Document
from .ruleset import Rule, RuleSet


def _is_cancelled(
    document: Document,
    start: int,
    cues: Mapping[str, tuple[tuple[str, ...], ...]],
    window: int,
    clause_breakers: frozenset[str],
) -> str | None:
    """The cue (a negation, or a word like "harga") shortly before ``start`` that cancels it.

    A cue counts when at most ``window`` words separate it from the match, inside the same
    clause: punctuation and words such as "tapi"/"but" end a cue's reach.
    """
    forms, clauses = document.forms, document.clause_of
    first = document.token_index_at(start)
    if first == 0 or not forms:
        return None
    clause = clauses[min(first, len(forms) - 1)] if first < len(forms) else clauses[-1] + 1
    words: list[str] = []
    if first < len(forms) and document.token_starts[first] < start:
        # The match starts inside a word: "non-guaranteed income" has the cue "non".
        words = [
            part
            for part in re.split(r"[-']", document.text[document.token_starts[first] : start])
            if part
        ][::-1]
    index = first - 1
    while index >= 0 and clauses[index] == clause and len(words) <= window + 3:
        if forms[index] in clause_breakers:
            break
        words.append(forms[index])
        index -= 1
    words.reverse()
    for end in range(len(words), max(0, len(words) - window - 1), -1):
        for cue in cues.get(words[end - 1], ()):
            if end >= len(cue) and tuple(words[end - len(cue) : end]) == cue:
                return " ".join(cue)
    return None


def _negated_inside(candidate: Candidate, document: Document, ruleset: RuleSet) -> str | None:
    """A negation just before a later word of a near match ("penghasilan tidak dijamin")."""
    forms = document.forms
    covered = {index for first, last in candidate.inner for index in range(first, last)}
    for first, _ in candidate.inner[1:]:
        for index in range(first - 1, max(candidate.inner[0][0], first - 3) - 1, -1):
            if index in covered:
                break
            cue = ruleset.negation_cues.get(forms[index])
            if cue and any(len(words) == 1 for words in cue):
                return forms[index]
    return None


_EXCEPTION_REACH = 120  # an exception longer than this cannot overlap a match from outside


def _excepted(exceptions: prefilter.Pattern, starts: prefilter.Index, candidate: Candidate) -> bool:
    """Whether an exception overlaps the candidate (searched only around it)."""
    low = max(0, candidate.start - _EXCEPTION_REACH)
    high = min(len(starts.text), candidate.end + _EXCEPTION_REACH)
    return starts.overlaps(exceptions, low, high, candidate.start, candidate.end)


def _sentence_has(
    document: Document, frame: context.Frame, start: int, groups: Iterable[str]
) -> bool:
    if not document.size:
        return False
    sentence = document.sentence_of[min(document.token_index_at(start), document.size - 1)]
    return any(sentence in frame.sentences_with(group) for group in groups)


def _clause_has(
    document: Document, frame: context.Frame, candidate: Candidate, groups: Iterable[str]
) -> bool:
    if not document.size:
        return False
    first = min(document.token_index_at(candidate.start), document.size - 1)
    last = max(first, min(document.token_index_at(candidate.end - 1), document.size - 1))
    clauses = set(document.clause_of[first : last + 1])
    return any(
        document.clause_of[start] in clauses
        for group in groups
        for start, _ in frame.tags.get(group, ())
    )


def cue_within(
    candidate: Candidate, document: Document, rule: Rule, ruleset: RuleSet
) -> str | None:
    """A negation or cancelling cue anywhere in a model flag's phrase ("tidak pasti")."""
    first = document.token_index_at(candidate.start)
    last = document.token_index_at(max(candidate.start, candidate.end - 1))
    for index in range(first, min(last + 1, document.size)):
        form = document.forms[index]
        cues = rule.cancel_cues.get(form, ())
        if rule.negatable:
            cues += ruleset.negation_cues.get(form, ())
        if any(len(cue) == 1 for cue in cues):
            return form
    return None


def dropped_by(
    rule: Rule,
    candidate: Candidate,
    document: Document,
    ruleset: RuleSet,
    frame: context.Frame,
    starts: prefilter.Index,
) -> str:
    """Which of the rule's own checks drops the candidate ("" when none does)."""
    if rule.exceptions is not None and _excepted(rule.exceptions, starts, candidate):
        return "an exception overlaps it"
    if rule.cancel_cues and (
        cue := _is_cancelled(
            document, candidate.start, rule.cancel_cues, rule.window, ruleset.clause_breakers
        )
    ):
        return f"cancelled by {cue!r} before it"
    if (
        rule.negatable
        and candidate.inner
        and (cue := _negated_inside(candidate, document, ruleset))
    ):
        return f"negated by {cue!r} inside it"
    if rule.unless and _sentence_has(document, frame, candidate.start, rule.unless):
        return f"its sentence has a word of {', '.join(rule.unless)}"
    if rule.unless_clause and _clause_has(document, frame, candidate, rule.unless_clause):
        return f"its clause has a word of {', '.join(rule.unless_clause)}"
    return ""
