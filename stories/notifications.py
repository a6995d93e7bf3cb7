"""E-mails to members about their stories. Sent from the task queue: a mail outage never loses a story."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

logger = logging.getLogger(__name__)

EVENTS = {"submitted", "changes_requested", "rejected", "published", "withdrawn"}


@task()
def send_story_notification(*, user_id: int, story_id: int, event: str, comment: str = "") -> int:
    from .models import StoryPage

    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    story = StoryPage.objects.filter(pk=story_id).first()
    if user is None or story is None or not user.email or event not in EVENTS:
        return 0
    context = {
        "user": user,
        "story": story,
        "event": event,
        "comment": comment,
        "site_url": settings.WAGTAILADMIN_BASE_URL,
        "latest_decision": story.review_decisions.order_by("-created_at", "-pk").first(),
    }
    with translation.override(getattr(user, "preferred_language", None) or settings.LANGUAGE_CODE):
        subject = render_to_string("stories/email/story_event_subject.txt", context).strip()
        body = render_to_string("stories/email/story_event.txt", context)
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


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
