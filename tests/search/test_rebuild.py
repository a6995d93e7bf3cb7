"""Rebuild shortcuts that must change nothing: PostgreSQL document vectors built in Python, the
cluster's bulk documents sent without the mapping's serialisation."""

import pytest
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st

from search import text
from search.document import documents_for
from search.engines import cluster, database
from tests.factories import OrganizationFactory, StoryPageFactory

pytestmark = pytest.mark.django_db

WEIGHTED = (
    "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B') "
    "|| setweight(to_tsvector('simple', %s), 'C') || setweight(to_tsvector('simple', %s), 'D')"
)


def _server_equal(bags: list[str], vector: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {WEIGHTED} = %s::tsvector", [*bags, vector])
        return cursor.fetchone()[0]


def _needs_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("the tsvector is PostgreSQL's (TEST_DATABASE=postgres)")


WORDS = st.sampled_from(
    ["kopi", "jual", "sell", "selling", "2024", "12abc", "a1", "1e5", "x", "usaha", "usah", "0"]
)


@given(
    st.lists(st.lists(WORDS, max_size=30).map(" ".join), min_size=4, max_size=4),
)
def test_document_vector_built_here_equals_the_servers(bags):
    _needs_postgres()
    vector = database.pg_document_vector(bags)
    assert vector is not None
    assert _server_equal(bags, vector)


def test_document_vector__stories_and_the_limits():
    _needs_postgres()
    story = {
        "title": "Warung Kopi Bu Sri berjualan 2 kali lebih banyak",
        "subject": "Sri",
        "summary": "Selling coffee grows; penjualan naik 30% (2024).",
        "body": "Kami menjual kopi. " * 40,
    }
    bags = [text.stem_bag(story[name]) for name in ("title", "subject", "summary", "body")]
    vector = database.pg_document_vector(bags)
    assert vector is not None and _server_equal(bags, vector)
    assert _server_equal(["", "", "", ""], database.pg_document_vector(["", "", "", ""]))

    # Where PostgreSQL clips or drops, the server builds the vector (None here).
    assert database.pg_document_vector(["kopi " * database.PG_MAX_POSITIONS, "", "", ""]) is None
    many = " ".join(f"w{n}" for n in range(database.PG_MAX_POSITION))
    assert database.pg_document_vector(["", "", "", many]) is None
    assert database.pg_document_vector(["x" * database.PG_MAX_WORD, "", "", ""]) is None
    # Anything but plain lower-case ASCII words: the server's parser decides.
    assert database.pg_document_vector([text.stem_bag("Kopi кофе"), "", "", ""]) is None
    assert database.pg_document_vector(["e-commerce", "", "", ""]) is None
    # Just under the limits, it is still the server's vector.
    below = ["kopi " * (database.PG_MAX_POSITIONS - 1), "", "", "teh " * 3]
    assert _server_equal(below, database.pg_document_vector(below))


def test_cluster_bulk_document_is_the_mappings_own_serialisation(story_index, settings):
    """The cluster's bulk writes send cluster_document() as it is: what the mapping's Document
    would serialise, field for field (its to_dict() cost a rebuild more than the node did)."""
    settings.SEARCH_URL = ""
    organization = OrganizationFactory(name="CV Rempah")
    stories = [
        StoryPageFactory(
            title="Rempah Nusantara",
            subject_kind="person",
            subject_name="Ayu",
            organization=organization,
            industries=["food-beverage", "health-wellness"],
        ),
        StoryPageFactory(title="Tenun ikat", language="en", industries=[]),
    ]
    documents = documents_for([story.pk for story in stories])
    assert len(documents) == 2
    for doc in documents:
        plain = cluster.cluster_document(doc)
        assert cluster.StoryDocument(**plain).to_dict(skip_empty=False) == plain
        assert set(plain) == set(cluster.StoryDocument._doc_type.mapping.to_dict()["properties"])
