"""Saving validated import lines: each line in its own transaction, all or nothing."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum
from pathlib import Path
from typing import IO, Any

from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail.models import WorkflowState
from wagtail.rich_text import RichText

from ..models import Industry, StoryIndexPage, StoryPage, TransparencyClaim
from ..review import record_imported_review
from ..site_tree import ensure_site_tree, free_child_slug, free_slug
from .validate import (
    ClaimRecord,
    FieldError,
    LineRejected,
    StoryRecord,
    decode_line,
    parse_json,
    read_lines,
    validate_story,
)

DEFAULT_SOURCE = "import"
SYSTEM_USERNAME = "importer"
SYSTEM_EMAIL = "importer@terang.invalid"
IMPORT_LOG_ACTION = "terang.import"
MAX_SOURCE_LENGTH = 50

REPORT_NOTE = _(
    "This story was verified elsewhere before it moved to Terang, and was published here "
    "without a new transparency review."
)


class Outcome(StrEnum):
    IMPORTED = "imported"
    UPDATED = "updated"
    SKIPPED = "skipped"


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
            slug=free_child_slug(
                options.story_index, record.title, max_length=200, allow_unicode=True
            ),
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
            name=value,
            name_id=value,
            slug=free_slug(
                value,
                taken=lambda slug: Industry.objects.filter(slug=slug).exists(),
                fallback="industry",
                max_length=90,
            ),
        )
        found[industry.pk] = industry
    return list(found.values())


def _organization(name: str | None):
    """The organisation a story names, found by name or created (unverified).

    The model is the one ``StoryPage.organization`` points to, so the importer needs no import
    of the community app.
    """
    if name is None:
        return None
    Organization = StoryPage._meta.get_field("organization").related_model
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
