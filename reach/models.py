"""Hand-picked collections of stories that a wall of love shows (reach.embeds)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, PageChooserPanel
from wagtail.models import Orderable

from stories.models import StoryPage


class StoryCollection(ClusterableModel):
    """Stories a moderator, or a representative of ``organization``, picked for a wall of love.

    A collection that names an organisation holds only stories about it, so its representatives
    can curate it (``reach.permissions``). The wall shows only the stories that are live and
    public, each in its live, reviewed version.
    """

    title = models.CharField(_("title"), max_length=120)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        help_text=_("Part of the wall's address: /embed/wall/?collection=<slug>."),
    )
    organization = models.ForeignKey(
        "community.Organization",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="story_collections",
        help_text=_(
            "Leave empty for a collection of any stories. With an organisation, only stories "
            "about it can be picked, and its representatives may curate the collection."
        ),
    )
    description = models.TextField(_("description"), blank=True, max_length=500)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("organization"),
        FieldPanel("description"),
        InlinePanel("items", heading=_("Stories"), label=_("Story")),
    ]

    class Meta:
        ordering = ["title"]
        verbose_name = _("story collection")
        verbose_name_plural = _("story collections")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.organization_id is None:
            return
        story_ids = [item.story_id for item in self.items.all() if item.story_id]
        foreign = StoryPage.objects.filter(pk__in=story_ids).exclude(
            organization_id=self.organization_id
        )
        if foreign.exists():
            raise ValidationError(
                {
                    "organization": _(
                        "Every story in a collection of %(name)s must be about %(name)s: "
                        "remove %(titles)s."
                    )
                    % {
                        "name": self.organization.name,
                        "titles": ", ".join(story.title for story in foreign[:5]),
                    }
                }
            )


class StoryCollectionItem(Orderable):
    collection = ParentalKey(StoryCollection, on_delete=models.CASCADE, related_name="items")
    story = models.ForeignKey(
        StoryPage, verbose_name=_("story"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [PageChooserPanel("story", "stories.StoryPage")]

    class Meta(Orderable.Meta):
        verbose_name = _("story in a collection")
        verbose_name_plural = _("stories in a collection")
        constraints = [
            models.UniqueConstraint(
                fields=["collection", "story"], name="story_once_per_collection"
            )
        ]
