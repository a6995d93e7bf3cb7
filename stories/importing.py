"""Story import from JSON Lines: the service behind ``manage.py import_stories`` (docs/contracts.md §1).

Each line is decoded, parsed and checked by ``validate_story`` (pure, no database), then saved by
``save_story`` in its own transaction: a line either lands completely or not at all.

Decisions the contract leaves open:
- Stories are keyed by (source, external_id); the default source is "import".
- Without ``publish`` the story is saved as a draft revision and submitted to the page's review
  workflow; ``published_at`` is then ignored (moderators publish, and the date is the day they do).
  A story still waiting for changes is resubmitted; one already in review restarts its review, so
  the moderators check the content that was imported last.
- With ``publish`` the story is published through ``Revision.publish`` (audit log, signals, search
  upkeep) and marked "reviewed" with a note that it was verified before it moved to Terang.
  ``published_at`` becomes its first and last published date, stored at noon in the site's time
  zone so the calendar date reads the same in UTC and in local time.
- Re-importing content identical to the story's latest version changes nothing (no new revision,
  no restarted review) but still counts as updated, so running the same file twice is harmless.
- The importing account is the ``user`` given, or else the system account "importer", which is
  created inactive and without a usable password so nobody can log in with it.
"""

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum
from pathlib import Path
from typing import IO, Any, NamedTuple

from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail.models import Page, WorkflowState
from wagtail.rich_text import RichText

from community.models import Organization

from .body import paragraph_html, split_paragraphs
from .choices import ClaimKind, Language, SubjectKind
from .models import Industry, StoryIndexPage, StoryPage, TransparencyClaim
from .review import record_imported_review
from .services import ensure_site_tree

DEFAULT_SOURCE = "import"
SYSTEM_USERNAME = "importer"
SYSTEM_EMAIL = "importer@terang.invalid"
IMPORT_LOG_ACTION = "terang.import"

MAX_LINE_BYTES = 1024 * 1024
MAX_SOURCE_LENGTH = 50
MAX_EXTERNAL_ID_LENGTH = 200
MAX_TITLE_LENGTH = 200
MAX_NAME_LENGTH = 200
MAX_SUMMARY_LENGTH = 500
MAX_BODY_LENGTH = 100_000
MAX_INDUSTRIES = 10
MAX_INDUSTRY_LENGTH = 100
MAX_CLAIMS = 20
MAX_CLAIM_TEXT_LENGTH = 1000

REPORT_NOTE = _(
    "This story was verified elsewhere before it moved to Terang, and was published here "
    "without a new transparency review."
)

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


class Outcome(StrEnum):
    IMPORTED = "imported"
    UPDATED = "updated"
    SKIPPED = "skipped"


class LineRejected(Exception):
    def __init__(self, errors: Iterable[FieldError]):
        self.errors = list(errors)
        super().__init__("; ".join(f"{e.field}: {e.reason}" for e in self.errors))


class ImportSetupError(Exception):
    """The import cannot start at all (bad file, unknown user, no workflow)."""


@dataclass(frozen=True)
class LineRejection:
    line: int
    errors: list[FieldError]

    def messages(self) -> list[str]:
        return [f"line {self.line}: {error.field}: {error.reason}" for error in self.errors]


@dataclass
class ImportReport:
    imported: int = 0
    updated: int = 0
    rejections: list[LineRejection] = field(default_factory=list)

    @property
    def rejected(self) -> int:
        return len(self.rejections)

    def summary(self) -> str:
        # A contract with the tools that read it: never translated.
        return f"imported {self.imported}, updated {self.updated}, rejected {self.rejected}"


@dataclass(frozen=True)
class ImportOptions:
    story_index: StoryIndexPage
    user: Any
    source: str = DEFAULT_SOURCE
    publish: bool = False
    create_industries: bool = False


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


# Saving.


def import_stories(
    *,
    path: str | Path | None = None,
    lines: Iterable[bytes | str] | None = None,
    publish: bool = False,
    source: str = DEFAULT_SOURCE,
    create_industries: bool = False,
    user=None,
    on_rejection: Callable[[LineRejection], None] | None = None,
) -> ImportReport:
    if (path is None) == (lines is None):
        raise TypeError("import_stories() takes either path or lines.")
    source = _checked_source(source)
    stream = _open(Path(path)) if path is not None else None
    try:
        options = ImportOptions(
            story_index=_story_index(),
            user=user or importer_account(),
            source=source,
            publish=publish,
            create_industries=create_industries,
        )
        if not publish and options.story_index.get_workflow() is None:
            raise ImportSetupError(
                _(
                    "Imported stories cannot enter review: no active workflow applies to the "
                    "story index. Assign the “Story review” workflow to it, or use --publish."
                )
            )
        numbered = read_lines(stream) if stream is not None else enumerate(lines, start=1)
        report = ImportReport()
        for number, raw in numbered:
            try:
                outcome = import_line(raw, options=options)
            except LineRejected as rejected:
                rejection = LineRejection(number, rejected.errors)
                report.rejections.append(rejection)
                if on_rejection is not None:
                    on_rejection(rejection)
                continue
            if outcome == Outcome.IMPORTED:
                report.imported += 1
            elif outcome == Outcome.UPDATED:
                report.updated += 1
        return report
    finally:
        if stream is not None:
            stream.close()


def import_line(raw: bytes | str | None, *, options: ImportOptions) -> Outcome:
    """Import one line; raise LineRejected (with nothing saved) when it cannot be imported."""
    text = decode_line(raw)
    if not text.strip():
        return Outcome.SKIPPED
    record = validate_story(parse_json(text))
    if isinstance(record, list):
        raise LineRejected(record)
    try:
        return save_story(record, options=options)
    except ValidationError as error:
        raise LineRejected(_field_errors(error)) from error
    except DatabaseError as error:
        reason = _("the story could not be saved: %(error)s") % {"error": error}
        raise LineRejected([FieldError("story", str(reason))]) from error


@transaction.atomic
def save_story(record: StoryRecord, *, options: ImportOptions) -> Outcome:
    industries = _resolve_industries(record.industries, create=options.create_industries)
    organization = _organization(record.organization)
    existing = StoryPage.objects.filter(
        import_source=options.source, external_id=record.external_id
    ).first()

    if existing is None:
        page = StoryPage(
            slug=_free_slug(options.story_index, record.title),
            live=False,
            owner=options.user,
            import_source=options.source,
            external_id=record.external_id,
        )
        _apply(page, record, industries, organization, publish=options.publish)
        options.story_index.add_child(instance=page)
        outcome = Outcome.IMPORTED
    else:
        page = existing.get_latest_revision_as_object()
        if _is_current(existing, page, record, industries, organization, options.publish):
            return Outcome.UPDATED
        _apply(page, record, industries, organization, publish=options.publish)
        outcome = Outcome.UPDATED

    # Claims are checked against the saved page (their foreign key must exist); a claim that fails
    # here rolls back the page created above, like any other failure in this transaction.
    page.claims = _validated_claims(page, record.claims)
    if outcome == Outcome.IMPORTED:
        page.claims.commit()
    elif not page.live:
        # As in Wagtail's own editor: a page that is not live keeps its row in step with its draft.
        page.save()
    revision = page.save_revision(user=options.user, log_action=outcome == Outcome.UPDATED)
    if outcome == Outcome.IMPORTED:
        log(instance=page, action="wagtail.create", user=options.user, revision=revision)

    if options.publish:
        # The documented exception to the review: recorded against this revision and logged below.
        with translation.override(record.language):
            note = str(REPORT_NOTE)
        record_imported_review(
            story=page,
            revision=revision,
            user=options.user,
            reviewed_at=record.published_at or timezone.localdate(),
            note=note,
        )
        revision.publish(user=options.user, log_action=True, skip_permission_checks=True)
        if record.published_at:
            StoryPage.objects.filter(pk=page.pk).update(
                last_published_at=_published_moment(record.published_at)
            )
    else:
        _submit_for_review(page, options.user)

    log(
        instance=page,
        action=IMPORT_LOG_ACTION,
        user=options.user,
        revision=revision,
        data={
            "source": options.source,
            "external_id": record.external_id,
            "created": outcome == Outcome.IMPORTED,
            "published": options.publish,
        },
    )
    return outcome


def importer_account(username: str | None = None):
    User = get_user_model()
    if username:
        try:
            return User.objects.get(username=username)
        except User.DoesNotExist:
            raise ImportSetupError(
                _("There is no user called “%(username)s”.") % {"username": username}
            ) from None
    account = User.objects.filter(username=SYSTEM_USERNAME).first()
    if account is None:
        account = User(username=SYSTEM_USERNAME, email=SYSTEM_EMAIL, display_name="Terang importer")
        account.is_active = False
        account.set_unusable_password()
        account.save()
    elif account.is_active or account.has_usable_password():
        raise ImportSetupError(
            _(
                "The username “%(username)s” belongs to an account people can log in with, so "
                "it cannot be the system importer. Choose the importing account with --user."
            )
            % {"username": SYSTEM_USERNAME}
        )
    return account


def _checked_source(source: str) -> str:
    source = (source or "").strip()
    if not source or len(source) > MAX_SOURCE_LENGTH:
        raise ImportSetupError(
            _("The source name must be 1 to %(limit)d characters long.")
            % {"limit": MAX_SOURCE_LENGTH}
        )
    return source


def _open(path: Path) -> IO[bytes]:
    if path.is_dir():
        raise ImportSetupError(_("%(path)s is a directory, not a file.") % {"path": path})
    try:
        return path.open("rb")
    except FileNotFoundError:
        raise ImportSetupError(_("File not found: %(path)s") % {"path": path}) from None
    except OSError as error:
        raise ImportSetupError(
            _("Cannot read %(path)s: %(error)s") % {"path": path, "error": error.strerror}
        ) from None


def _story_index() -> StoryIndexPage:
    index = StoryIndexPage.objects.first()
    if index is None:
        ensure_site_tree()
        index = StoryIndexPage.objects.get()
    return index


def _resolve_industries(values: tuple[str, ...], *, create: bool) -> list[Industry]:
    found: dict[int, Industry] = {}
    unknown: dict[str, str] = {}
    for value in values:
        matches = list(Industry.objects.matching(value)[:2])
        if matches:
            industry = next((i for i in matches if i.slug.lower() == value.lower()), matches[0])
            found[industry.pk] = industry
        else:
            unknown.setdefault(value.casefold(), value)
    if unknown and not create:
        raise LineRejected(
            [
                FieldError(
                    "industries", str(_("unknown industry '%(value)s'") % {"value": _shown(value)})
                )
                for value in unknown.values()
            ]
        )
    for value in unknown.values():
        industry = Industry.objects.create(
            name=value, name_id=value, slug=_free_industry_slug(value)
        )
        found[industry.pk] = industry
    return list(found.values())


def _free_industry_slug(name: str) -> str:
    base = slugify(name)[:90] or "industry"
    slug, n = base, 2
    while Industry.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _free_slug(index: StoryIndexPage, title: str) -> str:
    base = slugify(title, allow_unicode=True)[:200].strip("-") or "story"
    siblings = Page.objects.child_of(index)
    slug, n = base, 2
    while siblings.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _organization(name: str | None) -> Organization | None:
    if name is None:
        return None
    return Organization.objects.filter(name__iexact=name).first() or Organization.objects.create(
        name=name
    )


def _apply(page, record, industries, organization, *, publish: bool) -> None:
    page.title = record.title
    page.subject_kind = record.subject_kind
    page.subject_name = record.subject_name
    page.organization = organization
    page.language = record.language
    page.summary = record.summary
    page.body = [("paragraph", RichText(html)) for html in record.body_html()]
    page.industries.set(industries)
    if publish and record.published_at:
        page.first_published_at = _published_moment(record.published_at)


def _is_current(existing, draft, record, industries, organization, publish: bool) -> bool:
    """Whether the story's latest version already holds exactly what this line says."""
    same_content = (
        draft.title == record.title
        and draft.subject_kind == record.subject_kind
        and draft.subject_name == record.subject_name
        and draft.organization_id == (organization.pk if organization else None)
        and draft.language == record.language
        and draft.summary == record.summary
        and [(b.block_type, getattr(b.value, "source", None)) for b in draft.body]
        == [("paragraph", html) for html in record.body_html()]
        and {i.pk for i in draft.industries.all()} == {i.pk for i in industries}
        and [(c.kind, c.statement, c.evidence_note) for c in draft.claims.all()]
        == [(c.kind, c.statement, c.evidence) for c in record.claims]
    )
    if not same_content:
        return False
    if not publish:
        return True
    return (
        existing.live
        and not existing.has_unpublished_changes
        and (
            record.published_at is None
            or timezone.localdate(existing.first_published_at) == record.published_at
        )
    )


def _validated_claims(page: StoryPage, records: tuple[ClaimRecord, ...]) -> list:
    claims, errors = [], []
    for position, record in enumerate(records):
        claim = TransparencyClaim(
            page=page,
            kind=record.kind,
            statement=record.statement,
            evidence_note=record.evidence,
            sort_order=position,
        )
        try:
            claim.full_clean()
        except ValidationError as error:
            errors.extend(_field_errors(error, prefix=f"claims[{position}]"))
        claims.append(claim)
    if errors:
        raise LineRejected(errors)
    return claims


def _submit_for_review(page: StoryPage, user) -> None:
    state = page.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user)
        return
    if state is not None:
        state.cancel(user=user)
    workflow = page.get_workflow()
    if workflow is None:
        raise LineRejected(
            [FieldError("story", str(_("no active review workflow applies to this story")))]
        )
    workflow.start(page, user)


def _published_moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


_MODEL_FIELDS = {
    "title": "title",
    "draft_title": "title",
    "slug": "title",
    "subject_kind": "subject.kind",
    "subject_name": "subject.name",
    "organization": "subject.organization",
    "first_published_at": "published_at",
    "evidence_note": "evidence",
    NON_FIELD_ERRORS: "",
}


def _field_errors(error: ValidationError, prefix: str = "") -> list[FieldError]:
    if not hasattr(error, "error_dict"):
        return [FieldError(prefix or "story", " ".join(error.messages))]
    errors = []
    for name, messages in error.message_dict.items():
        name = _MODEL_FIELDS.get(name, name)
        label = f"{prefix}.{name}" if prefix and name else (prefix or name or "story")
        errors.append(FieldError(label, " ".join(messages)))
    return errors


def _shown(value: str, limit: int = 80) -> str:
    """A value as it can safely appear in a one-line message."""
    shown = "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in value[:limit])
    return shown + "…" if len(value) > limit else shown
