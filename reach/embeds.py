"""The wall of love: verified stories shown on another site, in a frame.

``/embed/wall/`` is the page a frame shows; ``/embed/wall.js`` is the small script an organisation
puts on its own site, which inserts that frame and sizes it to its content (the frame tells its
height through ``postMessage``). Exactly one of ``organisation``, ``industry``, ``collection`` or
``story`` says what the wall shows; ``language`` (id, en; else a collection's own language, else
the reader's), ``limit`` (1–24, 12 by default) and ``theme`` (light, dark) are optional. Anything else, an unknown slug,
a repeated parameter or a value that cannot be one is refused with 400.

The wall goes through the page cache (stories.page_cache.cacheable), per query string and language;
a change of a story, an organisation, an industry or a collection purges it.

Only the wall may be framed by other sites: ``terang.urls`` mounts it with
``terang.security.allow_framing`` (reach sits below terang and cannot import it). The embeds set no
cookies, load nothing from other sites, and show each story's live, reviewed version only.
"""

import json
from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import HttpResponse, HttpResponseBadRequest
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from community.models import Organization
from stories.choices import Language, Verification
from stories.models import Industry, StoryPage, public_story_q
from stories.page_cache import cacheable

from .feeds import BadParameter, _by_slug
from .models import StoryCollection
from .seo import absolute, oembed_link

DEFAULT_LIMIT = 12
MAX_LIMIT = 24
THEMES = ("light", "dark")
SUBJECTS = ("organisation", "industry", "collection", "story")
PARAMETERS = (*SUBJECTS, "language", "limit", "theme")
SCRIPT_MAX_AGE = 3600


def _single(query, known) -> None:
    unknown = sorted(set(query) - set(known))
    if unknown:
        raise BadParameter(_("Unknown parameter: %(name)s.") % {"name": unknown[0][:40]})
    for name in known:
        if len(query.getlist(name)) > 1:
            raise BadParameter(_("Give %(name)s once.") % {"name": name})


def parse_language(query) -> str:
    if "language" not in query:
        return ""
    if query["language"] not in Language.values:
        raise BadParameter(_("The language must be id or en."))
    return query["language"]


def parse_theme(query) -> str:
    theme = query.get("theme", "light")
    if theme not in THEMES:
        raise BadParameter(_("The theme must be light or dark."))
    return theme


def parse_limit(raw: str, maximum: int) -> int:
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 6) or not 1 <= int(raw) <= maximum:
        raise BadParameter(
            _("The limit must be a whole number from 1 to %(max)d.") % {"max": maximum}
        )
    return int(raw)


def public_story(raw: str) -> StoryPage | None:
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 12):
        return None
    return (
        StoryPage.objects.filter(public_story_q(), pk=int(raw))
        .exclude(verification=Verification.UNREVIEWED)
        .first()
    )


@dataclass
class Wall:
    """What one wall shows: its subject (one of the four kinds) and how."""

    kind: str
    subject: object
    language: str = ""
    limit: int = DEFAULT_LIMIT
    theme: str = "light"

    @classmethod
    def from_query(cls, query) -> "Wall":
        _single(query, PARAMETERS)
        given = [name for name in SUBJECTS if name in query]
        if len(given) != 1:
            raise BadParameter(
                _("Give exactly one of organisation, industry, collection or story.")
            )
        kind = given[0]
        raw = query[kind]
        if kind == "organisation":
            subject = _by_slug(Organization, raw)
            missing = _("No organisation has that slug.")
        elif kind == "industry":
            subject = _by_slug(Industry, raw)
            missing = _("No industry has that slug.")
        elif kind == "collection":
            subject = _by_slug(StoryCollection, raw)
            missing = _("No collection has that slug.")
        else:
            subject = public_story(raw)
            missing = _("No published story has that number.")
        if subject is None:
            raise BadParameter(missing)
        wall = cls(kind=kind, subject=subject)
        wall.language = parse_language(query)
        wall.theme = parse_theme(query)
        if "limit" in query:
            wall.limit = parse_limit(query["limit"], MAX_LIMIT)
        return wall

    def stories(self) -> list[StoryPage]:
        if self.kind == "story":
            return [self.subject]
        stories = StoryPage.objects.filter(public_story_q()).exclude(
            verification=Verification.UNREVIEWED
        )
        if self.kind == "organisation":
            stories = stories.filter(organization=self.subject)
        elif self.kind == "industry":
            stories = stories.filter(industries=self.subject)
        stories = stories.select_related("organization").prefetch_related("industries")
        stories = stories.defer_streamfields()
        if self.kind == "collection":
            order = list(
                self.subject.items.order_by("sort_order", "pk").values_list("story_id", flat=True)
            )
            found = {story.pk: story for story in stories.filter(pk__in=order)}
            return [found[pk] for pk in order if pk in found][: self.limit]
        return list(stories.order_by("-first_published_at", "-id")[: self.limit])

    @property
    def title(self) -> str:
        if self.kind == "organisation":
            return _("Verified stories about %(name)s") % {"name": self.subject.name}
        if self.kind == "industry":
            return _("Verified stories: %(industry)s") % {"industry": self.subject.localized_name}
        if self.kind == "collection":
            return self.subject.title
        return self.subject.title

    @property
    def own_language(self) -> str:
        """A collection's language, which its wall speaks when the embed names none."""
        return self.subject.language if self.kind == "collection" else ""

    @property
    def more_url(self) -> str:
        """Where the wall's "see all" link leads on Terang."""
        if self.kind in ("organisation", "industry"):
            return absolute(self.subject.get_absolute_url())
        if self.kind == "collection" and self.subject.organization_id:
            return absolute(self.subject.organization.get_absolute_url())
        if self.kind == "story":
            return absolute(self.subject.url or "/")
        return absolute("/stories/")

    def query(self, **extra) -> dict:
        subject = self.subject.pk if self.kind == "story" else self.subject.slug
        query = {self.kind: subject}
        if self.language:
            query["language"] = self.language
        if self.limit != DEFAULT_LIMIT:
            query["limit"] = self.limit
        if self.theme != "light":
            query["theme"] = self.theme
        return {**query, **extra}

    def frame_url(self, **extra) -> str:
        return absolute(reverse("embed_wall") + "?" + urlencode(self.query(**extra)))


def bad_request(problem: BadParameter) -> HttpResponse:
    return HttpResponseBadRequest(str(problem), content_type="text/plain; charset=utf-8")


def card(story: StoryPage) -> dict:
    story_url = absolute(story.url or "/")
    return {
        "story": story,
        "url": story_url,
        "report_url": story_url + "#transparency-report",
        "verification_url": absolute(reverse("reach:verification", kwargs={"pk": story.pk})),
        "industries": [industry.localized_name for industry in story.industries.all()],
    }


@require_safe
@cacheable
def wall(request):
    try:
        selection = Wall.from_query(request.GET)
    except BadParameter as problem:
        return bad_request(problem)
    language = selection.language or selection.own_language or translation.get_language() or "id"
    with translation.override(language):
        context = {
            "wall": selection,
            "cards": [card(story) for story in selection.stories()],
            "language": language,
            "home_url": absolute("/learn/"),
            "oembed": oembed_link(selection.frame_url()),
        }
        response = TemplateResponse(request, "reach/embed/wall.html", context)
        response.render()
    response["Content-Language"] = language
    return response


@require_safe
@cache_control(public=True, max_age=SCRIPT_MAX_AGE)
def wall_script(request):
    """The script an organisation's page loads from Terang: it inserts the wall's frame."""
    script = render_to_string(
        "reach/embed/wall.js",
        {
            "parameters": json.dumps(PARAMETERS),
            "frame_path": json.dumps(reverse("embed_wall")),
        },
    )
    return HttpResponse(script, content_type="text/javascript; charset=utf-8")
