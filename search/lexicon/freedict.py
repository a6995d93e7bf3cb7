"""Read FreeDict's English–Indonesian dictionary (Debian's ``dict-freedict-eng-ind``) into pairs.

The dictd files are an index (headword, base64 offset, base64 length) and a gzip-compressed text
of entries. An entry is a header line (``headword /pronunciation/ <pos>``), then its senses: a
line of Indonesian translations (comma separated, numbered ``1. …`` when there are several
senses) followed by English glosses. Only the translation lines are kept, for content words:
nouns, verbs and adjectives.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

DICTD = Path("/usr/share/dictd")
INDEX = DICTD / "freedict-eng-ind.index"
DATA = DICTD / "freedict-eng-ind.dict.dz"
COPYRIGHT = Path("/usr/share/doc/dict-freedict-eng-ind/copyright")

CONTENT_POS = {"n", "v", "adj"}
B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
HEADER_RE = re.compile(r"^(?P<head>[^/<]+?)\s*(?:/[^<]*/)?\s*<(?P<pos>[^>]+)>\s*$")
SENSE_RE = re.compile(r"^(?:\d+\.\s+)?(?P<words>.+?)(?:\s+\d+\.)?$")
WORD_RE = re.compile(r"^[a-z][a-z\- ]*[a-z]$")


@dataclass(frozen=True)
class Entry:
    english: str
    pos: str
    indonesian: tuple[str, ...]


def _number(text: str) -> int:
    value = 0
    for char in text:
        value = value * 64 + B64.index(char)
    return value


def _clean(phrase: str) -> str:
    phrase = re.sub(r"\([^)]*\)", " ", phrase)
    return " ".join(phrase.casefold().split()).strip(" .;:!?")


def parse_entry(text: str) -> Entry | None:
    lines = text.splitlines()
    if not lines:
        return None
    header = HEADER_RE.match(lines[0].strip())
    if not header:
        return None
    english = _clean(header["head"])
    pos = header["pos"].strip().casefold()
    translations: list[str] = []
    expect_translation = True
    for line in lines[1:]:
        if not line.strip():
            continue
        numbered = re.match(r"^\d+\.\s", line)
        if line.startswith(" "):
            # An indented " 3." continues a gloss list: English, never a translation.
            expect_translation = False
            continue
        if numbered or expect_translation:
            sense = SENSE_RE.match(line.strip())
            for phrase in re.split(r"[,;]", sense["words"] if sense else ""):
                cleaned = _clean(phrase)
                if cleaned and WORD_RE.match(cleaned) and cleaned not in translations:
                    translations.append(cleaned)
            expect_translation = False
        # Any other line is an English gloss.
    if not translations:
        return None
    return Entry(english=english, pos=pos, indonesian=tuple(translations))


def entries(index: Path = INDEX, data: Path = DATA) -> Iterator[Entry]:
    with gzip.open(data) as compressed:
        body = compressed.read()
    for line in index.read_text(encoding="utf-8").splitlines():
        head, offset, length = line.split("\t")
        if head.startswith("00database"):
            continue
        start = _number(offset)
        entry = parse_entry(body[start : start + _number(length)].decode("utf-8"))
        if entry and entry.pos in CONTENT_POS and WORD_RE.match(entry.english):
            yield entry
