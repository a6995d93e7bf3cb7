"""Appeals: a member asks, once, for a rejection of their story to be looked at again.

- Only the story's owner may appeal, only the story's latest decision when it is a rejection,
  and only once per rejection (one ``Appeal`` per rejecting ``ReviewDecision``).
- Someone other than the moderator who rejected decides: another moderator, or an administrator
  (where the rejecting moderator is the only one, that leaves the administrators).
- **Uphold**: the rejection stands. **Reopen**: the story goes back into the "Story review"
  workflow from its first step, as its member last sent it; only that workflow publishes it.
- Each step is in the story's audit log; the member sees the outcome on the dashboard and by email
  (the "decisions" email topic).
"""

import logging

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task
from wagtail.log_actions import log

from .choices import ReviewOutcome
from .emails import absolute_url, member_language, render_email, unsubscribe_url
from .models import Appeal, AppealOutcome, ReviewDecision, StoryPage
from .notifications import EmailTopic, wants_email
from .task_priority import WAITED_ON

logger = logging.getLogger(__name__)


class AppealRefused(Exception):
    """The appeal or the decision is not allowed; the message says why, for the person."""


def appealable_rejection(story: StoryPage, member) -> ReviewDecision | None:
    """The rejection ``member`` may still appeal: the latest decision on their story, if it is a
    rejection without an appeal. Reads ``review_decisions`` and ``appeals`` through ``.all()``, so
    a list of stories can prefetch them."""
    if story.owner_id != getattr(member, "pk", None) or story.live:
        return None
    latest = max(
        story.review_decisions.all(),
        key=lambda decision: (decision.created_at, decision.pk),
        default=None,
    )
    if latest is None or latest.outcome != ReviewOutcome.REJECTED:
        return None
    if any(appeal.rejection_id == latest.pk for appeal in story.appeals.all()):
        return None
    return latest


def appeal_rejection(*, story: StoryPage, member, statement: str) -> Appeal:
    statement = statement.strip()
    if not statement:
        raise AppealRefused(_("Say why the decision should be looked at again."))
    with transaction.atomic():
        story = StoryPage.objects.select_for_update().get(pk=story.pk)
        rejection = appealable_rejection(story, member)
        if rejection is None:
            raise AppealRefused(_("This story has no rejection you can appeal (you appeal once)."))
        appeal = Appeal.objects.create(
            rejection=rejection, story=story, member=member, statement=statement
        )
        log(
            instance=story, action="terang.appeal.received", user=member, data={"appeal": appeal.pk}
        )
    return appeal


def may_decide(appeal: Appeal, user) -> bool:
    """Moderators and administrators, except the moderator who rejected."""
    from .permissions import is_moderator

    if not (user.is_superuser or is_moderator(user)):
        return False
    return appeal.rejection.moderator_id != user.pk


def decide_appeal(*, appeal: Appeal, user, outcome: str, note: str) -> Appeal:
    if outcome not in (AppealOutcome.UPHELD, AppealOutcome.REOPENED):
        raise AppealRefused(_("Choose a decision."))
    if not note.strip():
        raise AppealRefused(_("Give the member a reason for the decision."))
    if not may_decide(appeal, user):
        raise PermissionDenied(_("Someone other than the moderator who rejected decides."))
    with transaction.atomic():
        appeal = Appeal.objects.select_for_update().select_related("story").get(pk=appeal.pk)
        if appeal.outcome != AppealOutcome.OPEN:
            raise AppealRefused(_("This appeal was decided already."))
        appeal.outcome = outcome
        appeal.decide(by=user, note=note.strip())
        appeal.save()
        story = appeal.story
        if outcome == AppealOutcome.REOPENED:
            workflow = story.get_workflow()
            if workflow is None or story.current_workflow_state is not None:
                raise AppealRefused(_("The story cannot go back to review now."))
            workflow.start(story, user)
        log(
            instance=story,
            action=f"terang.appeal.{outcome}",
            user=user,
            data={"appeal": appeal.pk, "note": appeal.decision_note},
        )
        transaction.on_commit(lambda: _enqueue_outcome(appeal.pk))
    return appeal


def _enqueue_outcome(appeal_id: int) -> None:
    try:
        send_appeal_outcome.enqueue(appeal_id=appeal_id)
    except Exception:
        logger.exception("Could not queue the appeal e-mail for appeal %s", appeal_id)


@task(priority=WAITED_ON)
def send_appeal_outcome(*, appeal_id: int) -> int:
    appeal = Appeal.objects.filter(pk=appeal_id).select_related("story").first()
    if appeal is None or appeal.outcome == AppealOutcome.OPEN or not appeal.member_id:
        return 0
    user = get_user_model().objects.filter(pk=appeal.member_id, is_active=True).first()
    if user is None or not user.email or not wants_email(user, EmailTopic.DECISIONS):
        return 0
    message = render_email(
        "stories/email/appeal_outcome",
        to=[user.email],
        context={
            "user": user,
            "story": appeal.story,
            "appeal": appeal,
            "reopened": appeal.outcome == AppealOutcome.REOPENED,
            "topic": EmailTopic.DECISIONS.label,
            "dashboard_url": absolute_url(reverse("community:dashboard")),
            "preferences_url": absolute_url(reverse("community:email_preferences")),
        },
        language=member_language(user),
        unsubscribe_url=unsubscribe_url(user, EmailTopic.DECISIONS),
    )
    return message.send()
