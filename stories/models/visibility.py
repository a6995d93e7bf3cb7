"""Who may see a page: the one visibility rule, and the card images a list of stories shows.

A page is public when it is live and outside every private section: no ``PageViewRestriction`` on
it or on an ancestor (what Wagtail's ``PageQuerySet.live().public()`` keeps). The rule is written
once, here, in the three shapes its callers need:

- :func:`restricted_paths`, the paths of the private sections (one query), for code that builds its
  own SQL or search-engine filter (``search.engines``);
- :func:`public_story_q`, a ``Q`` for a story reached through a relation;
- :func:`restricted`, one ``Exists`` subquery, for a query that must not cost a query of its own.
"""

from django.db import models
from django.db.models import F, OuterRef, Prefetch, Q
from django.db.models.lookups import StartsWith
from wagtail.models import PageViewRestriction

from .images import CustomImage


def restricted_paths() -> list[str]:
    """The tree paths of the private sections: a page is private when its path starts with one."""
    return list(PageViewRestriction.objects.values_list("page__path", flat=True))


def public_story_q(prefix: str = "") -> Q:
    """Live and outside every private section, as a condition on a story reached through
    ``prefix``."""
    condition = Q(**{f"{prefix}live": True})
    for private in restricted_paths():
        condition &= ~Q(**{f"{prefix}path__startswith": private})
    return condition


def restricted(path_field: str = "path") -> models.Exists:
    """True for a page inside a private section, as one subquery (no query of its own, unlike
    ``PageQuerySet.public()``)."""
    return models.Exists(
        PageViewRestriction.objects.filter(StartsWith(OuterRef(path_field), F("page__path")))
    )


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
