"""Pure validation of one import line (docs/contracts.md §1): bytes in, a StoryRecord or the list
of what is wrong out. Nothing here touches the database, so it is tested without one.
"""

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import IO, NamedTuple

from django.utils.translation import gettext_lazy as _

from ..body import paragraph_html, split_paragraphs
from ..choices import ClaimKind, Language, SubjectKind

MAX_LINE_BYTES = 1024 * 1024
MAX_EXTERNAL_ID_LENGTH = 200
MAX_TITLE_LENGTH = 200
MAX_NAME_LENGTH = 200
MAX_SUMMARY_LENGTH = 500
MAX_BODY_LENGTH = 100_000
MAX_INDUSTRIES = 10
MAX_INDUSTRY_LENGTH = 100
MAX_CLAIMS = 20
MAX_CLAIM_TEXT_LENGTH = 1000


_MISSING = object()
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_UTF8_BOM = b"\xef\xbb\xbf"


class FieldError(NamedTuple):
    field: str
    reason: str


@dataclass(frozen=True)
class ClaimRecord:
    kind: str
    statement: str
    evidence: str


@dataclass(frozen=True)
class StoryRecord:
    external_id: str
    title: str
    subject_kind: str
    subject_name: str
    organization: str | None
    industries: tuple[str, ...]
    language: str
    summary: str
    paragraphs: tuple[str, ...]
    claims: tuple[ClaimRecord, ...] = ()
    published_at: date | None = None

    def body_html(self) -> list[str]:
        return [paragraph_html(paragraph) for paragraph in self.paragraphs]


class LineRejected(Exception):
    def __init__(self, errors: Iterable[FieldError]):
        self.errors = list(errors)
        super().__init__("; ".join(f"{e.field}: {e.reason}" for e in self.errors))


# Validation: one parsed JSON value in, a StoryRecord or the list of what is wrong out.


def validate_story(data: object) -> StoryRecord | list[FieldError]:
    if not isinstance(data, dict):
        return [
            FieldError(
                "json", str(_("a line must be a JSON object, not %(type)s") % _type_of(data))
            )
        ]
    errors: list[FieldError] = []
    external_id = _string(
        errors,
        data.get("external_id", _MISSING),
        "external_id",
        MAX_EXTERNAL_ID_LENGTH,
        strip=False,
    )
    title = _string(errors, data.get("title", _MISSING), "title", MAX_TITLE_LENGTH)
    subject = _subject(errors, data.get("subject", _MISSING))
    industries = _industries(errors, data.get("industries", _MISSING))
    language = _choice(errors, data.get("language", _MISSING), "language", Language.values)
    summary = _string(errors, data.get("summary", _MISSING), "summary", MAX_SUMMARY_LENGTH)
    body = _string(errors, data.get("body", _MISSING), "body", MAX_BODY_LENGTH)
    claims = _claims(errors, data.get("claims"))
    published_at = _date(errors, data.get("published_at"), "published_at")
    if errors:
        return errors
    return StoryRecord(
        external_id=external_id,
        title=title,
        subject_kind=subject[0],
        subject_name=subject[1],
        organization=subject[2],
        industries=industries,
        language=language,
        summary=summary,
        paragraphs=tuple(split_paragraphs(body)),
        claims=claims,
        published_at=published_at,
    )


def _type_of(value: object) -> dict:
    if value is None:
        name = _("null")
    elif isinstance(value, bool):
        name = _("a boolean")
    elif isinstance(value, int | float):
        name = _("a number")
    elif isinstance(value, str):
        name = _("a string")
    elif isinstance(value, list):
        name = _("an array")
    else:
        name = _("an object")
    return {"type": name}


def _string(errors, value, name, max_length, *, strip=True, required=True) -> str | None:
    if value is _MISSING or (value is None and not required):
        if required:
            errors.append(FieldError(name, str(_("is required"))))
        return None
    if not isinstance(value, str):
        errors.append(FieldError(name, str(_("must be a string, not %(type)s") % _type_of(value))))
        return None
    text = value.strip() if strip else value
    if not text.strip():
        if required:
            errors.append(FieldError(name, str(_("must not be empty"))))
        return None
    reason = _unstorable(text)
    if reason:
        errors.append(FieldError(name, reason))
        return None
    if len(text) > max_length:
        errors.append(
            FieldError(
                name,
                str(
                    _("must be at most %(limit)d characters long (it is %(length)d)")
                    % {"limit": max_length, "length": len(text)}
                ),
            )
        )
        return None
    return text


def _unstorable(text: str) -> str | None:
    if "\x00" in text:
        return str(_("must not contain NUL characters"))
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return str(_("contains an invalid character (an unpaired surrogate)"))
    return None


def _choice(errors, value, name, allowed) -> str | None:
    if value is _MISSING:
        errors.append(FieldError(name, str(_("is required"))))
        return None
    if not isinstance(value, str) or value not in allowed:
        errors.append(
            FieldError(
                name,
                str(_("must be one of %(choices)s") % {"choices": ", ".join(map(repr, allowed))}),
            )
        )
        return None
    return value


def _subject(errors, value) -> tuple[str, str, str | None]:
    if value is _MISSING:
        errors.append(FieldError("subject", str(_("is required"))))
        return ("", "", None)
    if not isinstance(value, dict):
        errors.append(
            FieldError("subject", str(_("must be an object, not %(type)s") % _type_of(value)))
        )
        return ("", "", None)
    kind = _choice(errors, value.get("kind", _MISSING), "subject.kind", SubjectKind.values)
    name = _string(errors, value.get("name", _MISSING), "subject.name", MAX_NAME_LENGTH)
    organization = value.get("organization")
    if isinstance(organization, str) and not organization.strip():
        organization = None
    organization = _string(
        errors, organization, "subject.organization", MAX_NAME_LENGTH, required=False
    )
    if kind == SubjectKind.ORGANIZATION and organization is None:
        # A story about an organisation is linked to that organisation.
        organization = name
    return (kind or "", name or "", organization)


def _industries(errors, value) -> tuple[str, ...]:
    if value is _MISSING:
        errors.append(FieldError("industries", str(_("is required"))))
        return ()
    if not isinstance(value, list):
        errors.append(
            FieldError(
                "industries", str(_("must be a list of strings, not %(type)s") % _type_of(value))
            )
        )
        return ()
    if not value:
        errors.append(FieldError("industries", str(_("must name at least one industry"))))
        return ()
    if len(value) > MAX_INDUSTRIES:
        errors.append(
            FieldError(
                "industries",
                str(_("may name at most %(limit)d industries") % {"limit": MAX_INDUSTRIES}),
            )
        )
        return ()
    names = []
    for position, item in enumerate(value):
        name = _string(errors, item, f"industries[{position}]", MAX_INDUSTRY_LENGTH)
        if name is not None:
            names.append(name)
    return tuple(names)


def _claims(errors, value) -> tuple[ClaimRecord, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        errors.append(
            FieldError(
                "claims", str(_("must be a list of objects, not %(type)s") % _type_of(value))
            )
        )
        return ()
    if len(value) > MAX_CLAIMS:
        errors.append(
            FieldError(
                "claims", str(_("may hold at most %(limit)d claims") % {"limit": MAX_CLAIMS})
            )
        )
        return ()
    claims = []
    for position, item in enumerate(value):
        prefix = f"claims[{position}]"
        if not isinstance(item, dict):
            errors.append(
                FieldError(prefix, str(_("must be an object, not %(type)s") % _type_of(item)))
            )
            continue
        kind = _choice(errors, item.get("kind", _MISSING), f"{prefix}.kind", ClaimKind.values)
        statement = _string(
            errors, item.get("statement", _MISSING), f"{prefix}.statement", MAX_CLAIM_TEXT_LENGTH
        )
        evidence = _string(
            errors,
            item.get("evidence"),
            f"{prefix}.evidence",
            MAX_CLAIM_TEXT_LENGTH,
            required=False,
        )
        if kind and statement:
            claims.append(ClaimRecord(kind=kind, statement=statement, evidence=evidence or ""))
    return tuple(claims)


def _date(errors, value, name) -> date | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        errors.append(FieldError(name, str(_("must be a date written YYYY-MM-DD"))))
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        errors.append(
            FieldError(name, str(_("%(value)s is not a real calendar date") % {"value": value}))
        )
        return None


# Reading lines.


def read_lines(
    stream: IO[bytes], limit: int = MAX_LINE_BYTES
) -> Iterator[tuple[int, bytes | None]]:
    """Yield (line number, raw line without its line break); ``None`` for a line over ``limit``."""
    number = 0
    while True:
        raw = stream.readline(limit + 1)
        if not raw:
            return
        number += 1
        if number == 1 and raw.startswith(_UTF8_BOM):
            raw = raw[len(_UTF8_BOM) :]
        if raw.endswith(b"\n"):
            yield number, raw.rstrip(b"\r\n")
        elif len(raw) <= limit:
            yield number, raw.rstrip(b"\r")
        else:
            while (rest := stream.readline(64 * 1024)) and not rest.endswith(b"\n"):
                pass
            yield number, None


def decode_line(raw: bytes | str | None) -> str:
    """The text of one line; raise LineRejected when it is too long or not UTF-8."""
    if raw is None or _byte_length(raw) > MAX_LINE_BYTES:
        reason = _("the line is longer than the limit of %(limit)d bytes") % {
            "limit": MAX_LINE_BYTES
        }
        raise LineRejected([FieldError("length", str(reason))])
    if isinstance(raw, str):
        return raw
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        reason = _("not valid UTF-8 (byte 0x%(byte)02x at position %(position)d)") % {
            "byte": error.object[error.start],
            "position": error.start,
        }
        raise LineRejected([FieldError("encoding", str(reason))]) from error


def _byte_length(raw: bytes | str) -> int:
    return len(raw) if isinstance(raw, bytes) else len(raw.encode("utf-8", "surrogatepass"))


def parse_json(text: str) -> object:
    """Parse one line of JSON; raise LineRejected when it is not valid JSON."""
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        reason = _("not valid JSON: %(error)s (column %(column)d)") % {
            "error": error.msg,
            "column": error.colno,
        }
    except RecursionError:
        reason = _("not valid JSON: nested too deeply")
    except ValueError as error:
        reason = _("not valid JSON: %(error)s") % {"error": error}
    raise LineRejected([FieldError("json", str(reason))])


def _reject_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows")
