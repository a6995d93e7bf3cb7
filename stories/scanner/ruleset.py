"""A language's rules, read from ``rules/<language>.json`` once and compiled.

Each flag's rule has ``phrases``, ``patterns`` (regular expressions over the lowercased,
normalised text, with ``{NAME}`` definitions), ``near`` rules over lexicon groups, and what
cancels a match: ``exceptions``, ``suppressed_by`` cues, negation, and lexicon groups in its
sentence or clause.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Any

from . import context, prefilter
from .catalogue import (
    CATALOGUE_FILE,
    SEVERITY_RANK,
    RulesError,
    language_data,
    load_catalogue,
)
from .lexicon import Lexicon, build_lexicon, phrase_variants

_PLACEHOLDER = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")
_ESCAPE = re.compile(r"\\.")
_PHRASE_SEPARATOR = r"(?:\s+|\s*-\s*)"


@dataclass(frozen=True, slots=True)
class Near:
    """Words of each group in ``groups`` with at most ``within`` words between them."""

    groups: tuple[str, ...]
    within: int
    ordered: bool
    scope: str  # "sentence" or "clause"
    name: str
    with_groups: tuple[str, ...] = ()  # each must also occur somewhere in the sentence
    not_between: tuple[str, ...] = ()  # none may occur between the matched words


@dataclass(frozen=True, slots=True)
class Alternative:
    pattern: prefilter.Pattern
    name: str


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    severity_rank: int
    alternatives: tuple[Alternative, ...]
    phrases: tuple[str, ...]  # the lexicon groups that hold the rule's phrases
    near: tuple[Near, ...]
    exceptions: prefilter.Pattern | None  # matches only at the start of a word
    cancel_cues: Mapping[str, tuple[tuple[str, ...], ...]]
    window: int
    negatable: bool
    unless: tuple[str, ...] = ()  # lexicon groups that cancel a match in the same sentence
    unless_clause: tuple[str, ...] = ()  # ... in the same clause


@dataclass(frozen=True, slots=True)
class RuleSet:
    language: str
    clause_breakers: frozenset[str]
    negation_cues: Mapping[str, tuple[tuple[str, ...], ...]]
    lexicon: Lexicon
    rules: tuple[Rule, ...]
    reasons: Mapping[str, str]
    negation_words: frozenset[str] = frozenset()  # the negation cues of one word


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
    return _PHRASE_SEPARATOR.join(re.escape(word) for word in words)


def _pattern_bodies(pattern: str, definitions: Definitions, where: str) -> list[str]:
    bodies = [_expand(variant, definitions) for variant in _variants(pattern, definitions)]
    for body in bodies:
        if any(char.isupper() for char in _ESCAPE.sub("", body)):
            raise RulesError(
                f"{where}: {pattern!r}: patterns run on lowercased text; use lowercase"
            )
    return bodies


def _named_bodies(
    entries: Mapping[str, Any], definitions: Definitions, where: str
) -> list[tuple[str, str]]:
    bodies = [(f"phrase {phrase!r}", _phrase_body(phrase)) for phrase in entries.get("phrases", [])]
    for number, pattern in enumerate(entries.get("patterns", []), 1):
        bodies += [
            (f"pattern {number}", body) for body in _pattern_bodies(pattern, definitions, where)
        ]
    return bodies


_DIGIT_RUN = re.compile(r"\\d\+(?![+?])")
_SPACE_RUN = re.compile(r"\\s([*+])(?![+?])")
_LEADING_DIGIT = re.compile(r"^(?:\(\?:|\()*\\d")
# A space run, an optional comma, a space run: the first run keeps every space, so without a comma
# the second finds none ("join you get paid" would never match). Written ``(?:\s*,)?\s+``.
_SPACES_COMMA_SPACES = re.compile(r"\\s\*\)?\??,\?\\s\+")


def _atomic_digits(source: str) -> str:
    """Match digit and space runs whole, never starting inside a number: linear on any input."""
    source = _DIGIT_RUN.sub(r"\\d++", source)
    source = _SPACE_RUN.sub(r"\\s\1+", source)
    if _LEADING_DIGIT.match(source):
        source = r"(?<![\d.])" + source
    return source


def _compile(source: str, where: str) -> re.Pattern[str]:
    if _SPACES_COMMA_SPACES.search(source):
        raise RulesError(
            f"{where}: {source!r}: spaces are matched whole, so a space run, an optional comma and "
            r"a space run never match without the comma: write (?:\s*,)?\s+"
        )
    source = _atomic_digits(source)
    try:
        compiled = re.compile(source)
    except re.error as exc:
        raise RulesError(f"{where}: {source!r}: {exc}") from exc
    if compiled.match("") is not None:
        raise RulesError(f"{where}: {source!r} matches the empty string")
    return compiled


def _cues(words: Iterable[str]) -> Mapping[str, tuple[tuple[str, ...], ...]]:
    """Cue phrases as word tuples, indexed by their last word."""
    by_last_word: dict[str, list[tuple[str, ...]]] = {}
    for cue in words:
        cue_words = tuple(cue.lower().replace("’", "'").split())
        by_last_word.setdefault(cue_words[-1], []).append(cue_words)
    return MappingProxyType({word: tuple(cues) for word, cues in by_last_word.items()})


def _near(spec: Mapping[str, Any], lexicon: Lexicon, where: str) -> Near:
    groups = tuple(spec["groups"])
    with_groups = tuple(spec.get("with", ()))
    not_between = tuple(spec.get("not_between", ()))
    for group in groups + with_groups + not_between:
        if group not in lexicon.groups:
            raise RulesError(f"{where}: near: unknown lexicon group {group!r}")
    if not 2 <= len(groups) <= 4:
        raise RulesError(f"{where}: near: name two to four groups")
    within = int(spec.get("within", 3))
    ordered = bool(spec.get("ordered", False))
    scope = spec.get("scope", "sentence")
    if scope not in ("sentence", "clause"):
        raise RulesError(f"{where}: near: scope is 'sentence' or 'clause'")
    joiner = " then " if ordered else " + "
    name = f"near {joiner.join(groups)} (within {within} words)"
    if with_groups:
        name += f", with {' + '.join(with_groups)} in the sentence"
    if not_between:
        name += f", no {' or '.join(not_between)} between"
    return Near(
        groups=groups,
        within=within,
        ordered=ordered,
        scope=scope,
        name=name,
        with_groups=with_groups,
        not_between=not_between,
    )


@cache
def load_ruleset(language: str) -> RuleSet:
    catalogue = load_catalogue()
    data = language_data(language)
    definitions = data.get("definitions", {})
    negation = data["negation"]
    phrase_groups = {
        f"{code}: phrase {phrase!r}": phrase_variants(phrase, language)
        for code, entries in data["rules"].items()
        for phrase in entries.get("phrases", [])
    }
    lexicon = build_lexicon(data.get("lexicon", {}), language, f"{language}.json", phrase_groups)
    for group in context.GROUPS:
        if group not in lexicon.groups:
            raise RulesError(f"{language}.json: lexicon: no {group} group (used by the context)")
    rules = []
    for code, entries in data["rules"].items():
        where = f"{language}.json: {code}"
        if code not in catalogue.flags:
            raise RulesError(f"{where}: not a flag code in {CATALOGUE_FILE}")
        bodies = _named_bodies({"patterns": entries.get("patterns", [])}, definitions, where)
        phrases = tuple(f"{code}: phrase {phrase!r}" for phrase in entries.get("phrases", []))
        near = tuple(_near(spec, lexicon, where) for spec in entries.get("near", []))
        if not bodies and not near and not phrases:
            raise RulesError(f"{where}: no phrases, patterns or near rules")
        exception_bodies = [
            body
            for _, body in _named_bodies(
                entries.get("exceptions", {}), definitions, f"{where}: exceptions"
            )
        ]
        cue_words = list(entries.get("suppressed_by", []))
        negatable = bool(entries.get("negatable", False))
        unless = tuple(entries.get("unless_sentence_has", ()))
        unless_clause = tuple(entries.get("unless_clause_has", ()))
        for group in unless + unless_clause:
            if group not in lexicon.groups:
                raise RulesError(f"{where}: unless_..._has: unknown lexicon group {group!r}")
        if negatable:
            cue_words += negation["cues"]
        rules.append(
            Rule(
                code=code,
                severity_rank=SEVERITY_RANK[catalogue.flags[code].severity],
                alternatives=tuple(
                    Alternative(
                        pattern=prefilter.compile_pattern(_compile(f"(?:{body})(?!\\w)", where)),
                        name=name,
                    )
                    for name, body in bodies
                ),
                phrases=phrases,
                near=near,
                exceptions=(
                    prefilter.compile_pattern(
                        _compile(
                            "|".join(f"(?<!\\w)(?:{body})(?!\\w)" for body in exception_bodies),
                            f"{where}: exceptions",
                        )
                    )
                    if exception_bodies
                    else None
                ),
                cancel_cues=_cues(cue_words),
                window=int(entries.get("window", negation["window"])),
                negatable=negatable,
                unless=unless,
                unless_clause=unless_clause,
            )
        )
    reasons = data.get("reasons", {})
    for kind in context.REASONS:
        if not isinstance(reasons.get(kind), str):
            raise RulesError(f"{language}.json: reasons: no {kind!r} text")
    return RuleSet(
        language=language,
        clause_breakers=frozenset(word.lower() for word in negation["clause_breakers"]),
        negation_cues=_cues(negation["cues"]),
        lexicon=lexicon,
        rules=tuple(rules),
        reasons=MappingProxyType(dict(reasons)),
        negation_words=frozenset(
            cue[0] for cues in _cues(negation["cues"]).values() for cue in cues if len(cue) == 1
        ),
    )
