"""An organisation answers: one public reply under a story told about it or with it.

- A representative of the story's organisation may write it, once the organisation is verified.
- A moderator approves it before it shows (or declines it, with a reason). An edit is moderated
  again; readers keep seeing the last approved text, with its date, until then.
- The storyteller is told when a reply appears under their story. Every step is in the story's
  audit log.
"""

import logging

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task
from wagtail.log_actions import log

from .emails import absolute_url, member_language, render_email, unsubscribe_url
from .models import OrganizationReply, ReplyStatus, StoryPage
from .notifications import EmailTopic, wants_email
from .task_priority import WAITED_ON

logger = logging.getLogger(__name__)
MAX_REPLY = 1500


class ReplyRefused(Exception):
    """Not allowed now; the message says why, for the person."""


def may_reply(user, story: StoryPage) -> bool:
    organization = story.organization
    if not (story.live and organization is not None and organization.verified):
        return False
    return organization.memberships.filter(user_id=getattr(user, "pk", None)).exists()


def submit_reply(*, story: StoryPage, author, text: str) -> OrganizationReply:
    text = text.strip()
    if not text:
        raise ReplyRefused(_("Write the reply."))
    if len(text) > MAX_REPLY:
        raise ReplyRefused(_("The reply is longer than 1,500 characters."))
    if not may_reply(author, story):
        raise PermissionDenied
    with transaction.atomic():
        reply, created = OrganizationReply.objects.select_for_update().get_or_create(
            story=story,
            defaults={"organization": story.organization, "author": author, "text": text},
        )
        if not created:
            reply.organization = story.organization
            reply.author = author
            reply.text = text
            reply.status = ReplyStatus.PENDING
            reply.submitted_at = timezone.now()
            reply.decision_note = ""
            reply.save()
        log(
            instance=story,
            action="terang.reply.submitted",
            user=author,
            data={"reply": reply.pk, "edit": not created},
        )
    return reply


def decide_reply(*, reply: OrganizationReply, moderator, approve: bool, note: str = "") -> None:
    with transaction.atomic():
        reply = (
            OrganizationReply.objects.select_for_update().select_related("story").get(pk=reply.pk)
        )
        if reply.status != ReplyStatus.PENDING:
            raise ReplyRefused(_("This reply was decided already."))
        if not approve and not note.strip():
            raise ReplyRefused(_("Give the organisation a reason for declining."))
        reply.decided_by = moderator
        reply.decision_note = note.strip()
        if approve:
            reply.status = ReplyStatus.APPROVED
            reply.published_text = reply.text
            reply.published_at = timezone.now()
        else:
            reply.status = ReplyStatus.DECLINED
        reply.save()
        log(
            instance=reply.story,
            action=f"terang.reply.{'approved' if approve else 'declined'}",
            user=moderator,
            data={"reply": reply.pk, "note": reply.decision_note},
        )
        from .page_cache import purge_public_pages

        purge_public_pages()
        if approve:
            transaction.on_commit(lambda: _enqueue(reply.pk))


def _enqueue(reply_id: int) -> None:
    try:
        send_reply_to_storyteller.enqueue(reply_id=reply_id)
    except Exception:
        logger.exception("Could not queue the reply e-mail for reply %s", reply_id)


@task(priority=WAITED_ON)
def send_reply_to_storyteller(*, reply_id: int) -> int:
    reply = (
        OrganizationReply.objects.filter(pk=reply_id)
        .select_related("story", "organization")
        .first()
    )
    if reply is None or reply.status != ReplyStatus.APPROVED or not reply.story.owner_id:
        return 0
    user = get_user_model().objects.filter(pk=reply.story.owner_id, is_active=True).first()
    if user is None or not user.email or not wants_email(user, EmailTopic.PUBLISHING):
        return 0
    parts = reply.story.get_url_parts() if reply.story.live else None
    message = render_email(
        "stories/email/organization_reply",
        to=[user.email],
        context={
            "user": user,
            "story": reply.story,
            "reply": reply,
            "story_url": absolute_url(parts[2]) if parts else "",
            "topic": EmailTopic.PUBLISHING.label,
            "preferences_url": absolute_url(reverse("community:email_preferences")),
        },
        language=member_language(user),
        unsubscribe_url=unsubscribe_url(user, EmailTopic.PUBLISHING),
    )
    return message.send()
