"""Per-day counts of a published story's reads and link clicks (stories.analytics)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .pages import StoryPage


class StoryViewDay(models.Model):
    """How many times a published story was read on one day (stories.analytics). A count only:
    no cookie, no address, nothing about the reader is kept."""

    story = models.ForeignKey(StoryPage, on_delete=models.CASCADE, related_name="view_days")
    day = models.DateField(_("day"))
    views = models.PositiveIntegerField(_("views"), default=0)

    class Meta:
        ordering = ["-day"]
        verbose_name = _("story views on a day")
        verbose_name_plural = _("story views per day")
        constraints = [models.UniqueConstraint(fields=["story", "day"], name="one_count_per_day")]

    def __str__(self):
        return f"{self.story_id} · {self.day}: {self.views}"


class StoryLinkClickDay(models.Model):
    """How many readers followed one outbound link of a story on one day (stories.analytics)."""

    story = models.ForeignKey(StoryPage, on_delete=models.CASCADE, related_name="link_click_days")
    day = models.DateField(_("day"))
    url = models.URLField(_("link"), max_length=2000)
    url_hash = models.CharField(max_length=64, editable=False)
    clicks = models.PositiveIntegerField(_("clicks"), default=0)

    class Meta:
        ordering = ["-day", "-clicks"]
        verbose_name = _("link clicks on a day")
        verbose_name_plural = _("link clicks per day")
        constraints = [
            models.UniqueConstraint(
                fields=["story", "day", "url_hash"], name="one_click_count_per_link_and_day"
            )
        ]

    def __str__(self):
        return f"{self.story_id} · {self.day} · {self.url}: {self.clicks}"
