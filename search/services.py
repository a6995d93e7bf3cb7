"""Answer a :class:`~search.query.StoryQuery` from the cluster when there is one, else the database."""

import logging

from django.db.models import Q
from wagtail.models import Page

from stories.models import Industry

from .engines import cluster, database
from .metrics import count_fallback
from .models import SearchEntry
from .query import FacetCount, Hit, ParsedText, RawResults, SearchResults, StoryQuery

logger = logging.getLogger(__name__)
SUGGESTION_LIMIT = 8


def _industry_ids(query: StoryQuery, industries: dict[int, Industry]) -> list[int] | None:
    """Ids of the selected industries; [] when every given slug is unknown; None for no filter."""
    if not query.industries:
        return None
    return [pk for pk, industry in industries.items() if industry.slug in query.industries]


def _live_entries(
    ids: list[int], restricted_paths: list[str] | None = None
) -> dict[int, SearchEntry]:
    """The search documents of those of these pages that are live and public, by page id.

    The final guard: whatever an index says (a cluster document can lag a moment behind an
    unpublish), only live, public stories are ever shown. One query, no page loaded, when the
    engine gives the restricted sections it read (``restricted_paths``): a page is private when
    its path starts with one of theirs, as in Wagtail's ``public()``, which reads them again.
    """
    if not ids:
        return {}
    live = Page.objects.live().filter(pk__in=ids)
    if restricted_paths is None:
        live = live.public()
    elif restricted_paths:
        private = Q()
        for path in restricted_paths:
            private |= Q(path__startswith=path)
        live = live.exclude(private)
    pages = live.values("pk")
    return {entry.page_id: entry for entry in SearchEntry.objects.filter(page_id__in=pages)}


def _hydrate(
    query: StoryQuery, raw: RawResults, industries: dict, engine: str, fallback: bool
) -> SearchResults:
    entries = _live_entries([hit.page_id for hit in raw.hits], raw.restricted_paths)
    hits = [
        Hit(
            story=entries[hit.page_id],
            snippet=hit.snippet,
            score=hit.score,
            industries=sorted(
                (industries[pk] for pk in entries[hit.page_id].industry_ids if pk in industries),
                key=lambda industry: industry.name,
            ),
        )
        for hit in raw.hits
        if hit.page_id in entries
    ]
    facets = sorted(
        (
            FacetCount(
                industry=industries[pk],
                count=count,
                selected=industries[pk].slug in query.industries,
            )
            for pk, count in raw.facets.items()
            if count and pk in industries
        ),
        key=lambda facet: (-facet.count, facet.industry.name),
    )
    return SearchResults(
        query=query,
        hits=hits,
        count=raw.count,
        engine=engine,
        facets=facets,
        corrected=raw.corrected,
        fallback=fallback,
        also_searched=raw.also_searched,
        relaxed=raw.relaxed,
    )


def search_stories(query: StoryQuery, *, use_cluster: bool = True) -> SearchResults:
    """Search stories; the cluster answers when configured and healthy, the database otherwise."""
    # The curated list is short (CONTRACTS.md §4): one query serves the filter, the facets and
    # every hit's industries.
    industries = {industry.pk: industry for industry in Industry.objects.all()}
    industry_ids = _industry_ids(query, industries)
    if use_cluster and cluster.is_configured():
        if not cluster.breaker.allows():
            count_fallback("breaker_open")
        else:
            try:
                raw = cluster.search(query, industry_ids)
            except cluster.ClusterUnavailable as error:
                logger.warning("Search cluster unavailable, answering from the database: %s", error)
                count_fallback(error.reason)
                cluster.breaker.trip()
            else:
                cluster.breaker.succeeded()
                return _hydrate(query, raw, industries, cluster.engine_name(), fallback=False)
    raw = database.search(query, industry_ids)
    return _hydrate(query, raw, industries, database.NAME, fallback=cluster.is_configured())


def suggest_stories(text: str) -> list[SearchEntry]:
    """Stories whose words start with what the reader has typed so far (the last word a prefix)."""
    parsed = ParsedText.parse(text.rstrip("*") + "*") if text.strip() else ParsedText()
    if not parsed:
        return []
    ids: list[int] | None = None
    if cluster.is_configured():
        if not cluster.breaker.allows():
            count_fallback("breaker_open")
        else:
            try:
                ids = cluster.suggest(text, SUGGESTION_LIMIT)
            except cluster.ClusterUnavailable as error:
                count_fallback(error.reason)
                cluster.breaker.trip()
    if ids is None:
        ids = database.suggest(parsed, SUGGESTION_LIMIT)
    entries = _live_entries(ids)
    return [entries[pk] for pk in ids if pk in entries]
