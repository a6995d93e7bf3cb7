"""A member's rights over their data: withdrawing a story or the consent to publish it, the
export of everything Terang holds about them, and deleting the account."""

import json
import posixpath
from collections.abc import Callable, Iterator

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.log_actions import log
from wagtail.models import PageLogEntry

from stories.body import body_text
from stories.image_files import erase_member_images
from stories.models import (
    CustomImage,
    EvidenceFile,
    ReviewDecision,
    StoryPage,
)
from stories.review import story_status

from ..archive import stream_zip
from ..models import (
    Consent,
    ConsentKind,
    Organization,
    OrganizationMembership,
    User,
)


def _cancel_review_and_unpublish(story: StoryPage, *, member: User) -> bool:
    """Take a story out of review and off the site. Returns True if anything changed."""
    changed = False
    workflow_state = story.current_workflow_state
    if workflow_state is not None:
        workflow_state.cancel(user=member)
        changed = True
    if story.live:
        # The owner's right to withdraw is Terang's rule, checked by the caller: members hold no
        # Wagtail page permissions. The action still logs "wagtail.unpublish" and sends the signals.
        UnpublishPageAction(story, user=member, log_action=True).execute(
            skip_permission_checks=True
        )
        changed = True
    return changed


@transaction.atomic
def story_withdraw(*, member: User, story: StoryPage) -> StoryPage:
    """Unpublish a member's own story at once and stop any review in progress. Idempotent."""
    story = StoryPage.objects.select_for_update().get(pk=story.pk)
    if story.owner_id != member.pk:
        raise PermissionDenied
    _cancel_review_and_unpublish(story, member=member)
    return story


@transaction.atomic
def consent_withdraw(*, member: User, story: StoryPage) -> StoryPage:
    """Withdraw consent to publish: the story leaves the site and any review stops at once."""
    page = StoryPage.objects.select_for_update().get(pk=story.pk)
    if page.owner_id != member.pk:
        raise PermissionDenied
    withdrawn = Consent.objects.filter(story=page, kind=ConsentKind.PUBLISH).active()
    versions = sorted(set(withdrawn.values_list("version", flat=True)))
    if withdrawn.update(withdrawn_at=timezone.now()):
        log(
            instance=page,
            action="terang.consent.withdraw",
            user=member,
            data={"versions": versions},
        )
    return story_withdraw(member=member, story=page)


def _rows(queryset, *, exclude: tuple[str, ...] = ()) -> list[dict]:
    """Every concrete field of every row; a foreign key as its id."""
    fields = [f for f in queryset.model._meta.concrete_fields if f.name not in exclude]
    return [{f.name: f.value_from_object(obj) for f in fields} for obj in queryset]


def _export_account(member: User) -> dict:
    return {
        "username": member.username,
        "email": member.email,
        "display_name": member.display_name,
        "first_name": member.first_name,
        "last_name": member.last_name,
        "preferred_language": member.preferred_language,
        "muted_email_topics": member.muted_email_topics,
        "date_joined": member.date_joined,
        "last_login": member.last_login,
        "groups": sorted(member.groups.values_list("name", flat=True)),
        "email_addresses": list(
            EmailAddress.objects.filter(user=member).values("email", "verified", "primary")
        ),
    }


def _export_organizations(member: User) -> list[dict]:
    memberships = OrganizationMembership.objects.filter(user=member).select_related("organization")
    return [
        {
            "role": membership.role,
            "since": membership.created_at,
            "organization": {
                "name": membership.organization.name,
                "slug": membership.organization.slug,
                "description": membership.organization.description,
                "website": membership.organization.website,
                "business_licence_number": membership.organization.business_licence_number,
                "association_membership": membership.organization.association_membership,
                "verified": membership.organization.verified,
            },
        }
        for membership in memberships
    ]


def _export_story(story: StoryPage) -> dict:
    latest = story.get_latest_revision_as_object()
    return {
        "id": story.pk,
        "title": latest.title,
        "url": story.url if story.live else None,
        "status": story_status(story).value,
        "live": story.live,
        "language": latest.language,
        "subject_kind": latest.subject_kind,
        "subject_name": latest.subject_name,
        # A revision may name an organisation that was deleted since.
        "organization": Organization.objects.filter(pk=latest.organization_id)
        .values_list("name", flat=True)
        .first(),
        "industries": sorted(industry.slug for industry in latest.industries.all()),
        "summary": latest.summary,
        "product_or_service": latest.product_or_service,
        "product_description": latest.product_description,
        "material_connection": latest.material_connection,
        "body": body_text(latest.body),
        "claims": [
            {"kind": claim.kind, "statement": claim.statement, "evidence": claim.evidence_note}
            for claim in latest.claims.all()
        ],
        "verification": story.verification,
        "first_published_at": story.first_published_at,
        "last_published_at": story.last_published_at,
        "last_edited_at": story.latest_revision_created_at,
    }


def _export_stories(member: User) -> list[dict]:
    return [_export_story(story) for story in StoryPage.objects.filter(owner=member).order_by("pk")]


def _export_review_decisions(member: User) -> list[dict]:
    decisions = ReviewDecision.objects.filter(story__owner=member).order_by("created_at", "pk")
    return [
        {
            "story": decision.story_id,
            "outcome": decision.outcome,
            "outcome_label": str(decision.get_outcome_display()),
            "reason": decision.reason,
            "reason_label": str(decision.get_reason_display()) if decision.reason else "",
            "comment": decision.comment,
            "decided_at": decision.created_at,
        }
        for decision in decisions
    ]


def _archive_name(folder: str, pk: int, name: str) -> str:
    """Where a file sits in the export archive: unique by its id, named after the upload."""
    return f"{folder}/{pk}-{posixpath.basename(name.replace(chr(92), '/')) or 'file'}"


def _member_images(member: User):
    return CustomImage.objects.filter(uploaded_by_user=member).order_by("created_at", "pk")


def _member_evidence(member: User):
    return EvidenceFile.objects.filter(story__owner=member).order_by("uploaded_at", "pk")


def _export_images(member: User) -> list[dict]:
    return [
        {
            "title": image.title,
            "alt_text": image.alt_text,
            "width": image.width,
            "height": image.height,
            "uploaded_at": image.created_at,
            "file": _archive_name("images", image.pk, image.file.name),
        }
        for image in _member_images(member)
    ]


def _export_evidence_files(member: User) -> list[dict]:
    return [
        {
            "story": evidence.story_id,
            "original_name": evidence.original_name,
            "content_type": evidence.content_type,
            "size": evidence.size,
            "uploaded_at": evidence.uploaded_at,
            "file": _archive_name("evidence", evidence.pk, evidence.original_name),
        }
        for evidence in _member_evidence(member)
    ]


def _export_consents(member: User) -> list[dict]:
    return _rows(Consent.objects.filter(user=member).order_by("pk"), exclude=("user",))


def _export_audit_log(member: User) -> list[dict]:
    story_ids = StoryPage.objects.filter(owner=member).values("pk")
    entries = PageLogEntry.objects.filter(page_id__in=story_ids, user=member).order_by(
        "timestamp", "pk"
    )
    return [
        {
            "story": entry.page_id,
            "action": entry.action,
            "message": str(entry.message),
            "at": entry.timestamp,
        }
        for entry in entries
    ]


# One line per kind of data Terang holds about a member.
EXPORT_SECTIONS: dict[str, Callable[[User], object]] = {
    "account": _export_account,
    "organizations": _export_organizations,
    "stories": _export_stories,
    "consents": _export_consents,
    "review_decisions": _export_review_decisions,
    "evidence_files": _export_evidence_files,
    "images": _export_images,
    "audit_log": _export_audit_log,
}


EXPORT_JSON_NAME = "data.json"


def member_export(*, member: User) -> dict:
    """Everything Terang holds about a member, as JSON-ready data (dates as datetimes)."""
    return {
        "exported_at": timezone.now(),
        **{name: gather(member) for name, gather in EXPORT_SECTIONS.items()},
    }


def member_export_archive(*, member: User) -> Iterator[bytes]:
    """The member's data as a ZIP archive, produced while it is sent.

    ``data.json`` holds ``member_export()``; beside it are the files the member uploaded: the
    original of each image (``images/``) and each evidence file (``evidence/``), byte for byte,
    named as the JSON's ``file`` fields say. Everything is read from the database here; the
    returned iterator only reads files, one chunk at a time, so the archive is never held in
    memory whatever its size. A file missing from storage is left out and its ``file`` is null.
    """
    data = member_export(member=member)
    files = [
        (_archive_name("images", image.pk, image.file.name), image.file)
        for image in _member_images(member)
    ] + [
        (_archive_name("evidence", evidence.pk, evidence.original_name), evidence.file)
        for evidence in _member_evidence(member)
    ]
    missing: set[str] = set()

    def opener(name, field_file):
        def open_file():
            storage = field_file.storage
            try:
                if hasattr(storage, "open_stream"):
                    # Read as it arrives: on S3, open() first copies the whole object into memory.
                    return storage.open_stream(field_file.name)[0]
                return storage.open(field_file.name, "rb")
            except FileNotFoundError:
                missing.add(name)
                raise

        return open_file

    def members():
        for name, field_file in files:
            yield name, opener(name, field_file)
        for entry in [*data["images"], *data["evidence_files"]]:
            if entry["file"] in missing:
                entry["file"] = None
        content = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        yield EXPORT_JSON_NAME, content.encode()

    return stream_zip(members())


@transaction.atomic
def member_delete(*, member: User) -> None:
    """Delete a member's account: their stories go off the site, their uploads are erased.

    The story pages stay, unpublished and without an owner (Wagtail sets ``Page.owner`` to null),
    with their history in the audit log. The evidence files and the images the member uploaded
    are deleted, with their renditions; an image stays only while a live page of someone else
    shows it. The files leave storage once this transaction commits (stories.signal_handlers and
    Wagtail's image signal handlers).
    """
    if member.is_superuser:
        raise PermissionDenied
    for story in StoryPage.objects.select_for_update().filter(owner=member):
        _cancel_review_and_unpublish(story, member=member)
    EvidenceFile.objects.filter(
        models.Q(story__owner=member) | models.Q(uploaded_by=member)
    ).delete()
    erase_member_images(member)
    member.delete()
