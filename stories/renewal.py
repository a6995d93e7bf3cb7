"""Verification is renewed, not eternal: a review (and an organisation's verification) is due again
``TERANG_REREVIEW_MONTHS`` after it was made (12 by default).

- A published story whose review is older is **due for re-review**: its page says so under the
  review date, and it is listed in the admin's "Due re-reviews", oldest first, where a moderator
  starts the re-review. That is the same path as a reader's report sent back to review
  (``reports.send_back_to_review``): the reviewed version stays up with an "under re-review"
  notice, and only the "Story review" workflow publishes again, which renews the review date.
- An organisation whose verification is older is due for renewal: its page and its stories say
  so, and the admin's organisation list shows the due date.
"""

import calendar
import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from .models import StoryPage

DEFAULT_MONTHS = 12


def rereview_months() -> int:
    return int(getattr(settings, "TERANG_REREVIEW_MONTHS", DEFAULT_MONTHS))


def months_after(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day when it is shorter)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_on(reviewed: dt.date | dt.datetime | None) -> dt.date | None:
    if reviewed is None:
        return None
    if isinstance(reviewed, dt.datetime):
        reviewed = timezone.localdate(reviewed)
    return months_after(reviewed, rereview_months())


def is_overdue(reviewed, *, today: dt.date | None = None) -> bool:
    due = due_on(reviewed)
    return due is not None and due < (today or timezone.localdate())


def due_stories(*, today: dt.date | None = None):
    """Live stories whose review is overdue and that no re-review is looking at yet."""
    today = today or timezone.localdate()
    # reviewed_at <= today - months, written the other way round: due_on(reviewed_at) < today.
    last_reviewed = months_after(today, -rereview_months()) - dt.timedelta(days=1)
    return (
        StoryPage.objects.live()
        .filter(reviewed_at__lte=last_reviewed, rereview_requested_at__isnull=True)
        .order_by("reviewed_at", "pk")
    )


class NotDue(Exception):
    """The story is not due for re-review (or one is already under way)."""


def start_rereview(story: StoryPage, *, moderator) -> bool:
    """Start the re-review of a due story; returns whether a workflow was started."""
    from .reports import send_back_to_review

    with transaction.atomic():
        story = StoryPage.objects.select_for_update().get(pk=story.pk)
        if not story.live or story.under_rereview or not is_overdue(story.reviewed_at):
            raise NotDue(story)
        started = send_back_to_review(story, moderator, timezone.now())
        log(
            instance=story,
            action="terang.rereview.start",
            user=moderator,
            data={"reviewed_at": story.reviewed_at.isoformat(), "months": rereview_months()},
        )
    return started
