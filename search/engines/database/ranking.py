# ruff: noqa: S608  (SQL is assembled from constant table names and %s placeholders only)
"""Ranking a results page, shared by both dialects: candidates first, the tiers of words
typed and their translations, and the exact total and industry counts from one pass."""

from ...query import ParsedText, StoryQuery
from .base import (
    RECENT_BOOST,
    TAGS,
    VERIFIED_BOOST,
    _filters,
)
from .writing import FACETS

# A relevance page is ranked in two steps (bench/README.md, "Ranking inside the full-text
# table"): the full-text table alone gives its best CANDIDATES_FIRST matches by raw score, as
# cheaply as the engine's own floor; only those are joined to their entries and pages (the
# live-and-public guard), boosted and ordered. The boost multiplies a raw score by at most
# BOOST_MAX, so a match left out (raw score no better than the worst candidate's) cannot pass the
# page's last story when that story's key is strictly better than the worst candidate's score
# times BOOST_MAX: then the page is exactly the one-statement page. Otherwise the candidates
# grow CANDIDATES_GROWTH times, until they are every match.
RANK_FROM_CANDIDATES = True  # False: the one-statement page (tests and the bench compare both)
CANDIDATES_FIRST = 200
CANDIDATES_GROWTH = 8
BOOST_SQL = f"(1.0 + {VERIFIED_BOOST} * 1 + {RECENT_BOOST})"


def _ranked_rows(dialect, expression, industry_ids, limit: int, offset: int):
    """The relevance page ``[offset, offset + limit)`` of the stories matching ``expression``,
    as (page id, snippet text, raw score), the same rows as the one-statement page.

    Each statement answers at least one row (the candidates' count and bound, the page's
    columns empty when no visible candidate falls on it), so an empty page is decided without
    a second statement: exactly empty when the candidates were every match, else they grow."""
    size = max(CANDIDATES_FIRST, 2 * (limit + offset))
    while True:
        rows = dialect.candidate_page(expression, industry_ids, size, limit, offset)
        fetched, bound = rows[0][4], rows[0][5]
        page = [row[:3] for row in rows if row[0] is not None]
        if fetched < size or (len(page) == limit and dialect.ahead(rows[-1][3], bound)):
            return page
        size *= CANDIDATES_GROWTH


def _each_word(parsed: ParsedText) -> list[ParsedText]:
    """For a relaxed query (any word enough), each word on its own: the stories that match more
    of the words come first. Otherwise none."""
    if not parsed.any_term:
        return []
    return [ParsedText(terms=(term,)) for term in parsed.terms]


def _tiers(build, query: StoryQuery, parsed, extra, expression) -> list:
    """What a results page ranks in turn: the words typed, function words too (exactly the
    query of ``translate=0``); the words typed without the function words; the words or their
    translations. Each holds the one before it; the same expression is listed once.

    A story that holds every word typed thus stays where it was without the lexicon: before,
    "the business is" within one industry dropped "the" and "is" and let generated stories that
    repeat "business" push out the one story with all three words (bench/README.md).
    One tier (no list) for a relaxed or newest-first query, or without translate.
    """
    if not (query.translate and parsed.terms) or parsed.any_term or query.sort != "relevance":
        return [expression]
    typed = [build(query.parsed, extra), build(parsed, extra)]
    return list(dict.fromkeys([*typed, expression]))


def _tiered(dialect, query: StoryQuery, tiers: list, industry_ids, widened=None) -> list:
    """A results page over nested tiers (:func:`_tiers`): the stories of the first tier in its
    own order, then those of the second that the first does not hold, and so on.

    With ``widened`` (the query with its translations, the last tier), a tier of words typed is
    ranked by those words and the widened query together (``dialect.ranked``): the words typed
    weigh more, and a translation the story also holds adds, so a story that says "herbal" and
    "jamu" comes before stories that only repeat "herbal". Without translations each tier is
    ranked by its own words, exactly as with ``translate=0``.

    Plain passes, each stopping at the page, instead of one pass that tests every match of the
    widest tier against the narrower ones (bench/README.md, "What the lexicon costs"). A pass
    runs only when the ones before it do not fill the page.
    """
    rows: list = []
    before = 0  # the stories of the tiers already passed (each tier holds the ones before it)
    for number, tier in enumerate(tiers):
        wanted = query.page_size - len(rows)
        if wanted <= 0:
            break
        own = tier if number == 0 else dialect.without(tier, tiers[number - 1])
        if widened is not None and tier != widened:
            own = dialect.ranked(own, widened)
        offset = max(0, query.offset - before)
        found = dialect.rows(query, own, industry_ids, wanted, offset)
        rows += found
        if len(found) < wanted and number + 1 < len(tiers):
            # This tier ends on this page; how many stories it holds, for the next one's offset.
            before = (
                before + offset + len(found)
                if found or not offset
                else dialect.count(tier, industry_ids)
            )
    return rows


def _count_and_facets(cursor, source, match, match_params, industry_ids, facets: bool):
    """The exact total and the industry counts from one pass over the matches.

    The visible matches (the full-text match, the entry, the live-and-public guard on the page)
    are found once and each joined to its story's narrow facet row (``writing.FACETS``: its
    industries as one key), then grouped by that key: a group's size counts towards every
    industry in its key, and the groups' sizes (those in the selected industries, by the tag
    table as the pages' own filter has it) add up to the total. Stories with the same industries
    share a key, so the groups are few. Before, the matches were materialised and joined to the
    tag table, one look-up per match and industry, then counted distinct per industry
    (bench/README.md, "Facets from a narrow row"); before that the total and the counts each ran
    the full-text match again ("Facets from one pass").
    """
    where, params = _filters(None)
    if match:
        where, params = f"{match} AND {where}", [*match_params, *params]
    selected, selected_params = "", []
    if industry_ids is not None:
        placeholders = ",".join(["%s"] * len(industry_ids)) or "NULL"
        selected = (
            f"e.page_id IN (SELECT si.content_object_id FROM {TAGS} si "
            f"WHERE si.tag_id IN ({placeholders}))"
        )
        selected_params = list(industry_ids)
    if not facets:
        cursor.execute(
            f"SELECT COUNT(*) FROM {source} WHERE {where}"
            + (f" AND {selected}" if selected else ""),
            [*params, *selected_params],
        )
        return cursor.fetchone()[0], {}
    within = "1"
    if selected:
        within = f"CASE WHEN {selected} THEN 1 ELSE 0 END"
    # A match without a facet row (none should be) still counts towards the total (key NULL).
    cursor.execute(
        f"SELECT f.industries, COUNT(*), SUM(m.within) FROM (SELECT e.page_id, {within} AS within "
        f"FROM {source} WHERE {where}) m LEFT JOIN {FACETS} f ON f.page_id = m.page_id "
        "GROUP BY f.industries",
        [*selected_params, *params],
    )
    count, counts = 0, {}
    for key, number, inside in cursor.fetchall():
        count += inside
        for industry in (key or "").split():
            industry = int(industry)
            counts[industry] = counts.get(industry, 0) + number
    return count, counts


def _count_and_facets_tags(cursor, source, match, match_params, industry_ids, facets: bool):
    """The exact total and the industry counts from one pass over the matches, joined to the tag
    table. Since the ninth session PostgreSQL counts a page with :func:`_count_and_facets` too
    (bench/README.md, "One ts_rank per match, facet rows on PostgreSQL"); this pass is left for
    its plain counts of a tier (``_Postgres.count``, no facets).

    The matching stories are found once (a materialised common table expression, on SQLite and
    PostgreSQL alike); the total counts those in the selected industries, and the industry counts
    join the matches to the narrow tag table. Before, the total and the counts each ran the full-
    text match again (bench/README.md, "Facets from one pass").
    """
    where, params = _filters(None)
    if match:
        where, params = f"{match} AND {where}", [*match_params, *params]
    selected = ""
    if industry_ids is not None:
        placeholders = ",".join(["%s"] * len(industry_ids)) or "NULL"
        selected = (
            f" WHERE m.page_id IN (SELECT si.content_object_id FROM {TAGS} si "
            f"WHERE si.tag_id IN ({placeholders}))"
        )
        params.extend(industry_ids)
    sql = (
        f"WITH m AS MATERIALIZED (SELECT e.page_id FROM {source} WHERE {where}) "
        f"SELECT NULL, COUNT(*) FROM m{selected}"
    )
    if facets:
        sql += (
            f" UNION ALL SELECT si.tag_id, COUNT(DISTINCT m.page_id) FROM m "
            f"JOIN {TAGS} si ON si.content_object_id = m.page_id GROUP BY si.tag_id"
        )
    cursor.execute(sql, params)
    count, counts = 0, {}
    for tag_id, number in cursor.fetchall():
        if tag_id is None:
            count = number
        else:
            counts[tag_id] = number
    return count, counts
