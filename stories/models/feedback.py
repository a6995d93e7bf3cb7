"""What comes back about a published story: readers' reports, members' appeals and the organisation's reply."""

import datetime as dt

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import REPORT_SEVERITY, Language, ReportReason, ReportStatus
from .pages import StoryPage
from .review import ReviewDecision


class Decided(models.Model):
    """Something a moderator decides once: when, who, and the reason they give (shown to the
    person who sent it). Open until ``decide()`` or ``decision()`` fills it."""

    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision_note = models.TextField(
        _("reason for the decision"),
        blank=True,
        max_length=2000,
        validators=[MaxLengthValidator(2000)],
    )

    class Meta:
        abstract = True

    @staticmethod
    def decision(*, by, note: str, at: dt.datetime | None = None) -> dict:
        """The decision's fields as values, for ``update()`` of several rows at once."""
        return {"decided_at": at or timezone.now(), "decided_by": by, "decision_note": note}

    def decide(self, *, by, note: str, at: dt.datetime | None = None) -> None:
        """Fill the decision's fields (the caller saves)."""
        for field, value in self.decision(by=by, note=note, at=at).items():
            setattr(self, field, value)


class StoryReport(Decided):
    """A reader's report of a published story, waiting in the moderators' queue until decided.

    A report never changes the story by itself: only a moderator's decision does
    (``stories.reports.decide_reports``), for every open report of the story at once.
    """

    story = models.ForeignKey(StoryPage, on_delete=models.CASCADE, related_name="reports")
    reason = models.CharField(_("reason"), max_length=30, choices=ReportReason.choices)
    severity = models.PositiveSmallIntegerField(_("severity"), editable=False)
    details = models.TextField(
        _("details"), blank=True, max_length=2000, validators=[MaxLengthValidator(2000)]
    )
    # Private: for telling the reporter the outcome, never shown on the site.
    email = models.EmailField(_("e-mail address"), blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.INDONESIAN
    )
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.OPEN
    )

    class Meta:
        ordering = ["severity", "created_at", "pk"]
        verbose_name = _("story report")
        verbose_name_plural = _("story reports")
        indexes = [models.Index(fields=["story", "status"], name="story_report_story_status")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=ReportReason.OTHER) | ~Q(details=""),
                name="story_report_other_has_details",
            ),
            models.CheckConstraint(
                condition=Q(status=ReportStatus.OPEN) | Q(decided_at__isnull=False),
                name="story_report_decided_has_a_date",
            ),
        ]

    def __str__(self):
        return f"{self.story_id} · {self.get_reason_display()} · {self.get_status_display()}"

    def save(self, *args, **kwargs):
        self.severity = REPORT_SEVERITY[ReportReason(self.reason)]
        super().save(*args, **kwargs)


class RefusedReportCount(models.Model):
    """How many reports of a story the rate limit refused: counted, never queued."""

    story = models.OneToOneField(
        StoryPage, on_delete=models.CASCADE, related_name="refused_reports"
    )
    count = models.PositiveIntegerField(_("refused reports"), default=0)
    last_refused_at = models.DateTimeField(_("last refused at"), null=True, blank=True)

    class Meta:
        verbose_name = _("refused report count")
        verbose_name_plural = _("refused report counts")

    def __str__(self):
        return f"{self.story_id} · {self.count}"


class AppealOutcome(models.TextChoices):
    OPEN = "open", _("Waiting for a moderator")
    UPHELD = "upheld", _("Rejection upheld")
    REOPENED = "reopened", _("Story back in review")


class Appeal(Decided):
    """A member's appeal of a rejection: once per rejection, decided by someone other than the
    moderator who rejected (stories.appeals)."""

    rejection = models.OneToOneField(
        ReviewDecision, on_delete=models.CASCADE, related_name="appeal", verbose_name=_("rejection")
    )
    story = models.ForeignKey(StoryPage, on_delete=models.CASCADE, related_name="appeals")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    statement = models.TextField(
        _("statement"), max_length=2000, validators=[MaxLengthValidator(2000)]
    )
    created_at = models.DateTimeField(_("appealed at"), auto_now_add=True)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=AppealOutcome.choices, default=AppealOutcome.OPEN
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")

    def __str__(self):
        return f"{self.story_id} · {self.get_outcome_display()}"


class ReplyStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a moderator")
    APPROVED = "approved", _("Shown under the story")
    DECLINED = "declined", _("Declined")


class OrganizationReply(models.Model):
    """The one public reply of a story's organisation (stories.replies). What readers see is the
    last text a moderator approved; an edit waits for a moderator again, and the approved text stays
    up meanwhile."""

    story = models.OneToOneField(
        StoryPage, on_delete=models.CASCADE, related_name="organization_reply"
    )
    organization = models.ForeignKey(
        "community.Organization", on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("reply"), max_length=1500, validators=[MaxLengthValidator(1500)])
    status = models.CharField(
        _("status"), max_length=10, choices=ReplyStatus.choices, default=ReplyStatus.PENDING
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    published_text = models.TextField(_("text shown"), blank=True, max_length=1500)
    published_at = models.DateTimeField(_("shown since"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_note = models.TextField(_("reason for the decision"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("organisation's reply")
        verbose_name_plural = _("organisations' replies")

    def __str__(self):
        return f"{self.organization_id} → {self.story_id} · {self.get_status_display()}"
