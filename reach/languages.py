"""``hreflang`` alternates of a page told in both languages (stories.languages): in the page's
``<head>`` and in the sitemap. Each lists both versions and an ``x-default``, the version in the
site's default language. Only a pair whose versions are both live, public and name each other has
alternates; a draft, a pending edit or a private version never shows.
"""

from django.conf import settings
from django.db.models import F

from stories.languages import restricted
from stories.models import GuidePage, StoryPage

from .seo import absolute

LINKED_MODELS = (StoryPage, GuidePage)


def alternates(versions: dict[str, str]) -> list[tuple[str, str]]:
    """``(hreflang, absolute URL)`` for each version (language to URL), then ``x-default``."""
    links = [(language, absolute(url)) for language, url in sorted(versions.items())]
    default = versions.get(settings.LANGUAGE_CODE[:2]) or next(iter(versions.values()))
    links.append(("x-default", absolute(default)))
    return links


def page_alternates(page) -> list[tuple[str, str]]:
    other = getattr(page, "other_language_version", None)
    if other is None or not page.url or not other.url:
        return []
    return alternates({page.language: page.url, other.language: other.url})


def sitemap_alternates() -> dict[str, list[dict]]:
    """Absolute location to its sitemap alternates, for every linked pair: one query per model."""
    found = {}
    for model in LINKED_MODELS:
        pages = {
            page.pk: page
            for page in model.objects.live()
            .filter(translation__live=True, translation__translation=F("pk"))
            .exclude(language=F("translation__language"))
            .exclude(restricted())
            .exclude(restricted("translation__path"))
            .defer_streamfields()
        }
        for page in pages.values():
            other = pages.get(page.translation_id)
            if other is None or not page.url or not other.url:
                continue
            links = alternates({page.language: page.url, other.language: other.url})
            found[absolute(page.url)] = [
                {"lang_code": language, "location": url} for language, url in links
            ]
    return found
