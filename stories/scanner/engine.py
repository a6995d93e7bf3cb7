"""Load the red-flag rules in ``rules/`` once, and run them over a text.

Matching runs on a lowercased copy of the text that has exactly the same length as the
original, so every offset found there is a valid offset into the original input.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

RULES_DIR = Path(__file__).resolve().parent / "rules"
CATALOGUE_FILE = "flags.json"
DEFAULT_LANGUAGE = "id"
SEVERITY_RANK: Mapping[str, int] = MappingProxyType({"low": 0, "medium": 1, "high": 2})

_PLACEHOLDER = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")
_ESCAPE = re.compile(r"\\.")
_WORD = re.compile(r"[\w'’]+(?:-[\w'’]+)*")
_WORD_CHAR = re.compile(r"\w")
_CLAUSE_BREAK = re.compile(r"[.!?;:,()\[\]{}\n—–]|\s-\s")
_PHRASE_SEPARATOR = r"(?:\s+|\s*-\s*)"
_NEGATION_LOOKBEHIND = 200


class RulesError(ValueError):
    """The rule files are malformed."""


@dataclass(frozen=True, slots=True)
class FlagSpec:
    code: str
    severity: str
    guide: str
    explanations: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class Catalogue:
    guide_root: str
    guides: Mapping[str, Mapping[str, str]]
    flags: Mapping[str, FlagSpec]

    def guide_url(self, code: str, language: str) -> str:
        return f"{self.guide_root}{self.guides[self.flags[code].guide][language]}/"


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    severity_rank: int
    alternatives: tuple[re.Pattern[str], ...]
    exceptions: re.Pattern[str] | None
    cancel_cues: Mapping[str, tuple[tuple[str, ...], ...]]
    window: int


@dataclass(frozen=True, slots=True)
class RuleSet:
    language: str
    clause_breakers: frozenset[str]
    rules: tuple[Rule, ...]


@dataclass(frozen=True, slots=True)
class Hit:
    code: str
    severity_rank: int
    start: int
    end: int


def _read_json(name: str) -> dict[str, Any]:
    path = RULES_DIR / name
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise RulesError(f"{path}: {exc}") from exc
    if not isinstance(data, dict):
        raise RulesError(f"{path}: expected a JSON object")
    return data


@cache
def languages() -> tuple[str, ...]:
    return tuple(
        sorted(path.stem for path in RULES_DIR.glob("*.json") if path.name != CATALOGUE_FILE)
    )


@cache
def load_catalogue() -> Catalogue:
    data = _read_json(CATALOGUE_FILE)
    guides = {key: MappingProxyType(dict(slugs)) for key, slugs in data["guides"].items()}
    flags = {}
    for code, spec in data["flags"].items():
        if spec["severity"] not in SEVERITY_RANK:
            raise RulesError(f"{CATALOGUE_FILE}: {code}: unknown severity {spec['severity']!r}")
        if spec["guide"] not in guides:
            raise RulesError(f"{CATALOGUE_FILE}: {code}: unknown guide {spec['guide']!r}")
        flags[code] = FlagSpec(
            code=code,
            severity=spec["severity"],
            guide=spec["guide"],
            explanations=MappingProxyType(dict(spec["explanation"])),
        )
    for language in languages():
        for code, flag in flags.items():
            if language not in flag.explanations:
                raise RulesError(f"{CATALOGUE_FILE}: {code}: no {language!r} explanation")
            if language not in guides[flag.guide]:
                raise RulesError(f"{CATALOGUE_FILE}: guide {flag.guide!r}: no {language!r} slug")
    return Catalogue(
        guide_root=data["guide_root"],
        guides=MappingProxyType(guides),
        flags=MappingProxyType(flags),
    )


Definitions = Mapping[str, str | list[str]]


def _definition(name: str, definitions: Definitions) -> str | list[str]:
    if name not in definitions:
        raise RulesError(f"unknown definition {{{name}}}")
    return definitions[name]


def _expand(pattern: str, definitions: Definitions, seen: tuple[str, ...] = ()) -> str:
    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in seen:
            raise RulesError(f"definition {name} refers to itself")
        value = _definition(name, definitions)
        items = value if isinstance(value, list) else [value]
        return "(?:" + "|".join(_expand(item, definitions, (*seen, name)) for item in items) + ")"

    return _PLACEHOLDER.sub(replace, pattern)


def _variants(pattern: str, definitions: Definitions, seen: tuple[str, ...] = ()) -> list[str]:
    """Split a pattern that starts with a list definition into one pattern per list item.

    ``(a|b)x`` finds the same matches as ``ax`` and ``bx`` searched separately, but the
    regex engine can only skip quickly through the text when a pattern starts with a literal,
    so a leading alternation of complex items is searched item by item.
    """
    leading = _PLACEHOLDER.match(pattern)
    if leading is None:
        return [pattern]
    name = leading.group(1)
    value = _definition(name, definitions)
    if not isinstance(value, list) or name in seen:
        return [pattern]
    rest = pattern[leading.end() :]
    return [
        f"(?:{variant}){rest}"
        for item in value
        for variant in _variants(item, definitions, (*seen, name))
    ]


def _phrase_body(phrase: str) -> str:
    words = [word for word in re.split(r"[\s\-]+", phrase.strip().lower()) if word]
    if not words:
        raise RulesError("empty phrase")
    return _PHRASE_SEPARATOR.join(re.escape(word).replace("'", "['’]") for word in words)


def _pattern_bodies(pattern: str, definitions: Definitions, where: str) -> list[str]:
    bodies = [_expand(variant, definitions) for variant in _variants(pattern, definitions)]
    for body in bodies:
        if any(char.isupper() for char in _ESCAPE.sub("", body)):
            raise RulesError(
                f"{where}: {pattern!r}: patterns run on lowercased text; use lowercase"
            )
    return bodies


def _bodies(entries: Mapping[str, Any], definitions: Definitions, where: str) -> list[str]:
    bodies = [_phrase_body(phrase) for phrase in entries.get("phrases", [])]
    for pattern in entries.get("patterns", []):
        bodies += _pattern_bodies(pattern, definitions, where)
    return bodies


def _compile(source: str, where: str) -> re.Pattern[str]:
    try:
        compiled = re.compile(source)
    except re.error as exc:
        raise RulesError(f"{where}: {source!r}: {exc}") from exc
    if compiled.match("") is not None:
        raise RulesError(f"{where}: {source!r} matches the empty string")
    return compiled


def _cues(words: list[str]) -> Mapping[str, tuple[tuple[str, ...], ...]]:
    """Cue phrases as word tuples, indexed by their last word."""
    by_last_word: dict[str, list[tuple[str, ...]]] = {}
    for cue in words:
        cue_words = tuple(cue.lower().replace("’", "'").split())
        by_last_word.setdefault(cue_words[-1], []).append(cue_words)
    return MappingProxyType({word: tuple(cues) for word, cues in by_last_word.items()})


@cache
def _language_data(language: str) -> dict[str, Any]:
    if language not in languages():
        raise ValueError(f"no rules for language {language!r}; available: {languages()}")
    return _read_json(f"{language}.json")


@cache
def stopwords(language: str) -> frozenset[str]:
    return frozenset(word.lower() for word in _language_data(language)["stopwords"])


@cache
def load_ruleset(language: str) -> RuleSet:
    catalogue = load_catalogue()
    data = _language_data(language)
    definitions = data.get("definitions", {})
    negation = data["negation"]
    rules = []
    for code, entries in data["rules"].items():
        where = f"{language}.json: {code}"
        if code not in catalogue.flags:
            raise RulesError(f"{where}: not a flag code in {CATALOGUE_FILE}")
        bodies = _bodies(entries, definitions, where)
        if not bodies:
            raise RulesError(f"{where}: no phrases or patterns")
        exception_bodies = _bodies(
            entries.get("exceptions", {}), definitions, f"{where}: exceptions"
        )
        cue_words = list(entries.get("suppressed_by", []))
        if entries.get("negatable", False):
            cue_words += negation["cues"]
        rules.append(
            Rule(
                code=code,
                severity_rank=SEVERITY_RANK[catalogue.flags[code].severity],
                alternatives=tuple(_compile(f"(?:{body})(?!\\w)", where) for body in bodies),
                exceptions=(
                    _compile(
                        "|".join(f"(?<!\\w)(?:{body})(?!\\w)" for body in exception_bodies),
                        f"{where}: exceptions",
                    )
                    if exception_bodies
                    else None
                ),
                cancel_cues=_cues(cue_words),
                window=int(entries.get("window", negation["window"])),
            )
        )
    return RuleSet(
        language=language,
        clause_breakers=frozenset(word.lower() for word in negation["clause_breakers"]),
        rules=tuple(rules),
    )


def lowercase_same_length(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(low if len(low := char.lower()) == 1 else char for char in text)


def _starts_word(lowered: str, start: int) -> bool:
    return start == 0 or _WORD_CHAR.match(lowered, start - 1) is None


def _candidates(rule: Rule, lowered: str) -> Iterator[tuple[int, int]]:
    for pattern in rule.alternatives:
        position = 0
        while (found := pattern.search(lowered, position)) is not None:
            position = found.start() + 1
            if _starts_word(lowered, found.start()):
                yield found.span()


def _is_cancelled(lowered: str, start: int, rule: Rule, clause_breakers: frozenset[str]) -> bool:
    """Whether a cue (a negation, or a word like "harga") shortly before ``start`` cancels it.

    A cue counts when at most ``rule.window`` words separate it from the match, inside the same
    clause: punctuation and words such as "tapi"/"but" end a cue's reach.
    """
    before = lowered[max(0, start - _NEGATION_LOOKBEHIND) : start]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    if breaks:
        before = before[breaks[-1].end() :]
    words = [word.replace("’", "'") for word in _WORD.findall(before)]
    for index in range(len(words) - 1, -1, -1):
        if words[index] in clause_breakers:
            words = words[index + 1 :]
            break
    for end in range(len(words), max(0, len(words) - rule.window - 1), -1):
        for cue in rule.cancel_cues.get(words[end - 1], ()):
            if end >= len(cue) and tuple(words[end - len(cue) : end]) == cue:
                return True
    return False


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


def find_hits(text: str, language: str) -> list[Hit]:
    ruleset = load_ruleset(language)
    lowered = lowercase_same_length(text)
    hits = []
    for rule in ruleset.rules:
        exceptions: _Spans | None = None
        for start, end in _candidates(rule, lowered):
            if rule.exceptions is not None:
                if exceptions is None:
                    exceptions = _Spans(m.span() for m in rule.exceptions.finditer(lowered))
                if exceptions.overlaps(start, end):
                    continue
            if rule.cancel_cues and _is_cancelled(lowered, start, rule, ruleset.clause_breakers):
                continue
            hits.append(Hit(code=rule.code, severity_rank=rule.severity_rank, start=start, end=end))
    return deduplicate(hits)


def detect_language(text: str) -> str:
    words = [word.replace("’", "'") for word in _WORD.findall(lowercase_same_length(text))]
    scores = {
        language: sum(1 for word in words if word in stopwords(language))
        for language in languages()
    }
    best = max(scores.values(), default=0)
    leaders = [language for language, score in scores.items() if score == best]
    if best == 0 or len(leaders) > 1:
        return DEFAULT_LANGUAGE
    return leaders[0]
