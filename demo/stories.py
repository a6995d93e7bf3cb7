"""The demo's published stories as pages: each one made once, as a draft with its images, keyed by
``IMPORT_SOURCE`` and its file's key; moderation.py then takes it through review."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from stories.body import SECTION_BLOCK_ID
from stories.choices import Language
from stories.models import Industry, StoryPage, TransparencyClaim
from stories.site_tree import free_child_slug

from . import content
from .images import FIGURE_SIZE, ensure_image
from .records import DemoStory, Figure

IMPORT_SOURCE = "demo"
PUBLISH_TIME = dt.time(9, 30)
DEMO_STORIES: tuple[DemoStory, ...] = content.stories()


class DemoContentError(Exception):
    """The database does not hold what the demo content needs (e.g. a curated industry)."""


def publish_at(day: dt.date, time: dt.time = PUBLISH_TIME) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, time))


def demo_story(key: str):
    """The demo's story pages with this key (none, or one)."""
    return StoryPage.objects.filter(import_source=IMPORT_SOURCE, external_id=key)


def industries_by_slug(*stories) -> dict[str, Industry]:
    wanted = {slug for story in stories for slug in story.industries}
    industries = {i.slug: i for i in Industry.objects.filter(slug__in=wanted)}
    missing = sorted(wanted - industries.keys())
    if missing:
        raise DemoContentError(
            _("These curated industries are missing: %(slugs)s. Run the migrations first.")
            % {"slugs": ", ".join(missing)}
        )
    return industries


def create_story(
    story: DemoStory, *, index, industries, organizations, owner, counts
) -> StoryPage | None:
    """The page of a demo story not yet in the site, as a draft; None when it is there."""
    if demo_story(story.key).exists():
        return None
    main_industry = industries[story.industries[0]]
    hero, created = ensure_image(
        title=f"Terang demo: {story.key}",
        alt_text=f"{_industry_label(main_industry, story.language)}: {story.subject_name}",
        filename=f"demo-{story.key}.png",
        seed=story.key,
        industry=main_industry.slug,
    )
    counts["images"] += created
    page = StoryPage(
        title=story.title,
        slug=free_child_slug(index, story.key, max_length=200),
        subject_kind=story.subject_kind,
        subject_name=story.subject_name,
        organization=organizations.get(story.organization),
        language=story.language,
        summary=story.summary,
        hero_image=hero,
        product_or_service=story.product_or_service,
        product_description=story.product_description,
        body=_stream(story, main_industry, counts),
        material_connection=story.material_connection,
        import_source=IMPORT_SOURCE,
        external_id=story.key,
        owner=owner,
        live=False,
    )
    page.industries.set([industries[slug] for slug in story.industries])
    page.claims = [
        TransparencyClaim(kind=claim.kind, statement=claim.statement, evidence_note=claim.evidence)
        for claim in story.claims
    ]
    index.add_child(instance=page)
    return page


def _industry_label(industry: Industry, language: str) -> str:
    return industry.name_id if language == Language.INDONESIAN else industry.name


def _stream(story: DemoStory, industry: Industry, counts) -> list[dict]:
    blocks = []
    for block_type, value, section in story.body:
        block = {"type": block_type, "value": value}
        if block_type == "heading":
            block["id"] = SECTION_BLOCK_ID.format(key=section)
        elif isinstance(value, Figure):
            block["value"] = {
                "image": _figure_image(story, industry, value, counts).pk,
                "caption": value.caption,
            }
        blocks.append(block)
    return blocks


def _figure_image(story: DemoStory, industry: Industry, figure: Figure, counts):
    image, created = ensure_image(
        title=f"Terang demo: {story.key} ({figure.motif})",
        alt_text=figure.caption,
        filename=f"demo-{story.key}-{figure.motif}.png",
        seed=f"{story.key}/{figure.motif}",
        industry=industry.slug,
        size=FIGURE_SIZE,
        motif=figure.motif,
    )
    counts["images"] += created
    return image
