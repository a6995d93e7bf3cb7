"""Listing pages at N stories: the story index, an industry page and a deep page, timed in-process.

    python bench/pages.py [--size 10000] [--repeat 20]

Seeded stories are written with bench/search.py's generator into a throwaway SQLite database
(migrated first, search index built), then each page is fetched with Django's test client, DEBUG
off. It prints the median and p95 latency and the number of SQL queries per page. In-process
timing leaves out the web server, so it isolates what the view and the database cost.
"""

import argparse
import importlib.util
import statistics
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
spec = importlib.util.spec_from_file_location("bench_search", HERE / "search.py")
bench_search = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench_search)  # sets up Django on its throwaway database

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402


def pages() -> dict[str, str]:
    from stories.models import Industry, StoryIndexPage

    index = StoryIndexPage.objects.get()
    busiest = Industry.objects.with_story_counts().order_by("-story_count").first()
    return {
        "/stories/": index.url,
        "/stories/?page=50": f"{index.url}?page=50",
        f"industry ({busiest.slug})": busiest.get_absolute_url(),
    }


def measure(client: Client, path: str, repeat: int) -> dict:
    assert client.get(path, HTTP_HOST="localhost").status_code == 200, path  # warm-up
    samples = []
    for _ in range(repeat):
        began = time.perf_counter()
        client.get(path, HTTP_HOST="localhost")
        samples.append((time.perf_counter() - began) * 1000)
    with override_settings(DEBUG=True):
        reset_queries()
        client.get(path, HTTP_HOST="localhost")
        queries = len(connection.queries)
    ordered = sorted(samples)
    return {
        "median_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))], 1),
        "queries": queries,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    if not 1 <= args.size <= 200_000 or not 1 <= args.repeat <= 1000:
        parser.error("--size must be 1..200000 and --repeat 1..1000")

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    bench_search.generate(args.size)
    from search.engines import database

    database.rebuild()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"{args.size} stories generated and indexed in {time.perf_counter() - started:.0f} s")

    client = Client()
    print(f"{'page':<32} {'median':>10} {'p95':>10} {'queries':>8}")
    for name, path in pages().items():
        result = measure(client, path, args.repeat)
        print(
            f"{name:<32} {result['median_ms']:>8.1f}ms {result['p95_ms']:>8.1f}ms "
            f"{result['queries']:>8}"
        )


if __name__ == "__main__":
    main()
