from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap

from stories.models import StoryPage, public_story_q
from stories.page_cache import cacheable

from . import share_image
from .sitemaps import SiteSitemap

# What crawlers leave alone: what only a member or moderator sees, and what only a browser uses.
ROBOTS_DISALLOW = (
    "/admin/",
    "/accounts/",
    "/me/",
    "/submit/",
    "/invite/",
    "/evidence/",
    "/report/",
    "/out/",
    "/beacon/",
    "/i18n/",
    "/search/",
    "/api/",
    "/images/",
    "/embed/",
    "/oembed/",
    "/documents/",
)
SHARE_IMAGE_MAX_AGE = 24 * 3600


@require_GET
@cacheable
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW), ""]
    lines.append(f"Sitemap: {settings.SITE_URL}/sitemap.xml")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
@cacheable
def sitemap(request):
    page = request.GET.get("p", "1")
    if not (page.isascii() and page.isdigit() and len(page) <= 6):
        return HttpResponseBadRequest(
            _("p must be a page number."), content_type="text/plain; charset=utf-8"
        )
    return wagtail_sitemap(request, sitemaps={"pages": SiteSitemap})


def _png(name: str) -> FileResponse:
    return FileResponse(default_storage.open(name, "rb"), content_type="image/png")


@require_GET
@cache_control(public=True, max_age=SHARE_IMAGE_MAX_AGE)
def story_share_image(request, pk: int, revision: int):
    """The picture of a live, public story's live version. The address names the live revision,
    so a published edit gives the story a new address; an older one leads to the current."""
    story = (
        StoryPage.objects.filter(public_story_q(), pk=pk)
        .select_related("organization")
        .defer_streamfields()
        .first()
    )
    if story is None:
        raise Http404
    if revision != story.live_revision_id:
        return redirect("reach:share_image", pk=story.pk, revision=story.live_revision_id)
    card = share_image.card_for(story)
    return _png(share_image.stored_image(share_image.story_prefix(story.pk), card))


@require_GET
@cache_control(public=True, max_age=SHARE_IMAGE_MAX_AGE)
def site_share_image(request, language: str):
    if language not in dict(settings.LANGUAGES):
        raise Http404
    card = share_image.site_card(language)
    return _png(share_image.stored_image(f"site/{language}", card))
