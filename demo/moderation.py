"""The demo's moderation history: each story submitted and taken through both review steps as two
moderators would, then dated months back (pages, revisions, decisions and the audit log that "How
we moderate" reads), and the readers' reports sent about them."""

import datetime as dt
import zlib

from django.utils.translation import gettext as _
from wagtail.models import PageLogEntry, Revision, WorkflowState

from search.signal_handlers import enqueue_index_update
from stories.checklist import CHECKS
from stories.choices import CheckResult, Language
from stories.importing import importer_account
from stories.models import ReviewDecision, StoryPage, StoryReview
from stories.reports import report_story

from . import content
from .records import DemoStory
from .stories import DemoContentError, demo_story, publish_at

REVIEW_TIME = dt.time(15, 0)


def review_story(story: DemoStory, page: StoryPage, *, author, reviewers) -> None:
    """Submit a demo story and take it through both review steps, as two moderators would."""
    author = author or importer_account()
    published_at = publish_at(story.published)
    revision = page.save_revision(user=author)
    page.get_workflow().start(page, author)
    if story.sent_back:
        take_step(
            page,
            reviewers[0],
            action="reject",
            reason=story.sent_back,
            comment=story.sent_back_comment,
        )
        revision = page.save_revision(user=author)
        WorkflowState.objects.for_instance(page).get().resume(user=author)
    approve(story, page, reviewers=reviewers)
    _date_story(page, revision, published=published_at, reviewed=story.reviewed)


def approve(story: DemoStory, page: StoryPage, *, reviewers) -> None:
    """Pass both review steps of a story in review: the checklist as its file says, then the
    editorial approval."""
    transparency_by, editorial_by = reviewers
    take_step(page, transparency_by, checks=_review_checks(story), public_note=story.report_note)
    take_step(page, editorial_by)


def take_step(page: StoryPage, user, action: str = "approve", **data) -> None:
    """Take the current review step's action through its task, as the admin's action does."""
    data.setdefault("comment", "")
    task_state = page.current_workflow_task_state
    task_state.task.specific.on_action(task_state, user, action, **data)


def ensure_reports() -> None:
    """The readers' reports of the demo, sent once: a story that has any report keeps them."""
    by_story: dict[str, list[dict]] = {}
    for report in content.reports():
        by_story.setdefault(report["story"], []).append(report)
    for key, reports in by_story.items():
        story = demo_story(key).live().first()
        if story is None or story.reports.exists():
            continue
        for report in reports:
            report_story(
                story=story,
                reason=report["reason"],
                details=report.get("details", "").strip(),
                language=report.get("language", Language.INDONESIAN),
            )


def _review_checks(story: DemoStory) -> dict[str, str]:
    unknown = set(story.not_seen) - {check.code for check in CHECKS if check.evidence_based}
    if unknown:
        raise DemoContentError(
            _("Story %(key)s: only evidence-based checks can be unseen, not %(codes)s.")
            % {"key": story.key, "codes": ", ".join(sorted(unknown))}
        )
    return {
        check.code: CheckResult.NOT_SEEN if check.code in story.not_seen else CheckResult.PASSED
        for check in CHECKS
    }


def _date_story(page: StoryPage, revision: Revision, *, published, reviewed: dt.date) -> None:
    """Date a demo story as if it was submitted, reviewed and published months ago."""
    reviewed_at = publish_at(reviewed, REVIEW_TIME)
    StoryPage.objects.filter(pk=page.pk).update(
        first_published_at=published,
        last_published_at=published,
        latest_revision_created_at=published,
        reviewed_at=reviewed,
    )
    Revision.objects.filter(pk=revision.pk).update(created_at=published)
    ReviewDecision.objects.filter(story=page).update(created_at=reviewed_at)
    StoryReview.objects.filter(story=page).update(reviewed_at=reviewed, created_at=reviewed_at)
    _date_history(page, reviewed_at=reviewed_at, published=published)
    # The search document carries the dates: write it again with the ones just set.
    enqueue_index_update([page.pk])


# The audit log of a demo story, as "How we moderate" reads it: submitted a day or a few before the
# review (the gap differs per story, so the page shows a spread of decision times), a version sent
# back and resubmitted in between, the review's decisions on the review day, published after.
_SENT_BACK = "terang.review.changes_requested"
_RESUMED = "wagtail.workflow.resume"
_DECIDED_ON_REVIEW_DAY = ("terang.review.approved", "terang.review.completed")


def _date_history(page: StoryPage, *, reviewed_at: dt.datetime, published: dt.datetime) -> None:
    gap = dt.timedelta(hours=8 + zlib.crc32(page.external_id.encode()) % 110)
    submitted_at = reviewed_at - gap
    entries = PageLogEntry.objects.filter(page=page).order_by("pk")
    review_started = False
    for entry in entries:
        if entry.action == _SENT_BACK:
            moment = submitted_at + gap / 3
        elif entry.action == _RESUMED:
            moment = submitted_at + gap * 2 / 3
        elif entry.action in _DECIDED_ON_REVIEW_DAY:
            moment, review_started = reviewed_at, True
        elif review_started:
            moment = max(published, reviewed_at)
        else:
            moment = submitted_at
        PageLogEntry.objects.filter(pk=entry.pk).update(timestamp=moment)
