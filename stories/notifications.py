"""E-mails to members about their stories. Sent from the task queue: a mail outage never loses a story.

Members choose which of them they get (``EmailTopic``; the member's ``muted_email_topics``), and
each carries a one-click link that switches its topic off (stories.emails).
"""

import logging

from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from .emails import absolute_url, member_language, render_email, unsubscribe_url
from .task_priority import WAITED_ON

logger = logging.getLogger(__name__)


class EmailTopic(models.TextChoices):
    """What a member may switch off. Account mails (address codes, password reset) are not here:
    they are never optional."""

    SUBMITTED = "story_submitted", _("My story has arrived and waits for a moderator")
    DECISIONS = "story_decisions", _("A moderator asks for changes to my story or turns it down")
    PUBLISHING = "story_publishing", _("My story is published or taken off the site")


EVENT_TOPICS = {
    "submitted": EmailTopic.SUBMITTED,
    "changes_requested": EmailTopic.DECISIONS,
    "rejected": EmailTopic.DECISIONS,
    "published": EmailTopic.PUBLISHING,
    "withdrawn": EmailTopic.PUBLISHING,
}
EVENTS = set(EVENT_TOPICS)


def wants_email(user, topic: str) -> bool:
    return topic not in (getattr(user, "muted_email_topics", None) or ())


@task(priority=WAITED_ON)
def send_story_notification(*, user_id: int, story_id: int, event: str, comment: str = "") -> int:
    from .models import StoryPage

    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    story = StoryPage.objects.filter(pk=story_id).first()
    if user is None or story is None or not user.email or event not in EVENTS:
        return 0
    topic = EVENT_TOPICS[event]
    if not wants_email(user, topic):
        return 0
    story_path = None
    if story.live:
        parts = story.get_url_parts()
        story_path = parts[2] if parts else None
    context = {
        "user": user,
        "story": story,
        "event": event,
        "comment": comment,
        "topic": EmailTopic(topic).label,
        "dashboard_url": absolute_url(reverse("community:dashboard")),
        "preferences_url": absolute_url(reverse("community:email_preferences")),
        "story_url": absolute_url(story_path) if story_path else "",
        "latest_decision": story.review_decisions.order_by("-created_at", "-pk").first(),
    }
    message = render_email(
        "stories/email/story_event",
        to=[user.email],
        context=context,
        language=member_language(user),
        unsubscribe_url=unsubscribe_url(user, topic),
    )
    return message.send()


def notify_member(*, story, event: str, comment: str = "") -> None:
    """Queue an e-mail to the story's member once the current transaction has committed."""
    if story.owner_id is None:
        return

    def enqueue():
        try:
            send_story_notification.enqueue(
                user_id=story.owner_id, story_id=story.pk, event=event, comment=comment
            )
        except Exception:
            logger.exception("Could not queue the %s notification for story %s", event, story.pk)

    transaction.on_commit(enqueue)
