"""What a public page tells search engines and social sites: canonical URL, OpenGraph and Twitter
card tags, schema.org JSON-LD and its feed links.

Everything here is read from the page's live row and what the page's own template loads anyway
(the story's organisation, its parent page), so the head costs no query of its own. A story's row
holds its live, reviewed version; a pending edit lives only in a revision (and ``draft_title``),
which nothing here reads. Previews get none of it.
"""

import json
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Page

from stories.choices import SubjectKind
from stories.models import GuidePage, HomePage, StoryPage

SITE_NAME = "Terang"
OG_LOCALES = {"id": "id_ID", "en": "en_US"}
# Query parameters that make another page of the same listing; every other one is dropped from
# the canonical URL (filters and tracking tags show the same content).
CANONICAL_PARAMETERS = ("page",)


def absolute(path: str) -> str:
    """``path`` on the site's public address (``SITE_URL``), never the host a request named."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL + path


def canonical_url(request) -> str:
    kept = [(key, request.GET[key]) for key in CANONICAL_PARAMETERS if request.GET.get(key)]
    kept = [(key, value) for key, value in kept if value != "1"]
    query = f"?{urlencode(kept)}" if kept else ""
    return absolute(request.path + query)


def site_description() -> str:
    return _("Verified success stories from network and small businesses in Indonesia.")


def json_ld(data: dict) -> str:
    """JSON for a ``<script type="application/ld+json">``: nothing in it can close the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def publisher() -> dict:
    return {"@type": "Organization", "name": SITE_NAME, "url": absolute("/")}


def website() -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": SITE_NAME,
        "url": absolute("/"),
        "inLanguage": ["id", "en"],
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": absolute("/search/?q={search_term_string}"),
            },
            "query-input": "required name=search_term_string",
        },
    }


def breadcrumbs(trail: list[tuple[str, str]]) -> dict:
    """A BreadcrumbList of ``(name, absolute URL)``, the first the home page."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(trail, start=1)
        ],
    }


def organization_data(organization, url: str) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": organization.name,
        "url": url,
    }
    if organization.description:
        data["description"] = organization.description
    if organization.website:
        data["sameAs"] = [organization.website]
    return data


def _local(moment) -> str:
    """A moment in ISO 8601 in the site's time zone (TIME_ZONE), "" for none: its date is the
    date every other public place shows (docs/contracts.md section 2)."""
    return timezone.localtime(moment).isoformat() if moment else ""


def story_data(story: StoryPage, url: str, image: str) -> dict:
    """A ``Review`` of the organisation a story names, else an ``Article``; by its teller."""
    author_type = "Organization" if story.subject_kind == SubjectKind.ORGANIZATION else "Person"
    data = {
        "@context": "https://schema.org",
        "headline": story.title[:110],
        "name": story.title,
        "description": story.summary,
        "url": url,
        "mainEntityOfPage": url,
        "image": image,
        "inLanguage": story.language,
        "author": {"@type": author_type, "name": story.subject_name},
        "publisher": publisher(),
    }
    if story.first_published_at:
        data["datePublished"] = _local(story.first_published_at)
    if story.last_published_at:
        data["dateModified"] = _local(story.last_published_at)
    if story.organization_id:
        organization = story.organization
        data["@type"] = "Review"
        data["reviewBody"] = story.summary
        data["itemReviewed"] = {
            "@type": "Organization",
            "name": organization.name,
            "url": absolute(organization.get_absolute_url()),
        }
    else:
        data["@type"] = "Article"
    return data


def oembed_link(url: str) -> str:
    """The oEmbed discovery address (reach.oembed) of the public page at ``url``."""
    return absolute(reverse("reach:oembed") + "?" + urlencode({"url": url, "format": "json"}))


def share_image_url(story: StoryPage) -> str:
    return absolute(
        reverse("reach:share_image", kwargs={"pk": story.pk, "revision": story.live_revision_id})
    )


def site_image_url() -> str:
    return absolute(reverse("reach:site_image", kwargs={"language": get_language() or "id"}))


@dataclass
class Head:
    title: str
    description: str
    url: str
    image: str
    kind: str = "website"
    language: str = ""
    published: str = ""
    modified: str = ""
    json_ld: list[str] = field(default_factory=list)
    feeds: list[tuple[str, str, str]] = field(default_factory=list)
    oembed: str = ""

    @property
    def locale(self) -> str:
        return OG_LOCALES.get(self.language, OG_LOCALES["id"])


def feed_links(**query) -> list[tuple[str, str, str]]:
    suffix = f"?{urlencode(query)}" if query else ""
    return [
        ("application/rss+xml", "RSS", reverse("reach:feed_rss") + suffix),
        ("application/atom+xml", "Atom", reverse("reach:feed_atom") + suffix),
    ]


def page_trail(page: Page, url: str) -> list[tuple[str, str]]:
    """Home, the page's parent when it is not the home page, the page. The parent is the one the
    page's template loads anyway (treebeard keeps it on the page)."""
    trail = [(SITE_NAME, absolute("/"))]
    if isinstance(page, HomePage):
        return trail
    parent = page.get_parent()
    if parent is not None and parent.depth > 2:
        trail.append((parent.title, absolute(parent.url or "/")))
    trail.append((page.title, url))
    return trail


def head_for(context) -> Head | None:
    """The head of the page a template renders, or None where there is none to give (a preview,
    a page that is not public)."""
    request = context.get("request")
    if request is None or getattr(request, "is_preview", False):
        return None
    language = get_language() or "id"
    url = canonical_url(request)
    page = context.get("page")
    if isinstance(page, Page) and not page.live:
        return None
    organization = context.get("organization")
    industry = context.get("industry")

    if isinstance(page, StoryPage):
        image = share_image_url(page)
        head = Head(
            title=page.seo_title or page.title,
            description=page.search_description or page.summary,
            url=url,
            image=image,
            kind="article",
            language=page.language,
            published=_local(page.first_published_at),
            modified=_local(page.last_published_at),
            feeds=feed_links(),
            oembed=oembed_link(absolute(request.path)),
        )
        head.json_ld = [
            json_ld(story_data(page, url, image)),
            json_ld(breadcrumbs(page_trail(page, url))),
        ]
        return head

    if isinstance(page, Page) and industry is not None:
        name = industry.localized_name
        head = Head(
            title=name,
            description=industry.description or site_description(),
            url=url,
            image=site_image_url(),
            language=language,
            feeds=feed_links(industry=industry.slug),
            oembed=oembed_link(absolute(request.path)),
        )
        trail = [
            (SITE_NAME, absolute("/")),
            (_("Stories"), absolute(page.url or "/")),
            (name, absolute(request.path)),
        ]
        head.json_ld = [json_ld(breadcrumbs(trail))]
        return head

    if isinstance(page, Page):
        head = Head(
            title=page.seo_title or page.title,
            description=page.search_description
            or getattr(page, "summary", "")
            or site_description(),
            url=url,
            image=site_image_url(),
            kind="article" if isinstance(page, GuidePage) else "website",
            language=getattr(page, "language", "") or language,
            feeds=feed_links(),
        )
        head.json_ld = [json_ld(breadcrumbs(page_trail(page, url)))]
        if isinstance(page, HomePage):
            head.json_ld.insert(0, json_ld(website()))
        return head

    if organization is not None and getattr(organization, "pk", None):
        page_url = absolute(organization.get_absolute_url())
        head = Head(
            title=organization.name,
            description=organization.description or site_description(),
            url=url,
            image=site_image_url(),
            language=language,
            feeds=feed_links(organisation=organization.slug),
            oembed=oembed_link(page_url),
        )
        head.json_ld = [
            json_ld(organization_data(organization, page_url)),
            json_ld(breadcrumbs([(SITE_NAME, absolute("/")), (organization.name, page_url)])),
        ]
        return head

    return Head(
        title=SITE_NAME,
        description=site_description(),
        url=url,
        image=site_image_url(),
        language=language,
        feeds=feed_links(),
    )
