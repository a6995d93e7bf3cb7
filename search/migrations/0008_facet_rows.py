"""Each indexed story's industries in a narrow row of their own (``story_search_facet``), so a
search counts its industries from one pass over the matches without joining the tag table to
every match (search.engines.database.ranking._count_and_facets). Kept beside each entry by the
index writes (search.engines.database.writing); filled here from the entries already written."""

from django.db import migrations

CREATE = {
    "sqlite": "CREATE TABLE story_search_facet (page_id INTEGER PRIMARY KEY, industries TEXT NOT NULL)",
    "postgresql": (
        "CREATE TABLE story_search_facet (page_id bigint PRIMARY KEY, industries text NOT NULL)"
    ),
}


def facet_key(industries: list[dict]) -> str:
    # search.engines.database.writing.facet_key, as of this migration.
    return " ".join(str(pk) for pk in sorted({item["id"] for item in industries}))


def create_facets(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in CREATE:
        return
    SearchEntry = apps.get_model("story_search", "SearchEntry")
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(CREATE[vendor])
        rows = [
            (page_id, facet_key(industries))
            for page_id, industries in SearchEntry.objects.values_list("page_id", "industries")
        ]
        cursor.executemany(
            "INSERT INTO story_search_facet (page_id, industries) VALUES (%s, %s)", rows
        )


def drop_facets(apps, schema_editor):
    if schema_editor.connection.vendor in CREATE:
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS story_search_facet")


class Migration(migrations.Migration):
    dependencies = [("story_search", "0007_search_document")]

    operations = [migrations.RunPython(create_facets, drop_facets)]
