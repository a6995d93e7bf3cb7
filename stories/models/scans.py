"""What the red-flag scanner found in a story, and moderators' corrections of it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..choices import Language
from .pages import StoryPage


class ScanFlagCode(models.TextChoices):
    """The transparency scanner's flag codes (docs/contracts.md §3)."""

    GUARANTEED_INCOME = "guaranteed_income", _("Guaranteed income")
    FIXED_RETURN = "fixed_return", _("Fixed return")
    RECRUITMENT_EARNINGS = "recruitment_earnings", _("Earnings from recruiting")
    NO_SELLING_NEEDED = "no_selling_needed", _("No selling needed")
    UNREALISTIC_TIMEFRAME = "unrealistic_timeframe", _("Unrealistic timeframe")
    UPFRONT_FEE = "upfront_fee", _("Upfront fee")
    PRESSURE_TACTICS = "pressure_tactics", _("Pressure tactics")
    INCOME_CLAIM = "income_claim", _("Income claim")


class ScanFeedback(models.Model):
    """A moderator's correction of the red-flag scanner on one passage of a story.

    Either a flag the scanner raised wrongly, or one it missed, with the reason.
    ``python manage.py export_scan_feedback`` turns corrections into texts for the scanner's
    ``dev`` corpus, with names, phone numbers, e-mail addresses and account numbers masked.
    """

    class Verdict(models.TextChoices):
        WRONG = "wrong", _("Flagged wrongly")
        MISSED = "missed", _("Missed by the scanner")

    story = models.ForeignKey(StoryPage, on_delete=models.CASCADE, related_name="scan_feedback")
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    code = models.CharField(_("flag code"), max_length=40, choices=ScanFlagCode.choices)
    verdict = models.CharField(_("verdict"), max_length=10, choices=Verdict.choices)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    passage = models.TextField(
        _("passage"),
        max_length=5000,
        validators=[MaxLengthValidator(5000)],
        help_text=_("The sentence or paragraph of the story the correction is about, as written."),
    )
    phrase = models.CharField(
        _("phrase"),
        max_length=500,
        blank=True,
        help_text=_("The words flagged wrongly, or the words the scanner should have flagged."),
    )
    start = models.PositiveIntegerField(_("start"), null=True, blank=True)
    end = models.PositiveIntegerField(_("end"), null=True, blank=True)
    reason = models.TextField(_("reason"), max_length=2000, validators=[MaxLengthValidator(2000)])
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("scanner correction")
        verbose_name_plural = _("scanner corrections")
        constraints = [
            models.CheckConstraint(
                condition=Q(start__isnull=True, end__isnull=True)
                | Q(start__isnull=False, end__isnull=False, start__lt=models.F("end")),
                name="scan_feedback_span_ordered",
            )
        ]

    def __str__(self):
        return f"{self.story} · {self.get_code_display()} · {self.get_verdict_display()}"

    def clean(self):
        super().clean()
        if self.start is not None and self.end is not None and self.phrase:
            if self.passage[self.start : self.end] != self.phrase:
                raise ValidationError(
                    {"phrase": _("The phrase must be the passage's text between start and end.")}
                )
        elif self.phrase and self.phrase not in self.passage:
            raise ValidationError({"phrase": _("The phrase must be part of the passage.")})


class StoryScan(models.Model):
    """What the red-flag scanner found in one revision of a story: stored when the revision is
    saved (``StoryPage.save_revision``), read by the review queue's "flags found" filter.

    ``scanner`` names the scanner that made it (a digest of its code, rules and model); a scan
    by another scanner is made again before it is read (``stories.scanner.stored``).
    """

    revision = models.OneToOneField(
        "wagtailcore.Revision",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="story_scan",
        verbose_name=_("revision"),
    )
    scanner = models.CharField(_("scanner version"), max_length=64)
    scanned_at = models.DateTimeField(_("scanned at"), auto_now=True)

    class Meta:
        verbose_name = _("story scan")
        verbose_name_plural = _("story scans")

    def __str__(self):
        return f"{self.revision} · {', '.join(self.codes)}"

    @property
    def codes(self) -> list[str]:
        return sorted(flag.code for flag in self.flags.all())


class StoryScanFlag(models.Model):
    """One flag a scan found in the revision: its code, the part of the story it is in (the
    index among the story's non-empty parts, in reading order, ``stories.scanner.story``), its
    span in that part's text and the words there, and the rule and reason the scanner gave. The
    review screen shows these instead of scanning the revision again."""

    scan = models.ForeignKey(StoryScan, on_delete=models.CASCADE, related_name="flags")
    code = models.CharField(_("flag code"), max_length=40, choices=ScanFlagCode.choices)
    part = models.PositiveSmallIntegerField(_("part of the story"), default=0)
    start = models.PositiveIntegerField(_("start"), default=0)
    end = models.PositiveIntegerField(_("end"), default=0)
    match = models.TextField(_("words flagged"), blank=True)
    rule = models.TextField(_("rule"), blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("flag found")
        verbose_name_plural = _("flags found")
        ordering = ["part", "start", "end", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["scan", "part", "start", "end", "code"],
                name="story_scan_flag_once_per_span",
            )
        ]

    def __str__(self):
        return self.get_code_display()
