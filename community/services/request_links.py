"""Request links: an organisation asks its customers or partners for their story.

The one policy, which every path asks (the representative's pages, the public link page, the
submission form and its service):

- an organisation's links are created, seen and revoked by its members (owners and
  representatives), and only once a moderator has verified the organisation;
- anyone may open a link while it is open: not revoked, not expired, not used up. A use is a story
  started through the link, one per member;
- a moderator (whoever may handle the moderation queues) may close any link that is abused, with
  a reason, from the admin ("Request links"); the close is written to the link's history;
- what a link shows its organisation, per story started through it and sent for review: the
  teller's display name and the story's state. Never an e-mail address, a draft that was never
  submitted, the story's text before it is published, or evidence.

A story started through a link keeps it (``StoryPage.request_link``), and its page says "invited
by <organisation>" as the material connection it is.
"""

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from stories.choices import StoryStatus
from stories.models import Industry, StoryPage
from stories.moderation_queues import moderation_policy
from stories.review import story_status

from ..models import REQUEST_TOKEN_LENGTH, Organization, RequestLink, RequestLinkState, User

TOKEN_PATTERN = re.compile(rf"[A-Za-z0-9_-]{{{REQUEST_TOKEN_LENGTH}}}")
MAX_DAYS = 366


def is_token(value: str) -> bool:
    return bool(TOKEN_PATTERN.fullmatch(value or ""))


def organizations_managed_by(user):
    """The organisations whose request links ``user`` may create, see and revoke."""
    if not (user.is_authenticated and user.is_active):
        return Organization.objects.none()
    return Organization.objects.represented_by(user).filter(verified=True)


def may_manage(user, organization: Organization) -> bool:
    return organizations_managed_by(user).filter(pk=organization.pk).exists()


def links_managed_by(user, organization: Organization):
    """The organisation's links, each with its number of uses; refused to anyone else."""
    if not may_manage(user, organization):
        raise PermissionDenied
    return (
        RequestLink.objects.filter(organization=organization)
        .select_related("industry")
        .annotate(uses=Count("stories"))
    )


def uses_of(link: RequestLink) -> int:
    return StoryPage.objects.filter(request_link=link).count()


def state_of(link: RequestLink) -> str:
    uses = getattr(link, "uses", None)
    return link.state(uses=uses_of(link) if uses is None else uses)


@transaction.atomic
def request_link_create(
    *,
    member: User,
    organization: Organization,
    message: str,
    industry: Industry | None = None,
    expires_on: dt.date | None = None,
    max_uses: int = 10,
) -> RequestLink:
    if not may_manage(member, organization):
        raise PermissionDenied
    expires_at = None
    if expires_on is not None:
        today = timezone.localdate()
        if not today <= expires_on <= today + dt.timedelta(days=MAX_DAYS):
            raise ValidationError(
                {"expires_on": _("Choose a day from today to a year from now.")}, code="expiry"
            )
        # Open through the whole of that day, in the site's time zone.
        expires_at = timezone.make_aware(dt.datetime.combine(expires_on, dt.time.max))
    link = RequestLink(
        organization=organization,
        message=message.strip(),
        industry=industry,
        expires_at=expires_at,
        max_uses=max_uses,
        created_by=member,
    )
    link.full_clean()
    link.save()
    return link


@transaction.atomic
def request_link_revoke(*, member: User, link: RequestLink) -> bool:
    """Close the link for good; False when it already was. Stories begun through it keep it."""
    if not may_manage(member, link.organization):
        raise PermissionDenied
    updated = RequestLink.objects.filter(pk=link.pk, revoked_at=None).update(
        revoked_at=timezone.now()
    )
    return bool(updated)


CLOSE_REASON_MAX_LENGTH = 500


def may_close_any(user) -> bool:
    """Moderators (and administrators) may close any organisation's link."""
    return bool(user.is_authenticated and moderation_policy.user_has_permission(user, "change"))


@transaction.atomic
def request_link_close(*, moderator: User, link: RequestLink, reason: str) -> bool:
    """A moderator closes an abused link for good, with a reason kept in its history; False when
    it was closed already. Stories begun through it keep it."""
    if not may_close_any(moderator):
        raise PermissionDenied
    reason = reason.strip()
    if not reason or len(reason) > CLOSE_REASON_MAX_LENGTH:
        raise ValidationError(
            {"reason": _("Give a reason of at most 500 characters.")}, code="reason"
        )
    updated = RequestLink.objects.filter(pk=link.pk, revoked_at=None).update(
        revoked_at=timezone.now()
    )
    if updated:
        link.refresh_from_db()
        log(
            instance=link,
            action="terang.request_link.closed",
            user=moderator,
            data={"reason": reason, "organization": link.organization.name},
        )
    return bool(updated)


def closed_message(state: str) -> str:
    return {
        RequestLinkState.REVOKED: _("The organisation has closed this link."),
        RequestLinkState.EXPIRED: _("This link has expired."),
        RequestLinkState.USED_UP: _(
            "This link has been used as many times as the organisation allowed."
        ),
    }.get(state, "")


def story_begun_through(member: User, link: RequestLink) -> StoryPage | None:
    return StoryPage.objects.filter(request_link=link, owner=member).first()


def claim_request_link(*, member: User, link: RequestLink) -> RequestLink:
    """Count one use of ``link`` for a story ``member`` starts now (inside the story's
    transaction); refused with a message when it is closed or the member already used it."""
    link = RequestLink.objects.select_for_update().get(pk=link.pk)
    state = state_of(link)
    if state != RequestLinkState.OPEN:
        raise ValidationError(closed_message(state), code="closed")
    if story_begun_through(member, link) is not None:
        raise ValidationError(
            _("You already started a story through this link: find it on your dashboard."),
            code="used",
        )
    return link


@dataclass(frozen=True)
class Response:
    name: str
    status: str
    status_label: str
    url: str


def responses_to(link: RequestLink) -> list[Response]:
    """Who answered ``link``, for its organisation: the display name and state of each story
    sent for review; drafts never submitted are left out."""
    found = []
    stories = (
        StoryPage.objects.filter(request_link=link)
        .select_related("owner")
        .defer_streamfields()
        .order_by("pk")
    )
    for story in stories:
        status = story_status(story)
        if status == StoryStatus.DRAFT:
            continue
        found.append(
            Response(
                name=display_name(story.owner),
                status=status,
                status_label=StoryStatus(status).label,
                url=story.url if story.live and status != StoryStatus.WITHDRAWN else "",
            )
        )
    return found


def display_name(member: User | None) -> str:
    """The name a member chose to show, never their e-mail address or username."""
    if member is None:
        return _("A former member")
    return member.display_name or member.get_full_name() or _("A member")
