"""A rebuild writes exactly what the incremental updates wrote: the same rows, vectors and documents.

The stories are indexed one by one as they are published, edited, unpublished or hidden (the index
tasks, run at once in the tests); the index is read; then ``search_index --rebuild`` (in small
batches, over the full index and over an emptied one) must leave every engine's index as it was:
the database engine's entries and full-text rows (FTS5 on SQLite; the weighted and phrase vectors
on PostgreSQL) and the cluster's documents on a real OpenSearch node.
"""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from wagtail.models import PageViewRestriction

from search import maintenance, text
from search.engines import cluster, database
from search.models import SearchEntry
from stories.models import StoryPage
from tests.factories import OrganizationFactory, StoryPageFactory, publish_reviewed, uploaded_image

pytestmark = pytest.mark.django_db


def _stories():
    """Stories that take every path of a document: plain ASCII text (PostgreSQL's vector built in
    Python), accents and other scripts, hyphens and numbers (the server's parser), a body long
    enough to meet PostgreSQL's position limits, an organisation, a hero image, no industry, an
    edit after publishing; and stories that must be in no index: unpublished, private, a draft."""
    organization = OrganizationFactory(name="CV Rempah Nusantara")
    plain = StoryPageFactory(
        title="Warung kopi Bu Sri berjualan dua kali lebih banyak",
        summary="Kami menjual kopi dan kue setiap pagi di pasar",
        subject_kind="person",
        subject_name="Sri",
        organization=organization,
        industries=["food-beverage", "health-wellness"],
    )
    plain.hero_image = uploaded_image(title="Kopi di meja")
    publish_reviewed(plain)
    StoryPageFactory(
        title="Café naïve: Ölgeschäft und кофе",
        summary="Selling crème brûlée grows; penjualan naik 30% (2024).",
        language="en",
        industries=["food-beverage"],
    )
    StoryPageFactory(
        title="E-commerce untuk UMKM",
        summary="Toko daring e-commerce, 1.5 juta rupiah/bulan, user@example.com",
        industries=[],
    )
    StoryPageFactory(
        title="Kopi panjang",
        summary="Kopi dan teh.",
        body=[
            ("paragraph", "kopi " * (database.PG_MAX_POSITIONS + 5)),
            ("paragraph", "Teh. " * 400),
        ],
    )
    edited = StoryPageFactory(title="Madu hutan", summary="Madu dari hutan Sumbawa.")
    edited.summary = "Madu hutan dan propolis dari Sumbawa, dikirim ke seluruh Indonesia."
    publish_reviewed(edited)

    StoryPageFactory(title="Kopi ditarik").unpublish()
    private = StoryPageFactory(title="Kopi rahasia")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    StoryPageFactory(title="Kopi draf", verification="")
    for n in range(7):
        StoryPageFactory(title=f"Kisah kopi {n}", language="en" if n % 2 else "id")


def _database_index() -> dict:
    entries = list(
        SearchEntry.objects.order_by("page_id").values(
            *(f.attname for f in SearchEntry._meta.concrete_fields if f.attname != "indexed_at")
        )
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT page_id, document::text, phrase::text FROM story_search_document "
                "ORDER BY page_id"
            )
            rows = cursor.fetchall()
            cursor.execute("SELECT term FROM story_search_term")
            terms = {term for (term,) in cursor.fetchall()}
        else:
            cursor.execute(
                "SELECT rowid, title, subject, summary, body, phrase FROM story_search_fts "
                "ORDER BY rowid"
            )
            rows = cursor.fetchall()
            terms = None
        # Each entry's facet row (its industries), on both databases.
        cursor.execute("SELECT page_id, industries FROM story_search_facet ORDER BY page_id")
        facets = cursor.fetchall()
    assert [page_id for page_id, _key in facets] == [entry["page_id"] for entry in entries]
    return {"entries": entries, "rows": rows, "terms": terms, "facets": facets}


def _words_of_live_documents() -> set[str]:
    """Every word of the live documents' stem bags (the typo look-up's vocabulary needs them)."""
    words = set()
    for story in StoryPage.objects.live().public():
        fields = text.story_text(story)
        for name in ("title", "subject", "summary", "body"):
            words.update(text.stem_bag(fields[name]).split())
    return words


def _assert_same_database_index(before: dict, after: dict) -> None:
    assert after["entries"] == before["entries"]
    assert after["rows"] == before["rows"]
    if before["terms"] is not None:
        # The vocabulary only grows (a word edited away stays; it finds nothing): whatever the
        # live documents hold is in it, before and after.
        live = _words_of_live_documents()
        assert live <= before["terms"] and live <= after["terms"]


def test_database_rebuild__the_index_the_incremental_updates_wrote(settings, story_index):
    settings.SEARCH_URL = ""
    _stories()
    live = set(StoryPage.objects.live().public().values_list("pk", flat=True))
    incremental = _database_index()
    assert {entry["page_id"] for entry in incremental["entries"]} == live
    assert len(incremental["rows"]) == len(live) == 12

    # Over the full index, in batches smaller than the stories.
    maintenance.rebuild(engines=(maintenance.DATABASE,), batch_size=3)
    _assert_same_database_index(incremental, _database_index())

    # Over an emptied index, and the command itself.
    database.remove_stories(live)
    assert _database_index()["entries"] == []
    call_command("search_index", "--rebuild", stdout=io.StringIO())
    _assert_same_database_index(incremental, _database_index())


def _cluster_documents() -> list[tuple[str, dict]]:
    body = {"size": 1000, "sort": [{"page_id": "asc"}], "query": {"match_all": {}}}
    hits = cluster.call("search", index=cluster.alias_name(), body=body)["hits"]["hits"]
    return [(hit["_id"], hit["_source"]) for hit in hits]


def _cluster_definition() -> dict:
    [(name, found)] = cluster.call("indices.get", index=cluster.alias_name()).items()
    settings = found["settings"]["index"]
    return {
        "mappings": found["mappings"],
        "analysis": settings.get("analysis"),
        "shards": settings.get("number_of_shards"),
        "replicas": (settings.get("number_of_replicas"), settings.get("auto_expand_replicas")),
        "refresh_interval": settings.get("refresh_interval"),
        "translog": settings.get("translog"),
    }


def test_cluster_rebuild__the_documents_the_incremental_updates_wrote(cluster_engine, story_index):
    _stories()
    live = set(StoryPage.objects.live().public().values_list("pk", flat=True))
    incremental = _cluster_documents()
    definition = _cluster_definition()
    assert {int(page_id) for page_id, _source in incremental} == live

    maintenance.rebuild(engines=(maintenance.CLUSTER,), batch_size=3)
    assert _cluster_documents() == incremental
    # The new index is defined as the incrementally made one, and serves as it does: refreshes
    # and replicas as usual, writes durable again (the rebuild's own settings are undone).
    assert _cluster_definition() == definition
