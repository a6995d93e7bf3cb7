"""The search document of a story, built once for both engines.

:func:`documents_for` loads the live, public stories among some page ids in a fixed number of
queries (the page rows, their industries, their hero images with the card's rendition) and gives,
for each, the :class:`~search.models.SearchEntry` fields and the text fields to index. The
database engine writes both to its tables; the cluster engine writes the same values as its
documents. Results are then shown from the entries alone (:mod:`search.services`).
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch

from stories.models import CustomImage, StoryIndustry, StoryPage

from . import text

logger = logging.getLogger(__name__)

# The story card's rendition (templates/components/story_card.html).
HERO_SPEC = "fill-480x270"


@dataclass
class StoryDocument:
    entry: dict  # SearchEntry fields, page_id included
    fields: dict[str, str]  # title, subject, summary, body: the text to index
    path: str  # the page's tree path (the cluster excludes restricted sections by it)

    @property
    def page_id(self) -> int:
        return self.entry["page_id"]


def indexable_stories():
    return StoryPage.objects.live().public()


def _load(page_ids: Iterable[int]) -> list:
    return list(
        indexable_stories()
        .filter(pk__in=list(page_ids))
        .select_related("organization")
        .prefetch_related(
            Prefetch("hero_image", queryset=CustomImage.objects.prefetch_renditions(HERO_SPEC))
        )
        .order_by("pk")
    )


def _hero(story) -> dict:
    image = story.hero_image
    if image is None:
        return {"hero_url": "", "hero_width": None, "hero_height": None, "hero_alt": ""}
    try:
        rendition = image.get_rendition(HERO_SPEC)
    except Exception:  # noqa: BLE001 - a missing or broken file must not stop indexing
        logger.warning("No %s rendition of image %s for story %s", HERO_SPEC, image.pk, story.pk)
        return {"hero_url": "", "hero_width": None, "hero_height": None, "hero_alt": ""}
    return {
        "hero_url": rendition.url,
        "hero_width": rendition.width,
        "hero_height": rendition.height,
        "hero_alt": image.default_alt_text[:250],
    }


def _industries(page_ids: list[int]) -> dict[int, list[dict]]:
    """Each page's industries (id and slug, by id), in one query: the tag manager's own
    ``prefetch_related`` still queries once per story."""
    found: dict[int, list[dict]] = {}
    rows = (
        StoryIndustry.objects.filter(content_object_id__in=page_ids)
        .order_by("content_object_id", "tag_id")
        .values_list("content_object_id", "tag_id", "tag__slug")
    )
    for page_id, industry_id, slug in rows:
        found.setdefault(page_id, []).append({"id": industry_id, "slug": slug})
    return found


def document(story, industries: list[dict] | None = None) -> StoryDocument:
    """The document of one story; its hero image should be prefetched. ``industries`` are its
    industries as :func:`_industries` gives them, when the caller has loaded them."""
    fields = text.story_text(story)
    if industries is None:
        industries = [
            {"id": industry.pk, "slug": industry.slug}
            for industry in sorted(story.industries.all(), key=lambda industry: industry.pk)
        ]
    entry = {
        "page_id": story.pk,
        "title": story.title[:255],
        "url": story.get_url() or "",
        "language": story.language,
        "subject_kind": story.subject_kind,
        "subject_name": story.subject_name,
        "organization_name": story.organization.name if story.organization_id else "",
        "industries": industries,
        "verification": story.verification,
        "verified": story.is_verified,
        "reviewed_at": story.reviewed_at,
        "published_at": story.first_published_at,
        "last_published_at": story.last_published_at,
        "live_revision_id": story.live_revision_id,
        "snippet_text": text.snippet_source(fields),
        **_hero(story),
    }
    return StoryDocument(entry=entry, fields=fields, path=story.path)


def documents_for(page_ids: Iterable[int]) -> list[StoryDocument]:
    """The documents of those of these pages that are live, public stories, by page id."""
    stories = _load(page_ids)
    industries = _industries([story.pk for story in stories])
    return [document(story, industries.get(story.pk, [])) for story in stories]
