"""The flag catalogue (``rules/flags.json``) and the language files' common parts.

``flags.json`` gives each flag its severity, explanations and guide page; each other JSON file
in ``rules/`` (``id.json``, ``en.json``) holds one language's rules, and its ``stopwords`` tell
the languages apart.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Any

from . import normalise

RULES_DIR = normalise.RULES_DIR
CATALOGUE_FILE = "flags.json"
NOT_LANGUAGE_FILES = frozenset({CATALOGUE_FILE, normalise.SLANG_FILE, "model.json"})
DEFAULT_LANGUAGE = "id"
SEVERITY_RANK: Mapping[str, int] = MappingProxyType({"low": 0, "medium": 1, "high": 2})

_WORD = re.compile(r"[\w']+(?:-[\w']+)*")


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


def read_json(name: str) -> dict[str, Any]:
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
    data = read_json(CATALOGUE_FILE)
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


@cache
def language_data(language: str) -> dict[str, Any]:
    if language not in languages():
        raise ValueError(f"no rules for language {language!r}; available: {languages()}")
    return read_json(f"{language}.json")


@cache
def stopwords(language: str) -> frozenset[str]:
    return frozenset(word.lower() for word in language_data(language)["stopwords"])


def detect_language(text: str) -> str:
    words = _WORD.findall(normalise.lowercase_same_length(text))
    scores = {
        language: sum(1 for word in words if word in stopwords(language))
        for language in languages()
    }
    best = max(scores.values(), default=0)
    leaders = [language for language, score in scores.items() if score == best]
    if best == 0 or len(leaders) > 1:
        return DEFAULT_LANGUAGE
    return leaders[0]
