"""Drop the PostgreSQL foreign key from the full-text rows to their entries.

Django empties model tables between transactional tests with TRUNCATE, which a foreign key from a
table it does not manage forbids. Index upkeep deletes the full-text rows itself instead.
"""

from django.db import migrations

DROP = (
    "ALTER TABLE story_search_document DROP CONSTRAINT IF EXISTS story_search_document_page_id_fkey"
)
ADD = (
    "ALTER TABLE story_search_document ADD CONSTRAINT story_search_document_page_id_fkey "
    "FOREIGN KEY (page_id) REFERENCES story_search_searchentry (page_id) "
    "ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED"
)


def run(statement):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            with schema_editor.connection.cursor() as cursor:
                cursor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("story_search", "0002_full_text_tables")]

    operations = [migrations.RunPython(run(DROP), run(ADD))]
