"""Hand-picked collections of stories that a wall of love shows (reach.embeds)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, PageChooserPanel
from wagtail.models import Orderable

from stories.choices import Language, Verification
from stories.models import StoryPage, public_story_q

# The most stories a collection holds: what one wall can show (reach.embeds.MAX_LIMIT).
MAX_STORIES = 24
TITLE_MAX_LENGTH = 120
DESCRIPTION_MAX_LENGTH = 500


def pickable_stories(organization_id: int | None):
    """The stories that may be put into a collection (of ``organization_id``, when it names
    one): live, public and reviewed, so only what a moderator checked is ever shown."""
    stories = StoryPage.objects.filter(public_story_q()).exclude(
        verification=Verification.UNREVIEWED
    )
    if organization_id is not None:
        stories = stories.filter(organization_id=organization_id)
    return stories


class StoryCollection(ClusterableModel):
    """Stories a moderator, or a representative of ``organization``, picked for a wall of love.

    A collection that names an organisation holds only stories about it, so its representatives
    can curate it (``reach.permissions``). The wall shows only the stories that are live and
    public, each in its live, reviewed version.
    """

    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
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
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=Language.choices,
        default=Language.INDONESIAN,
        help_text=_("The language of the wall's own words when the embed does not name one."),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        max_length=DESCRIPTION_MAX_LENGTH,
        validators=[MaxLengthValidator(DESCRIPTION_MAX_LENGTH)],
        help_text=_("For the people who curate the collection; the wall does not show it."),
    )
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
        FieldPanel("language"),
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
        self.check_stories([item.story_id for item in self.items.all() if item.story_id])

    def check_stories(self, story_ids: list[int]) -> None:
        """The rules on what the collection holds, for ``story_ids`` in order (the admin's form
        passes the stories of its inline forms, which ``clean()`` cannot see yet)."""
        if len(story_ids) > MAX_STORIES:
            raise ValidationError(
                _("A collection holds at most %(max)d stories: remove %(extra)d.")
                % {"max": MAX_STORIES, "extra": len(story_ids) - MAX_STORIES},
                code="too_many",
            )
        if len(set(story_ids)) != len(story_ids):
            raise ValidationError(
                _("Each story can be in a collection only once."), code="duplicate"
            )
        if self.organization_id is not None:
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
                    },
                    code="foreign",
                )
        # A story put in now must be live and reviewed; one already in that has since been
        # taken off the site may stay (the wall leaves it out) until someone removes it.
        kept = set()
        if self.pk:
            kept = set(
                StoryCollectionItem.objects.filter(collection_id=self.pk).values_list(
                    "story_id", flat=True
                )
            )
        added = set(story_ids) - kept
        if added and pickable_stories(self.organization_id).filter(pk__in=added).count() != len(
            added
        ):
            raise ValidationError(
                _("Only published stories that a moderator has reviewed can be added."),
                code="not_pickable",
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
