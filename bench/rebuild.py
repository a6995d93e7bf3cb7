"""Time ``search_index --rebuild`` on generated stories, engine by engine, and optionally profile it.

    python bench/rebuild.py --size 10000 [--keep PATH] [--profile] [--cluster URL]
    BENCH_DATABASE_URL=postgres://terang:terang@127.0.0.1:5432/terang_bench python bench/rebuild.py …

The stories come from the shared generator (demo/generated.py) into a throwaway SQLite file (or
the PostgreSQL database of ``BENCH_DATABASE_URL``, emptied first). ``--keep PATH`` keeps the
SQLite file there and reuses it when it holds ``--size`` stories already (on PostgreSQL:
``--keep`` reuses the database as it is), so two checkouts can be timed on the same data:
``BENCH_ROOT=/path/to/other/checkout`` runs that checkout's code with this script. The database
engine is timed with ``search.engines.database.rebuild``; with ``--cluster URL`` (a running node)
the cluster alone with ``search.engines.cluster.rebuild``. Prints one JSON line per engine.
"""

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = Path(os.environ.get("BENCH_ROOT") or HERE.parent).resolve()
sys.path[:0] = [str(ROOT), str(HERE)]
parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--size", type=int, default=10_000)
parser.add_argument("--keep", help="keep (and reuse) the generated SQLite database at this path")
parser.add_argument("--profile", action="store_true", help="print a cProfile of the rebuild")
parser.add_argument("--cluster", help="also rebuild the cluster on this SEARCH_URL")
parser.add_argument("--no-database", action="store_true", help="skip the database engine")
parser.add_argument("--batch", type=int, help="stories per batch (default: the code's own)")
parser.add_argument(
    "--node-pid", type=int, help="the OpenSearch node's process id: report its CPU seconds too"
)
args = parser.parse_args()

workdir = Path(tempfile.mkdtemp(prefix="terang-rebuild-"))
os.environ["BENCH_SQLITE_PATH"] = str(Path(args.keep).resolve() if args.keep else workdir / "b.db")
os.environ["DJANGO_SETTINGS_MODULE"] = "bench_settings"

import django  # noqa: E402

django.setup()

from common import fresh_database  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402

from demo.generated import generate  # noqa: E402
from stories.models import StoryPage  # noqa: E402


def prepared() -> float | None:
    """Generate the stories unless a kept database holds them already; the seconds it took."""
    if args.keep:
        try:
            if StoryPage.objects.count() == args.size:
                return None
        except django.db.Error:
            connection.close()
    fresh_database()
    started = time.perf_counter()
    generate(args.size)
    return round(time.perf_counter() - started, 1)


def process_cpu(pid: int | None) -> float | None:
    """CPU seconds of a process on this machine so far (user + system), from /proc."""
    if pid is None:
        return None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def server_cpu() -> float | None:
    """CPU seconds of this connection's PostgreSQL backend so far (a server on this machine)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return process_cpu(cursor.fetchone()[0])


def timed(label: str, run) -> None:
    load = os.getloadavg()[0]
    server = server_cpu()
    node = process_cpu(args.node_pid) if label == "cluster" else None
    cpu = time.process_time()
    started = time.perf_counter()
    if args.profile:
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.runcall(run)
        seconds = time.perf_counter() - started
        pstats.Stats(profile).sort_stats("cumulative").print_stats(35)
    else:
        run()
        seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "engine": label,
                "database": connection.vendor,
                "stories": args.size,
                "seconds": round(seconds, 1),
                # This process's own CPU time: on a loaded machine, a steadier measure of the
                # work than the wall clock (on PostgreSQL it leaves out the server's share).
                "cpu_seconds": round(time.process_time() - cpu, 1),
                "server_cpu_seconds": None if server is None else round(server_cpu() - server, 1),
                "node_cpu_seconds": None
                if node is None
                else round(process_cpu(args.node_pid) - node, 1),
                "load_1min_before": round(load, 2),
                "load_1min_after": round(os.getloadavg()[0], 2),
                "code": str(ROOT),
            }
        ),
        flush=True,
    )


try:
    generated = prepared()
    if generated is not None:
        print(json.dumps({"generated": args.size, "seconds": generated}), flush=True)
    from search.engines import cluster, database

    if not args.no_database:
        timed("database", lambda: database.rebuild(batch_size=args.batch))
    if args.cluster:
        settings.SEARCH_URL = args.cluster
        settings.SEARCH_INDEX_PREFIX = f"rebuild{args.size}"
        timed(
            "cluster", lambda: cluster.rebuild(**({"batch_size": args.batch} if args.batch else {}))
        )
finally:
    shutil.rmtree(workdir, ignore_errors=True)
