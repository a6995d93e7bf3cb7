"""Time two checkouts' search side by side on one kept database, and check they answer alike.

    python bench/search_side.py --db /tmp/s10k.db --other /work/wt-old [--rounds 3] [--repeat 5]
    BENCH_DATABASE_URL=postgres://… python bench/search_side.py --other /work/wt-old …

The database is one that ``bench/rebuild.py --size N --keep PATH`` made (on PostgreSQL: the
database of ``BENCH_DATABASE_URL`` as it is). Each round runs this checkout and ``--other`` in
turn, each in its own process (``--one``), so both see the same load; each process times
bench/search.py's 20 queries (one warm-up pass, then ``--repeat`` passes) with the results page
(``search_stories``) and the engine's floor, and prints wall-clock and CPU milliseconds per
query: this process's CPU, plus on PostgreSQL the server backend's (read from /proc). On a
loaded machine the CPU figures are the ones to compare.

Before timing, both checkouts write every answer (ids, snippets, scores, totals, industry counts)
of the 20 queries and more, pages 1, 2 and 7, to JSON; the run stops if they differ.
"""

import argparse
import dataclasses
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

EXTRA = ["usaha bisnis", "kopi", "selling coffee", "jual kopi", "the business is", "a", "zzqx"]
EXTRA += ["honey|food-beverage", "kopi|no-such-industry", "sel*|technology|retail-ecommerce"]
EXTRA += ["the business is|food-beverage", "herbal|food-beverage", "jamu", "coffee for the shop"]


def one(args) -> None:
    """Inside one checkout's process: answers (``--answers PATH``) or timings (one JSON line)."""
    root = Path(args.root).resolve()
    sys.path[:0] = [str(root), str(HERE)]
    os.environ["BENCH_SQLITE_PATH"] = str(Path(args.db).resolve()) if args.db else "unused"
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench_settings"
    import django

    django.setup()
    from django.db import connection

    source = (HERE / "search.py").read_text()
    space = {}
    exec(  # noqa: S102  (bench/search.py's queries and floors, without its module-level setup)
        "import os, statistics, time\nfrom pathlib import Path\nfrom django.db import connection\n"
        + source[source.index("QUERIES = [") : source.index("def wagtail_builtin")],
        space,
    )
    queries = [text for _kind, text in space["QUERIES"]]
    from search.services import search_stories

    if args.answers:
        answers = {}
        for text in queries + EXTRA:
            for page in (1, 2, 7):
                for translate in (True, False):
                    query = space["query_for"](text, translate=translate)
                    query = dataclasses.replace(query, page=page)
                    found = search_stories(query, use_cluster=False)
                    answers[f"{text} p{page} t{int(translate)}"] = {
                        "count": found.count,
                        "hits": [[h.story.pk, h.snippet, h.score] for h in found.hits],
                        "facets": [[f.industry.slug, f.count] for f in found.facets],
                        "corrected": found.corrected,
                        "relaxed": found.relaxed,
                    }
        Path(args.answers).write_text(json.dumps(answers, sort_keys=True))
        return

    def server_cpu():
        if connection.vendor != "postgresql":
            return 0.0
        fields = Path(f"/proc/{backend}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    backend = None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend = cursor.fetchone()[0]
    floor = space["raw_postgres"] if connection.vendor == "postgresql" else space["raw_fts"]

    def run(label, fn):
        wall, cpu = [], []
        for text in queries:
            fn(text)
        for _ in range(args.repeat):
            for text in queries:
                w, c, s = time.perf_counter(), time.process_time(), server_cpu()
                fn(text)
                wall.append((time.perf_counter() - w) * 1000)
                cpu.append((time.process_time() - c + server_cpu() - s) * 1000)
        return {
            f"{label} wall": space["percentiles"](wall),
            f"{label} cpu": space["percentiles"](cpu),
        }

    load = os.getloadavg()[0]
    report = {"code": str(root), "database": connection.vendor, "load_before": round(load, 1)}
    if args.expansion:
        # Issue 18's goal: translate=1 against translate=0, alternating (bench/search.py).
        cell = space["expansion"](False, args.repeat, backend)
        report["with"], report["without"] = cell["cpu_with"], cell["cpu_without"]
        report["ratio"] = cell["p95_ratio"]
        report["highest"] = cell["highest_median_ratios"]
        report["load_after"] = round(os.getloadavg()[0], 1)
        print(json.dumps(report), flush=True)
        return
    report.update(
        run("ours", lambda text: search_stories(space["query_for"](text), use_cluster=False))
    )
    report.update(run("floor", floor))
    report["load_after"] = round(os.getloadavg()[0], 1)
    print(json.dumps(report), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="the kept SQLite file (none on PostgreSQL)")
    parser.add_argument("--other", required=True, help="the other checkout to compare with")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skip-answers", action="store_true", help="time only (compared before)")
    parser.add_argument(
        "--expansion",
        action="store_true",
        help="time each checkout's pages with translations against without (CPU ms, p95 ratio)",
    )
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--root", help=argparse.SUPPRESS)
    parser.add_argument("--answers", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        one(args)
        return
    roots = {"this": str(HERE.parent), "other": str(Path(args.other).resolve())}

    def child(root, *extra):
        command = [sys.executable, __file__, "--one", "--root", root, "--other", args.other]
        command += ["--repeat", str(args.repeat), *(["--db", args.db] if args.db else []), *extra]
        command += ["--expansion"] if args.expansion else []
        return subprocess.run(command, check=True, capture_output=True, text=True).stdout  # noqa: S603

    with tempfile.TemporaryDirectory() as folder:
        roots_to_compare = {} if args.skip_answers else roots
        answers = {}
        for name, root in roots_to_compare.items():
            path = Path(folder) / f"{name}.json"
            child(root, "--answers", str(path))
            answers[name] = json.loads(path.read_text())
        this, other = answers.get("this", {}), answers.get("other", {})
        differ = [key for key in this if this[key] != other[key]]
        print(json.dumps({"answers_compared": len(this), "differ": differ}), flush=True)
        if differ:
            sys.exit(1)
    for _round in range(args.rounds):
        for name, root in roots.items() if _round % 2 == 0 else reversed(roots.items()):
            line = json.loads(child(root))
            summary = {
                cell: f"{value['median_ms']}/{value['p95_ms']}"
                for cell, value in line.items()
                if isinstance(value, dict)
            }
            if args.expansion:
                summary.update(ratio=line["ratio"], highest=line["highest"])
            print(
                json.dumps(
                    {
                        "round": _round + 1,
                        "checkout": name,
                        **summary,
                        "load": [line["load_before"], line["load_after"]],
                    }
                ),
                flush=True,
            )


if __name__ == "__main__":
    main()
