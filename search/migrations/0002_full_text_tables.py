"""Full-text tables of the database engine: FTS5 on SQLite, tsvector + GIN (+ pg_trgm) on PostgreSQL."""

from django.db import DatabaseError, migrations, transaction

SQLITE_CREATE = [
    """CREATE VIRTUAL TABLE story_search_fts USING fts5(
        title, subject, summary, body, phrase,
        tokenize = "unicode61 remove_diacritics 2", prefix = '2 3')""",
    "CREATE VIRTUAL TABLE story_search_vocab USING fts5vocab(story_search_fts, 'row')",
]
SQLITE_DROP = ["DROP TABLE IF EXISTS story_search_vocab", "DROP TABLE IF EXISTS story_search_fts"]

POSTGRES_CREATE = [
    """CREATE TABLE story_search_document (
        page_id bigint PRIMARY KEY
            REFERENCES story_search_searchentry (page_id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
        document tsvector NOT NULL,
        phrase tsvector NOT NULL)""",
    "CREATE INDEX story_search_document_gin ON story_search_document USING gin (document)",
    "CREATE INDEX story_search_phrase_gin ON story_search_document USING gin (phrase)",
    "CREATE TABLE story_search_term (term text PRIMARY KEY)",
]
POSTGRES_TRIGRAM = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX story_search_term_trgm ON story_search_term USING gin (term gin_trgm_ops)",
]
POSTGRES_DROP = ["DROP TABLE IF EXISTS story_search_term", "DROP TABLE IF EXISTS story_search_document"]


def create_tables(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    with schema_editor.connection.cursor() as cursor:
        if vendor == "sqlite":
            for statement in SQLITE_CREATE:
                cursor.execute(statement)
        elif vendor == "postgresql":
            for statement in POSTGRES_CREATE:
                cursor.execute(statement)
            # Typo tolerance needs pg_trgm; without the right to create it, search still works.
            try:
                with transaction.atomic(using=schema_editor.connection.alias):
                    for statement in POSTGRES_TRIGRAM:
                        cursor.execute(statement)
            except DatabaseError:
                pass


def drop_tables(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}.get(vendor, [])
    with schema_editor.connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("story_search", "0001_search_tables")]

    operations = [migrations.RunPython(create_tables, drop_tables)]
