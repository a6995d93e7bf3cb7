"""Search on the held-out labelled queries: the figures reached may not regress.

`make search-eval` prints the full table (bench/README.md has it, before and after the lexicon).
This test runs the same evaluation on search/eval/heldout.jsonl, which neither the lexicon nor
the engines were tuned on, over the demo content plus 300 generated stories, and holds top-5
recall at the values reached, rounded down (the lower of SQLite and PostgreSQL for the database
engine). The goal of the issue (0.90 overall, 0.85 across languages) is reached across languages
on every engine, overall on none; bench/README.md says what bounds it. Raise a floor
when the search gets better; never lower one to make a change pass.
"""

import hashlib

import pytest

from demo.search_evaluation import QUERIES_DIR, load_queries, prepare, run

pytestmark = pytest.mark.evaluation

HELDOUT_SHA256 = "0817403fc96cd34989590a3be628ed5a66ffa52e03a30dab085d16d7353aa868"

# engine: (overall, across languages, within one language) top-5 recall on heldout.
FLOORS = {
    "database": (0.85, 0.84, 0.95),
    "opensearch": (0.87, 0.87, 0.95),
}


def test_heldout__is_the_pinned_file():
    data = (QUERIES_DIR / "heldout.jsonl").read_bytes()
    assert hashlib.sha256(data).hexdigest() == HELDOUT_SHA256
    assert len(load_queries("heldout")) == 48


def _check(report, engine):
    # Figures only in the messages: heldout's queries are never shown, so nobody tunes on them.
    reached = (report.recall(), report.recall("cross"), report.recall("same"))
    floors = FLOORS[engine]
    assert all(value >= floor for value, floor in zip(reached, floors, strict=True)), (
        f"{engine}: overall, cross, same = {[round(v, 3) for v in reached]}; floors {floors}"
    )
    return report


def test_heldout__database_engine(settings, db):
    settings.SEARCH_URL = ""
    prepare()
    queries = load_queries("heldout")
    report = _check(run(queries, use_cluster=False), "database")
    before = run(queries, use_cluster=False, translate=False)
    assert report.recall("same") >= before.recall("same"), "a same-language query got worse"
    assert report.recall() > before.recall()


def test_heldout__cluster_engine(cluster_engine, db):
    from search.engines import cluster

    prepare()
    cluster.rebuild()
    queries = load_queries("heldout")
    report = run(queries, use_cluster=True)
    assert report.engine == "opensearch"
    _check(report, "opensearch")
    before = run(queries, use_cluster=True, translate=False)
    assert report.recall("same") >= before.recall("same"), "a same-language query got worse"
