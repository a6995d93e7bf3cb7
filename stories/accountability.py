"""How moderation went, from the audit log: the figures of the public "How we moderate" page.

Everything here is read from Wagtail's audit log of story pages (``PageLogEntry``), which every
path of the review writes (``review.record_decision`` and ``review.complete_review``, and Wagtail's
own workflow actions), so the page counts what happened, not what a form meant to happen:

- a **submission** is a ``wagtail.workflow.start`` or ``wagtail.workflow.resume``: a member sent a
  story for review, or sent it again after changing what the moderators asked for;
- a decision is one of ``terang.review.completed`` (both steps approved: the version may be
  published), ``terang.review.changes_requested`` (sent back to the member) and
  ``terang.review.rejected``; a step's approval alone is not a decision;
- the **time to a decision** runs from the story's latest submission before the decision;
- a **re-review** is a completed review of a story that had been cleared for publishing before;
- a **reader's report** is a ``terang.report.received``; its outcome is the moderator's decision
  for the story's open reports (``terang.report.dismiss``, ``.rereview``, ``.unpublish``), which
  counts each report it decided.

Only counts and durations leave this module: no story, member or moderator is named.
"""

import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.models import PageLogEntry

from .choices import ReportReason, ReviewReason
from .models import StoryPage

SUBMITTED = ("wagtail.workflow.start", "wagtail.workflow.resume")
COMPLETED = "terang.review.completed"
CHANGES_REQUESTED = "terang.review.changes_requested"
REJECTED = "terang.review.rejected"
IMPORTED = "terang.import"
DECISIONS = (COMPLETED, CHANGES_REQUESTED, REJECTED)
REPORTED = "terang.report.received"
REPORT_OUTCOMES = {
    "terang.report.dismiss": "dismissed",
    "terang.report.rereview": "rereviewed",
    "terang.report.unpublish": "unpublished",
}
ACTIONS = (*SUBMITTED, IMPORTED, *DECISIONS, REPORTED, *REPORT_OUTCOMES)

MONTHS_SHOWN = 12


@dataclass
class Month:
    start: date
    submitted: int = 0
    published: int = 0
    sent_back: int = 0
    rejected: int = 0
    re_reviews: int = 0


@dataclass
class ReportFigures:
    """Readers' reports of the period: received, how moderators decided them, their reasons."""

    received: int = 0
    dismissed: int = 0
    rereviewed: int = 0
    unpublished: int = 0
    reasons: list[tuple[str, str, int]] = field(default_factory=list)


@dataclass
class ModerationFigures:
    """The figures of one period (the last ``MONTHS_SHOWN`` months, this month included)."""

    since: date
    computed_at: datetime
    months: list[Month]
    reasons: list[tuple[str, str, int]] = field(default_factory=list)
    """(code, label, count) for each reason given when sending back or rejecting, most used first."""
    decision_hours: list[float] = field(default_factory=list)
    reports: ReportFigures = field(default_factory=ReportFigures)

    @property
    def totals(self) -> Month:
        total = Month(start=self.since)
        for month in self.months:
            total.submitted += month.submitted
            total.published += month.published
            total.sent_back += month.sent_back
            total.rejected += month.rejected
            total.re_reviews += month.re_reviews
        return total

    @property
    def decisions(self) -> int:
        return len(self.decision_hours)

    @property
    def median_hours(self) -> float | None:
        return statistics.median(self.decision_hours) if self.decision_hours else None

    @property
    def p90_hours(self) -> float | None:
        return percentile(self.decision_hours, 90)


def percentile(values: list[float], pct: float) -> float | None:
    """The nearest-rank percentile: the smallest value that ``pct`` percent of values do not exceed."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))  # ceil(n * pct / 100), at least the first
    return ordered[int(rank) - 1]


def _month_starts(today: date, count: int) -> list[date]:
    starts = []
    year, month = today.year, today.month
    for _ in range(count):
        starts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(starts))


def moderation_figures(*, now: datetime | None = None, months: int = MONTHS_SHOWN):
    """Count the last ``months`` months of moderation (local time), newest month last."""
    now = now or timezone.now()
    starts = _month_starts(timezone.localdate(now), months)
    since = starts[0]
    since_at = timezone.make_aware(datetime.combine(since, datetime.min.time()))
    by_month = {start: Month(start=start) for start in starts}

    story_type = ContentType.objects.get_for_model(StoryPage)
    entries = (
        PageLogEntry.objects.filter(content_type=story_type, action__in=ACTIONS)
        .order_by("timestamp", "pk")
        .values_list("page_id", "action", "timestamp", "data")
    )
    # Earlier history matters too: a story cleared before the period makes its next review a
    # re-review, and a submission just before the period starts the clock of a decision inside it.
    last_submitted: dict[int, datetime] = {}
    cleared_before: set[int] = set()
    reasons: dict[str, int] = {}
    hours: list[float] = []
    reports = ReportFigures()
    report_reasons: dict[str, int] = {}
    for page_id, action, timestamp, data in entries.iterator():
        inside = timestamp >= since_at and timestamp <= now
        month = by_month.get(timezone.localdate(timestamp).replace(day=1)) if inside else None
        if action == REPORTED or action in REPORT_OUTCOMES:
            if inside:
                _count_report(reports, report_reasons, action, data or {})
            continue
        if action in SUBMITTED:
            last_submitted[page_id] = timestamp
            if month:
                month.submitted += 1
            continue
        if action == IMPORTED:
            if (data or {}).get("published"):
                cleared_before.add(page_id)
            continue
        if month:
            submitted_at = last_submitted.get(page_id)
            if submitted_at is not None and submitted_at <= timestamp:
                hours.append((timestamp - submitted_at) / timedelta(hours=1))
            if action == COMPLETED:
                month.published += 1
                if page_id in cleared_before:
                    month.re_reviews += 1
            elif action == CHANGES_REQUESTED:
                month.sent_back += 1
            else:
                month.rejected += 1
            if action != COMPLETED:
                code = (data or {}).get("reason") or ReviewReason.OTHER
                reasons[code] = reasons.get(code, 0) + 1
        if action == COMPLETED:
            cleared_before.add(page_id)
        # The next decision on this story waits for its next submission.
        last_submitted.pop(page_id, None)

    report_labels = dict(ReportReason.choices)
    reports.reasons = _by_count(report_reasons, report_labels)
    labels = dict(ReviewReason.choices)
    return ModerationFigures(
        since=since,
        computed_at=now,
        months=[by_month[start] for start in starts],
        reasons=_by_count(reasons, labels),
        decision_hours=hours,
        reports=reports,
    )


def _count_report(reports: ReportFigures, reasons: dict[str, int], action: str, data: dict):
    if action == REPORTED:
        reports.received += 1
        reason = data.get("reason") or ReportReason.OTHER
        reasons[reason] = reasons.get(reason, 0) + 1
        return
    outcome = REPORT_OUTCOMES[action]
    setattr(reports, outcome, getattr(reports, outcome) + (len(data.get("reports") or []) or 1))


def _by_count(counts: dict[str, int], labels: dict) -> list[tuple[str, str, int]]:
    """(code, label, count), most used first."""
    return sorted(
        ((code, labels.get(code, code), count) for code, count in counts.items()),
        key=lambda item: (-item[2], item[0]),
    )
