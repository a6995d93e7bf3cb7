"""Answer a :class:`~search.query.StoryQuery` from the cluster when there is one, else the database."""

import logging
from collections import defaultdict

from stories.models import Industry, StoryIndustry, StoryPage

from .engines import cluster, database
from .query import FacetCount, Hit, ParsedText, RawResults, SearchResults, StoryQuery

logger = logging.getLogger(__name__)
SUGGESTION_LIMIT = 8


def _industry_ids(query: StoryQuery) -> list[int] | None:
    """Ids of the selected industries; [] when every given slug is unknown; None for no filter."""
    if not query.industries:
        return None
    return list(Industry.objects.filter(slug__in=query.industries).values_list("pk", flat=True))


def _hydrate(query: StoryQuery, raw: RawResults, engine: str, fallback: bool) -> SearchResults:
    ids = [hit.page_id for hit in raw.hits]
    # The final guard: whatever an index says, only live, public stories are ever shown.
    stories = {
        story.pk: story
        for story in StoryPage.objects.live()
        .public()
        .filter(pk__in=ids)
        .defer_streamfields()
        .select_related("hero_image", "organization")
    }
    # One query for every hit's industries (modelcluster's prefetch costs ~30 ms for 20 pages).
    industries_of = defaultdict(list)
    for item in (
        StoryIndustry.objects.filter(content_object_id__in=stories)
        .select_related("tag")
        .order_by("tag__name")
    ):
        industries_of[item.content_object_id].append(item.tag)
    hits = [
        Hit(
            story=stories[hit.page_id],
            snippet=hit.snippet,
            score=hit.score,
            industries=industries_of[hit.page_id],
        )
        for hit in raw.hits
        if hit.page_id in stories
    ]
    industries = Industry.objects.filter(pk__in=[pk for pk, n in raw.facets.items() if n])
    facets = sorted(
        (
            FacetCount(
                industry=industry,
                count=raw.facets[industry.pk],
                selected=industry.slug in query.industries,
            )
            for industry in industries
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
    industry_ids = _industry_ids(query)
    if use_cluster and cluster.is_configured() and cluster.breaker.allows():
        try:
            raw = cluster.search(query, industry_ids)
        except cluster.ClusterUnavailable as error:
            logger.warning("Search cluster unavailable, answering from the database: %s", error)
            cluster.breaker.trip()
        else:
            cluster.breaker.reset()
            return _hydrate(query, raw, cluster.engine_name(), fallback=False)
    raw = database.search(query, industry_ids)
    return _hydrate(query, raw, database.NAME, fallback=cluster.is_configured())


def suggest_stories(text: str) -> list[StoryPage]:
    """Stories whose words start with what the reader has typed so far (the last word a prefix)."""
    parsed = ParsedText.parse(text.rstrip("*") + "*") if text.strip() else ParsedText()
    if not parsed:
        return []
    ids: list[int] | None = None
    if cluster.is_configured() and cluster.breaker.allows():
        try:
            ids = cluster.suggest(text, SUGGESTION_LIMIT)
        except cluster.ClusterUnavailable:
            cluster.breaker.trip()
    if ids is None:
        ids = database.suggest(parsed, SUGGESTION_LIMIT)
    stories = {s.pk: s for s in StoryPage.objects.live().public().filter(pk__in=ids)}
    return [stories[pk] for pk in ids if pk in stories]
