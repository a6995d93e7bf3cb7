"""Organisations: registering one and keeping its profile; a change to what a moderator checked
withdraws its verification."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from ..models import (
    Organization,
    OrganizationMembership,
    OrganizationRole,
    User,
)


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
