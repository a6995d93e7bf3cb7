# ruff: noqa: S608  (SQL is assembled from constant table names and %s placeholders only)
"""The database engine: SQLite FTS5 or PostgreSQL full text, with Snowball stems from Python.

Every story is indexed as "stem bags": each word followed by its Indonesian and English Snowball
stems (see :func:`search.text.stem_bag`), so a query word matches when any of its forms does
("jual" finds "berjualan", "selling" finds "sell"). A fifth column (SQLite) or second vector
(PostgreSQL) keeps the plain words in order for phrase queries. The full-text match runs first;
pages, filters and industry counts are joined to the matched ids after it.
"""

import datetime
import re
import uuid
from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import DatabaseError, connection, models, transaction
from django.utils import timezone
from wagtail.models import Page

from stories.models import StoryIndustry, visibility

from .. import lexicon, text
from ..document import StoryDocument, documents_for
from ..models import SearchEntry
from ..query import ParsedText, RawHit, RawResults, StoryQuery, Term

NAME = "database"
ENTRY = SearchEntry._meta.db_table
PAGE = Page._meta.db_table
TAGS = StoryIndustry._meta.db_table
# Column weights for title, subject, summary, body, phrase.
BM25_WEIGHTS = "10.0, 5.0, 3.0, 1.0, 2.0"
VERIFIED_BOOST = 0.2
RECENT_BOOST = 0.1
RECENT_DAYS = 365
TYPO_MIN_LENGTH = 4
TYPO_MAX_CANDIDATES = 20_000
TYPO_MAX_TERMS = 2


def index_documents(documents: list[StoryDocument], *, rebuilding: str | None = None) -> int:
    """Write (or rewrite) the index rows of these documents; return how many were written.

    ``rebuilding``: the table of :func:`begin_rebuild` that a rebuild fills (PostgreSQL), which
    takes these documents' full-text rows instead of the table searches read."""
    if not documents:
        return 0
    ids = [doc.page_id for doc in documents]
    now = timezone.now()
    with transaction.atomic(), connection.cursor() as cursor:
        _delete_entries(cursor, ids)
        _insert_entries(cursor, documents, now)
        if connection.vendor == "postgresql":
            _pg_write(cursor, documents, rebuilding)
        else:
            _sqlite_write(cursor, ids, documents)
    return len(documents)


def _delete_entries(cursor, ids: list[int]) -> None:
    """Delete these pages' entries with one plain DELETE: a queryset's delete() loaded every row
    and sent a post_delete signal for each (a receiver listens to every model's deletions), which
    cost a rebuild as much as writing the rows. Nothing listens to an entry's deletion."""
    if connection.vendor == "postgresql":
        cursor.execute(f"DELETE FROM {ENTRY} WHERE page_id = ANY(%s)", [ids])
    else:
        cursor.execute(f"DELETE FROM {ENTRY} WHERE page_id IN ({','.join(['%s'] * len(ids))})", ids)


def _insert_entries(cursor, documents, now) -> None:
    """Insert the entries of these documents with one ``executemany``: the rows bulk_create would
    write (every field, its default where a document leaves it out), without a model instance
    per row and an INSERT compiled per few rows, which cost a rebuild more than the writes."""
    fields = SearchEntry._meta.concrete_fields
    defaults = {field.attname: field.get_default() for field in fields}
    # Text, numbers and booleans go to the driver as they are; JSON and dates need the backend's
    # own form (SQLite stores aware datetimes as UTC text).
    prepared = [isinstance(field, (models.JSONField, models.DateField)) for field in fields]
    rows = []
    for doc in documents:
        values = {**defaults, **doc.entry, "indexed_at": now}
        rows.append(
            [
                field.get_db_prep_save(values[field.attname], connection)
                if prepare
                else values[field.attname]
                for field, prepare in zip(fields, prepared, strict=True)
            ]
        )
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    cursor.executemany(
        f"INSERT INTO {ENTRY} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})", rows
    )


def _sqlite_write(cursor, ids, documents):
    cursor.execute(
        f"DELETE FROM story_search_fts WHERE rowid IN ({','.join(['%s'] * len(ids))})", ids
    )
    cursor.executemany(
        "INSERT INTO story_search_fts (rowid, title, subject, summary, body, phrase) "
        "VALUES (%s, %s, %s, %s, %s, %s)",
        [
            (
                doc.page_id,
                text.stem_bag(doc.fields["title"]),
                text.stem_bag(doc.fields["subject"]),
                text.stem_bag(doc.fields["summary"]),
                text.stem_bag(doc.fields["body"]),
                " ".join(doc.fields.values()),
            )
            for doc in documents
        ],
    )


# PostgreSQL's limits on a tsvector (src/include/tsearch/ts_type.h): positions stop at
# MAXENTRYPOS - 1, a lexeme keeps at most MAXNUMPOS - 1 of them, a word is at most MAXSTRLEN - 1
# bytes long.
PG_MAX_POSITION = (1 << 14) - 1
PG_MAX_POSITIONS = 256 - 1
PG_MAX_WORD = 2048 - 1
_PG_PLAIN_BAG = re.compile(r"[a-z0-9 ]*")
PG_WEIGHTS = "ABCD"


def pg_document_vector(bags: list[str]) -> str | None:
    """The text form of ``setweight(to_tsvector('simple', title), 'A') || … 'D')`` for these four
    stem bags, built here instead of by the server's parser (its to_tsvector was most of a
    rebuild's time on PostgreSQL); None when the server must build it.

    Equal, not close: for bags of plain lower-case ASCII words and digits (most stories), the
    'simple' configuration makes each space-separated word one lexeme as it is, at positions
    1, 2, … in order, and ``||`` shifts each next vector by the last position before it. Bags
    with any other character, or long enough to meet one of PostgreSQL's limits above (where it
    clips or drops), go to to_tsvector as before. tests/search/test_engines.py compares the two.
    """
    positions: dict[str, list[str]] = {}
    offset = 0
    for bag, weight in zip(bags, PG_WEIGHTS, strict=True):
        if not _PG_PLAIN_BAG.fullmatch(bag):
            return None
        words = bag.split()
        for number, word in enumerate(words, offset + 1):
            positions.setdefault(word, []).append(f"{number}{weight}")
        offset += len(words)
    if offset >= PG_MAX_POSITION:
        return None
    if any(len(found) >= PG_MAX_POSITIONS for found in positions.values()):
        return None
    if any(len(word) >= PG_MAX_WORD for word in positions):
        return None
    return " ".join(f"'{word}':{','.join(found)}" for word, found in positions.items())


PG_DOCUMENTS = "story_search_document"
# The full-text table's indexes, as migration 0002 names them (a rebuild's new table gets them too).
PG_INDEXES = {
    "story_search_document_gin": "USING gin (document)",
    "story_search_phrase_gin": "USING gin (phrase)",
}


def _pg_write(cursor, documents, rebuilding: str | None = None):
    vocabulary = set()
    values = []
    for doc in documents:
        bags = [text.stem_bag(doc.fields[name]) for name in ("title", "subject", "summary", "body")]
        for bag in bags:
            vocabulary.update(bag.split())
        vector = pg_document_vector(bags)
        if vector is not None:
            bags = [None] * len(bags)  # not sent: the vector is built already
        values.append((doc.page_id, vector, *bags, text.fold(" ".join(doc.fields.values()))))
    insert = (
        f"INSERT INTO {rebuilding or PG_DOCUMENTS} (page_id, document, phrase) VALUES (%s, COALESCE("
        "%s::tsvector, setweight(to_tsvector('simple', %s), 'A') || "
        "setweight(to_tsvector('simple', %s), 'B') || setweight(to_tsvector('simple', %s), 'C') "
        "|| setweight(to_tsvector('simple', %s), 'D')), to_tsvector('simple', %s))"
    )
    if rebuilding is None:
        insert += (
            " ON CONFLICT (page_id) DO UPDATE SET document = EXCLUDED.document, "
            "phrase = EXCLUDED.phrase"
        )
    # A rebuild's table has no key yet: each story goes in once.
    cursor.executemany(insert, values)
    cursor.execute(
        "INSERT INTO story_search_term (term) SELECT unnest(%s::text[]) ON CONFLICT DO NOTHING",
        [sorted(vocabulary)],
    )


def remove_stories(page_ids: Iterable[int]) -> None:
    ids = list(page_ids)
    if not ids:
        return
    with transaction.atomic(), connection.cursor() as cursor:
        _delete_entries(cursor, ids)
        if connection.vendor == "sqlite":
            cursor.execute(
                f"DELETE FROM story_search_fts WHERE rowid IN ({','.join(['%s'] * len(ids))})",
                ids,
            )
        elif connection.vendor == "postgresql":
            cursor.execute("DELETE FROM story_search_document WHERE page_id = ANY(%s)", [ids])


def update_stories(
    page_ids: Iterable[int],
    documents: list[StoryDocument] | None = None,
    *,
    rebuilding: str | None = None,
) -> None:
    """Bring the index rows of these pages in line with the database: index or remove.

    ``documents`` are those pages' documents when the caller has built them already;
    ``rebuilding`` the table a rebuild fills (:func:`begin_rebuild`).
    """
    ids = set(page_ids)
    if documents is None:
        documents = documents_for(ids)
    with transaction.atomic():
        index_documents(documents, rebuilding=rebuilding)
        remove_stories(ids - {doc.page_id for doc in documents})


def begin_rebuild() -> str | None:
    """PostgreSQL: a new, empty full-text table, without a key or indexes, for a rebuild to fill;
    :func:`finish_rebuild` indexes it and puts it in the place of the one searches read (which
    they read meanwhile). Building the two GIN indexes once over the whole table costs about half
    of keeping them up row by row. None on SQLite, where a rebuild rewrites the FTS5 rows in place.
    """
    if connection.vendor != "postgresql":
        return None
    name = f"{PG_DOCUMENTS}_rebuild_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {name} (LIKE {PG_DOCUMENTS} INCLUDING DEFAULTS)")
    return name


def finish_rebuild(name: str) -> None:
    """Index the rebuilt table (its key and GIN indexes, built in one pass each), then, in one
    transaction, drop the table searches read and give the rebuilt one its name and its indexes'
    names. A search waits for that transaction (a moment) and then reads the new table."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        cursor.execute(f"ALTER TABLE {name} ADD CONSTRAINT {name}_pkey PRIMARY KEY (page_id)")
        for index, method in PG_INDEXES.items():
            cursor.execute(
                f"CREATE INDEX {name}_{index[len('story_search_') :]} ON {name} {method}"
            )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {PG_DOCUMENTS} IN ACCESS EXCLUSIVE MODE")
        cursor.execute(f"DROP TABLE {PG_DOCUMENTS}")
        cursor.execute(f"ALTER TABLE {name} RENAME TO {PG_DOCUMENTS}")
        cursor.execute(
            f"ALTER TABLE {PG_DOCUMENTS} RENAME CONSTRAINT {name}_pkey TO {PG_DOCUMENTS}_pkey"
        )
        for index in PG_INDEXES:
            cursor.execute(f"ALTER INDEX {name}_{index[len('story_search_') :]} RENAME TO {index}")


def abandon_rebuild(name: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {name}")


def rebuild(batch_size: int | None = None) -> int:
    """Index every live, public story again in this engine alone; return how many were indexed.

    The batches are search.maintenance.rebuild's (which does both engines)."""
    from .. import maintenance

    [(_engine, _where, total)] = maintenance.rebuild(
        engines=(maintenance.DATABASE,), batch_size=batch_size
    )
    return total


def indexed_state() -> dict[int, int | None]:
    """Every entry's page id and the live revision it was built from."""
    return dict(SearchEntry.objects.values_list("page_id", "live_revision_id"))


# --- querying -------------------------------------------------------------------------------


# The paths under a view restriction, read once per search (a search runs one to three passes,
# then the final guard of search.services reads them too): within :func:`restrictions_read_once`,
# the first reader queries them and the others reuse that list.
_search_restricted_paths: ContextVar[dict | None] = ContextVar(
    "search_restricted_paths", default=None
)


def _read_restricted_paths() -> list[str]:
    # The one visibility rule (stories.models.visibility), read from the database now.
    return visibility.restricted_paths()


def restricted_paths() -> list[str]:
    """The paths under a view restriction: read once within :func:`restrictions_read_once`, else
    read now."""
    held = _search_restricted_paths.get()
    if held is None:
        return _read_restricted_paths()
    if "paths" not in held:
        held["paths"] = _read_restricted_paths()
    return held["paths"]


@contextmanager
def restrictions_read_once():
    """Within this block (one search: its passes and its final guard), the restricted paths are
    read at most once, when first needed. Nested blocks share the outer one's reading."""
    if _search_restricted_paths.get() is not None:
        yield
        return
    token = _search_restricted_paths.set({})
    try:
        yield
    finally:
        _search_restricted_paths.reset(token)


def _filters(industry_ids: list[int] | None) -> tuple[str, list]:
    """SQL conditions on ``e`` (entry) and ``p`` (page), besides the full-text match."""
    sql = ["p.id = e.page_id", "p.live = %s"]
    params: list = [True]
    for path in restricted_paths():
        sql.append("p.path NOT LIKE %s")
        params.append(path + "%")
    if industry_ids is not None:
        placeholders = ",".join(["%s"] * len(industry_ids))
        sql.append(
            f"e.page_id IN (SELECT si.content_object_id FROM {TAGS} si "
            f"WHERE si.tag_id IN ({placeholders}))"
        )
        params.extend(industry_ids)
    return " AND ".join(sql), params


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance, stopping early past ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2 = None
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if previous2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def _typo_budget(word: str) -> int:
    return 1 if len(word) < 8 else 2


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
        parsed: ParsedText, extra: dict[str, tuple[str, ...]], translations=None
    ) -> str:
        parts = []
        for term in parsed.terms:
            if term.prefix:
                alternatives = f'"{term.word}"*'
            else:
                alternatives = " OR ".join(
                    _term_options(term, extra, translations, '"{}"', " OR ", " AND ")
                )
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
        if RANK_FROM_CANDIDATES and expression and query.sort == "relevance" and not each:
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
            [expression] if parsed else [],
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
            and RANK_FROM_CANDIDATES
            and expression
            and expression[0]
            and relevance
        ):
            return _ranked_rows(self, expression, industry_ids, limit, offset)
        where, params = _filters(industry_ids)
        score, score_params = "0.0", []
        if expression:
            source = self.SOURCE
            match, match_params, score, score_params = self._where(expression)
            where, params = f"{match} AND {where}", [*match_params, *params]
        else:
            source = f"{ENTRY} e, {PAGE} p"
        if expression and query.sort == "relevance":
            matched = " + ".join("(d.document @@ to_tsquery('simple', %s))::int" for _ in each)
            order = (
                (f"{matched} DESC, " if each else "")
                + f"{score} * (1.0 + {VERIFIED_BOOST} * e.verified::int "
                f"+ CASE WHEN e.published_at >= %s THEN {RECENT_BOOST} ELSE 0.0 END) DESC, "
                "e.published_at DESC, e.page_id DESC"
            )
            order_params = [
                *each,
                *score_params,
                timezone.now() - datetime.timedelta(days=RECENT_DAYS),
            ]
        else:
            order, order_params = "e.published_at DESC, e.page_id DESC", []
        self.cursor.execute(
            f"SELECT e.page_id, e.snippet_text, {score} FROM {source} WHERE {where} "
            f"ORDER BY {order} LIMIT %s OFFSET %s",
            [*score_params, *params, *order_params, limit, offset],
        )
        return self.cursor.fetchall()

    def count(self, expression, industry_ids) -> int:
        match, match_params, _score, _score_params = self._where(expression)
        return _count_and_facets(
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


def _dialect(cursor):
    return _Postgres(cursor) if connection.vendor == "postgresql" else _SQLite(cursor)


def _term_options(term, extra, translations, quote: str, any_op: str, all_op: str) -> list[str]:
    """A query word's alternatives in a dialect's syntax: its forms, its typo corrections, and each
    translation (a phrase matches when all its words do, each in any of its forms)."""
    options = [quote.format(form) for form in term.forms + extra.get(term.word, ())]
    for phrase in (translations or {}).get(term.word, ()):
        groups = [
            "(" + any_op.join(quote.format(form) for form in text.forms(word)) + ")"
            for word in text.tokens(phrase)
        ]
        if groups:
            options.append(groups[0] if len(groups) == 1 else f"({all_op.join(groups)})")
    return options


def _corrections(
    dialect, parsed: ParsedText, translated=(), *, unknown: bool = False
) -> dict[str, tuple[str, ...]]:
    """Close vocabulary words for query words that the index does not know (bounded).

    A word with a translation is never corrected: it is a word, in the other language.
    ``unknown``: the caller found already that the index holds none of the words, in any form
    (:func:`known_words`), so they are not looked up again.
    """
    found: dict[str, tuple[str, ...]] = {}
    for term in parsed.terms:
        if len(found) >= TYPO_MAX_TERMS:
            break
        if (
            term.prefix
            or term.word in translated
            or len(term.word) < TYPO_MIN_LENGTH
            or (not unknown and dialect.known(term.forms))
        ):
            continue
        budget = _typo_budget(term.word)
        scored = []
        for candidate, docs in dialect.candidates(term.word):
            distance = _edit_distance(term.word, candidate, budget)
            if distance <= budget:
                scored.append((distance, -docs, candidate))
        if scored:
            found[term.word] = tuple(candidate for _d, _docs, candidate in sorted(scored)[:2])
    return found


def search(query: StoryQuery, industry_ids: list[int] | None, *, facets: bool = True) -> RawResults:
    terms = query.parsed.highlight_terms()
    parsed, translations = lexicon.widen(query)
    terms |= parsed.highlight_terms()  # and the words' other roots
    with restrictions_read_once():
        return _search(query, industry_ids, facets, terms, parsed, translations)


def _search(query, industry_ids, facets, terms, parsed, translations) -> RawResults:
    relaxed = False
    with connection.cursor() as cursor:
        dialect = _dialect(cursor)
        extra = _corrections(dialect, parsed, translations) if parsed else {}
        if query.translate:
            translations = {**translations, **lexicon.of_corrections(extra)}

        def answer(parsed):
            if industry_ids == []:
                _rows, _count, counts = dialect.run(
                    query, parsed, extra, None, facets, translations
                )
                return [], 0, counts
            return dialect.run(query, parsed, extra, industry_ids, facets, translations)

        rows, count, counts = answer(parsed)
        wider = parsed.relaxed() if translations and not count and industry_ids != [] else None
        if wider is not None:
            rows, count, counts = answer(wider)
            relaxed = bool(count)
    for alternatives in [*extra.values(), *translations.values()]:
        terms.update(lexicon.forms_of(alternatives))
    highlight = text.Highlighter(terms)  # one word cache for the page's snippets
    hits = [
        RawHit(
            page_id=page_id,
            snippet=highlight(snippet_text or ""),
            score=float(score or 0.0),
        )
        for page_id, snippet_text, score in rows
    ]
    corrected = ""
    if extra:
        corrected = " ".join(extra[t.word][0] if t.word in extra else t.word for t in parsed.terms)
    return RawResults(
        hits=hits,
        count=count,
        facets=counts,
        corrected=corrected,
        also_searched=lexicon.also_searched(translations),
        relaxed=relaxed,
    )


def corrections(words, *, unknown: bool = False) -> dict[str, tuple[str, ...]]:
    """Typo corrections of these words (folded) from the index's vocabulary, as this engine
    makes them (none for a word the index knows; ``unknown``: words that :func:`known_words`
    did not return, which are not looked up again)."""
    parsed = ParsedText(terms=tuple(Term(word) for word in words))
    if not parsed:
        return {}
    with connection.cursor() as cursor:
        return _corrections(_dialect(cursor), parsed, unknown=unknown)


def known_words(words, roots=None) -> set[str]:
    """Those of these words (folded) that the index holds, in one of their forms or of their
    other ``roots`` (by word; search.lexicon.indonesian_roots), in one query."""
    roots = roots or {}
    forms = {
        word: {*text.forms(word), *(f for root in roots.get(word, ()) for f in text.forms(root))}
        for word in words
    }
    if not forms:
        return set()
    with connection.cursor() as cursor:
        held = _dialect(cursor).held(sorted(set().union(*forms.values())))
    return {word for word, own in forms.items() if own & held}


def suggest(parsed: ParsedText, limit: int) -> list[int]:
    with connection.cursor() as cursor:
        return _dialect(cursor).suggest_ids(parsed, limit)
