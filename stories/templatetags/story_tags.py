from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from wagtail.templatetags.wagtailcore_tags import richtext

from stories.analytics import rewrite_outbound_links
from stories.models import GuideIndexPage, GuidePage, StoryPage
from stories.scanner import GUIDE_SLUGS

register = template.Library()


@register.simple_tag(takes_context=True)
def story_rich_text(context, value):
    """A paragraph of a story, rendered, with its outbound links counted (stories.analytics) when
    it is rendered on its story's page; as plain rich text anywhere else."""
    html = richtext(value)
    page = context.get("page")
    if not isinstance(page, StoryPage) or not page.pk:
        return html
    return mark_safe(rewrite_outbound_links(str(html), page.pk))  # noqa: S308 (rendered rich text)


# The guide that explains the checklist (the scanner's rules link it by the same key).
CHECKS_GUIDE = "what-terang-checks"

# The top image of a story: 16:9 on a phone, 2:1 wider up, each cropped around the image's focal
# point and offered at several widths. The default crop closeness keeps as much of the picture as
# the shape allows; a closer crop would zoom each width differently, and a srcset's candidates
# must be the same picture.
HERO_PHONE_MEDIA = "(max-width: 599px)"
HERO_PHONE_SIZES = "calc(100vw - 2rem)"
HERO_WIDE_SIZES = "(min-width: 1120px) 1088px, calc(100vw - 2rem)"
HERO_PHONE_FILTERS = ("fill-480x270", "fill-800x450", "fill-1200x675")
HERO_WIDE_FILTERS = ("fill-800x400", "fill-1200x600", "fill-1600x800")
HERO_FORMAT = "format-webp"


@register.simple_tag
def checks_guide():
    """The live guide "what Terang checks", in the reader's language if it exists; else in the
    other language; else the guide index; else None."""
    slugs = GUIDE_SLUGS.get(CHECKS_GUIDE, {})
    language = (get_language() or "id")[:2]
    order = sorted(slugs, key=lambda lang: lang != language)
    found = {
        guide.slug: guide
        for guide in GuidePage.objects.live().public().filter(slug__in=list(slugs.values()))
    }
    for lang in order:
        if slugs[lang] in found:
            return found[slugs[lang]]
    return GuideIndexPage.objects.live().public().first()


def _candidates(renditions) -> dict:
    by_width = {}
    for rendition in renditions:
        by_width.setdefault(rendition.width, rendition)
    candidates = [by_width[width] for width in sorted(by_width)]
    largest = candidates[-1]
    return {
        "srcset": ", ".join(f"{r.url} {r.width}w" for r in candidates),
        "src": largest.url,
        "width": largest.width,
        "height": largest.height,
    }


@register.inclusion_tag("stories/includes/hero_picture.html")
def hero_picture(image):
    """A story's top image: renditions around its focal point, a srcset for phone and desktop,
    and the width and height of each, so nothing moves when it loads."""
    phone = [f"{spec}|{HERO_FORMAT}" for spec in HERO_PHONE_FILTERS]
    wide = [f"{spec}|{HERO_FORMAT}" for spec in HERO_WIDE_FILTERS]
    renditions = image.get_renditions(*phone, *wide)
    return {
        "alt": image.default_alt_text,
        "phone": _candidates(renditions[spec] for spec in phone),
        "wide": _candidates(renditions[spec] for spec in wide),
        "phone_media": HERO_PHONE_MEDIA,
        "phone_sizes": HERO_PHONE_SIZES,
        "wide_sizes": HERO_WIDE_SIZES,
    }
