# ruff: noqa: S608  (SQL is assembled from constant table names and %s placeholders only)
"""Writing the database engine's index: entries, the FTS5 rows (SQLite) or tsvectors
(PostgreSQL), and PostgreSQL's rebuild into a fresh table swapped in at the end."""

import re
import uuid
from collections.abc import Iterable

from django.db import connection, models, transaction
from django.utils import timezone

from ... import text
from ...document import StoryDocument, documents_for
from ...models import SearchEntry
from .base import (
    ENTRY,
)

# Each indexed story's industries, one narrow row per entry (migration 0008; see facet_key).
FACETS = "story_search_facet"


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


def facet_key(industries: list[dict]) -> str:
    """A story's industries as its facet row holds them: their ids, in order, space-separated
    ("" for none). Stories with the same industries share the key, so a search groups its
    matches by key and adds each group to every industry in it (``ranking._count_and_facets``)."""
    return " ".join(str(pk) for pk in sorted({item["id"] for item in industries}))


def _delete_entries(cursor, ids: list[int]) -> None:
    """Delete these pages' entries (and their facet rows) with one plain DELETE each: a queryset's
    delete() loaded every row and sent a post_delete signal for each (a receiver listens to every
    model's deletions), which cost a rebuild as much as writing the rows. Nothing listens to an
    entry's deletion."""
    for table in (ENTRY, FACETS):
        if connection.vendor == "postgresql":
            cursor.execute(f"DELETE FROM {table} WHERE page_id = ANY(%s)", [ids])
        else:
            cursor.execute(
                f"DELETE FROM {table} WHERE page_id IN ({','.join(['%s'] * len(ids))})", ids
            )


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
    # Each entry's facet row, in the same transaction: an entry and its facet row come and go
    # together (migration 0008 filled them for the entries before it).
    cursor.executemany(
        f"INSERT INTO {FACETS} (page_id, industries) VALUES (%s, %s)",
        [(doc.page_id, facet_key(doc.entry.get("industries") or [])) for doc in documents],
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
    from ... import maintenance

    [(_engine, _where, total)] = maintenance.rebuild(
        engines=(maintenance.DATABASE,), batch_size=batch_size
    )
    return total


def indexed_state() -> dict[int, int | None]:
    """Every entry's page id and the live revision it was built from."""
    return dict(SearchEntry.objects.values_list("page_id", "live_revision_id"))
