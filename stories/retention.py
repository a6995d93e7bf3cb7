"""How long Terang keeps what it does not need for ever, and the housekeeping that enforces it.

The privacy notice (/privacy/) reads its periods from here, so the page and the deletions never
disagree. ``manage.py enforce_retention`` runs it; the housekeeping timer runs that command
(docs/deploy.md, "Housekeeping").

- **Evidence files** are private to the moderators and needed while a story is published (a
  report can send it back to review) or being worked on. Once a story is offline (never published,
  rejected, withdrawn or unpublished), no review is in progress, and nothing has happened to it for
  ``evidence_offline_days``, its evidence files are erased. A deleted account's evidence goes at
  once (community.services.member_delete).
- **Reporters' email addresses** (optional, for telling a reader how their report was decided)
  are blanked ``reporter_email_days`` after the decision; the report itself stays, for the record.
- **Scanner corrections** (moderators' feedback, with the passage of the story) are kept for
  ``scan_feedback_days``; by then they have gone into the corpus with personal data masked
  (``export_scan_feedback``).
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Max, OuterRef, Q, Subquery
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import Page, PageLogEntry, WorkflowState

from .choices import ReportStatus
from .models import EvidenceFile, ScanFeedback, StoryPage, StoryReport

DEFAULTS = {"evidence_offline_days": 180, "scan_feedback_days": 730, "reporter_email_days": 90}


def retention_days(kind: str) -> int:
    """The period for ``kind`` in days: ``TERANG_RETENTION_DAYS`` in settings, else the default."""
    return int(settings.TERANG_RETENTION_DAYS.get(kind, DEFAULTS[kind]))


@dataclass
class RetentionResult:
    evidence_files: int = 0
    stories: int = 0
    scan_feedback: int = 0
    reporter_emails: int = 0


def enforce_retention(*, now: dt.datetime | None = None) -> RetentionResult:
    now = now or timezone.now()
    result = RetentionResult()
    _erase_idle_evidence(now - dt.timedelta(days=retention_days("evidence_offline_days")), result)
    cutoff = now - dt.timedelta(days=retention_days("scan_feedback_days"))
    result.scan_feedback, _ = ScanFeedback.objects.filter(created_at__lt=cutoff).delete()
    cutoff = now - dt.timedelta(days=retention_days("reporter_email_days"))
    result.reporter_emails = (
        StoryReport.objects.exclude(status=ReportStatus.OPEN)
        .filter(decided_at__lt=cutoff)
        .exclude(email="")
        .update(email="")
    )
    return result


def idle_offline_stories(cutoff: dt.datetime):
    """Offline stories with evidence, no review in progress, and nothing done since ``cutoff``."""
    last_logged = (
        PageLogEntry.objects.filter(page_id=OuterRef("pk"))
        .values("page_id")
        .annotate(last=Max("timestamp"))
        .values("last")
    )
    last_upload = (
        EvidenceFile.objects.filter(story_id=OuterRef("pk"))
        .values("story_id")
        .annotate(last=Max("uploaded_at"))
        .values("last")
    )
    in_review = {
        int(object_id)
        for object_id in WorkflowState.objects.filter(
            status=WorkflowState.STATUS_IN_PROGRESS,
            base_content_type=ContentType.objects.get_for_model(Page),
        ).values_list("object_id", flat=True)
    }
    return (
        StoryPage.objects.filter(live=False, evidence_files__isnull=False)
        .exclude(pk__in=in_review)
        .annotate(last_logged=Subquery(last_logged), last_upload=Subquery(last_upload))
        .filter(
            Q(latest_revision_created_at__lt=cutoff) | Q(latest_revision_created_at__isnull=True),
            last_upload__lt=cutoff,
        )
        .exclude(last_logged__gte=cutoff)
        .distinct()
    )


def _erase_idle_evidence(cutoff: dt.datetime, result: RetentionResult) -> None:
    for story in idle_offline_stories(cutoff):
        with transaction.atomic():
            files = list(EvidenceFile.objects.select_for_update().filter(story=story))
            if not files:
                continue
            for evidence in files:
                # One by one, so each row's post_delete erases its file (signal_handlers).
                evidence.delete()
            log(
                instance=story,
                action="terang.retention.evidence_erased",
                data={"files": len(files), "days": retention_days("evidence_offline_days")},
            )
        result.evidence_files += len(files)
        result.stories += 1
