"""Which stories the public may see, as a query condition, and the card images a list of them shows."""

from django.db.models import Prefetch, Q
from wagtail.models import PageViewRestriction

from .images import CustomImage


def public_story_q(prefix: str = "") -> Q:
    """Live and outside every private section (what ``PageQuerySet.live().public()`` keeps), as a
    condition on a story reached through ``prefix``."""
    condition = Q(**{f"{prefix}live": True})
    for private in PageViewRestriction.objects.values_list("page__path", flat=True):
        condition &= ~Q(**{f"{prefix}path__startswith": private})
    return condition


# The rendition a story card shows (templates/components/story_card.html).
STORY_CARD_RENDITION = "fill-480x270"


def with_card_images(stories):
    """``stories`` with each hero image and its card rendition: two queries for any number of
    cards, where ``{% image %}`` would otherwise look each rendition up on its own."""
    return stories.prefetch_related(
        Prefetch(
            "hero_image",
            queryset=CustomImage.objects.prefetch_renditions(STORY_CARD_RENDITION),
        )
    )
