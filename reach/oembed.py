"""oEmbed (https://oembed.com): ``GET /oembed/?url=<a Terang URL>&format=json``.

A story page, an organisation's page, an industry's page or a wall (``/embed/wall/?…``, which is
how a collection is addressed) gives a ``rich`` answer whose ``html`` is the wall's frame, sized
within ``maxwidth`` and ``maxheight``. As the specification says: a URL Terang has no embed for
is a 404, a format other than ``json`` a 501, and a missing or malformed parameter a 400.
"""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse, JsonResponse, QueryDict
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from wagtail.models import Site

from community.models import Organization
from stories.choices import Verification
from stories.models import StoryPage, public_story_q

from .embeds import Wall, _single, bad_request, parse_language
from .feeds import BadParameter, _by_slug
from .seo import absolute

MAX_URL_LENGTH = 2000
MAX_SIZE = 10000
DEFAULT_WIDTH = 640
DEFAULT_HEIGHT = 720
STORY_HEIGHT = 360
CACHE_AGE = 300
INDUSTRY_PATH = re.compile(r"^/stories/industry/(?P<slug>[-\w]+)/$")


class NotFound(Exception):
    pass


def _size(query, name: str) -> int | None:
    if name not in query:
        return None
    raw = query[name]
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 6) or not 1 <= int(raw) <= MAX_SIZE:
        raise BadParameter(
            _("%(name)s must be a whole number from 1 to %(max)d.")
            % {"name": name, "max": MAX_SIZE}
        )
    return int(raw)


def _our_path(url: str) -> tuple[str, str]:
    """The path and query of ``url`` when it is an address on this site."""
    parts = urlsplit(url)
    ours = urlsplit(settings.SITE_URL)
    if parts.scheme not in ("http", "https") or parts.netloc.lower() != ours.netloc.lower():
        raise NotFound
    return parts.path or "/", parts.query


def _story_at(path: str) -> StoryPage | None:
    site = Site.objects.select_related("root_page").filter(is_default_site=True).first()
    if site is None:
        return None
    url_path = site.root_page.url_path + path.lstrip("/")
    if not url_path.endswith("/"):
        url_path += "/"
    return (
        StoryPage.objects.filter(public_story_q(), url_path=url_path)
        .exclude(verification=Verification.UNREVIEWED)
        .first()
    )


def wall_for(url: str, language: str) -> Wall:
    path, query = _our_path(url)
    if path == reverse("embed_wall"):
        try:
            wall = Wall.from_query(QueryDict(query))
        except BadParameter as problem:
            raise NotFound from problem
    elif match := INDUSTRY_PATH.match(path):
        from stories.models import Industry

        industry = _by_slug(Industry, match["slug"])
        if industry is None:
            raise NotFound
        wall = Wall(kind="industry", subject=industry)
    else:
        try:
            found = resolve(path)
        except Resolver404:
            found = None
        if found is not None and found.view_name == "community:organization":
            organization = _by_slug(Organization, found.kwargs["slug"])
            if organization is None:
                raise NotFound
            wall = Wall(kind="organisation", subject=organization)
        elif found is not None and found.view_name == "reach:verification":
            story = StoryPage.objects.filter(public_story_q(), pk=found.kwargs["pk"]).first()
            if story is None or not story.verification:
                raise NotFound
            wall = Wall(kind="story", subject=story)
        else:
            story = _story_at(path)
            if story is None:
                raise NotFound
            wall = Wall(kind="story", subject=story)
    if language and not wall.language:
        wall.language = language
    elif not wall.language and wall.kind == "story":
        wall.language = wall.subject.language
    return wall


@require_safe
@cache_control(public=True, max_age=CACHE_AGE)
def oembed(request):
    query = request.GET
    try:
        _single(query, ("url", "format", "maxwidth", "maxheight", "language"))
        url = query.get("url", "")
        if not url or len(url) > MAX_URL_LENGTH or "\x00" in url:
            raise BadParameter(_("Give the address of a Terang page as url."))
        requested = query.get("format", "json")
        if "\x00" in requested or len(requested) > 20:
            raise BadParameter(_("The format must be json."))
        maxwidth, maxheight = _size(query, "maxwidth"), _size(query, "maxheight")
        language = parse_language(query)
    except BadParameter as problem:
        return bad_request(problem)
    if requested != "json":
        return HttpResponse(
            _("Only the json format is offered."),
            status=501,
            content_type="text/plain; charset=utf-8",
        )
    try:
        wall = wall_for(url, language)
    except NotFound:
        return HttpResponse(
            _("Terang has nothing to embed at that address."),
            status=404,
            content_type="text/plain; charset=utf-8",
        )
    width = min(DEFAULT_WIDTH, maxwidth or DEFAULT_WIDTH)
    height = min(STORY_HEIGHT if wall.kind == "story" else DEFAULT_HEIGHT, maxheight or MAX_SIZE)
    with translation.override(wall.language or translation.get_language() or "id"):
        title = wall.title
    html = format_html(
        '<iframe src="{}" width="{}" height="{}" title="{}" loading="lazy" '
        'style="border:0;max-width:100%"></iframe>',
        wall.frame_url(),
        width,
        height,
        title,
    )
    data = {
        "version": "1.0",
        "type": "rich",
        "provider_name": "Terang",
        "provider_url": absolute("/"),
        "title": title,
        "html": html,
        "width": width,
        "height": height,
        "cache_age": CACHE_AGE,
    }
    if wall.kind == "story":
        data["author_name"] = wall.subject.subject_name
        data["author_url"] = absolute(wall.subject.url or "/")
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})
