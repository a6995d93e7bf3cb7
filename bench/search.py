"""Search benchmark: our database engine, our OpenSearch engine, Wagtail's built-in search, floors.

    python bench/search.py [--sizes 1000 10000] [--repeat 5] [--out PATH]
    BENCH_DATABASE_URL=postgres://terang:terang@127.0.0.1:5432/terang_bench python bench/search.py …
    python bench/search.py --all-databases [--sizes 1000 10000 100000]   # make bench

A seeded generator writes stories in Indonesian and English (industries drawn unevenly) straight
into a throwaway SQLite database (or the PostgreSQL database that ``BENCH_DATABASE_URL`` names,
emptied first), then every engine answers the same seeded queries. The unit of
work is one results page: top 20 + exact total + industry counts + snippets, stories loaded.
An OpenSearch node is started from tools/opensearch/run-node.sh (or SEARCH_URL is used if set).

``--all-databases`` also runs the database engine on PostgreSQL (in a second process, on
``BENCH_DATABASE_URL`` or, when a local PostgreSQL answers, on a ``terang_bench`` database made
there) and ends with one table: each size and engine, our p50/p95, the engine's floor p95, the
ratio, and the index build time.

Results go to ``--out`` (default: ``bench/results/search-<UTC time>.json``, a new file each run in
a git-ignored folder), so a run never overwrites the figures recorded in bench/README.md
(bench/results.json and results-10k.json are those of earlier sessions).
"""

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
# With --all-databases this process measures SQLite (and the OpenSearch node), and PostgreSQL runs
# in a second process on the database named here (see postgres_url()).
POSTGRES_URL = os.environ.pop("BENCH_DATABASE_URL", "") if "--all-databases" in sys.argv else ""
LOCAL_POSTGRES = "postgres://terang:terang@127.0.0.1:5432/terang"
WORKDIR = Path(tempfile.mkdtemp(prefix="terang-bench-"))
os.environ["BENCH_SQLITE_PATH"] = str(WORKDIR / "bench.sqlite3")
os.environ["DJANGO_SETTINGS_MODULE"] = "bench_settings"

import django  # noqa: E402

django.setup()

from common import fresh_database  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from demo.generated import SEED, generate  # noqa: E402

WAGTAIL_BUILTIN_LIMIT = 10_000  # beyond this, Wagtail's own index build and queries take too long

QUERIES = [
    ("rare", "songket"),
    ("rare", "durian"),
    ("medium", "bambu"),
    ("medium", "honey"),
    ("common", "usaha"),
    ("common", "customers"),
    ("two words", "kopi susu"),
    ("two words", "organic honey"),
    ("phrase", '"kue kering"'),
    ("phrase", '"fresh coffee"'),
    ("id inflection", "jual"),
    ("id inflection", "penjualan"),
    ("en inflection", "selling"),
    ("en inflection", "grows"),
    ("typo", "kebugran"),
    ("typo", "custmers"),
    ("prefix", "keb*"),
    ("prefix", "sel*"),
    ("industry filter", "usaha|food-beverage"),
    ("industry filter", "customers|beauty-personal-care|health-wellness"),
]


def query_for(text, page_size=20, translate=True):
    from search.query import StoryQuery

    text, *industries = text.split("|")
    return StoryQuery(
        text=text, industries=tuple(industries), page_size=page_size, translate=translate
    )


def percentiles(samples):
    ordered = sorted(samples)

    def pick(q):
        return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]

    return {
        "median_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(pick(0.95), 2),
        "p99_ms": round(pick(0.99), 2),
        "n": len(ordered),
    }


CELL_BUDGET_S = 180.0


def timed(fn, repeat, budget=CELL_BUDGET_S):
    """Latency of ``fn`` over every query, after one warm-up pass; stops at ``budget`` seconds."""
    started = time.perf_counter()
    samples = []
    for text in [q for _kind, q in QUERIES]:
        fn(text)  # warm-up
        if time.perf_counter() - started > budget:
            return {"skipped": f"the warm-up pass alone took over {budget:.0f} s"}
    for _ in range(repeat):
        for _kind, text in QUERIES:
            began = time.perf_counter()
            fn(text)
            samples.append((time.perf_counter() - began) * 1000)
            if time.perf_counter() - started > budget:
                return {**percentiles(samples), "partial": f"stopped after {budget:.0f} s"}
    return percentiles(samples)


def our_engine(use_cluster, translate=True):
    from search.services import search_stories

    def run(text):
        return search_stories(query_for(text, translate=translate), use_cluster=use_cluster)

    return run


# The expansion comparison (issue 18's speed goal): bench/search.py's queries plus queries the
# lexicon widens through its tiers (a function word, a translated word within an industry).
EXPANSION_QUERIES = [
    *QUERIES,
    ("function words", "the business is|food-beverage"),
    ("translated", "herbal|food-beverage"),
    ("translated", "jamu"),
    ("function words", "coffee for the shop"),
]


def server_cpu_ms(pid):
    """CPU time used so far by every thread of process ``pid`` (the PostgreSQL backend, the
    OpenSearch node), from /proc/<pid>/task/*/schedstat (nanoseconds); 0 without a pid."""
    if not pid:
        return 0.0
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            total += int((task / "schedstat").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            continue  # a thread that ended meanwhile
    return total / 1e6


def expansion(use_cluster, repeat, server_pid=None):
    """A results page with the lexicon (translate=1) against the same query without it
    (translate=0), alternating which goes first, in CPU ms: this process's CPU time plus the
    server's (``server_pid``: PostgreSQL's backend or the OpenSearch node), so other jobs on the
    machine move both sides alike. Also the wall clock, for reference."""
    runs = {True: our_engine(use_cluster, True), False: our_engine(use_cluster, False)}
    cpu = {True: [], False: []}
    wall = {True: [], False: []}
    per_query = {text: {True: [], False: []} for _kind, text in EXPANSION_QUERIES}
    for _kind, text in EXPANSION_QUERIES:
        runs[True](text)  # warm-up
        runs[False](text)
    for round_ in range(repeat):
        for i, (_kind, text) in enumerate(EXPANSION_QUERIES):
            order = (True, False) if (round_ + i) % 2 == 0 else (False, True)
            for translate in order:
                began_server = server_cpu_ms(server_pid)
                began_cpu = time.process_time()
                began = time.perf_counter()
                runs[translate](text)
                ended = time.perf_counter()
                spent = (time.process_time() - began_cpu) * 1000
                spent += server_cpu_ms(server_pid) - began_server
                cpu[translate].append(spent)
                wall[translate].append((ended - began) * 1000)
                per_query[text][translate].append(spent)
    with_, without = percentiles(cpu[True]), percentiles(cpu[False])
    # The speed issue's own queries alone (without the four that exercise the tiers).
    base = {q for _kind, q in QUERIES}
    base_with = percentiles([s for t in base for s in per_query[t][True]])
    base_without = percentiles([s for t in base for s in per_query[t][False]])
    ratios = sorted(
        (
            statistics.median(samples[True]) / max(statistics.median(samples[False]), 0.01),
            text,
        )
        for text, samples in per_query.items()
    )
    return {
        "cpu_with": with_,
        "cpu_without": without,
        "p95_ratio": round(with_["p95_ms"] / max(without["p95_ms"], 0.01), 2),
        "base_p95_ratio": round(base_with["p95_ms"] / max(base_without["p95_ms"], 0.01), 2),
        "base_cpu_p95": [base_with["p95_ms"], base_without["p95_ms"]],
        "wall_with": percentiles(wall[True]),
        "wall_without": percentiles(wall[False]),
        "highest_median_ratios": [{"query": t, "ratio": round(r, 2)} for r, t in ratios[-3:]],
        "load_average": round(os.getloadavg()[0], 1),
    }


def print_expansion(size, engine, cell):
    print(
        f"{size:>8}  expansion, {engine}: CPU p95 with {cell['cpu_with']['p95_ms']} ms / without "
        f"{cell['cpu_without']['p95_ms']} ms = {cell['p95_ratio']}× (goal ≤ 1.2×); p50 "
        f"{cell['cpu_with']['median_ms']} / {cell['cpu_without']['median_ms']} ms; wall p95 "
        f"{cell['wall_with']['p95_ms']} / {cell['wall_without']['p95_ms']} ms; load "
        f"{cell['load_average']}; the 20 speed-issue queries alone: p95 "
        f"{cell['base_cpu_p95'][0]} / {cell['base_cpu_p95'][1]} ms = {cell['base_p95_ratio']}×; "
        f"highest per-query ratios {cell['highest_median_ratios']}",
        flush=True,
    )


def raw_postgres(text):
    """PostgreSQL's floor: the ranked ``tsvector @@ query … ORDER BY ts_rank LIMIT 20`` with its
    exact total (``count(*) OVER ()``), in one round trip."""
    from search.engines.database import _Postgres

    parsed = query_for(text).parsed
    if not parsed:
        return []
    with connection.cursor() as cursor:
        match, params, score, score_params = _Postgres(cursor)._match(parsed, {})
        cursor.execute(
            f"SELECT d.page_id, {score} AS rank, count(*) OVER () FROM story_search_document d "
            f"WHERE {match} ORDER BY rank DESC LIMIT 20",
            [*score_params, *params],
        )
        return cursor.fetchall()


def raw_fts(text):
    from search.engines.database import _SQLite

    parsed = query_for(text).parsed
    if not parsed:
        return []
    expression = _SQLite.match_expression(parsed, {})
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid FROM story_search_fts WHERE story_search_fts MATCH %s "
            "ORDER BY rank LIMIT 20",
            [expression],
        )
        return cursor.fetchall()


def wagtail_builtin(text):
    from stories.models import StoryPage

    query = query_for(text)
    pages = StoryPage.objects.live().public()
    if query.industries:
        pages = pages.filter(industries__slug__in=query.industries).distinct()
    results = pages.search(query.text.replace("*", "").replace('"', ""))
    top = list(results[:20])
    total = results.count()
    facets = results.facet("verification")
    return top, total, facets


class Node:
    def __init__(self):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.data = tempfile.mkdtemp(prefix="terang-bench-node-")
        self.process = None

    def start(self) -> float:
        started = time.monotonic()
        self.process = subprocess.Popen(  # noqa: S603
            [str(ROOT / "tools/opensearch/run-node.sh"), str(self.port), self.data + "/node"],
            stdout=open(Path(self.data) / "node.log", "w"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        while time.monotonic() - started < 600:
            if self.process.poll() is not None:
                raise RuntimeError("the OpenSearch node exited")
            try:
                with urllib.request.urlopen(  # noqa: S310
                    f"http://127.0.0.1:{self.port}/_cluster/health", timeout=2
                ) as response:
                    if json.load(response)["status"] in ("green", "yellow"):
                        return time.monotonic() - started
            except OSError:
                pass
            time.sleep(0.5)
        raise RuntimeError("the OpenSearch node did not start in time")

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=60)
        shutil.rmtree(self.data, ignore_errors=True)


def publish_to_searchable(use_cluster, tag):
    """Publish one story through Wagtail and time from the publish until a search finds it."""
    from django.contrib.auth import get_user_model

    from search.services import search_stories
    from stories.models import Industry, StoryIndexPage, StoryPage
    from stories.review import record_imported_review

    word = f"zq{tag}{uuid.uuid4().hex[:6]}"
    index = StoryIndexPage.objects.get()
    story = StoryPage(
        title=f"Bench {word}",
        slug=word,
        subject_name="Bench",
        summary=f"{word} summary",
        body=[("paragraph", f"<p>{word}</p>")],
        live=False,
    )
    index.add_child(instance=story)
    story.industries.set([Industry.objects.first()])
    # Stories go live only through a recorded review; the import's record is the quickest one.
    revision = story.save_revision()
    importer, _ = get_user_model().objects.get_or_create(username="bench-importer")
    record_imported_review(
        story=story, revision=revision, user=importer, reviewed_at=timezone.localdate(), note=""
    )
    # The clock starts at the publish: what a moderator's approval sets off (the page's creation,
    # its draft and its review record come before, as in the workflow).
    started = time.perf_counter()
    revision.publish()
    while time.perf_counter() - started < 30:
        results = search_stories(query_for(word), use_cluster=use_cluster)
        if results.count:
            return round((time.perf_counter() - started) * 1000, 1)
        time.sleep(0.005)
    return None


def correctness(use_cluster):
    from search.services import search_stories
    from stories.models import StoryIndustry

    guard = {"facets_equal_group_by": True, "top20_overlap_with_cluster": []}
    for _kind, text in QUERIES:
        # The words typed only: _all_matching_ids() knows no lexicon (search/eval/ measures that).
        query = query_for(text, translate=False)
        ours = search_stories(query, use_cluster=False)
        if not query.parsed.phrases and not query.parsed.terms:
            continue
        ids = _all_matching_ids(query)
        expected = dict(
            StoryIndustry.objects.filter(content_object_id__in=ids)
            .values_list("tag_id")
            .annotate(n=django.db.models.Count("content_object_id", distinct=True))
            .values_list("tag_id", "n")
        )
        got = {facet.industry.pk: facet.count for facet in ours.facets}
        if got != expected:
            guard["facets_equal_group_by"] = False
            guard.setdefault("mismatch", []).append(text)
        if use_cluster:
            theirs = search_stories(query, use_cluster=True)
            a = {h.story.pk for h in ours.hits}
            b = {h.story.pk for h in theirs.hits}
            overlap = len(a & b) / max(1, min(len(a), len(b))) if (a or b) else 1.0
            guard["top20_overlap_with_cluster"].append(
                {
                    "query": text,
                    "overlap": round(overlap, 2),
                    "db_count": ours.count,
                    "cluster_count": theirs.count,
                }
            )
    return guard


def _all_matching_ids(query):
    """Every matching id from the full-text table alone, with a plain SQL filter (no industry
    filter)."""
    from search.engines.database import _corrections, _Postgres, _SQLite

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            extra = _corrections(_Postgres(cursor), query.parsed)
            match, params, _score, _score_params = _Postgres(cursor)._match(query.parsed, extra)
            cursor.execute(f"SELECT d.page_id FROM story_search_document d WHERE {match}", params)
            return [row[0] for row in cursor.fetchall()]
        extra = _corrections(_SQLite(cursor), query.parsed)
        cursor.execute(
            "SELECT rowid FROM story_search_fts WHERE story_search_fts MATCH %s",
            [_SQLite.match_expression(query.parsed, extra)],
        )
        return [row[0] for row in cursor.fetchall()]


def run_size(size, repeat, node_url, expansion_only=False, node_pid=None):
    from search.engines import cluster, database

    fresh_database()
    report = {"size": size}
    started = time.perf_counter()
    generate(size)
    report["generate_s"] = round(time.perf_counter() - started, 1)

    started = time.perf_counter()
    database.rebuild()
    report["build_database_s"] = round(time.perf_counter() - started, 1)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        backend = None
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_backend_pid()")
            backend = cursor.fetchone()[0]

    label = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
    report["expansion"] = {label: expansion(False, repeat, backend)}
    print_expansion(size, label, report["expansion"][label])
    if node_url:
        settings.SEARCH_URL = node_url
        settings.SEARCH_INDEX_PREFIX = f"bench{size}"
        cluster.breaker.reset()
        started = time.perf_counter()
        cluster.rebuild()
        report["build_cluster_s"] = round(time.perf_counter() - started, 1)
        report["expansion"]["OpenSearch"] = expansion(True, repeat, node_pid)
        print_expansion(size, "OpenSearch", report["expansion"]["OpenSearch"])
        settings.SEARCH_URL = ""
    if expansion_only:
        return report

    cells = {}
    floor = (
        ("floor: raw tsvector top 20 + count", raw_postgres)
        if connection.vendor == "postgresql"
        else ("floor: raw FTS5 MATCH only", raw_fts)
    )
    cells["ours: database engine"] = timed(our_engine(False), repeat)
    cells["ours: database engine, words typed only"] = timed(our_engine(False, False), repeat)
    cells[floor[0]] = timed(floor[1], repeat)
    report["publish_to_searchable_ms"] = {"database": publish_to_searchable(False, "db")}

    if node_url:
        settings.SEARCH_URL = node_url
        cluster.breaker.reset()
        cells["ours: OpenSearch engine"] = timed(our_engine(True), repeat)
        cells["ours: OpenSearch, words typed only"] = timed(our_engine(True, False), repeat)
        took = []
        for _ in range(repeat):
            for _kind, text in QUERIES:
                took.append(float(cluster.search(query_for(text), None).took_ms or 0))
        cells["floor: OpenSearch took"] = percentiles(took)
        report["publish_to_searchable_ms"]["opensearch"] = publish_to_searchable(True, "os")
        report["correctness"] = correctness(True)
        settings.SEARCH_URL = ""
    else:
        report["correctness"] = correctness(False)

    if size <= WAGTAIL_BUILTIN_LIMIT:
        started = time.perf_counter()
        call_command("update_index", verbosity=0)
        report["build_wagtail_builtin_s"] = round(time.perf_counter() - started, 1)
        cells["Wagtail built-in (search+count+facet)"] = timed(wagtail_builtin, max(1, repeat // 2))
    else:
        cells["Wagtail built-in (search+count+facet)"] = {
            "skipped": f"more than {WAGTAIL_BUILTIN_LIMIT} stories: its index build and "
            "common-word queries take too long"
        }
    report["latency"] = cells
    return report


def print_table(reports):
    print()
    header = f"{'stories':>8}  {'engine':<40} {'median':>9} {'p95':>9} {'p99':>9}"
    print(header)
    print("-" * len(header))
    for report in reports:
        for name, cell in report["latency"].items():
            if "skipped" in cell:
                print(f"{report['size']:>8}  {name:<40} skipped: {cell['skipped']}")
            else:
                print(
                    f"{report['size']:>8}  {name:<40} {cell['median_ms']:>7} ms "
                    f"{cell['p95_ms']:>6} ms {cell['p99_ms']:>6} ms"
                )
        builds = {k: v for k, v in report.items() if k.startswith("build_")}
        print(f"{'':>8}  index build (s): {builds}")
        print(f"{'':>8}  publish to searchable (ms): {report['publish_to_searchable_ms']}")
        guard = report["correctness"]
        overlaps = [o["overlap"] for o in guard.get("top20_overlap_with_cluster", [])]
        mean = round(sum(overlaps) / len(overlaps), 2) if overlaps else None
        print(
            f"{'':>8}  facets == GROUP BY: {guard['facets_equal_group_by']}; "
            f"mean top-20 overlap with the cluster: {mean}"
        )


def postgres_url() -> tuple[str, str]:
    """The PostgreSQL database for --all-databases: ``BENCH_DATABASE_URL``, or a ``terang_bench``
    database made on the local server (.ci/postgres's) when it answers; else why there is none."""
    if POSTGRES_URL:
        return POSTGRES_URL, ""
    import psycopg

    try:
        with psycopg.connect(
            LOCAL_POSTGRES.replace("postgres://", "postgresql://"), connect_timeout=3
        ) as server:
            server.autocommit = True
            if not server.execute(
                "SELECT 1 FROM pg_database WHERE datname = 'terang_bench'"
            ).fetchone():
                server.execute("CREATE DATABASE terang_bench")
    except psycopg.Error as error:
        return "", f"no PostgreSQL answers at {LOCAL_POSTGRES} ({str(error).strip()[:120]})"
    return LOCAL_POSTGRES.rsplit("/", 1)[0] + "/terang_bench", ""


def run_postgres(url, args) -> tuple[list, str]:
    """The database engine on PostgreSQL, in a second process (settings are fixed per process)."""
    out = WORKDIR / "postgres.json"
    command = [sys.executable, __file__, "--sizes", *map(str, args.sizes)]
    command += ["--repeat", str(args.repeat), "--no-cluster", "--out", str(out)]
    command += ["--expansion-only"] if args.expansion_only else []
    result = subprocess.run(  # noqa: S603
        # Its OpenSearch row is this process's: the second one measures the database alone.
        command,
        env={**os.environ, "BENCH_DATABASE_URL": url, "SEARCH_URL": ""},
        check=False,
    )
    if result.returncode != 0 or not out.exists():
        return [], f"the PostgreSQL run failed (exit {result.returncode}; its output is above)"
    data = json.loads(out.read_text())
    return data["runs"], data["meta"].get("postgresql", "")


# The goals (ours p95 against the floor p95); at 1k, SQLite may also take up to 8 ms.
GOALS = {"SQLite": 3.0, "PostgreSQL": 3.0, "OpenSearch": 1.5}
SMALL_SQLITE_MS = 8.0
BUILD_GOAL_S = 60.0
BUILD_GOAL_SIZE = 100_000
PUBLISH_GOAL_S = {"SQLite": 0.5, "PostgreSQL": 0.5, "OpenSearch": 1.5}
# Pages (warm cache) against the static file's requests per second.
PAGE_GOALS = {"a story": 0.50, "/api/search/": 0.20}
PAGE_GOAL_OTHERS = 0.25


def summary_rows(reports, database_label):
    """(size, engine, ours, floor, build seconds, publish → searchable ms) per size and engine."""
    rows = []
    for report in reports:
        cells = report["latency"]
        floor = next(v for k, v in cells.items() if k.startswith("floor: raw"))
        publish = report.get("publish_to_searchable_ms", {})
        rows.append(
            (
                report["size"],
                database_label,
                cells["ours: database engine"],
                floor,
                report.get("build_database_s"),
                publish.get("database"),
            )
        )
        if "ours: OpenSearch engine" in cells:
            rows.append(
                (
                    report["size"],
                    "OpenSearch",
                    cells["ours: OpenSearch engine"],
                    cells["floor: OpenSearch took"],
                    report.get("build_cluster_s"),
                    publish.get("opensearch"),
                )
            )
    return rows


def _met(ok: bool | None) -> str:
    return "–" if ok is None else ("met" if ok else "**not met**")


def page_rows(pages: dict) -> list[tuple]:
    """The pages' rows of the table: each page's requests per second (warm cache) against the
    static file's, served by the same gunicorn (bench/pages_http.py)."""
    rows = []
    names = list(pages["pages"])
    floor_name = names[-1]
    floor = pages["cached"][floor_name]["rps"]
    for name in names[:-1]:
        got = pages["cached"][name]["rps"]
        goal = next(
            (share for key, share in PAGE_GOALS.items() if name.startswith(key)), PAGE_GOAL_OTHERS
        )
        share = got / max(floor, 0.01)
        rows.append(
            (
                f"page {name} (cache on), req/s",
                pages["stories"],
                "PostgreSQL, gunicorn ×2",
                f"{got:,.0f} (p95 {pages['cached'][name]['p95_us'] / 1000:.1f} ms)",
                f"{floor:,.0f} (static file)",
                f"{100 * share:.0f}%",
                f"≥ {100 * goal:.0f}%",
                _met(share >= goal),
            )
        )
    return rows


def print_summary(rows, notes, pages=None):
    """The one table of make bench: every ratio of issue 12 from this run."""
    table = []
    order = {"SQLite": 0, "PostgreSQL": 1, "OpenSearch": 2}
    rows = sorted(rows, key=lambda row: (row[0], order[row[1].split()[0]]))
    for size, engine, ours, floor, _build, _publish in rows:
        kind = engine.split()[0]
        if "p95_ms" not in ours or "p95_ms" not in floor:
            table.append(("search p95", size, engine, "–", "–", "–", ours.get("skipped", ""), "–"))
            continue
        ratio = ours["p95_ms"] / max(floor["p95_ms"], 0.01)
        goal = GOALS[kind]
        small = kind == "SQLite" and size <= 1000
        met = ratio <= goal or (small and ours["p95_ms"] <= SMALL_SQLITE_MS)
        table.append(
            (
                "search p95, ms",
                size,
                engine,
                f"{ours['p95_ms']:.1f} (p50 {ours['median_ms']:.1f})",
                f"{floor['p95_ms']:.1f}",
                f"{ratio:.1f}×",
                f"≤ {goal:g}×" + (f" or ≤ {SMALL_SQLITE_MS:g} ms" if small else ""),
                _met(met),
            )
        )
    for size, engine, _ours, _floor, build, _publish in rows:
        judged = size >= BUILD_GOAL_SIZE and build is not None
        table.append(
            (
                "index build (search_index --rebuild), s",
                size,
                engine,
                "–" if build is None else f"{build:.1f}",
                "",
                "",
                f"≤ {BUILD_GOAL_S:g} s at {BUILD_GOAL_SIZE:,}",
                _met(build <= BUILD_GOAL_S if judged else None),
            )
        )
    for size, engine, _ours, _floor, _build, publish in rows:
        goal = PUBLISH_GOAL_S[engine.split()[0]]
        table.append(
            (
                "publish → searchable, s",
                size,
                engine,
                "not found in 30 s" if publish is None else f"{publish / 1000:.2f}",
                "",
                "",
                f"≤ {goal:g} s",
                _met(publish is not None and publish / 1000 <= goal),
            )
        )
    if pages:
        table += page_rows(pages)
    print("\n## Issue 12: every goal from one run\n")
    print("| measure | stories | engine | ours | floor | ratio | goal | |")
    print("|---|---:|---|---:|---:|---:|---|---|")
    for measure, size, engine, ours, floor, ratio, goal, met in table:
        print(f"| {measure} | {size:,} | {engine} | {ours} | {floor} | {ratio} | {goal} | {met} |")
    print()
    print(
        "Floors: SQLite, the raw FTS5 `MATCH … ORDER BY rank LIMIT 20`; PostgreSQL, the raw "
        "ranked `tsvector @@ query … ORDER BY ts_rank LIMIT 20` with its exact count; OpenSearch, "
        "the node's own `took`. Ours: a whole results page (top 20, exact total, industry "
        "counts, snippets). Index build: `search_index --rebuild`'s work for that engine alone, "
        "on freshly generated stories. Publish → searchable: a Wagtail `revision.publish()` "
        "until a search finds the story (the task backend runs the index update at once). "
        "Pages: bench/pages_http.py (make bench-pages), wrk against gunicorn on PostgreSQL."
    )
    for note in notes:
        print(f"- {note}")


def run_pages(size: int, duration: int) -> tuple[dict | None, str]:
    """bench/pages_http.py in its own process (it serves PostgreSQL with gunicorn); its figures,
    or why there are none."""
    if not shutil.which("wrk"):
        return None, "pages skipped: wrk is not installed (make bench-pages installs it)"
    out = WORKDIR / "pages.json"
    command = [sys.executable, str(ROOT / "bench" / "pages_http.py"), "--size", str(size)]
    command += ["--duration", str(duration), "--out", str(out)]
    result = subprocess.run(command, check=False)  # noqa: S603
    if result.returncode != 0 or not out.exists():
        return None, f"the pages run failed (exit {result.returncode}; its output is above)"
    return json.loads(out.read_text()), ""


def expansion_summary(reports, args):
    """The expansion comparison's table (with --all-databases, PostgreSQL's too, from a second
    process); the results file gets PostgreSQL's runs."""
    if args.all_databases:
        url, missing = postgres_url()
        if url:
            print(f"… PostgreSQL: the same sizes on {url.rsplit('@', 1)[-1]}", flush=True)
            postgres_reports, _version = run_postgres(url, args)
            data = json.loads(Path(args.out).read_text())
            data["postgresql_runs"] = postgres_reports
            Path(args.out).write_text(json.dumps(data, indent=2))
            reports = reports + postgres_reports
        else:
            print(f"PostgreSQL skipped: {missing}")
    print("\n## Issue 18: a results page with the lexicon against the same query without it\n")
    print(
        "| stories | engine | CPU p95 with / without, ms | ratio | goal | p50 with / without "
        "| the 20 speed queries alone: p95 ratio | load |"
    )
    print("|---:|---|---:|---:|---|---:|---:|---:|")
    for report in reports:
        for engine, cell in report["expansion"].items():
            ratio = cell["p95_ratio"]
            print(
                f"| {report['size']:,} | {engine} | {cell['cpu_with']['p95_ms']} / "
                f"{cell['cpu_without']['p95_ms']} | {ratio}× | ≤ 1.2× {_met(ratio <= 1.2)} | "
                f"{cell['cpu_with']['median_ms']} / {cell['cpu_without']['median_ms']} | "
                f"{cell.get('base_p95_ratio', '–')}× | {cell['load_average']} |"
            )
    print(f"\nwrote {args.out}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--out",
        help="where to write the results (JSON); default bench/results/search-<UTC time>.json",
    )
    parser.add_argument("--no-cluster", action="store_true")
    parser.add_argument(
        "--expansion-only",
        action="store_true",
        help="only the lexicon's cost: each query with translate=1 and translate=0 in turn, in "
        "CPU ms (this process plus the PostgreSQL backend or the OpenSearch node)",
    )
    parser.add_argument(
        "--pages",
        type=int,
        default=0,
        metavar="SIZE",
        help="with --all-databases, also serve the demo plus SIZE stories with gunicorn and "
        "drive the pages with wrk (bench/pages_http.py); 0 (default): no pages",
    )
    parser.add_argument(
        "--pages-duration", type=int, default=5, help="seconds of wrk per page (default 5)"
    )
    parser.add_argument(
        "--all-databases",
        action="store_true",
        help="also run the database engine on PostgreSQL and end with one table (make bench)",
    )
    args = parser.parse_args()
    if any(not 1 <= size <= 200_000 for size in args.sizes) or not 1 <= args.repeat <= 100:
        parser.error("sizes must be 1..200000 and --repeat 1..100")

    if not args.out:
        stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
        args.out = str(ROOT / "bench" / "results" / f"search-{stamp}.json")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    node, node_url, meta = None, os.environ.get("SEARCH_URL", ""), {}
    if not node_url and not args.no_cluster:
        if shutil.which("java") and shutil.which("mvn"):
            node = Node()
            meta["opensearch_start_s"] = round(node.start(), 1)
            node_url = f"opensearch://127.0.0.1:{node.port}"
        else:
            meta["opensearch"] = "skipped: java or mvn not installed"
    meta.update(
        machine=f"{os.cpu_count()} cores",
        database=connection.vendor,
        sqlite=connection.Database.sqlite_version if connection.vendor == "sqlite" else None,
        postgresql=(
            f"PostgreSQL {connection.pg_version // 10000}"
            if connection.vendor == "postgresql"
            else None
        ),
        seed=SEED,
        queries=[{"kind": k, "q": q} for k, q in QUERIES],
    )
    reports, pages = [], None
    try:
        for size in args.sizes:
            print(f"… {size} stories", flush=True)
            reports.append(
                run_size(
                    size,
                    args.repeat,
                    node_url,
                    args.expansion_only,
                    node.process.pid if node else None,
                )
            )
            if args.expansion_only:
                Path(args.out).write_text(json.dumps({"meta": meta, "runs": reports}, indent=2))
                continue
            print_table(reports[-1:])
            # Written after every size, so a long run that is stopped keeps what it measured.
            Path(args.out).write_text(json.dumps({"meta": meta, "runs": reports}, indent=2))
        if node:
            node.stop()
            node = None
        if args.expansion_only:
            expansion_summary(reports, args)
            return
        if args.all_databases:
            label = "SQLite" if connection.vendor == "sqlite" else "PostgreSQL"
            rows = summary_rows(reports, f"{label} (database engine)")
            notes = [] if node_url or args.no_cluster else [f"OpenSearch {meta['opensearch']}"]
            url, missing = postgres_url()
            if url:
                print(f"… PostgreSQL: the same sizes on {url.rsplit('@', 1)[-1]}", flush=True)
                postgres_reports, version = run_postgres(url, args)
                if postgres_reports:
                    data = json.loads(Path(args.out).read_text())
                    data["postgresql_runs"] = postgres_reports
                    Path(args.out).write_text(json.dumps(data, indent=2))
                    rows += summary_rows(
                        postgres_reports, f"PostgreSQL (database engine, {version})"
                    )
                else:
                    notes.append(version)
            else:
                notes.append(f"PostgreSQL skipped: {missing}")
            if args.pages:
                print(f"… pages: the demo plus {args.pages} stories over HTTP", flush=True)
                pages, missing = run_pages(args.pages, args.pages_duration)
                if missing:
                    notes.append(missing)
            if load_before is not None:
                notes.append(
                    f"load average {load_before:.1f} at the start, {os.getloadavg()[0]:.1f} at the "
                    f"end, on {os.cpu_count()} cores"
                )
    finally:
        if node:
            node.stop()
        shutil.rmtree(WORKDIR, ignore_errors=True)
    if args.all_databases:
        print_summary(rows, notes, pages)
        print(f"\nwrote {args.out}")
        if any("failed" in note for note in notes):
            sys.exit(1)
        return
    print_table(reports)
    print(f"\nwrote {args.out}")


if __name__ == "__main__":
    main()
