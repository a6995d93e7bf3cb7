"""Industries: the tags a story is filed under (CONTRACTS.md §2), with their public counts."""

from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Count, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from taggit.models import TagBase, TaggedItemBase
from wagtail.admin.panels import FieldPanel

from .visibility import public_story_q


class IndustryQuerySet(models.QuerySet):
    def matching(self, value: str):
        """Industries whose slug, English or Indonesian name equals ``value``, ignoring case."""
        value = (value or "").strip()
        return self.filter(Q(slug__iexact=value) | Q(name__iexact=value) | Q(name_id__iexact=value))

    def with_story_counts(self):
        """Each industry with the number of live, public stories in it.

        A story is tagged with an industry at most once, so a plain count is exact; the public
        stories are one subquery, not a join per tagging.
        """
        from .pages import StoryPage  # pages imports this module

        public = StoryPage.objects.filter(public_story_q()).values("pk")
        return self.annotate(
            story_count=Count("story_items", filter=Q(story_items__content_object_id__in=public))
        )


class Industry(TagBase):
    """A curated industry. ``name`` is the English name; ``name_id`` the Indonesian one."""

    name_id = models.CharField(_("Indonesian name"), max_length=100, unique=True)
    description = models.TextField(
        _("description"), blank=True, max_length=1000, validators=[MaxLengthValidator(1000)]
    )

    # Members pick from the curated list; only moderators add industries (as snippets).
    free_tagging = False

    objects = IndustryQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("name_id"),
        FieldPanel("slug"),
        FieldPanel("description"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("industry")
        verbose_name_plural = _("industries")

    def __str__(self):
        return self.localized_name

    @property
    def localized_name(self) -> str:
        return self.name_id if (get_language() or "").startswith("id") else self.name

    def get_absolute_url(self):
        from .pages import StoryIndexPage  # pages imports this module

        index = StoryIndexPage.objects.live().first()
        if index is None:
            return "/"
        return index.url + index.reverse_subpage("industry", kwargs={"slug": self.slug})


class StoryIndustry(TaggedItemBase):
    content_object = ParentalKey(
        "stories.StoryPage", on_delete=models.CASCADE, related_name="industry_items"
    )
    tag = models.ForeignKey(Industry, on_delete=models.CASCADE, related_name="story_items")
