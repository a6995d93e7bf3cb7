from django.core.paginator import Page, Paginator
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from stories.models import Industry
from stories.page_cache import cacheable

from .query import InvalidQuery, StoryQuery
from .services import search_stories, suggest_stories

PAGE_SIZE = 10
MAX_SUGGEST_LENGTH = 100


class _Counted:
    """A stand-in object list of a known length, so Django's Paginator can number the pages."""

    def __init__(self, count: int):
        self._count = count

    def count(self) -> int:
        return self._count


def results_page(results) -> Page:
    paginator = Paginator(_Counted(results.count), results.query.page_size)
    return Page(results.stories, results.query.page, paginator)


def industries_with_counts(results):
    counts = {facet.industry.pk: facet.count for facet in results.facets}
    industries = list(Industry.objects.order_by("name"))
    for industry in industries:
        industry.story_count = counts.get(industry.pk, 0)
        industry.selected = industry.slug in results.query.industries
    return industries


@cacheable
@require_GET
def search_page(request):
    context = {"error": "", "results": None, "q": request.GET.get("q", "")[:200]}
    try:
        query = StoryQuery.from_params(request.GET, default_page_size=PAGE_SIZE)
    except InvalidQuery as error:
        context["error"] = str(error)
        return TemplateResponse(request, "search/search_page.html", context, status=400)
    results = search_stories(query)
    hits = [
        # Snippets are built escaped by the engines, with <mark> as their only markup.
        {"story": hit.story, "industries": hit.industries, "snippet": mark_safe(hit.snippet)}  # noqa: S308
        for hit in results.hits
    ]
    only_typed = request.GET.copy()
    only_typed.pop("page", None)
    only_typed["translate"] = "0"
    with_translations = only_typed.copy()
    with_translations.pop("translate", None)
    context.update(
        query=query,
        results=results,
        hits=hits,
        page_obj=results_page(results),
        industries=industries_with_counts(results),
        only_typed_url="?" + only_typed.urlencode(),
        with_translations_url="?" + with_translations.urlencode(),
        sorts=[("relevance", _("Most relevant")), ("newest", _("Newest"))],
    )
    return TemplateResponse(request, "search/search_page.html", context)


def _result_json(hit) -> dict:
    story = hit.story
    return {
        "id": story.pk,
        "title": story.title,
        "url": story.url,
        "subject": story.subject_name,
        "industries": [{"slug": i.slug, "name": i.name} for i in hit.industries],
        "published_at": timezone.localdate(story.first_published_at).isoformat()
        if story.first_published_at
        else None,
        "verified": story.is_verified,
        "snippet": hit.snippet,
    }


@cacheable
@require_GET
def api_search(request):
    """``GET /api/search/`` (docs/contracts.md section 2).

    Limits: ``q`` ≤ 200 characters, ``industry`` ≤ 20 values, ``page`` 1–10000, ``page_size``
    1–50; crossing one is a 400 with ``{"error": …}``. A page past the last is a 200 with no
    results and the true ``count`` and ``pages``. Query syntax characters are plain text.
    """
    # The API's error messages are a contract with its clients: English in every site language.
    with translation.override("en"):
        try:
            query = StoryQuery.from_params(request.GET)
        except InvalidQuery as error:
            return JsonResponse({"error": str(error)}, status=400)
    results = search_stories(query)
    return JsonResponse(
        {
            "query": query.text,
            "count": results.count,
            "page": query.page,
            "pages": results.pages,
            "engine": results.engine,
            "results": [_result_json(hit) for hit in results.hits],
            "facets": {
                "industry": [
                    {"slug": f.industry.slug, "name": f.industry.name, "count": f.count}
                    for f in results.facets
                ]
            },
            # Additive (docs/contracts.md §2): what the lexicon added to the words typed.
            "also_searched": results.also_searched,
        },
        json_dumps_params={"ensure_ascii": False},
    )


@cacheable
@require_GET
def api_suggest(request):
    typed = request.GET.get("q", "")
    if len(typed) > MAX_SUGGEST_LENGTH or "\x00" in typed:
        with translation.override("en"):
            error = _("The text is too long: at most %(limit)d characters.") % {
                "limit": MAX_SUGGEST_LENGTH
            }
        return JsonResponse({"error": error}, status=400)
    stories = suggest_stories(typed)
    return JsonResponse(
        {"suggestions": [{"title": s.title, "url": s.url} for s in stories]},
        json_dumps_params={"ensure_ascii": False},
    )
