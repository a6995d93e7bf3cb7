# ruff: noqa: S608  (SQL is assembled from constant table names and %s placeholders only)
"""The SQLite dialect: FTS5 with bm25, its vocabulary table for typo corrections."""

import datetime

from django.utils import timezone

from ...query import ParsedText, StoryQuery
from . import ranking
from .base import (
    BM25_WEIGHTS,
    ENTRY,
    PAGE,
    RECENT_BOOST,
    RECENT_DAYS,
    TAGS,
    TYPO_MAX_CANDIDATES,
    VERIFIED_BOOST,
    _filters,
    _term_options,
    _typo_budget,
)
from .ranking import BOOST_SQL, _count_and_facets, _each_word, _ranked_rows, _tiered, _tiers


def _once(options: list[str]) -> list[str]:
    """A word's FTS5 alternatives, each once: a one-word translation's group ("(\"menjual\" OR
    \"jual\")") opened into its forms, then repeats dropped, first kept. An OR of the same
    alternatives matches the same stories."""
    flat = []
    for option in options:
        if option.startswith("(") and " AND " not in option:
            flat.extend(option[1:-1].split(" OR "))
        else:
            flat.append(option)
    return list(dict.fromkeys(flat))


class _SQLite:
    def __init__(self, cursor):
        self.cursor = cursor

    def known(self, forms: tuple[str, ...]) -> bool:
        placeholders = ",".join(["%s"] * len(forms))
        self.cursor.execute(
            f"SELECT 1 FROM story_search_vocab WHERE term IN ({placeholders}) LIMIT 1", forms
        )
        return self.cursor.fetchone() is not None

    def held(self, forms: list[str]) -> set[str]:
        placeholders = ",".join(["%s"] * len(forms))
        self.cursor.execute(
            f"SELECT term FROM story_search_vocab WHERE term IN ({placeholders})", forms
        )
        return {row[0] for row in self.cursor.fetchall()}

    def candidates(self, word: str) -> list[tuple[str, int]]:
        budget = _typo_budget(word)
        self.cursor.execute(
            "SELECT term, doc FROM story_search_vocab WHERE term >= %s AND term < %s "
            "AND length(term) BETWEEN %s AND %s LIMIT %s",
            [
                word[0],
                word[0] + "\U0010ffff",
                len(word) - budget,
                len(word) + budget,
                TYPO_MAX_CANDIDATES,
            ],
        )
        return self.cursor.fetchall()

    @staticmethod
    def match_expression(
        parsed: ParsedText, extra: dict[str, tuple[str, ...]], translations=None, *, once=False
    ) -> str:
        """The FTS5 query of these words. ``once``: each alternative of a word once (a one-word
        translation's forms joined to the word's own), for a count: the same stories, but FTS5
        reads each term's postings once ("jual" of "jual" and of "menjual"), where bm25 would
        count a repeated phrase twice, so ranked pages keep the plain form."""
        parts = []
        for term in parsed.terms:
            if term.prefix:
                alternatives = f'"{term.word}"*'
            else:
                options = _term_options(term, extra, translations, '"{}"', " OR ", " AND ")
                if once:
                    options = _once(options)
                alternatives = " OR ".join(options)
            parts.append(f"{{title subject summary body}} : ({alternatives})")
        for phrase in parsed.phrases:
            parts.append(f'phrase : "{" ".join(phrase)}"')
        return (" OR " if parsed.any_term else " AND ").join(parts)

    SOURCE = f"story_search_fts CROSS JOIN {ENTRY} e CROSS JOIN {PAGE} p"
    MATCH = "story_search_fts MATCH %s AND e.page_id = story_search_fts.rowid"

    def candidate_page(self, expression: str, industry_ids, size: int, limit: int, offset: int):
        """:func:`_ranked_rows`'s statement: (page id, snippet text, raw score, key, candidates,
        bound) for the page, out of the ``size`` best raw matches; one row of the candidates'
        count and bound alone (the rest NULL) when no visible candidate falls on the page."""
        where, params = _filters(None)
        within, within_params = "", []
        if industry_ids is not None:
            within = (
                f" AND +rowid IN (SELECT si.content_object_id FROM {TAGS} si "
                f"WHERE si.tag_id IN ({','.join(['%s'] * len(industry_ids)) or 'NULL'}))"
            )
            within_params = list(industry_ids)
        self.cursor.execute(
            f"WITH c AS MATERIALIZED (SELECT rowid AS id, bm25(story_search_fts, {BM25_WEIGHTS}) "
            f"AS s FROM story_search_fts WHERE story_search_fts MATCH %s{within} ORDER BY s "
            f"LIMIT %s), w AS (SELECT count(*) AS n, max(s) * {BOOST_SQL} AS bound FROM c), "
            f"r AS (SELECT e.page_id, e.snippet_text, c.s, c.s * (1.0 + {VERIFIED_BOOST} * "
            f"e.verified + CASE WHEN e.published_at >= %s THEN {RECENT_BOOST} ELSE 0.0 END) AS k, "
            f"e.published_at FROM c CROSS JOIN {ENTRY} e CROSS JOIN {PAGE} p "
            f"WHERE e.page_id = c.id AND {where} "
            "ORDER BY k, e.published_at DESC, e.page_id DESC LIMIT %s OFFSET %s) "
            "SELECT r.page_id, r.snippet_text, r.s, r.k, w.n, w.bound FROM w LEFT JOIN r ON 1 "
            "ORDER BY r.k, r.published_at DESC, r.page_id DESC",
            [
                expression,
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
        return key < bound  # bm25 is negative: lower is better

    def rows(self, query: StoryQuery, expression: str | None, industry_ids, limit, offset, each=()):
        """One page of the stories that match ``expression`` (all stories when None); with
        ``each`` (one expression per word), those that match more of the words first."""
        if ranking.RANK_FROM_CANDIDATES and expression and query.sort == "relevance" and not each:
            return _ranked_rows(self, expression, industry_ids, limit, offset)
        where, params = _filters(industry_ids)
        if expression:
            source, where = self.SOURCE, f"{self.MATCH} AND {where}"
            params = [expression, *params]
            score = f"bm25(story_search_fts, {BM25_WEIGHTS})"
        else:
            source, score = f"{ENTRY} e CROSS JOIN {PAGE} p", "0.0"
        if expression and query.sort == "relevance":
            matched = " + ".join(
                "(e.page_id IN (SELECT rowid FROM story_search_fts "
                "WHERE story_search_fts MATCH %s))"
                for _ in each
            )
            order = (
                (f"{matched} DESC, " if each else "")
                + f"{score} * (1.0 + {VERIFIED_BOOST} * e.verified "
                f"+ CASE WHEN e.published_at >= %s THEN {RECENT_BOOST} ELSE 0.0 END), "
                "e.published_at DESC, e.page_id DESC"
            )
            order_params = [*each, timezone.now() - datetime.timedelta(days=RECENT_DAYS)]
        else:
            order, order_params = "e.published_at DESC, e.page_id DESC", []
        self.cursor.execute(
            f"SELECT e.page_id, e.snippet_text, {score} FROM {source} WHERE {where} "
            f"ORDER BY {order} LIMIT %s OFFSET %s",
            [*params, *order_params, limit, offset],
        )
        return self.cursor.fetchall()

    def count(self, expression: str, industry_ids) -> int:
        return _count_and_facets(
            self.cursor, self.SOURCE, self.MATCH, [expression], industry_ids, False
        )[0]

    def run(self, query: StoryQuery, parsed, extra, industry_ids, facets: bool, translations=None):
        expression = self.match_expression(parsed, extra, translations) if parsed else None
        counted = self.match_expression(parsed, extra, translations, once=True) if parsed else None
        tiers = _tiers(self.match_expression, query, parsed, extra, expression)
        if len(tiers) > 1:
            rows = _tiered(self, query, tiers, industry_ids, expression if translations else None)
        else:
            each = [self.match_expression(word, extra, translations) for word in _each_word(parsed)]
            rows = self.rows(query, expression, industry_ids, query.page_size, query.offset, each)
        count, counts = _count_and_facets(
            self.cursor,
            self.SOURCE if parsed else f"{ENTRY} e CROSS JOIN {PAGE} p",
            self.MATCH if parsed else "",
            [counted] if parsed else [],
            industry_ids,
            facets,
        )
        return rows, count, counts

    @staticmethod
    def without(expression: str, typed: str) -> str:
        return f"({expression}) NOT ({typed})"

    @staticmethod
    def ranked(own: str, widened: str) -> str:
        """The stories of ``own`` (a tier of words typed), scored by ``own`` and the widened
        query together: bm25 sums over every phrase of the match, so the words typed count
        twice and a translation the story also holds adds to its score. The set is ``own``'s,
        since a tier of words typed holds only stories that the widened query matches."""
        return f"({own}) AND ({widened})"

    def suggest_ids(self, parsed: ParsedText, limit: int) -> list[int]:
        where, params = _filters(None)
        self.cursor.execute(
            f"SELECT e.page_id FROM story_search_fts CROSS JOIN {ENTRY} e CROSS JOIN {PAGE} p "
            f"WHERE story_search_fts MATCH %s AND e.page_id = story_search_fts.rowid AND {where} "
            f"ORDER BY bm25(story_search_fts, {BM25_WEIGHTS}) LIMIT %s",
            [self.match_expression(parsed, {}), *params, limit],
        )
        return [row[0] for row in self.cursor.fetchall()]
