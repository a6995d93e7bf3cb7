"""Transparency scan: find red-flag claims in a story's text (docs/contracts.md §3).

The rules are data in ``rules/``: ``flags.json`` holds each flag's severity, explanations and
guide page, and ``<language>.json`` holds the phrases and patterns for one language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from . import engine

LANGUAGES: tuple[str, ...] = engine.languages()
FLAG_CODES: tuple[str, ...] = tuple(engine.load_catalogue().flags)
GUIDE_SLUGS: Mapping[str, Mapping[str, str]] = engine.load_catalogue().guides
"""Guide pages under ``/learn/``: guide key -> language -> page slug."""


@dataclass(frozen=True, slots=True)
class Flag:
    code: str
    severity: str
    match: str
    start: int
    end: int
    explanation: str
    guide_url: str
    rule: str = ""
    """Which rule found it: the language file, the flag code and the phrase, pattern or near rule."""
    reason: str = ""
    """Why the context did not cancel it (no negation in its clause, a denial of something else…)."""

    def to_dict(self) -> dict[str, str | int]:
        # The contract's keys (docs/contracts.md §3), then the additive "rule" and "reason".
        return {
            "code": self.code,
            "severity": self.severity,
            "match": self.match,
            "start": self.start,
            "end": self.end,
            "explanation": self.explanation,
            "guide_url": self.guide_url,
            "rule": self.rule,
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class ScanResult:
    language: str
    flags: tuple[Flag, ...]

    def to_dict(self) -> dict[str, object]:
        return {"language": self.language, "flags": [flag.to_dict() for flag in self.flags]}


def detect_language(text: str) -> str:
    """Return "id" or "en", whichever language's common words the text uses more.

    With no evidence either way (empty text, a tie) the answer is "id", the site's language.
    """
    return engine.detect_language(text)


def guide_url(code: str, language: str) -> str:
    return engine.load_catalogue().guide_url(code, language)


def scan(text: str, lang: str = "auto") -> ScanResult:
    """Scan ``text`` with the rules for ``lang`` ("id", "en", or "auto" to detect it).

    Each flag's ``start``/``end`` are offsets into ``text`` (``text[start:end] == match``),
    and flags come sorted by ``start``.
    """
    language = detect_language(text) if lang == "auto" else lang
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; expected 'auto' or one of {LANGUAGES}")
    catalogue = engine.load_catalogue()
    flags = []
    for hit in engine.find_hits(text, language):
        spec = catalogue.flags[hit.code]
        flags.append(
            Flag(
                code=hit.code,
                severity=spec.severity,
                match=text[hit.start : hit.end],
                start=hit.start,
                end=hit.end,
                explanation=spec.explanations[language],
                guide_url=catalogue.guide_url(hit.code, language),
                rule=hit.rule,
                reason=hit.reason,
            )
        )
    return ScanResult(language=language, flags=tuple(flags))


__all__ = [
    "FLAG_CODES",
    "GUIDE_SLUGS",
    "LANGUAGES",
    "Flag",
    "ScanResult",
    "detect_language",
    "guide_url",
    "scan",
]
