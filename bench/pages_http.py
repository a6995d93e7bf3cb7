"""Pages over HTTP: gunicorn (2 workers, PostgreSQL, the production settings) driven by wrk.

    make bench-pages                                  # the demo plus 10,000 generated stories
    python bench/pages_http.py --size 1000 --duration 10 --connections 8

A throwaway PostgreSQL database (BENCH_PAGES_DATABASE_URL, default ``terang_bench_pages`` on the
local server; dropped and made again unless ``--reuse``) is migrated, filled with ``--size``
stories by bench/search.py's generator (bulk inserts, live, 1-2 industries each), then the demo
content (``load_demo``), and the search index is built. gunicorn then serves it exactly as
``make serve-production`` does (``terang.gunicorn_conf``, 2 workers, WhiteNoise for static files),
and wrk drives each address for ``--duration`` seconds at ``--connections`` connections: ``/``,
``/stories/``, the busiest industry's page, a demo story, ``/api/search/?q=jual`` and the site's
CSS file, served by the same gunicorn, as the floor. Twice: with the page cache on (warm: each
address is fetched once first) and off (PAGE_CACHE_SECONDS=0), so the table shows both.

It prints requests per second, p95 latency and the share of the static file's requests per second,
with the machine's load average before and after. Nothing here is a test: timings are never
asserted anywhere.
"""

import argparse
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://terang:terang@127.0.0.1:5432/terang_bench_pages"
SEARCH_QUERY = "jual"

# wrk reports p50/p75/p90/p99 itself; this prints one JSON line with p95 as well.
WRK_SCRIPT = r"""
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "socket_errors": %d, "bad_status": %d, ' ..
    '"p50_us": %d, "p95_us": %d, "p99_us": %d}\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def server_env(database_url: str, port: int, page_cache_seconds: int) -> dict:
    """The production settings on plain HTTP, as `make serve-production` sets them."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "terang.settings.production",
        "SECRET_KEY": BENCH_SECRET,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "DATABASE_URL": database_url,
        "EMAIL_URL": "console://",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "SECURE_PROXY_SSL_HEADER": "none",
        "PAGE_CACHE_SECONDS": str(page_cache_seconds),
        "LOG_LEVEL": "warning",
    }


BENCH_SECRET = secrets.token_urlsafe(50)


def run(args: list[str], env: dict, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=ROOT, env=env, check=True, **kwargs)  # noqa: S603


def recreate_database(database_url: str) -> None:
    import psycopg

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


# --- Steps that run inside Django (as subprocesses with the production settings) ----------------


def generate(size: int) -> None:
    """Write ``size`` live stories with the shared generator (demo/generated.py), before the demo."""
    import django

    django.setup()  # the production settings
    from demo.generated import generate as generate_stories

    if size:
        generate_stories(size)


def describe() -> None:
    """The addresses to drive, as JSON on stdout."""
    import django

    django.setup()
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.db import connection

    from stories.models import Industry, StoryPage

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    story = (
        StoryPage.objects.live().exclude(slug__startswith="story-").order_by("path").first()
        or StoryPage.objects.live().order_by("path").first()
    )
    industry = Industry.objects.with_story_counts().order_by("-story_count", "slug").first()
    pages = {
        "/": "/",
        "/stories/": "/stories/",
        f"industry ({industry.slug})": industry.get_absolute_url(),
        "a story": story.url,
        f"/api/search/?q={SEARCH_QUERY}": f"/api/search/?q={SEARCH_QUERY}",
        "static CSS file (floor)": staticfiles_storage.url("css/terang.css"),
    }
    print(json.dumps({"pages": pages, "stories": StoryPage.objects.live().count()}))


# --- The driver ---------------------------------------------------------------------------------


def prepare(database_url: str, size: int, port: int) -> None:
    env = server_env(database_url, port, 0)
    steps = [
        ("migrate", [sys.executable, "manage.py", "migrate", "--no-input", "--verbosity", "0"]),
        ("collectstatic", [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"]),
        (f"generate {size} stories", [sys.executable, __file__, "--step", "generate", f"{size}"]),
        ("load_demo", [sys.executable, "manage.py", "load_demo", "--force"]),
        ("search_index --rebuild", [sys.executable, "manage.py", "search_index", "--rebuild"]),
    ]
    for name, command in steps:
        began = time.perf_counter()
        run(command, env, stdout=subprocess.DEVNULL)
        print(f"  {name}: {time.perf_counter() - began:.0f} s", flush=True)


def wait_for(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise SystemExit(f"gunicorn did not answer {url} within {timeout:.0f} s")
        time.sleep(0.5)


def fetch(url: str) -> int:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310
        response.read()
        return response.status


def drive(url: str, seconds: int, connections: int, script: Path) -> dict:
    output = subprocess.run(  # noqa: S603
        [
            shutil.which("wrk") or "wrk",
            f"--threads={min(2, connections)}",
            f"--connections={connections}",
            f"--duration={seconds}s",
            "--timeout=10s",
            f"--script={script}",
            url,
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result = json.loads([line for line in output.splitlines() if line.startswith("{")][-1])
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


def measure(args, pages: dict, page_cache_seconds: int, workdir: Path) -> dict:
    env = server_env(args.database_url, args.port, page_cache_seconds)
    log = (workdir / f"gunicorn-{page_cache_seconds}.log").open("w")
    server = subprocess.Popen(  # noqa: S603
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "--config",
            "python:terang.gunicorn_conf",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            "2",
            *([] if args.max_requests is None else ["--max-requests", str(args.max_requests)]),
            "terang.wsgi",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{args.port}"
    results = {}
    try:
        wait_for(base + "/healthz")
        script = workdir / "p95.lua"
        script.write_text(WRK_SCRIPT)
        for name, path in pages.items():
            for _ in range(2 * 2):  # both workers, a miss and a hit each (warm cache)
                assert fetch(base + path) == 200, path
            results[name] = drive(base + path, args.duration, args.connections, script)
            print(
                f"  {'cache on ' if page_cache_seconds else 'cache off'} {name:<34} "
                f"{results[name]['rps']:>8.0f} req/s  p95 {results[name]['p95_us'] / 1000:>7.1f} ms",
                flush=True,
            )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
        log.close()
    return results


def print_table(pages: dict, cached: dict, uncached: dict) -> None:
    floor_name = list(pages)[-1]
    header = (
        "| page | cache on: req/s | p95 | share of static | cache off: req/s | p95 | share |\n"
        "|---|---|---|---|---|---|---|"
    )
    print(header)
    for name in pages:
        row = [name]
        for results in (cached, uncached):
            result, floor = results[name], results[floor_name]["rps"]
            row += [
                f"{result['rps']:,.0f}",
                f"{result['p95_us'] / 1000:.1f} ms",
                f"{100 * result['rps'] / floor:.0f}%",
            ]
            if result["socket_errors"] or result["bad_status"]:
                row[-1] += f" ({result['socket_errors']} socket errors, {result['bad_status']} bad)"
        print("| " + " | ".join(row) + " |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--size", type=int, default=10_000, help="generated stories (default 10000)"
    )
    parser.add_argument("--duration", type=int, default=10, help="seconds per address (default 10)")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections (default 8)")
    parser.add_argument("--port", type=int, default=8011)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_PAGES_DATABASE_URL", DEFAULT_DATABASE_URL),
    )
    parser.add_argument(
        "--reuse", action="store_true", help="keep the database of a previous run as it is"
    )
    parser.add_argument(
        "--max-requests",
        type=int,
        help="gunicorn's --max-requests (0: never recycle workers); default: terang.gunicorn_conf's",
    )
    parser.add_argument("--out", help="also write the figures here (JSON), for make bench's table")
    parser.add_argument("--step", choices=["generate", "describe"], help=argparse.SUPPRESS)
    parser.add_argument("step_size", nargs="?", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
    if args.step == "generate":
        return generate(args.step_size)
    if args.step == "describe":
        return describe()
    if not 0 <= args.size <= 200_000 or not 1 <= args.duration <= 600:
        parser.error("--size must be 0..200000 and --duration 1..600")
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk (make bench-pages installs it)")

    workdir = Path(tempfile.mkdtemp(prefix="terang-bench-pages-"))
    print(f"load average before: {load_average()}", flush=True)
    if not args.reuse:
        recreate_database(args.database_url)
        prepare(args.database_url, args.size, args.port)
    described = json.loads(
        run(
            [sys.executable, __file__, "--step", "describe"],
            server_env(args.database_url, args.port, 0),
            capture_output=True,
            text=True,
        ).stdout.splitlines()[-1]
    )
    pages = described["pages"]
    recycle = "" if args.max_requests is None else f", --max-requests {args.max_requests}"
    print(
        f"{described['stories']:,} live stories; wrk: {args.connections} connections, "
        f"{args.duration} s per address; gunicorn: 2 workers{recycle}, PostgreSQL",
        flush=True,
    )
    load_before = load_average()
    cached = measure(args, pages, 600, workdir)
    uncached = measure(args, pages, 0, workdir)
    print(f"load average after: {load_average()}\n")
    print_table(pages, cached, uncached)
    if args.out:
        Path(args.out).write_text(
            json.dumps(
                {
                    "stories": described["stories"],
                    "pages": pages,
                    "cached": cached,
                    "uncached": uncached,
                    "load_before": load_before,
                    "load_after": load_average(),
                },
                indent=2,
            )
        )
    restarts = sum(
        log.read_text().count("Booting worker") - 2 for log in workdir.glob("gunicorn-*.log")
    )
    print(f"\n(gunicorn logs in {workdir}; workers recycled {restarts} times in all)")


if __name__ == "__main__":
    main()
