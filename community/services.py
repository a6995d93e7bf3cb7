"""Write flows for members and organisations. Append new services in their own section."""

from collections.abc import Callable
from functools import partial

from allauth.account.models import EmailAddress
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.models import PageLogEntry

from stories.models import EvidenceFile, ReviewDecision, StoryPage
from stories.review import story_status

from .models import Organization, OrganizationMembership, OrganizationRole, User, unique_slug

# ---------------------------------------------------------------------------------------------
# Accounts, organisations, the member's dashboard and data rights (member-accounts engineer)
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def organization_create(*, member: User, data: dict) -> Organization:
    """Register an organisation; its creator becomes its owner. It starts unverified."""
    organization = Organization(**data, verified=False, verified_at=None)
    organization.slug = unique_slug(Organization, organization.name)
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


def _body_text(story: StoryPage) -> str:
    parts = []
    for block in story.body:
        parts.extend(str(text) for text in block.block.get_searchable_content(block.value) if text)
    return "\n\n".join(parts)


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
        "organization": latest.organization.name if latest.organization_id else None,
        "industries": sorted(industry.slug for industry in latest.industries.all()),
        "summary": latest.summary,
        "product_or_service": latest.product_or_service,
        "product_description": latest.product_description,
        "material_connection": latest.material_connection,
        "body": _body_text(latest),
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


def _export_evidence_files(member: User) -> list[dict]:
    evidence = EvidenceFile.objects.filter(story__owner=member).order_by("uploaded_at", "pk")
    return list(evidence.values("story", "original_name", "content_type", "size", "uploaded_at"))


def _export_model(model_label: str, member: User) -> list[dict]:
    """Rows of a model with a ``user`` foreign key, if that model is installed."""
    try:
        model = apps.get_model(model_label)
    except LookupError:
        return []
    return _rows(model.objects.filter(user=member).order_by("pk"), exclude=("user",))


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
    "consents": partial(_export_model, "community.Consent"),
    "review_decisions": _export_review_decisions,
    "evidence_files": _export_evidence_files,
    "audit_log": _export_audit_log,
}


def member_export(*, member: User) -> dict:
    """Everything Terang holds about a member, as JSON-ready data (dates as datetimes)."""
    return {
        "exported_at": timezone.now(),
        **{name: gather(member) for name, gather in EXPORT_SECTIONS.items()},
    }


def _delete_file_after_commit(field_file: models.fields.files.FieldFile) -> None:
    storage, name = field_file.storage, field_file.name
    if name:
        transaction.on_commit(partial(storage.delete, name))


@transaction.atomic
def member_delete(*, member: User) -> None:
    """Delete a member's account: their stories go off the site, their evidence files are erased.

    The story pages stay, unpublished and without an owner (Wagtail sets ``Page.owner`` to null),
    with their history in the audit log.
    """
    if member.is_superuser:
        raise PermissionDenied
    for story in StoryPage.objects.select_for_update().filter(owner=member):
        _cancel_review_and_unpublish(story, member=member)
    evidence = EvidenceFile.objects.filter(
        models.Q(story__owner=member) | models.Q(uploaded_by=member)
    )
    for evidence_file in evidence:
        _delete_file_after_commit(evidence_file.file)
    evidence.delete()
    member.delete()
