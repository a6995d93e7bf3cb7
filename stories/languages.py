"""A page told in both languages: each version names the other (``translation``), and readers and
search engines are shown the link only when both versions are live, public and name each other.

Why a plain link and not Wagtail's ``translation_key``: a translation key needs a locale per page,
and Wagtail keeps a page in its parent's locale, so the two versions would have to live in two
page trees with two URLs each; stories keep their one URL (CONTRACTS.md §2). See
docs/languages.md.
"""

from functools import cached_property

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, OuterRef
from django.db.models.lookups import StartsWith
from django.utils.translation import gettext_lazy as _
from wagtail.models import PageViewRestriction


def restricted(path_field: str = "path") -> models.Exists:
    """True for a page inside a private section, as one subquery (no query of its own, unlike
    ``PageQuerySet.public()``)."""
    return models.Exists(
        PageViewRestriction.objects.filter(StartsWith(OuterRef(path_field), F("page__path")))
    )


class LinkedLanguageMixin(models.Model):
    """The same page in the other language. Its field goes through revisions like any other, so
    a pending edit of the link shows nowhere until it is published."""

    translation = models.ForeignKey(
        "self",
        verbose_name=_("translation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "The same page in the other language. Name each version on the other: readers see "
            "the link once both are published."
        ),
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        other = self.translation
        if other is None:
            return
        if other.pk == self.pk:
            raise ValidationError({"translation": _("A page cannot be its own translation.")})
        if other.language == self.language:
            raise ValidationError(
                {"translation": _("The translation must be written in the other language.")}
            )

    @cached_property
    def other_language_version(self):
        """The other-language version readers may follow: live, outside every private section,
        in the other language and naming this page back; else None. One query, none without a
        link."""
        if not (self.pk and self.translation_id):
            return None
        return (
            type(self)
            .objects.filter(pk=self.translation_id, live=True, translation_id=self.pk)
            .exclude(language=self.language)
            .exclude(restricted())
            .defer_streamfields()
            .first()
        )
