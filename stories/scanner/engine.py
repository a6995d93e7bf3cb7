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
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from types import MappingProxyType
from typing import Any

from . import context, model, normalise, prefilter
from .normalise import Document

RULES_DIR = normalise.RULES_DIR
CATALOGUE_FILE = "flags.json"
NOT_LANGUAGE_FILES = frozenset({CATALOGUE_FILE, normalise.SLANG_FILE, "model.json"})
DEFAULT_LANGUAGE = "id"
SEVERITY_RANK: Mapping[str, int] = MappingProxyType({"low": 0, "medium": 1, "high": 2})

_PLACEHOLDER = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")
_ESCAPE = re.compile(r"\\.")
_WORD = re.compile(r"[\w']+(?:-[\w']+)*")
_PHRASE_SEPARATOR = r"(?:\s+|\s*-\s*)"
TOKEN_KINDS = {"#amount": "amount", "#percent": "percent", "#number": "number"}
_LONGEST_PHRASE = 12  # words in a lexicon phrase, at most
_RANGE = re.compile(r"#\d+(?:\.\d+)?\.\.\d+(?:\.\d+)?")


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


# A word of a lexicon phrase: ("form", word) matches the word as normalised, ("stem", stem) any
# word with that stem, ("kind", kind) a token of that kind (an amount, a percentage), ("range",
# "low..high") a number between low and high, ("any", "") any one word.
WordMatcher = tuple[str, str]


class _Node:
    """A node of the lexicon's phrase tree: where each next word leads, and what ends here."""

    __slots__ = ("forms", "stems", "kinds", "ranges", "any", "groups")

    def __init__(self) -> None:
        self.forms: dict[str, _Node] = {}
        self.stems: dict[str, _Node] = {}
        self.kinds: dict[str, _Node] = {}
        self.ranges: list[tuple[float, float, _Node]] = []
        self.any: _Node | None = None
        self.groups: list[str] = []

    def child(self, matcher: WordMatcher) -> _Node:
        kind, value = matcher
        if kind == "range":
            low, _, high = value.partition("..")
            for start, stop, node in self.ranges:
                if (start, stop) == (float(low), float(high)):
                    return node
            node = _Node()
            self.ranges.append((float(low), float(high), node))
            return node
        if kind == "any":
            if self.any is None:
                self.any = _Node()
            return self.any
        index = {"form": self.forms, "stem": self.stems, "kind": self.kinds}[kind]
        return index.setdefault(value, _Node())


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Named word groups; each entry a phrase of one or more words, kept in one phrase tree."""

    groups: tuple[str, ...]
    root: _Node


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


@dataclass(frozen=True, slots=True)
class Hit:
    code: str
    severity_rank: int
    start: int
    end: int
    rule: str = ""
    reason: str = ""


@dataclass(slots=True)
class Candidate:
    """A match in the normalised text, before the context decides whether it stands."""

    rule: Rule
    start: int  # offsets into the normalised text
    end: int
    name: str
    inner: tuple[tuple[int, int], ...] = field(default=())  # token ranges of a near match


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
        sorted(
            path.stem for path in RULES_DIR.glob("*.json") if path.name not in NOT_LANGUAGE_FILES
        )
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


def _atomic_digits(source: str) -> str:
    """Match digit and space runs whole, never starting inside a number: linear on any input."""
    source = _DIGIT_RUN.sub(r"\\d++", source)
    source = _SPACE_RUN.sub(r"\\s\1+", source)
    if _LEADING_DIGIT.match(source):
        source = r"(?<![\d.])" + source
    return source


def _compile(source: str, where: str) -> re.Pattern[str]:
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


def _plain_words(text: str, language: str) -> list[str]:
    """The tokens the normaliser makes of ``text``: rule words are normalised like the text."""
    return list(normalise.normalise(text, language).forms)


def _phrase_variants(phrase: str, language: str) -> list[tuple[str, ...]]:
    """A phrase's tokens, with every way of joining neighbouring words by a hyphen.

    "member get member" also finds "member-get-member", and "risk-free income" also
    "risk free income": in the normalised text a hyphenated word is one token.
    """
    words = _plain_words(" ".join(re.split(r"[\s\-]+", phrase.strip().lower())), language)
    if not words:
        raise RulesError(f"empty phrase {phrase!r}")
    variants = [tuple(words)]
    if 1 < len(words) <= 5:
        variants = []
        for joins in range(2 ** (len(words) - 1)):
            tokens = [words[0]]
            for index, word in enumerate(words[1:]):
                if joins >> index & 1 and tokens[-1].isalpha() and word.isalpha():
                    tokens[-1] += "-" + word
                else:
                    tokens.append(word)
            if tuple(tokens) not in variants:
                variants.append(tuple(tokens))
    return variants


def _entry_matchers(entry: str, language: str, where: str) -> list[WordMatcher]:
    matchers: list[WordMatcher] = []
    for word in entry.strip().lower().split():
        if word == "*":
            matchers.append(("any", ""))
        elif word in TOKEN_KINDS:
            matchers.append(("kind", TOKEN_KINDS[word]))
        elif _RANGE.fullmatch(word):
            matchers.append(("range", word[1:]))
        elif word.startswith("~") and len(word) > 1:
            for plain in _plain_words(word[1:], language):
                matchers.append(("stem", normalise.stem(plain, language)))
        else:
            matchers += [("form", plain) for plain in _plain_words(word, language)]
    if not matchers or matchers[0][0] == "any":
        raise RulesError(f"{where}: {entry!r}: a phrase starts with a word")
    if len(matchers) > _LONGEST_PHRASE:
        raise RulesError(f"{where}: {entry!r}: at most {_LONGEST_PHRASE} words")
    return matchers


def _lexicon(
    data: Mapping[str, list[str]],
    language: str,
    where: str,
    phrases: Mapping[str, Sequence[tuple[str, ...]]] = MappingProxyType({}),
) -> Lexicon:
    """The lexicon's groups, and each rule's phrases as one group per phrase, in one tree."""
    resolved: dict[str, list[str]] = {}

    def entries(group: str, seen: tuple[str, ...]) -> list[str]:
        if group in resolved:
            return resolved[group]
        if group not in data:
            raise RulesError(f"{where}: unknown lexicon group {group!r}")
        if group in seen:
            raise RulesError(f"{where}: lexicon group {group} includes itself")
        found = []
        for entry in data[group]:
            if entry.startswith("@"):
                found += entries(entry[1:], (*seen, group))
            else:
                found.append(entry)
        resolved[group] = found
        return found

    root = _Node()

    def insert(group: str, matchers: Sequence[WordMatcher]) -> None:
        node = root
        for matcher in matchers:
            node = node.child(matcher)
        if group not in node.groups:
            node.groups.append(group)

    for group in data:
        if not re.fullmatch(r"[A-Z][A-Z0-9_]*", group):
            raise RulesError(f"{where}: lexicon group {group!r}: use UPPER_CASE names")
        for entry in entries(group, ()):
            insert(group, _entry_matchers(entry, language, f"{where}: {group}"))
    for group, variants in phrases.items():
        for tokens in variants:
            insert(group, [("form", token) for token in tokens])
    return Lexicon(groups=tuple(data), root=root)


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
    phrase_groups = {
        f"{code}: phrase {phrase!r}": _phrase_variants(phrase, language)
        for code, entries in data["rules"].items()
        for phrase in entries.get("phrases", [])
    }
    lexicon = _lexicon(data.get("lexicon", {}), language, f"{language}.json", phrase_groups)
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


def lowercase_same_length(text: str) -> str:
    return normalise.lowercase_same_length(text)


def _pattern_candidates(rule: Rule, starts: prefilter.Index) -> Iterator[Candidate]:
    """Every match of the rule's patterns that starts a word (one per start, pattern by pattern)."""
    for alternative in rule.alternatives:
        for found in starts.word_start_matches(alternative.pattern):
            yield Candidate(rule=rule, start=found.start(), end=found.end(), name=alternative.name)


Occurrence = tuple[int, int]  # a token range [first, last + 1)


def _phrase_candidates(
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


def tag(document: Document, lexicon: Lexicon) -> dict[str, list[Occurrence]]:
    """Where each lexicon group's phrases occur, as token ranges, in text order.

    A phrase never runs across the end of a sentence.
    """
    forms, stems, kinds = document.forms, document.stems, document.kinds
    values, sentences = document.values, document.sentence_of
    count = len(forms)
    root = lexicon.root
    root_forms, root_stems = root.forms, root.stems
    found: defaultdict[str, set[Occurrence]] = defaultdict(set)
    # Most words start no phrase: skip them at dictionary speed.
    starters = [
        first
        for first, (form, stem, kind) in enumerate(zip(forms, stems, kinds, strict=True))
        if kind != "word" or form in root_forms or stem in root_stems
    ]
    for first in starters:
        sentence = sentences[first]
        frontier = [root]
        index = first
        while frontier and index < count and sentences[index] == sentence:
            form, kind = forms[index], kinds[index]
            following = []
            for node in frontier:
                if (child := node.forms.get(form)) is not None:
                    following.append(child)
                if kind == "word":
                    if (child := node.stems.get(stems[index])) is not None:
                        following.append(child)
                    if node.any is not None:
                        following.append(node.any)
                else:
                    if (child := node.kinds.get(kind)) is not None:
                        following.append(child)
                    if kind == "number":
                        value = values[index] or 0.0
                        following += [
                            child for low, high, child in node.ranges if low <= value <= high
                        ]
            index += 1
            for node in following:
                if node.groups:
                    occurrence = (first, index)
                    for group in node.groups:
                        found[group].add(occurrence)
            frontier = following
    return {group: sorted(occurrences) for group, occurrences in found.items()}


def _near_candidates(
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
        # Occurrences are in order of their start, and none is longer than _LONGEST_PHRASE.
        reach = low if near.ordered else low - near.within - _LONGEST_PHRASE
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


def _cue_within(
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
        candidates = list(_pattern_candidates(rule, starts))
        candidates += _phrase_candidates(rule, document, tags)
        candidates += _near_candidates(rule, document, tags, frame.sentences_with, frame.breakers)
        # Phrases and patterns before near rules (their spans are the more precise), longest
        # first: a candidate overlapping one already kept would lose to it anyway (see
        # deduplicate), so it needs no checking.
        candidates.sort(key=lambda c: (bool(c.inner), c.start - c.end, c.start))
        kept = _Spans()
        for candidate in candidates:
            if kept.overlaps(candidate.start, candidate.end):
                continue
            why = _dropped_by(rule, candidate, document, ruleset, frame, starts)
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
        why = _dropped_by(rule, candidate, document, ruleset, frame, starts)
        if not why and (cue := _cue_within(candidate, document, rule, ruleset)):
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


@dataclass(frozen=True, slots=True)
class Dropped:
    code: str
    match: str
    rule: str
    why: str


def _dropped_by(
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


def detect_language(text: str) -> str:
    words = _WORD.findall(lowercase_same_length(text))
    scores = {
        language: sum(1 for word in words if word in stopwords(language))
        for language in languages()
    }
    best = max(scores.values(), default=0)
    leaders = [language for language, score in scores.items() if score == best]
    if best == 0 or len(leaders) > 1:
        return DEFAULT_LANGUAGE
    return leaders[0]
