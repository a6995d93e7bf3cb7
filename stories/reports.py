"""Readers' reports of published stories, and the moderators' decisions on them.

A report only queues: it never changes the story. A moderator decides for every open report of a
story at once (``decide_reports``): dismiss; send the story back to review (it stays up, with an
"under re-review" notice, while the "Story review" workflow checks it again); or, for identity
misuse, private information or a legal request, take it off the site at once. Each step is in the
story's audit log; the storyteller and every reporter who left an address are told by e-mail.
"""

import logging
import time

from django.contrib.auth import get_user_model
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.log_actions import log

from . import page_cache
from .choices import UNPUBLISH_REASONS, ReportReason, ReportStatus
from .choices import ReportDecision as Decision
from .emails import absolute_url, member_language, render_email, unsubscribe_url
from .models import RefusedReportCount, StoryPage, StoryReport
from .notifications import EmailTopic, wants_email
from .task_priority import WAITED_ON

logger = logging.getLogger(__name__)


STATUS_FOR_DECISION = {
    Decision.DISMISS: ReportStatus.DISMISSED,
    Decision.REREVIEW: ReportStatus.REREVIEW,
    Decision.UNPUBLISH: ReportStatus.UNPUBLISHED,
}
# Which of the storyteller's e-mail choices each decision's mail belongs to: a moderator's decision
# on the story, or the story taken off the site.
TOPIC_FOR_DECISION = {
    Decision.DISMISS: EmailTopic.DECISIONS,
    Decision.REREVIEW: EmailTopic.DECISIONS,
    Decision.UNPUBLISH: EmailTopic.PUBLISHING,
}


class DecisionRefused(Exception):
    """The decision cannot be taken (no open report, or a reason that does not allow it)."""


def reportable_stories():
    return StoryPage.objects.live().public()


# An accepted report is never lost: SQLite refuses a write while another holds its lock ("database
# is locked" once the wait runs out, "database table is locked" in shared-cache mode), so the write
# is tried again a while before giving up. PostgreSQL never needs it.
WRITE_ATTEMPTS = 30


def report_story(
    *, story: StoryPage, reason: str, details: str = "", email: str = "", language: str = "id"
) -> StoryReport:
    """Queue a reader's report of a live story, and log it in the story's history."""
    for attempt in range(1, WRITE_ATTEMPTS + 1):
        try:
            with transaction.atomic():
                report = StoryReport.objects.create(
                    story=story,
                    reason=ReportReason(reason),
                    details=details,
                    email=email,
                    language=language,
                )
                log(
                    instance=story,
                    action="terang.report.received",
                    data={"report": report.pk, "reason": report.reason},
                )
            return report
        except OperationalError as error:
            locked = "locked" in str(error)
            if not locked or attempt == WRITE_ATTEMPTS or connection.in_atomic_block:
                raise
            time.sleep(min(0.02 * attempt, 0.5))
    raise AssertionError("unreachable")


def count_refused_report(*, story: StoryPage) -> None:
    """Count one report the rate limit refused: it is not queued."""
    now = timezone.now()
    updated = RefusedReportCount.objects.filter(story=story).update(
        count=F("count") + 1, last_refused_at=now
    )
    if updated:
        return
    try:
        with transaction.atomic():
            RefusedReportCount.objects.create(story=story, count=1, last_refused_at=now)
    except IntegrityError:  # another refusal created the row first
        RefusedReportCount.objects.filter(story=story).update(
            count=F("count") + 1, last_refused_at=now
        )


def open_reports(story: StoryPage):
    return StoryReport.objects.filter(story=story, status=ReportStatus.OPEN)


def may_unpublish(reports) -> bool:
    """Only identity misuse, private information or a legal request takes a story down at once."""
    return any(report.reason in UNPUBLISH_REASONS for report in reports)


def decide_reports(*, story: StoryPage, moderator, decision: str, note: str) -> list[StoryReport]:
    """Decide every open report of ``story`` at once, and act on the story as decided.

    Reports that arrive while the decision is taken stay open for the next one.
    """
    if decision not in STATUS_FOR_DECISION:
        raise DecisionRefused(_("Choose a decision."))
    with transaction.atomic():
        story = StoryPage.objects.select_for_update().get(pk=story.pk)
        reports = list(open_reports(story).select_for_update())
        if not reports:
            raise DecisionRefused(_("This story has no open report: someone decided already."))
        if decision == Decision.UNPUBLISH and not may_unpublish(reports):
            raise DecisionRefused(
                _(
                    "Only identity misuse, private information or a legal request takes a story "
                    "off the site at once. Send it back to review instead."
                )
            )
        if decision in (Decision.REREVIEW, Decision.UNPUBLISH) and not story.live:
            raise DecisionRefused(_("The story is no longer on the site."))
        now = timezone.now()
        StoryReport.objects.filter(pk__in=[report.pk for report in reports]).update(
            status=STATUS_FOR_DECISION[decision],
            **StoryReport.decision(by=moderator, note=note, at=now),
        )
        data = {
            "reports": [report.pk for report in reports],
            "reasons": sorted({report.reason for report in reports}),
            "note": note,
        }
        if decision == Decision.REREVIEW:
            data["workflow_started"] = send_back_to_review(story, moderator, now)
        elif decision == Decision.UNPUBLISH:
            _take_down(story, moderator)
        log(instance=story, action=f"terang.report.{decision}", user=moderator, data=data)
        _notify(story=story, reports=reports, decision=decision, note=note)
    return reports


def send_back_to_review(story: StoryPage, moderator, now) -> bool:
    """Mark the live story as under re-review and start the "Story review" workflow on it.

    The live, reviewed revision stays what readers see. The workflow reviews the story's latest
    revision, as Wagtail's workflows do: a copy of the live one (made by whoever made that one, so
    the moderator who sent it back may review it), or a newer edit that was waiting. Approval
    publishes it through a completed review like any other; nothing is published here.
    Returns whether a workflow was started (one already in progress carries on instead).
    """
    StoryPage.objects.filter(pk=story.pk).update(rereview_requested_at=now)
    story.rereview_requested_at = now
    page_cache.purge_public_pages()
    if story.current_workflow_state is not None:
        return False
    workflow = story.get_workflow()
    if workflow is None:
        return False
    if story.latest_revision_id == story.live_revision_id:
        live = story.live_revision
        live.as_object().save_revision(user=live.user, log_action=False, clean=False)
        story = StoryPage.objects.get(pk=story.pk)
    workflow.start(story, moderator)
    return True


def _take_down(story: StoryPage, moderator) -> None:
    """Unpublish at once; a review in progress is cancelled, so no approval puts it back."""
    state = story.current_workflow_state
    if state is not None:
        state.cancel(user=moderator)
    story._unpublished_for_report = True  # the storyteller gets the report's mail, not a second one
    UnpublishPageAction(story, user=moderator).execute(skip_permission_checks=True)


# --- E-mails ----------------------------------------------------------------------------------


def _notify(*, story: StoryPage, reports: list[StoryReport], decision: str, note: str) -> None:
    reasons = sorted({report.reason for report in reports})
    addresses = {}
    for report in reports:
        if report.email:
            addresses.setdefault(report.email.lower(), (report.email, report.language))

    def enqueue():
        try:
            if story.owner_id:
                send_report_decision_to_storyteller.enqueue(
                    story_id=story.pk, decision=decision, reasons=reasons, note=note
                )
            for address, language in addresses.values():
                send_report_outcome_to_reporter.enqueue(
                    story_id=story.pk, decision=decision, email=address, language=language
                )
        except Exception:
            logger.exception("Could not queue the report e-mails for story %s", story.pk)

    transaction.on_commit(enqueue)


def _story_url(story: StoryPage) -> str:
    parts = story.get_url_parts() if story.live else None
    return absolute_url(parts[2]) if parts else ""


@task(priority=WAITED_ON)
def send_report_decision_to_storyteller(
    *, story_id: int, decision: str, reasons: list[str], note: str
) -> int:
    story = StoryPage.objects.filter(pk=story_id).first()
    user = None
    if story is not None and story.owner_id:
        user = get_user_model().objects.filter(pk=story.owner_id, is_active=True).first()
    if user is None or not user.email or decision not in TOPIC_FOR_DECISION:
        return 0
    topic = TOPIC_FOR_DECISION[decision]
    if not wants_email(user, topic):
        return 0
    message = render_email(
        "stories/email/report_decision",
        to=[user.email],
        context={
            "user": user,
            "story": story,
            "decision": decision,
            "reasons": [ReportReason(reason).label for reason in reasons],
            "note": note,
            "topic": EmailTopic(topic).label,
            "story_url": _story_url(story),
            "dashboard_url": absolute_url(reverse("community:dashboard")),
            "preferences_url": absolute_url(reverse("community:email_preferences")),
        },
        language=member_language(user),
        unsubscribe_url=unsubscribe_url(user, topic),
    )
    return message.send()


@task(priority=WAITED_ON)
def send_report_outcome_to_reporter(
    *, story_id: int, decision: str, email: str, language: str
) -> int:
    story = StoryPage.objects.filter(pk=story_id).first()
    if story is None or decision not in STATUS_FOR_DECISION:
        return 0
    message = render_email(
        "stories/email/report_outcome",
        to=[email],
        context={"story": story, "decision": decision, "story_url": _story_url(story)},
        language=language if language in ("id", "en") else "id",
    )
    return message.send()
