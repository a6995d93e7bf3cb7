"""The search document of a story, built once for both engines.

:func:`documents_for` reads the live, public stories among some page ids in a fixed number of
queries (their columns, without making page objects; their industries; their hero images with the
card's rendition) and gives,
for each, the :class:`~search.models.SearchEntry` fields and the text fields to index. The
database engine writes both to its tables; the cluster engine writes the same values as its
documents. Results are then shown from the entries alone (:mod:`search.services`).
"""

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from types import SimpleNamespace

from django.urls import NoReverseMatch, reverse
from wagtail.coreutils import WAGTAIL_APPEND_SLASH
from wagtail.models import Site

from stories.choices import Verification
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


# The columns a document is built from: read with values(), so no page object is made (a Wagtail
# page instance, its StreamField and its URL cost a rebuild more than the rest of the document).
COLUMNS = (
    "pk",
    "path",
    "url_path",
    "title",
    "language",
    "subject_kind",
    "subject_name",
    "organization__name",
    "summary",
    "body",
    "product_or_service",
    "product_description",
    "verification",
    "reviewed_at",
    "first_published_at",
    "last_published_at",
    "live_revision_id",
    "hero_image_id",
)


def _load(page_ids: Iterable[int]) -> list[dict]:
    return list(indexable_stories().filter(pk__in=list(page_ids)).order_by("pk").values(*COLUMNS))


def _heroes(image_ids) -> dict[int, object]:
    """The hero images by id, each with the card's rendition prefetched (two queries)."""
    if not image_ids:
        return {}
    images = CustomImage.objects.filter(pk__in=image_ids).prefetch_renditions(HERO_SPEC)
    return {image.pk: image for image in images}


def _hero(image, page_id: int) -> dict:
    if image is None:
        return {"hero_url": "", "hero_width": None, "hero_height": None, "hero_alt": ""}
    try:
        rendition = image.get_rendition(HERO_SPEC)
    except Exception:  # noqa: BLE001 - a missing or broken file must not stop indexing
        logger.warning("No %s rendition of image %s for story %s", HERO_SPEC, image.pk, page_id)
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


# A path below a site root that ``reverse`` gives back as it is (no character to quote).
_PLAIN_PATH = re.compile(r"[A-Za-z0-9_\-/]*")


class PageUrls:
    """``Page.get_url()`` (no request) from a page's ``url_path`` alone, without a page object.

    The site root paths are read once, and ``reverse("wagtail_serve")`` runs once per site root
    for paths made of plain characters (slugs are), once per page otherwise; the rest is Wagtail's
    own rule: the first site whose root holds the page, a relative URL on a one-site install.
    tests/search/test_document.py checks it against ``get_url()``.
    """

    def __init__(self):
        self.roots = Site.get_site_root_paths()
        self.one_site = len({root.site_id for root in self.roots}) == 1
        self.prefixes: dict[str, str] = {}

    def _reverse(self, relative: str) -> str | None:
        try:
            return reverse("wagtail_serve", args=(relative,))
        except NoReverseMatch:
            return None

    def __call__(self, url_path: str) -> str | None:
        root = next((root for root in self.roots if url_path.startswith(root.root_path)), None)
        if root is None:
            return None
        relative = url_path[len(root.root_path) :]
        if _PLAIN_PATH.fullmatch(relative):
            if root.root_path not in self.prefixes:
                self.prefixes[root.root_path] = self._reverse("")
            prefix = self.prefixes[root.root_path]
            page_path = None if prefix is None else prefix + relative
        else:
            page_path = self._reverse(relative)
        if page_path is None:
            return None
        if not WAGTAIL_APPEND_SLASH and page_path != "/":
            page_path = page_path.rstrip("/")
        return page_path if self.one_site else root.root_url + page_path


def _document(row: dict, industries: list[dict], hero: dict, url: str | None) -> StoryDocument:
    fields = text.story_text(SimpleNamespace(**row))
    entry = {
        "page_id": row["pk"],
        "title": row["title"][:255],
        "url": url or "",
        "language": row["language"],
        "subject_kind": row["subject_kind"],
        "subject_name": row["subject_name"],
        "organization_name": row["organization__name"] or "",
        "industries": industries,
        "verification": row["verification"],
        "verified": row["verification"] == Verification.VERIFIED,
        "reviewed_at": row["reviewed_at"],
        "published_at": row["first_published_at"],
        "last_published_at": row["last_published_at"],
        "live_revision_id": row["live_revision_id"],
        "snippet_text": text.snippet_source(fields),
        **hero,
    }
    return StoryDocument(entry=entry, fields=fields, path=row["path"])


def documents_for(page_ids: Iterable[int]) -> list[StoryDocument]:
    """The documents of those of these pages that are live, public stories, by page id.

    A fixed number of queries whatever the number of pages: the story columns, their
    industries, their hero images with the card's rendition, the site roots."""
    rows = _load(page_ids)
    if not rows:
        return []
    industries = _industries([row["pk"] for row in rows])
    heroes = _heroes({row["hero_image_id"] for row in rows if row["hero_image_id"]})
    urls = PageUrls()
    return [
        _document(
            row,
            industries.get(row["pk"], []),
            _hero(heroes.get(row["hero_image_id"]), row["pk"]),
            urls(row["url_path"]),
        )
        for row in rows
    ]
