"""Exact total and industry counts: two passes over the matches (before) or one (now), side by side.

    python bench/facets.py [--sizes 1000 10000] [--repeat 20]

Generates the seeded stories of bench/search.py into a throwaway SQLite database (or into the
PostgreSQL database that ``BENCH_DATABASE_URL`` names, emptied first; bench/bench_settings.py),
builds the database engine's index, and times, for the same queries, the total and the industry
counts computed

* **before**: a ``COUNT(*)`` over the full-text match, then a ``GROUP BY`` over the match again
  (the way search.engines.database did it until 2026-12-02);
* **now**: :func:`search.engines.database._count_and_facets`, one materialised pass.

Both must give the same numbers; the script stops if they do not.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
WORKDIR = Path(tempfile.mkdtemp(prefix="terang-facets-"))
os.environ.setdefault("BENCH_SQLITE_PATH", str(WORKDIR / "bench.sqlite3"))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench_settings"

import django  # noqa: E402

django.setup()

from common import fresh_database  # noqa: E402
from django.db import connection  # noqa: E402

from demo.generated import generate  # noqa: E402
from search.engines import database  # noqa: E402
from search.query import StoryQuery  # noqa: E402

QUERIES = [
    ("common", "usaha", None),
    ("common", "customers", None),
    ("common", "jual", None),
    ("medium", "bambu", None),
    ("medium", "honey", None),
    ("industry filter", "usaha", ["food-beverage"]),
    ("industry filter", "customers", ["beauty-personal-care", "health-wellness"]),
]


def _match(cursor, text):
    """The match condition, its parameters and the FROM clause, as the engine builds them."""
    parsed = StoryQuery(text=text).parsed
    if connection.vendor == "postgresql":
        dialect = database._Postgres(cursor)
        match, params, _score, _score_params = dialect._match(parsed, {})
        source = (
            f"story_search_document d JOIN {database.ENTRY} e ON e.page_id = d.page_id, "
            f"{database.PAGE} p"
        )
        return match, params, source
    expression = database._SQLite.match_expression(parsed, {})
    source = f"story_search_fts CROSS JOIN {database.ENTRY} e CROSS JOIN {database.PAGE} p"
    return (
        "story_search_fts MATCH %s AND e.page_id = story_search_fts.rowid",
        [expression],
        source,
    )


def two_passes(cursor, text, industry_ids):
    match, match_params, source = _match(cursor, text)
    where, params = database._filters(industry_ids)
    cursor.execute(
        f"SELECT COUNT(*) FROM {source} WHERE {match} AND {where}", [*match_params, *params]
    )
    count = cursor.fetchone()[0]
    where, params = database._filters(None)
    cursor.execute(
        f"SELECT si.tag_id, COUNT(DISTINCT e.page_id) FROM {source}, {database.TAGS} si "
        f"WHERE {match} AND {where} AND si.content_object_id = e.page_id GROUP BY si.tag_id",
        [*match_params, *params],
    )
    return count, dict(cursor.fetchall())


def one_pass(cursor, text, industry_ids):
    match, match_params, source = _match(cursor, text)
    return database._count_and_facets(cursor, source, match, match_params, industry_ids, True)


def _ms(samples):
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[
        min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))
    ]


def run(size, repeat):
    from stories.models import Industry

    fresh_database()
    generate(size)
    database.rebuild()
    ids = dict(Industry.objects.values_list("slug", "pk"))
    rows = []
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("ANALYZE")
        for kind, text, slugs in QUERIES:
            industry_ids = [ids[slug] for slug in slugs] if slugs else None
            before = two_passes(cursor, text, industry_ids)
            after = one_pass(cursor, text, industry_ids)
            if before != after:
                raise SystemExit(f"different answers for {text!r}: {before} != {after}")
            timings = {}
            for name, strategy in (("two passes", two_passes), ("one pass", one_pass)):
                samples = []
                for _ in range(repeat):
                    began = time.perf_counter()
                    strategy(cursor, text, industry_ids)
                    samples.append((time.perf_counter() - began) * 1000)
                timings[name] = _ms(samples)
            rows.append(
                (kind, text + (f" | {','.join(slugs)}" if slugs else ""), before[0], timings)
            )
    print(f"\n## {size:,} stories on {connection.vendor} (median / p95 of {repeat} runs, ms)")
    print(f"{'query':<48} {'matches':>8}  {'two passes':>17}  {'one pass':>17}  ratio")
    for kind, text, count, timings in rows:
        (b50, b95), (a50, a95) = timings["two passes"], timings["one pass"]
        print(
            f"{kind + ': ' + text:<48} {count:>8}  {b50:7.1f} / {b95:7.1f}  "
            f"{a50:7.1f} / {a95:7.1f}  {a50 / b50:5.2f}"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    for size in args.sizes:
        run(size, args.repeat)
    if hasattr(os, "getloadavg"):
        print(f"\n(load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
