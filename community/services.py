"""Write flows for members and organisations. Append new services in their own section."""

import io
import json
import posixpath
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.core.files.images import ImageFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, models, transaction
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.log_actions import log
from wagtail.models import PageLogEntry, WorkflowState

from stories.body import SECTION_KEYS, BodyParts, body_parts, body_text, compose_body
from stories.choices import SubjectKind
from stories.image_files import erase_member_images
from stories.models import (
    CustomImage,
    EvidenceFile,
    Industry,
    ReviewDecision,
    StoryIndexPage,
    StoryPage,
    TransparencyClaim,
)
from stories.review import member_may_edit, story_status
from stories.site_tree import free_child_slug

from .archive import stream_zip
from .models import (
    DECLARATIONS,
    Consent,
    ConsentKind,
    Organization,
    OrganizationMembership,
    OrganizationRole,
    User,
)
from .uploads import EVIDENCE_MAX_PER_CLAIM, EVIDENCE_MAX_PER_STORY, CheckedFile

# ---------------------------------------------------------------------------------------------
# Accounts, organisations, the member's dashboard and data rights (member-accounts engineer)
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def organization_create(*, member: User, data: dict) -> Organization:
    """Register an organisation; its creator becomes its owner. It starts unverified."""
    organization = Organization(**data, verified=False, verified_at=None)
    organization.slug = Organization.free_slug(organization.name)
    organization.full_clean()
    organization.save()
    OrganizationMembership.objects.create(
        user=member, organization=organization, role=OrganizationRole.OWNER
    )
    return organization


@transaction.atomic
def organization_update(*, member: User, organization: Organization, data: dict) -> bool:
    """Update the profile a member may edit. Returns True when verification was reset.

    A change to a field a moderator checked (name, licence number, association membership)
    withdraws the verification until a moderator checks the organisation again.
    """
    if not OrganizationMembership.objects.filter(user=member, organization=organization).exists():
        raise PermissionDenied
    current = Organization.objects.select_for_update().get(pk=organization.pk)
    needs_recheck = any(
        field in data and data[field] != getattr(current, field)
        for field in Organization.VERIFICATION_FIELDS
    )
    for field, value in data.items():
        setattr(organization, field, value)
    reset = needs_recheck and current.verified
    if needs_recheck:
        organization.verified = False
        organization.verified_at = None
    organization.full_clean()
    organization.save()
    return reset


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


# ---------------------------------------------------------------------------------------------
# Story submission: drafts, declarations and submitting for review (submission engineer)
# ---------------------------------------------------------------------------------------------


class StoryInReview(Exception):
    """The story is being reviewed; it cannot change until the moderators have answered."""


class NothingToSubmit(Exception):
    """The published version is the latest one: there is no change to review."""


class DeclarationsMissing(Exception):
    """The member has not (or no longer) agreed to the declarations in force."""


@dataclass(frozen=True)
class ImageDraft:
    """A hero or body image: a newly checked upload, or an image already in the draft."""

    alt_text: str
    caption: str = ""
    section: str = SECTION_KEYS[0]
    image_id: int | None = None
    upload: CheckedFile | None = None


@dataclass(frozen=True)
class ClaimDraft:
    kind: str
    statement: str
    evidence_note: str = ""
    key: uuid.UUID | None = None
    new_files: tuple[CheckedFile, ...] = ()
    remove_file_ids: frozenset[int] = frozenset()


@dataclass(frozen=True)
class StoryDraft:
    title: str
    subject_kind: str
    subject_name: str
    language: str
    summary: str
    industries: tuple[Industry, ...]
    sections: Mapping[str, str]
    organization: Organization | None = None
    organization_name: str = ""
    product_or_service: str = ""
    product_description: str = ""
    material_connection: str = ""
    no_material_connection: bool = False
    agree_to_publish: bool = False
    claims: tuple[ClaimDraft, ...] = ()
    hero: ImageDraft | None = None
    body_images: tuple[ImageDraft, ...] = ()


def story_declarations(*, story: StoryPage | None) -> dict[str, Consent | None]:
    """For each declaration: the member's active agreement to it, whatever its version."""
    declarations: dict[str, Consent | None] = dict.fromkeys(DECLARATIONS)
    if story is not None and story.pk:
        for consent in Consent.objects.filter(story=story).active().order_by("agreed_at", "pk"):
            declarations[consent.kind] = consent
    return declarations


def _is_public_image(story: StoryPage, image_id: int) -> bool:
    if not (story.pk and story.live):
        return False
    live = StoryPage.objects.get(pk=story.pk)
    if live.hero_image_id == image_id:
        return True
    return any(image.image_id == image_id for image in body_parts(live.body).images)


def _new_image(*, member: User, checked: CheckedFile, alt_text: str) -> CustomImage:
    extension = checked.name.rsplit(".", 1)[-1]
    image = CustomImage(
        title=alt_text[:255] or checked.name,
        alt_text=alt_text,
        uploaded_by_user=member,
        # A random name: a draft's images are not guessable from the member's file names.
        file=ImageFile(io.BytesIO(checked.content), name=f"{uuid.uuid4().hex}.{extension}"),
    )
    image._set_image_file_metadata()
    image.save()
    return image


def _image_for(*, member: User, story: StoryPage, draft: ImageDraft, allowed: set[int]):
    if draft.upload is not None:
        return _new_image(member=member, checked=draft.upload, alt_text=draft.alt_text)
    if draft.image_id is None or draft.image_id not in allowed:
        return None
    image = CustomImage.objects.filter(pk=draft.image_id).first()
    if image is None or image.alt_text == draft.alt_text:
        return image
    if _is_public_image(story, image.pk):
        # The published version keeps its image as approved; the draft gets its own copy.
        with image.open_file() as source:
            content = source.read()
        extension = image.file.name.rsplit(".", 1)[-1]
        copy = CheckedFile(
            name=f"image.{extension}", content=content, content_type="", original_name=""
        )
        return _new_image(member=member, checked=copy, alt_text=draft.alt_text)
    image.alt_text = draft.alt_text
    image.title = draft.alt_text[:255] or image.title
    image.save(update_fields=["alt_text", "title"])
    return image


def _organization_for(*, member: User, data: StoryDraft) -> Organization | None:
    if data.organization is not None:
        if not Organization.objects.represented_by(member).filter(pk=data.organization.pk).exists():
            raise PermissionDenied
        return data.organization
    name = " ".join(data.organization_name.split())
    if not name:
        return None
    existing = Organization.objects.filter(name__iexact=name).first()
    if existing is not None:
        if data.subject_kind == SubjectKind.ORGANIZATION and not (
            Organization.objects.represented_by(member).filter(pk=existing.pk).exists()
        ):
            # Only its representatives speak as an organisation (the form says so first).
            raise PermissionDenied
        return existing
    try:
        with transaction.atomic():
            if data.subject_kind == SubjectKind.ORGANIZATION:
                return organization_create(member=member, data={"name": name})
            # A person's story names the company they work with; it stays unowned and unverified.
            return Organization.objects.create(name=name, verified=False)
    except IntegrityError:
        return Organization.objects.get(name__iexact=name)


def _apply_claims(*, member: User, page: StoryPage, live_keys: set, data: StoryDraft):
    """Set the draft's claims; return the evidence to add as (claim key, checked file) pairs."""
    existing = {claim.key: claim for claim in page.claims.all()}
    claims, uploads, removals = [], [], []
    for order, draft in enumerate(data.claims):
        claim = existing.pop(draft.key, None) if draft.key else None
        if claim is None:
            claim = TransparencyClaim(key=uuid.uuid4())
        claim.kind = draft.kind
        claim.statement = draft.statement
        claim.evidence_note = draft.evidence_note
        claim.sort_order = order
        claims.append(claim)
        uploads += [(claim.key, checked) for checked in draft.new_files]
        if draft.remove_file_ids:
            removals.append(Q(claim_key=claim.key, pk__in=draft.remove_file_ids))
    page.claims = claims
    # Evidence of a removed claim goes with it, unless the published version still shows the claim.
    dropped = set(existing) - live_keys
    if dropped:
        removals.append(Q(claim_key__in=dropped))
    return claims, uploads, removals


def _check_evidence_limits(*, page: StoryPage, claims, uploads) -> None:
    """The limits hold for the files already stored plus the ones about to be stored."""
    counts = dict.fromkeys((claim.key for claim in claims), 0)
    stored = (
        EvidenceFile.objects.filter(story=page, claim_key__in=list(counts))
        .values_list("claim_key")
        .annotate(n=Count("pk"))
    )
    for claim_key, n in stored:
        counts[claim_key] += n
    for claim_key, _checked in uploads:
        counts[claim_key] += 1
    if any(n > EVIDENCE_MAX_PER_CLAIM for n in counts.values()):
        raise ValidationError(
            _("A claim can have at most %(limit)s evidence files."),
            code="too_many_files",
            params={"limit": EVIDENCE_MAX_PER_CLAIM},
        )
    if sum(counts.values()) > EVIDENCE_MAX_PER_STORY:
        raise ValidationError(
            _("A story can have at most %(limit)s evidence files."),
            code="too_many_files",
            params={"limit": EVIDENCE_MAX_PER_STORY},
        )


def _has_current_consent(story: StoryPage | None, kind: str) -> bool:
    if story is None:
        return False
    return Consent.objects.filter(story=story, kind=kind).current().exists()


def _record_declarations(*, member: User, page: StoryPage, data: StoryDraft) -> None:
    now = timezone.now()
    language = (translation.get_language() or settings.LANGUAGE_CODE)[:10]
    agreed = {
        ConsentKind.PUBLISH: data.agree_to_publish,
        ConsentKind.NO_CONNECTION: data.no_material_connection,
    }
    consents = Consent.objects.filter(story=page)
    for kind, declaration in DECLARATIONS.items():
        if agreed[kind] and not _has_current_consent(page, kind):
            # An agreement to older wording is replaced by this one.
            consents.active().filter(kind=kind).update(withdrawn_at=now)
            Consent.objects.create(
                user=member,
                story=page,
                kind=kind,
                text=str(declaration.text),
                version=declaration.version,
                language=language,
                agreed_at=now,
            )
    if not data.no_material_connection:
        # A connection described in the member's own words replaces the "no connection" declaration.
        consents.active().filter(kind=ConsentKind.NO_CONNECTION).update(withdrawn_at=now)


@transaction.atomic
def story_save_draft(*, member: User, story: StoryPage | None, data: StoryDraft) -> StoryPage:
    """Save the member's story as a new draft revision; the published version (if any) stays up.

    A new story becomes an unpublished page under the story index, owned by the member.
    """
    if not (data.agree_to_publish or _has_current_consent(story, ConsentKind.PUBLISH)):
        raise DeclarationsMissing
    if story is None:
        index = StoryIndexPage.objects.get()
        page = StoryPage(owner=member, live=False)
        body = BodyParts(sections={}, images=[], kept_blocks={})
        live_keys: set = set()
    else:
        row = StoryPage.objects.select_for_update().get(pk=story.pk)
        if row.owner_id != member.pk:
            raise PermissionDenied
        if not member_may_edit(row):
            raise StoryInReview
        page = row.get_latest_revision_as_object()
        body = body_parts(page.body)
        live_keys = set(row.claims.values_list("key", flat=True)) if row.live else set()

    page.title = data.title
    page.subject_kind = data.subject_kind
    page.subject_name = data.subject_name
    page.organization = _organization_for(member=member, data=data)
    page.language = data.language
    page.summary = data.summary
    page.product_or_service = data.product_or_service
    page.product_description = data.product_description
    if data.no_material_connection:
        with translation.override(data.language):
            page.material_connection = str(DECLARATIONS[ConsentKind.NO_CONNECTION].text)
    else:
        page.material_connection = data.material_connection
    page.industries.set(list(data.industries))

    allowed_images = {image.image_id for image in body.images}
    hero = data.hero
    page.hero_image = (
        _image_for(member=member, story=page, draft=hero, allowed={page.hero_image_id} - {None})
        if hero is not None
        else None
    )
    placed = []
    for draft in data.body_images:
        image = _image_for(member=member, story=page, draft=draft, allowed=allowed_images)
        if image is not None:
            placed.append((image, draft.caption, draft.section))
    page.body = json.dumps(
        compose_body(
            language=data.language,
            sections=data.sections,
            images=placed,
            kept_blocks=body.kept_blocks,
        ),
        cls=DjangoJSONEncoder,
    )
    claims, uploads, removals = _apply_claims(
        member=member, page=page, live_keys=live_keys, data=data
    )

    if story is None:
        page.slug = free_child_slug(index, data.title)
        index.add_child(instance=page)
        log(instance=page, action="wagtail.create", user=member)
    page.save_revision(user=member, log_action=True)

    for condition in removals:
        # The files leave storage once the draft is saved (stories.signal_handlers).
        EvidenceFile.objects.filter(condition, story=page).delete()
    _check_evidence_limits(page=page, claims=claims, uploads=uploads)
    _record_declarations(member=member, page=page, data=data)
    for claim_key, checked in uploads:
        EvidenceFile.objects.create(
            story=page,
            claim_key=claim_key,
            file=checked.as_content_file(),
            original_name=checked.name,
            content_type=checked.content_type,
            size=checked.size,
            uploaded_by=member,
        )
    return page


def story_submit(*, member: User, story: StoryPage) -> StoryPage:
    """Send the latest draft to the review workflow. Idempotent: a repeat changes nothing."""
    with transaction.atomic():
        page = StoryPage.objects.select_for_update().get(pk=story.pk)
        if page.owner_id != member.pk:
            raise PermissionDenied
        declarations = story_declarations(story=page)
        if (
            any(consent is not None and not consent.is_current for consent in declarations.values())
            or declarations[ConsentKind.PUBLISH] is None
        ):
            raise DeclarationsMissing
        state = page.current_workflow_state
        if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
            return page
        if state is not None:
            state.resume(user=member)
        else:
            if not page.has_unpublished_changes:
                raise NothingToSubmit
            workflow = page.get_workflow()
            if workflow is None:
                raise ImproperlyConfigured("The story index has no active review workflow.")
            workflow.start(page, member)
    return StoryPage.objects.get(pk=page.pk)


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
