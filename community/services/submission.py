"""Story submission: a member's drafts, their declarations, and sending a draft for review."""

import io
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, fields

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.core.files.images import ImageFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail.models import WorkflowState

from stories.body import SECTION_KEYS, BodyParts, body_parts, compose_body
from stories.choices import SubjectKind
from stories.models import (
    CustomImage,
    EvidenceFile,
    Industry,
    StoryIndexPage,
    StoryPage,
    TransparencyClaim,
)
from stories.review import member_may_edit
from stories.site_tree import free_child_slug
from stories.storage import files_removed_unless_committed, note_stored

from ..models import (
    DECLARATIONS,
    Consent,
    ConsentKind,
    Organization,
    RequestLink,
    User,
)
from ..uploads import EVIDENCE_MAX_PER_CLAIM, EVIDENCE_MAX_PER_STORY, CheckedFile
from .organizations import organization_create
from .request_links import claim_request_link


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
class _AboutFields:
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


@dataclass(frozen=True)
class AboutPart(_AboutFields):
    """The first step of the form: what the story is, whose it is, and its text; for a new
    story, the organisation's request link it was started from, if any."""

    request_link: RequestLink | None = None


@dataclass(frozen=True)
class ClaimsPart:
    """Every claim of the story, in order; a claim left out is removed from the draft."""

    claims: tuple[ClaimDraft, ...] = ()


@dataclass(frozen=True)
class ImagesPart:
    """The main image and the images in the story; an image left out is removed from the draft."""

    hero: ImageDraft | None = None
    body_images: tuple[ImageDraft, ...] = ()


@dataclass(frozen=True)
class _DeclarationFields:
    material_connection: str = ""
    no_material_connection: bool = False
    agree_to_publish: bool = False


@dataclass(frozen=True)
class DeclarationsPart(_DeclarationFields):
    """The last step of the form: the member's declarations."""


StoryPart = AboutPart | ClaimsPart | ImagesPart | DeclarationsPart


@dataclass(frozen=True)
class StoryDraft(_DeclarationFields, _AboutFields):
    """A whole story at once (the demo loader, imports of a finished text): every part."""

    claims: tuple[ClaimDraft, ...] = ()
    hero: ImageDraft | None = None
    body_images: tuple[ImageDraft, ...] = ()

    def parts(self) -> tuple[StoryPart, ...]:
        return (
            AboutPart(**_values_of(self, _AboutFields)),
            ClaimsPart(claims=self.claims),
            ImagesPart(hero=self.hero, body_images=self.body_images),
            DeclarationsPart(**_values_of(self, _DeclarationFields)),
        )


def _values_of(draft: "StoryDraft", part: type) -> dict:
    return {field.name: getattr(draft, field.name) for field in fields(part)}


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
    try:
        image.save()
    finally:
        note_stored(image.file)
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


def _organization_for(*, member: User, data: AboutPart) -> Organization | None:
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


def _apply_claims(*, page: StoryPage, live_keys: set, data: ClaimsPart):
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


def _record_declarations(*, member: User, page: StoryPage, data: DeclarationsPart) -> None:
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


def _no_connection_text(language: str) -> str:
    with translation.override(language):
        return str(DECLARATIONS[ConsentKind.NO_CONNECTION].text)


def _apply_about(*, member: User, page: StoryPage, story: StoryPage | None, data: AboutPart):
    page.title = data.title
    page.subject_kind = data.subject_kind
    page.subject_name = data.subject_name
    page.organization = _organization_for(member=member, data=data)
    page.language = data.language
    page.summary = data.summary
    page.product_or_service = data.product_or_service
    page.product_description = data.product_description
    page.industries.set(list(data.industries))
    if _has_current_consent(story, ConsentKind.NO_CONNECTION):
        # The declaration is shown publicly in the story's own language, which may have changed.
        page.material_connection = _no_connection_text(data.language)


def _placed_images(*, member: User, page: StoryPage, body: BodyParts, data: ImagesPart):
    """Set the main image; return the body's images as (image, caption, section key)."""
    hero = data.hero
    page.hero_image = (
        _image_for(member=member, story=page, draft=hero, allowed={page.hero_image_id} - {None})
        if hero is not None
        else None
    )
    allowed = {image.image_id for image in body.images}
    placed = []
    for draft in data.body_images:
        image = _image_for(member=member, story=page, draft=draft, allowed=allowed)
        if image is not None:
            placed.append((image, draft.caption, draft.section))
    return placed


def _kept_images(body: BodyParts):
    """The body's images as they are, for a save that does not change them."""
    images = CustomImage.objects.in_bulk([image.image_id for image in body.images])
    return [
        (images[image.image_id], image.caption, image.section)
        for image in body.images
        if image.image_id in images
    ]


def _content(page: StoryPage) -> tuple:
    """What the member can change in a draft, to tell whether a save changes anything.

    The body is compared without its block ids, which every composition draws afresh.
    """
    raw = page.body.raw_data if page.body else []
    image_ids = {page.hero_image_id} | {
        block["value"].get("image")
        for block in raw
        if block.get("type") == "image" and isinstance(block.get("value"), dict)
    }
    alt_texts = CustomImage.objects.filter(pk__in=image_ids - {None}).values_list("pk", "alt_text")
    return (
        page.title,
        page.subject_kind,
        page.subject_name,
        page.organization_id,
        page.language,
        page.summary,
        page.product_or_service,
        page.product_description,
        page.material_connection,
        tuple(sorted(industry.pk for industry in page.industries.all())),
        page.hero_image_id,
        tuple(sorted(alt_texts)),
        json.dumps([(block["type"], block["value"]) for block in raw], cls=DjangoJSONEncoder),
        tuple(
            (str(claim.key), claim.kind, claim.statement, claim.evidence_note)
            for claim in page.claims.all()
        ),
    )


def _parts(data: StoryDraft | StoryPart) -> dict[type, StoryPart]:
    parts = data.parts() if isinstance(data, StoryDraft) else (data,)
    return {type(part): part for part in parts}


def story_save_draft(
    *, member: User, story: StoryPage | None, data: StoryDraft | StoryPart
) -> StoryPage:
    """Save a whole story, or one step's part of it, as the member's private draft.

    A new story starts from its ``AboutPart`` (or a whole ``StoryDraft``) and becomes an
    unpublished page under the story index, owned by the member. For a story that exists, the part
    replaces what the latest draft holds for it and keeps the rest; a save that changes nothing
    makes no new revision. The published version (if any) stays up. The declarations are recorded
    when the ``DeclarationsPart`` comes; submitting (``story_submit``) needs them, saving does not.
    All or nothing: a save that fails, its commit included, leaves no file in storage.
    """
    with files_removed_unless_committed():
        return _save_draft(member=member, story=story, data=data)


def _save_draft(*, member: User, story: StoryPage | None, data: StoryDraft | StoryPart):
    parts = _parts(data)
    about = parts.get(AboutPart)
    claims_part = parts.get(ClaimsPart)
    images_part = parts.get(ImagesPart)
    declarations = parts.get(DeclarationsPart)
    if story is None:
        if about is None:
            raise ValueError("A new story starts with its title and text (an AboutPart).")
        index = StoryIndexPage.objects.get()
        page = StoryPage(owner=member, live=False)
        body = BodyParts(sections={}, images=[], kept_blocks={})
        live_keys: set = set()
        before = None
    else:
        row = StoryPage.objects.select_for_update().get(pk=story.pk)
        if row.owner_id != member.pk:
            raise PermissionDenied
        if not member_may_edit(row):
            raise StoryInReview
        page = row.get_latest_revision_as_object()
        body = body_parts(page.body)
        live_keys = set(row.claims.values_list("key", flat=True)) if row.live else set()
        before = _content(page)

    if about is not None:
        _apply_about(member=member, page=page, story=story, data=about)
    if declarations is not None:
        page.material_connection = (
            _no_connection_text(page.language)
            if declarations.no_material_connection
            else declarations.material_connection
        )
    if images_part is not None:
        placed = _placed_images(member=member, page=page, body=body, data=images_part)
    else:
        placed = _kept_images(body)
    if about is not None or images_part is not None:
        page.body = json.dumps(
            compose_body(
                language=page.language,
                sections=about.sections if about is not None else body.sections,
                images=placed,
                kept_blocks=body.kept_blocks,
            ),
            cls=DjangoJSONEncoder,
        )
    claims, uploads, removals = [], [], []
    if claims_part is not None:
        claims, uploads, removals = _apply_claims(page=page, live_keys=live_keys, data=claims_part)

    if story is None:
        if about.request_link is not None:
            page.request_link = claim_request_link(member=member, link=about.request_link)
        page.slug = free_child_slug(index, about.title)
        index.add_child(instance=page)
        log(instance=page, action="wagtail.create", user=member)
    removals = [
        condition
        for condition in removals
        if EvidenceFile.objects.filter(condition, story=page).exists()
    ]
    if story is None or uploads or removals or _content(page) != before:
        page.save_revision(user=member, log_action=True)

    for condition in removals:
        # The files leave storage once the draft is saved (stories.signal_handlers).
        EvidenceFile.objects.filter(condition, story=page).delete()
    if claims_part is not None:
        _check_evidence_limits(page=page, claims=claims, uploads=uploads)
    if declarations is not None:
        _record_declarations(member=member, page=page, data=declarations)
    for claim_key, checked in uploads:
        evidence = EvidenceFile(
            story=page,
            claim_key=claim_key,
            file=checked.as_content_file(),
            original_name=checked.name,
            content_type=checked.content_type,
            size=checked.size,
            uploaded_by=member,
        )
        try:
            evidence.save()
        finally:
            note_stored(evidence.file)
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
