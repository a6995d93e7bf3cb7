"""A story's transparency claims and the private files that back them."""

import uuid

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

from ..choices import ClaimKind
from ..storage import evidence_storage
from .pages import StoryPage


class TransparencyClaim(Orderable):
    page = ParentalKey(StoryPage, on_delete=models.CASCADE, related_name="claims")
    key = models.UUIDField(default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=10, choices=ClaimKind.choices)
    statement = models.TextField(
        _("claim"),
        max_length=1000,
        validators=[MaxLengthValidator(1000)],
        help_text=_("What the story says, in one or two sentences."),
    )
    evidence_note = models.TextField(
        _("evidence"),
        max_length=1000,
        validators=[MaxLengthValidator(1000)],
        blank=True,
        help_text=_(
            "What backs the claim, e.g. 'twelve months of bank statements'. Shown publicly; "
            "the evidence files themselves never are."
        ),
    )

    panels = [FieldPanel("kind"), FieldPanel("statement"), FieldPanel("evidence_note")]

    class Meta(Orderable.Meta):
        verbose_name = _("transparency claim")
        verbose_name_plural = _("transparency claims")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.statement[:60]}"


def private_storage():
    return evidence_storage()


def evidence_upload_to(instance, filename):
    return f"evidence/{instance.story_id}/{uuid.uuid4().hex}/{filename[-100:]}"


class EvidenceFile(models.Model):
    """A private file that backs a claim. Served only to moderators, through a checked view."""

    story = models.ForeignKey(StoryPage, on_delete=models.CASCADE, related_name="evidence_files")
    claim_key = models.UUIDField(null=True, blank=True)
    file = models.FileField(upload_to=evidence_upload_to, storage=private_storage, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self):
        return self.original_name
