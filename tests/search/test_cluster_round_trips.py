"""What one results page costs on the cluster: HTTP requests to the node and database queries.

A results page (top 20, exact total, industry counts, snippets) is one search request: the
highlights, the total and the counts come in its answer. Around it, a fixed number of queries
whatever the number of hits: the curated industries, the typed words the index holds (the typo
rule), the restricted sections (read once, for the request and for the live-and-public guard)
and the hits' search documents. The requests really go to the test node; they are only counted.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from search import lexicon
from search.document import documents_for
from search.engines import cluster
from search.query import StoryQuery
from search.services import search_stories
from tests.factories import StoryPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def requests_sent(cluster_engine, monkeypatch):
    """Every HTTP request the client sends to the node, as (method, path)."""
    sent = []
    transport = cluster.client().transport
    perform_request = transport.perform_request

    def counted(method, url, *args, **kwargs):
        sent.append((method, url.split("?")[0]))
        return perform_request(method, url, *args, **kwargs)

    monkeypatch.setattr(transport, "perform_request", counted)
    return sent


@pytest.fixture
def stories(cluster_engine, story_index, settings):
    # The lexicon's version is read every few seconds, not per search: keep it out of the counts.
    settings.TERANG_LEXICON_REFRESH_SECONDS = 3600
    # Written to the database engine one by one, then to the node in one bulk request.
    settings.SEARCH_URL = ""
    found = [
        StoryPageFactory(
            title=f"Kopi susu dari kebun {n}",
            summary="Kopi susu gula aren untuk pelanggan tetap di kampung.",
            industries=["food-beverage", "agriculture-fisheries"][: 1 + n % 2],
        )
        for n in range(12)
    ]
    found.append(StoryPageFactory(title="Kain songket tenun", summary="Songket dari Palembang."))
    private = StoryPageFactory(title="Kopi susu rahasia", summary="Kopi susu untuk anggota saja.")
    ids = [story.pk for story in [*found, private]]
    documents = documents_for(ids)
    # Restricted after its document was built: the index still holds it (as when an update lags),
    # so the request itself must leave it out.
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    settings.SEARCH_URL = cluster_engine.url
    cluster.update_documents(ids, documents)
    lexicon.current.forget()
    search_stories(StoryQuery(text="kopi"))  # the lexicon, built once per process
    return found, private


# The queries: the curated industries; the restricted sections (once, for the request and for the
# live-and-public guard); the hits' search documents (none without hits). A word without a
# translation adds one (which words the index holds: the typo rule) and a word the index does not
# hold one more (its corrections). "kopi" and "susu" have translations; "songket" and "kopu" not.
CASES = {
    # name: (query, HTTP requests, database queries)
    "one word": (StoryQuery(text="kopi"), 1, 3),
    "one hit": (StoryQuery(text="kopi", page_size=1), 1, 3),
    "page two": (StoryQuery(text="kopi", page=2), 1, 3),
    "newest first": (StoryQuery(text="kopi susu", sort="newest"), 1, 3),
    "industry filter": (StoryQuery(text="kopi", industries=("food-beverage",)), 1, 3),
    "unknown industry": (StoryQuery(text="kopi", industries=("no-such-industry",)), 1, 2),
    "prefix": (StoryQuery(text="kop*"), 1, 3),
    "no words": (StoryQuery(), 1, 3),
    # PostgreSQL's trigram look-up runs inside a savepoint (two statements more).
    "typo": (StoryQuery(text="kopu susu"), 1, 7 if connection.vendor == "postgresql" else 5),
    # No story holds both words: a second request, with any one of them enough.
    "relaxed retry": (StoryQuery(text="kopi songket"), 2, 4),
}


def test_results_page__one_request_and_a_fixed_number_of_queries(stories, requests_sent):
    _found, private = stories
    costs, expected = {}, {}
    for name, (query, requests, queries) in CASES.items():
        requests_sent.clear()
        with CaptureQueriesContext(connection) as captured:
            results = search_stories(query)
        assert results.engine == "opensearch", name
        assert set(requests_sent) <= {("POST", f"/{cluster.alias_name()}/_search")}, name
        assert private.pk not in {hit.story.pk for hit in results.hits}, name
        if name != "unknown industry":
            assert results.hits and all(hit.snippet for hit in results.hits), name
        costs[name] = (len(requests_sent), len(captured))
        expected[name] = (requests, queries)
    assert costs == expected
