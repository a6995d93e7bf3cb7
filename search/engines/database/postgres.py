# ruff: noqa: S608  (SQL is assembled from constant table names and %s placeholders only)
"""The PostgreSQL dialect: weighted tsvectors with GIN indexes and ts_rank."""

import datetime

from django.db import DatabaseError, transaction
from django.utils import timezone

from ...query import ParsedText, StoryQuery
from . import ranking
from .base import (
    ENTRY,
    PAGE,
    RECENT_BOOST,
    RECENT_DAYS,
    TAGS,
    VERIFIED_BOOST,
    _filters,
    _term_options,
)
from .ranking import (
    BOOST_SQL,
    _count_and_facets,
    _count_and_facets_tags,
    _each_word,
    _ranked_rows,
    _tiered,
    _tiers,
)


class _Postgres:
    # Off: at 10k, ts_rank's scores lie so close together that the first 200 candidates rarely
    # settle a common word's page (the boost's 1.3 spans them), so the candidates grew to 1,600
    # and ts_rank ran over every match twice: more CPU than the one statement
    # (bench/README.md, seventh session). Kept exact and tested (test_engines) for a later try.
    candidates_first = False

    def __init__(self, cursor):
        self.cursor = cursor

    def known(self, forms: tuple[str, ...]) -> bool:
        self.cursor.execute(
            "SELECT 1 FROM story_search_term WHERE term = ANY(%s) LIMIT 1", [list(forms)]
        )
        return self.cursor.fetchone() is not None

    def held(self, forms: list[str]) -> set[str]:
        self.cursor.execute("SELECT term FROM story_search_term WHERE term = ANY(%s)", [forms])
        return {row[0] for row in self.cursor.fetchall()}

    def candidates(self, word: str) -> list[tuple[str, int]]:
        try:
            with transaction.atomic():
                self.cursor.execute(
                    "SELECT term, 1 FROM story_search_term WHERE term %% %s "
                    "ORDER BY similarity(term, %s) DESC LIMIT 50",
                    [word, word],
                )
                return self.cursor.fetchall()
        except DatabaseError:
            return []  # pg_trgm is not installed: no typo tolerance on this database.

    @staticmethod
    def tsquery(parsed: ParsedText, extra: dict[str, tuple[str, ...]], translations=None) -> str:
        parts = []
        for term in parsed.terms:
            if term.prefix:
                parts.append(f"'{term.word}':*")
            else:
                options = _term_options(term, extra, translations, "'{}'", " | ", " & ")
                parts.append("(" + " | ".join(options) + ")")
        return (" | " if parsed.any_term else " & ").join(parts)

    SOURCE = f"story_search_document d JOIN {ENTRY} e ON e.page_id = d.page_id, {PAGE} p"

    def _match(self, parsed, extra, translations=None) -> tuple[str, list, str, list]:
        return self._where(self.expression(parsed, extra, translations))

    def expression(self, parsed, extra, translations=None) -> tuple:
        """What a story must match: the terms' tsquery (None without terms) and the phrases."""
        return (self.tsquery(parsed, extra, translations) if parsed.terms else None, parsed.phrases)

    @staticmethod
    def without(expression: tuple, typed: tuple) -> tuple:
        return (f"({expression[0]}) & !({typed[0]})", expression[1])

    @staticmethod
    def ranked(own: tuple, widened: tuple) -> tuple:
        """The stories of ``own`` (a tier of words typed), scored by ``own`` plus the widened
        query: the words typed count twice and a translation the story also holds adds. (One
        ``own & widened`` tsquery would not do: ts_rank scores an AND by how close its words
        are, and a word's stems sit next to it in every story.)"""
        return (own[0], own[1], widened[0]) if own[0] and widened[0] else own

    @staticmethod
    def _where(expression) -> tuple[str, list, str, list]:
        tsquery, phrases, *widened = expression  # widened: see ranked()
        conditions, params = [], []
        score, score_params = "0.0", []
        if tsquery:
            conditions.append("d.document @@ to_tsquery('simple', %s)")
            params.append(tsquery)
            score, score_params = "ts_rank(d.document, to_tsquery('simple', %s))", [tsquery]
            for rank in widened:
                score += " + ts_rank(d.document, to_tsquery('simple', %s))"
                score_params.append(rank)
        for phrase in phrases:
            conditions.append("d.phrase @@ phraseto_tsquery('simple', %s)")
            params.append(" ".join(phrase))
        return " AND ".join(conditions), params, score, score_params

    def candidate_page(self, expression, industry_ids, size: int, limit: int, offset: int):
        """:func:`_ranked_rows`'s statement: (page id, snippet text, raw score, key, candidates,
        bound) for the page, out of the ``size`` best raw matches; one row of the candidates'
        count and bound alone (the rest NULL) when no visible candidate falls on the page.

        The key is the one statement's own expression, ``rank + … + rank * boost`` (with a
        widened query's ranks, see ranked(), only the last is boosted), on the ranks kept per
        candidate, so keys and their order are the same floats. Every rank is >= 0, so a key is
        at most the raw score (their sum) times the largest boost: the bound holds."""
        where, params = _filters(None)
        match, match_params, _score, score_params = self._where(expression)
        ranks = [
            f"ts_rank(d.document, to_tsquery('simple', %s)) AS r{n}"
            for n in range(len(score_params))
        ]
        names = [f"c.r{n}" for n in range(len(score_params))]
        within, within_params = "", []
        if industry_ids is not None:
            within = (
                f" AND d.page_id IN (SELECT si.content_object_id FROM {TAGS} si "
                f"WHERE si.tag_id IN ({','.join(['%s'] * len(industry_ids)) or 'NULL'}))"
            )
            within_params = list(industry_ids)
        self.cursor.execute(
            f"WITH c AS MATERIALIZED (SELECT id, {', '.join(f'r{n}' for n in range(len(names)))}, "
            f"{' + '.join(f'r{n}' for n in range(len(names)))} AS s FROM (SELECT d.page_id AS id, "
            f"{', '.join(ranks)} FROM story_search_document d WHERE {match}{within}) ranks "
            "ORDER BY s DESC LIMIT %s), "
            f"w AS (SELECT count(*) AS n, min(s) * {BOOST_SQL} AS bound FROM c), "
            f"r AS (SELECT e.page_id, e.snippet_text, c.s, {' + '.join(names)} * (1.0 + "
            f"{VERIFIED_BOOST} * e.verified::int + CASE WHEN e.published_at >= %s THEN "
            f"{RECENT_BOOST} ELSE 0.0 END) AS k, e.published_at FROM c JOIN {ENTRY} e "
            f"ON e.page_id = c.id, {PAGE} p WHERE {where} "
            "ORDER BY k DESC, e.published_at DESC, e.page_id DESC LIMIT %s OFFSET %s) "
            "SELECT r.page_id, r.snippet_text, r.s, r.k, w.n, w.bound FROM w LEFT JOIN r ON true "
            "ORDER BY r.k DESC, r.published_at DESC, r.page_id DESC",
            [
                *score_params,
                *match_params,
                *within_params,
                size,
                timezone.now() - datetime.timedelta(days=RECENT_DAYS),
                *params,
                limit,
                offset,
            ],
        )
        return self.cursor.fetchall()

    @staticmethod
    def ahead(key: float, bound: float) -> bool:
        return key > bound  # ts_rank: higher is better

    def rows(self, query: StoryQuery, expression, industry_ids, limit, offset, each=()):
        """One page of the stories that match ``expression`` (all stories when None); with
        ``each`` (one tsquery per word), those that match more of the words first."""
        relevance = query.sort == "relevance" and not each
        if (
            self.candidates_first
            and ranking.RANK_FROM_CANDIDATES
            and expression
            and expression[0]
            and relevance
        ):
            return _ranked_rows(self, expression, industry_ids, limit, offset)
        where, params = _filters(industry_ids)
        if expression and query.sort == "relevance":
            return self._relevance_rows(expression, where, params, limit, offset, each)
        score, score_params = "0.0", []
        if expression:
            source = self.SOURCE
            match, match_params, score, score_params = self._where(expression)
            where, params = f"{match} AND {where}", [*match_params, *params]
        else:
            source = f"{ENTRY} e, {PAGE} p"
        self.cursor.execute(
            f"SELECT e.page_id, e.snippet_text, {score} FROM {source} WHERE {where} "
            "ORDER BY e.published_at DESC, e.page_id DESC LIMIT %s OFFSET %s",
            [*score_params, *params, limit, offset],
        )
        return self.cursor.fetchall()

    def _relevance_rows(self, expression, where, params, limit, offset, each=()):
        """The one-statement relevance page: every match ranked, the best ``limit`` from
        ``offset``. Each rank is computed once per match, in a subquery kept apart (``OFFSET 0``):
        written into the select list and the sort key alike, PostgreSQL ran every ``ts_rank``
        twice per match (bench/README.md, "One ts_rank per match"). The score and the key are the
        same expressions on the same ranks as before (``rank + … + rank * boost``, only the
        last rank boosted), so the same floats in the same order."""
        match, match_params, _score, score_params = self._where(expression)
        ranks = (
            ", ".join(
                f"ts_rank(d.document, to_tsquery('simple', %s)) AS r{n}"
                for n in range(len(score_params))
            )
            or "0.0 AS r0"
        )
        names = [f"x.r{n}" for n in range(max(1, len(score_params)))]
        matched = " + ".join("(d.document @@ to_tsquery('simple', %s))::int" for _ in each)
        self.cursor.execute(
            f"SELECT x.page_id, x.snippet_text, {' + '.join(names)} FROM (SELECT e.page_id, "
            f"e.snippet_text, e.verified, e.published_at, {ranks}"
            + (f", {matched} AS m" if each else "")
            + f" FROM {self.SOURCE} WHERE {match} AND {where} OFFSET 0) x ORDER BY "
            + ("x.m DESC, " if each else "")
            + f"{' + '.join(names)} * (1.0 + {VERIFIED_BOOST} * x.verified::int "
            f"+ CASE WHEN x.published_at >= %s THEN {RECENT_BOOST} ELSE 0.0 END) DESC, "
            "x.published_at DESC, x.page_id DESC LIMIT %s OFFSET %s",
            [
                *score_params,
                *each,
                *match_params,
                *params,
                timezone.now() - datetime.timedelta(days=RECENT_DAYS),
                limit,
                offset,
            ],
        )
        return self.cursor.fetchall()

    def count(self, expression, industry_ids) -> int:
        match, match_params, _score, _score_params = self._where(expression)
        return _count_and_facets_tags(
            self.cursor, self.SOURCE, match, match_params, industry_ids, False
        )[0]

    def run(self, query: StoryQuery, parsed, extra, industry_ids, facets: bool, translations=None):
        expression = self.expression(parsed, extra, translations) if parsed else None
        tiers = _tiers(self.expression, query, parsed, extra, expression)
        if len(tiers) > 1:
            rows = _tiered(self, query, tiers, industry_ids, expression if translations else None)
        else:
            each = [self.tsquery(word, extra, translations) for word in _each_word(parsed)]
            rows = self.rows(query, expression, industry_ids, query.page_size, query.offset, each)
        match, match_params = "", []
        if expression:
            match, match_params, _score, _score_params = self._where(expression)
        # The facet rows (writing.FACETS), as on SQLite: measured against the tag-table pass
        # statement by statement, alternating on one connection (bench/README.md, "Facet rows
        # on PostgreSQL"), they cost the same or less for rare, medium and common words.
        count, counts = _count_and_facets(
            self.cursor,
            self.SOURCE if expression else f"{ENTRY} e, {PAGE} p",
            match,
            match_params,
            industry_ids,
            facets,
        )
        return rows, count, counts

    def suggest_ids(self, parsed: ParsedText, limit: int) -> list[int]:
        where, params = _filters(None)
        match, match_params, score, score_params = self._match(parsed, {})
        self.cursor.execute(
            f"SELECT e.page_id FROM story_search_document d JOIN {ENTRY} e ON e.page_id = d.page_id, "
            f"{PAGE} p WHERE {match} AND {where} ORDER BY {score} DESC LIMIT %s",
            [*match_params, *params, *score_params, limit],
        )
        return [row[0] for row in self.cursor.fetchall()]
