"""make chaos: load and faults against `make try-cluster`, on loopback only; it stops by itself.

    python bench/chaos.py            # 3 minutes (CHAOS_SECONDS=60 for a shorter run)

Readers: wrk with bench/chaos_readers.lua, 100 connections browsing and searching, one wrk run per
phase. Members and moderators: Locust (bench/chaos_locust.py), 10 members submitting stories with
an image through the real form, 2 moderators reviewing. One after another: an OpenSearch node is
killed (SIGKILL) and brought back, an app server likewise, a task worker is killed in the middle
of a task (a full reindex it has just started), and PostgreSQL is restarted. It prints requests,
5xx, p50 and p95 by phase, submissions accepted against stories stored (and duplicates), index
updates queued against applied, the time to recover after each fault, and the goals of issue 17,
each met or unmet; the figures also go to var/chaos/report.json. Exit status 0 when every goal
is met.
"""

import contextlib
import datetime
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tools" / "cluster"))
import cluster  # noqa: E402

OUT = REPO / "var" / "chaos"
SECONDS = int(os.environ.get("CHAOS_SECONDS", "180"))
READERS = int(os.environ.get("CHAOS_READERS", "100"))
SITE = f"http://{cluster.HOST}:{cluster.PROXY_PORT}"
KILLED_NODE = "node-2"
KILLED_APP = "app-1"
RECOVERY_LIMIT = 30  # seconds: queued index updates applied after each fault (issue 17)
P95_LIMIT = 3.0  # reader p95 during the OpenSearch and app-server faults, against calm
REINDEXES = 3  # full reindex tasks queued, so a worker is surely killed in the middle of one
REINDEX_PRIORITY = -50  # the full reindexes' (stories.task_priority.BULK; members' updates: 50)
WORKER_RESTART_SECONDS = 2  # a killed worker is started again, as systemd's Restart= would
INDEX_TASKS = ("search.tasks.update_story_index", "search.tasks.retry_cluster_updates")
WARMUP_SECONDS = int(os.environ.get("CHAOS_WARMUP_SECONDS", "30"))  # readers only, not counted
DRAIN_SECONDS = 240  # after the last phase: the longest wait for the task queue to empty


def say(message: str) -> None:
    print(f"chaos: {message}", flush=True)


# --- the cluster's database and parts -------------------------------------------------------------


def sql(query: str, *params):
    import psycopg

    with psycopg.connect(
        f"{cluster.POSTGRES_URL}/{cluster.DATABASE}", connect_timeout=3, autocommit=True
    ) as connection:
        return connection.execute(query, params).fetchall()


def sql_or_none(query: str, *params):
    try:
        return sql(query, *params)
    except Exception:  # noqa: BLE001 - PostgreSQL restarting
        return None


def manage(*arguments: str, code: str | None = None) -> str:
    command = [cluster.PYTHON, "manage.py", *arguments]
    if code is not None:
        command += ["-c", code]
    result = subprocess.run(  # noqa: S603
        command,
        cwd=REPO,
        env={**os.environ, **cluster.django_environment()},
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    if result.returncode:
        raise RuntimeError(f"manage.py {' '.join(arguments)}: {result.stderr[-2000:]}")
    return result.stdout


def kill(name: str) -> None:
    pid = cluster.running().get(name)
    if pid is None:
        raise RuntimeError(f"{name} is not running")
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and name in cluster.running():
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
        time.sleep(0.1)
    (cluster.STATE / "pids" / name).unlink(missing_ok=True)


def wait_until(check, timeout: float, step: float = 0.5) -> float | None:
    """Seconds until check() held, or None when it did not within timeout."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        with contextlib.suppress(Exception):
            if check():
                return time.monotonic() - started
        time.sleep(step)
    return None


def index_backlog() -> int | None:
    """Index updates not yet applied: queued index tasks plus cluster updates still pending.

    The operator's full reindexes that the worker fault queues (at REINDEX_PRIORITY, behind
    everything else by design) are not members' updates and are left out."""
    rows = sql_or_none(
        "SELECT (SELECT count(*) FROM django_tasks_database_dbtaskresult"
        "        WHERE status IN ('READY', 'RUNNING') AND task_path = ANY(%s)"
        "        AND priority > %s AND run_after <= now() + interval '1 minute'),"
        " (SELECT count(*) FROM story_search_pendingclusterupdate)",
        list(INDEX_TASKS),
        REINDEX_PRIORITY,
    )
    return None if rows is None else rows[0][0] + rows[0][1]


def queue_depth() -> list[tuple[str, str, int, int]]:
    """Tasks due and not finished: (task path, status, priority, count)."""
    return sql(
        "SELECT task_path, status, priority, count(*) FROM django_tasks_database_dbtaskresult"
        " WHERE status IN ('READY', 'RUNNING') AND run_after <= now() + interval '1 minute'"
        " GROUP BY task_path, status, priority ORDER BY priority DESC, task_path, status"
    )


def metrics() -> dict[int, dict[str, float]]:
    """/metrics' figures of each app server that answered, by its port, else {}."""
    token = cluster.django_environment().get("METRICS_TOKEN")
    if not token:
        return {}
    by_server: dict[int, dict[str, float]] = {}
    for port in cluster.APP_PORTS:
        request = urllib.request.Request(  # noqa: S310 - loopback
            f"http://{cluster.HOST}:{port}/metrics", headers={"Authorization": f"Bearer {token}"}
        )
        try:
            with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
                text = response.read().decode()
        except OSError:
            continue
        figures = by_server.setdefault(port, {})
        for line in text.splitlines():
            match = re.match(r"^(terang_[a-z_]+(?:\{[^}]*\})?) ([0-9.eE+-]+)$", line)
            if match:
                figures[match.group(1)] = float(match.group(2))
    return by_server


SITE_WIDE = "terang_index_updates_"  # counted in the shared store: every server shows the same


def _counted(before: float, after: float) -> float:
    """What a counter counted between two readings: one that went down was started again (its
    process restarted), so all it shows now was counted since."""
    return after - before if after >= before else after


def metric_deltas(
    before: dict[int, dict[str, float]], after: dict[int, dict[str, float]]
) -> dict[str, float]:
    """What each /metrics counter counted between two readings (metrics()), added up over the app
    servers, each server on its own: its counters start from zero when it restarts, and one
    that was down at the first reading counts from zero too; one down at the second adds
    nothing. The site-wide index-update counters are taken once, from the highest readings."""
    deltas: dict[str, float] = {}
    for server, figures in after.items():
        earlier = before.get(server, {})
        for name, value in figures.items():
            if not name.startswith(SITE_WIDE):
                deltas[name] = deltas.get(name, 0.0) + _counted(earlier.get(name, 0.0), value)
    site_wide = {
        name for figures in after.values() for name in figures if name.startswith(SITE_WIDE)
    }
    for name in site_wide:
        highest_before = max((figures.get(name, 0.0) for figures in before.values()), default=0.0)
        highest_after = max(figures.get(name, 0.0) for figures in after.values())
        deltas[name] = _counted(highest_before, highest_after)
    return deltas


# --- set-up -----------------------------------------------------------------------------------------

ACCOUNTS_CODE = """
import json, secrets, base64
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from stories.permissions import MODERATORS_GROUP
User = get_user_model()
out = {"members": [], "moderators": []}
def account(username, email, staff):
    password = secrets.token_urlsafe(16)
    user = User.objects.filter(username=username).first() or User(username=username, email=email)
    user.is_active = True
    user.set_password(password)
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"primary": True, "verified": True})
    return user, password
for n in range(1, 11):
    user, password = account(f"chaos-member-{n}", f"chaos-member-{n}@terang.example", False)
    out["members"].append({"email": user.email, "password": password})
for n in range(1, 3):
    user, password = account(f"chaos-moderator-{n}", f"chaos-moderator-{n}@terang.example", True)
    user.groups.add(Group.objects.get(name=MODERATORS_GROUP))
    Authenticator.objects.filter(user=user).delete()
    secret = base64.b32encode(secrets.token_bytes(20)).decode()
    TOTP.activate(user, secret)
    out["moderators"].append({"username": user.username, "password": password, "secret": secret})
print("ACCOUNTS " + json.dumps(out))
"""


def accounts() -> Path:
    output = manage("shell", code=ACCOUNTS_CODE)
    line = next(line for line in output.splitlines() if line.startswith("ACCOUNTS "))
    path = OUT / "accounts.json"
    path.write_text(line.removeprefix("ACCOUNTS "))
    path.chmod(0o600)
    return path


def reader_paths() -> Path:
    with urllib.request.urlopen(f"{SITE}/sitemap.xml", timeout=10) as response:  # noqa: S310
        sitemap = response.read().decode()
    pages = [
        re.sub(r"^https?://[^/]+", "", url) for url in re.findall(r"<loc>([^<]+)</loc>", sitemap)
    ]
    searches = ["kopi", "kue", "kecantikan", "income", "pelanggan", "batik", "reseller", "madu"]
    paths = pages[:60]
    paths += [f"/search/?q={q}" for q in searches] + [f"/api/search/?q={q}" for q in searches]
    paths += ["/", "/stories/", "/learn/"] * 4
    path = OUT / "reader-paths.txt"
    path.write_text("\n".join(paths) + "\n")
    return path


# --- phases -------------------------------------------------------------------------------------


@dataclass
class Phase:
    name: str
    share: float
    fault: str = (
        ""  # which goal family it belongs to: "cluster" (search, app, worker) or "database"
    )
    started: float = 0.0
    ended: float = 0.0
    readers: dict = field(default_factory=dict)
    proxy: dict = field(default_factory=dict)  # the readers' answers in HAProxy's log
    people: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)


PHASES = [
    Phase("calm", 0.16),
    Phase("OpenSearch node killed", 0.12, "cluster"),
    Phase("OpenSearch node back", 0.11, "cluster"),
    Phase("app server killed", 0.12, "cluster"),
    Phase("app server back", 0.10, "cluster"),
    Phase("task worker killed mid-task", 0.13, "cluster"),
    Phase("PostgreSQL restart", 0.12, "database"),
    Phase("after", 0.14),
]


class Run:
    def __init__(self):
        self.drained_s: float | None = None
        self.depth: list = []
        self.recoveries: dict[str, dict] = {}
        self.threads: list[threading.Thread] = []

    def background(self, target, *args) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        thread.start()
        self.threads.append(thread)

    def applied_after(self, fault: str, since: float) -> None:
        """Seconds from recovery until every queued index update is applied."""
        seconds = wait_until(lambda: index_backlog() == 0, timeout=120, step=1)
        self.recoveries[fault]["index_applied_s"] = (
            None if seconds is None else round(time.monotonic() - since, 1)
        )

    # The faults.

    def search_node_killed(self, phase: Phase) -> None:
        kill(KILLED_NODE)
        phase.notes.append(f"{KILLED_NODE} SIGKILLed")
        self.recoveries["OpenSearch node"] = {}

    def search_node_back(self, phase: Phase) -> None:
        started = time.monotonic()
        cluster.start_part(KILLED_NODE)
        phase.notes.append(f"{KILLED_NODE} started again")

        def rejoined():
            health = cluster.cluster_health()
            return (
                health.get("number_of_nodes") == len(cluster.NODES)
                and health.get("status") == "green"
            )

        def watch():
            seconds = wait_until(rejoined, timeout=300, step=1)
            self.recoveries["OpenSearch node"]["recovered_s"] = (
                None if seconds is None else round(seconds, 1)
            )
            self.applied_after("OpenSearch node", time.monotonic())

        self.background(watch)
        del started

    def app_killed(self, phase: Phase) -> None:
        kill(KILLED_APP)
        phase.notes.append(f"{KILLED_APP} SIGKILLed")
        self.recoveries["app server"] = {}

    def app_back(self, phase: Phase) -> None:
        cluster.start_part(KILLED_APP)
        phase.notes.append(f"{KILLED_APP} started again")
        port = cluster.APP_PORTS[cluster.APPS.index(KILLED_APP)]

        def watch():
            seconds = wait_until(
                lambda: cluster.answers(f"http://{cluster.HOST}:{port}/healthz") == 200, 120
            )
            self.recoveries["app server"]["recovered_s"] = (
                None if seconds is None else round(seconds, 1)
            )
            self.applied_after("app server", time.monotonic())

        self.background(watch)

    def worker_killed(self, phase: Phase) -> None:
        """Queue full reindexes, kill the worker that runs one, restart that worker later."""
        self.recoveries["task worker"] = {}
        ids = [row[0] for row in sql("SELECT page_ptr_id FROM stories_storypage")]
        before = {row[0] for row in sql("SELECT id FROM django_tasks_database_dbtaskresult")}
        # At a low priority, as an operator's bulk job should be: the members' index updates
        # queued meanwhile run first instead of waiting behind them.
        manage(
            "shell",
            code="from search.tasks import update_story_index\n"
            f"for _ in range({REINDEXES}):\n"
            f"    update_story_index.using(priority={REINDEX_PRIORITY}).enqueue({ids})",
        )
        task = victim = None
        import psycopg

        with psycopg.connect(
            f"{cluster.POSTGRES_URL}/{cluster.DATABASE}", autocommit=True
        ) as connection:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and victim is None:
                for task_id, workers in connection.execute(
                    "SELECT id, worker_ids FROM django_tasks_database_dbtaskresult"
                    " WHERE task_path = %s AND status = 'RUNNING'",
                    [INDEX_TASKS[0]],
                ).fetchall():
                    if task_id not in before and workers:
                        # "worker-1.<run>": the part's name, then the run's own lease id
                        task, victim = task_id, workers[-1].split(".")[0]
                time.sleep(0.02)
        if victim is None:
            phase.notes.append("the reindex task was not seen running: no worker killed")
            return
        kill(victim)
        killed_at = time.monotonic()
        phase.notes.append(f"{victim} SIGKILLed while running task {task} ({len(ids)} stories)")

        def state():
            return sql(
                "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult WHERE id = %s",
                task,
            )[0]

        figures = self.recoveries["task worker"]

        def watch():
            time.sleep(WORKER_RESTART_SECONDS)
            cluster.start_part(victim)
            # The lease's part: the task is back in the queue (READY), or already taken again by
            # another worker's run. That is the recovery; the index updates members queued
            # meanwhile must then be applied within the limit (they outrank the reindex).
            back = wait_until(
                lambda: state()[0] != "RUNNING" or len(state()[1]) > 1, timeout=180, step=0.2
            )
            if back is None:
                return
            figures["recovered_s"] = round(time.monotonic() - killed_at, 1)
            figures["ahead"] = sql(
                "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'READY'"
                " AND priority > %s AND run_after <= now()",
                REINDEX_PRIORITY,
            )[0][0]
            self.background(self.applied_after, "task worker", time.monotonic())
            # Picked up again: running under another worker run's lease (or already done). At
            # its low priority it waits until the tasks ahead of it are done.
            picked = wait_until(
                lambda: (
                    state()[0] == "SUCCESSFUL" or (state()[0] == "RUNNING" and len(state()[1]) > 1)
                ),
                timeout=DRAIN_SECONDS + 200,
                step=0.5,
            )
            figures["picked_up_s"] = (
                None if picked is None else round(time.monotonic() - killed_at, 1)
            )
            finished = wait_until(lambda: state()[0] == "SUCCESSFUL", timeout=180, step=0.5)
            figures["finished_s"] = (
                None if finished is None else round(time.monotonic() - killed_at, 1)
            )
            with contextlib.suppress(Exception):
                figures["workers"] = state()[1]

        self.background(watch)

    def postgres_restart(self, phase: Phase) -> None:
        self.recoveries["PostgreSQL"] = {}
        pid = cluster.running()["postgres"]
        started = time.monotonic()
        os.killpg(pid, signal.SIGINT)  # a fast shutdown, as `pg_ctl restart -m fast` does
        wait_until(lambda: "postgres" not in cluster.running(), 60, 0.1)
        down_s = round(time.monotonic() - started, 1)
        time.sleep(3)  # down long enough for requests to meet it
        cluster.start_part("postgres")
        phase.notes.append(f"PostgreSQL stopped (fast, {down_s} s), down 3 s, started again")

        def watch():
            seconds = wait_until(lambda: cluster.answers(f"{SITE}/healthz") == 200, 120, 0.2)
            self.recoveries["PostgreSQL"]["recovered_s"] = (
                None if seconds is None else round(seconds, 1)
            )
            self.applied_after("PostgreSQL", time.monotonic())

        self.background(watch)


FAULTS = {
    "OpenSearch node killed": Run.search_node_killed,
    "OpenSearch node back": Run.search_node_back,
    "app server killed": Run.app_killed,
    "app server back": Run.app_back,
    "task worker killed mid-task": Run.worker_killed,
    "PostgreSQL restart": Run.postgres_restart,
}


def readers(seconds: float, paths: Path) -> dict:
    result = subprocess.run(  # noqa: S603
        ["wrk", "-t", "2", "-c", str(READERS), "-d", f"{max(1, round(seconds))}s",  # noqa: S607
         "--timeout", "10s", "-s", str(REPO / "bench" / "chaos_readers.lua"), SITE, "--", str(paths)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    line = next((ln for ln in result.stdout.splitlines() if ln.startswith("CHAOS ")), None)
    if line is None:
        return {"error": (result.stdout + result.stderr)[-500:]}
    return json.loads(line.removeprefix("CHAOS "))


def locust(seconds: float, accounts_path: Path, events_path: Path) -> subprocess.Popen:
    log = open(OUT / "locust.log", "w")  # noqa: SIM115 - closed with the process
    return subprocess.Popen(  # noqa: S603
        [cluster.PYTHON, "-m", "locust", "-f", str(REPO / "bench" / "chaos_locust.py"),
         "--headless", "--users", "12", "--spawn-rate", "12", "--run-time", f"{round(seconds)}s",
         "--stop-timeout", "20", "--host", SITE, "--only-summary", "--loglevel", "WARNING"],
        cwd=REPO, stdout=log, stderr=subprocess.STDOUT,
        env={**os.environ, "CHAOS_ACCOUNTS": str(accounts_path), "CHAOS_EVENTS": str(events_path)},
    )  # fmt: skip


# --- the report -----------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def people_by_phase(events: list[dict]) -> None:
    for phase in PHASES:
        requests = [
            e
            for e in events
            if e["kind"] == "request" and phase.started <= e["t"] < (phase.ended or 9e99)
        ]
        times = [e["ms"] for e in requests]
        phase.people = {
            "requests": len(requests),
            "5xx": sum(1 for e in requests if e["status"] >= 500),
            "500": sum(1 for e in requests if e["status"] == 500),
            "no answer": sum(1 for e in requests if not e["status"]),
            "p50_ms": percentile(times, 50),
            "p95_ms": percentile(times, 95),
        }


# HAProxy's httplog line: client, accept date, frontend, backend/server, timers, status, ..., request.
PROXY_LINE = re.compile(
    r"^(?P<client>[0-9.]+):\d+ \[(?P<accepted>[^\]]+)\] (?P<frontend>\S+) (?P<server>\S+) "
    r"(?P<timers>\S+) (?P<status>-?\d+) \S+ \S+ \S+ (?P<termination>\S+) "
    r".*\"(?P<method>[A-Z]+) (?P<path>\S+)"
)


def proxy_log_size() -> int:
    path = cluster.STATE / "logs" / "haproxy.log"
    return path.stat().st_size if path.exists() else 0


def readers_from_proxy(since: int) -> None:
    """Each phase's reader answers as HAProxy logged them (from byte ``since`` of its log): wrk
    is the only client on 127.0.0.1 (Locust's people have their own addresses), the chaos
    script's own /healthz and sitemap reads left out. An answer counts in the phase it was sent
    in (accepted + total time), as wrk counts it."""
    path = cluster.STATE / "logs" / "haproxy.log"
    if not path.exists():
        return
    counts = {
        phase.name: {"requests": 0, "5xx": 0, "queue_timeouts": 0, "app_5xx": 0, "proxy_5xx": 0}
        for phase in PHASES
    }
    times: dict[str, list[float]] = {phase.name: [] for phase in PHASES}
    with path.open("rb") as log:
        log.seek(since)
        for raw in log:
            match = PROXY_LINE.match(raw.decode(errors="replace"))
            if not match or match["frontend"] != "terang" or match["client"] != "127.0.0.1":
                continue
            if match["path"].startswith(("/healthz", "/sitemap.xml")):
                continue
            try:
                accepted = datetime.datetime.strptime(
                    match["accepted"], "%d/%b/%Y:%H:%M:%S.%f"
                ).timestamp()
            except ValueError:
                continue
            total = match["timers"].split("/")[-1].lstrip("+")
            total_ms = max(0, int(total)) if total.lstrip("-").isdigit() else 0
            sent = accepted + total_ms / 1000
            phase = next((p for p in PHASES if p.started <= sent < (p.ended or 9e99)), None)
            status = int(match["status"])
            # wrk closing its connections at the end of a phase (HAProxy logs a 400 "CR").
            if phase is None or match["termination"].startswith("CR"):
                continue
            figures = counts[phase.name]
            figures["requests"] += 1
            times[phase.name].append(total_ms)
            if status < 500:
                continue
            figures["5xx"] += 1
            if match["termination"].startswith("sQ"):
                figures["queue_timeouts"] += 1  # waited `timeout queue` for a free worker
            elif match["server"].endswith("<NOSRV>") or match["termination"][:1] in "sS":
                figures["proxy_5xx"] += 1  # no server, or a server failing under the request
            else:
                figures["app_5xx"] += 1  # the app server's own answer (503 without the database)
    for phase in PHASES:
        phase.proxy = {
            **counts[phase.name],
            "p50_ms": percentile(times[phase.name], 50),
            "p95_ms": percentile(times[phase.name], 95),
        }


def stored_stories() -> list[tuple[int, str]]:
    return sql(
        "SELECT p.id, p.title FROM wagtailcore_page p JOIN stories_storypage s ON s.page_ptr_id = p.id"
        " WHERE p.title LIKE 'Chaos chaos-member-%%'"
    )


def search_check() -> tuple[int | None, str]:
    try:
        output = manage("search_index", "--check")
    except RuntimeError as error:
        output = str(error)
    stale = [int(n) for n in re.findall(r"stale (\d+)", output)]
    summary = [line for line in output.splitlines() if re.match(r"^\w+: missing \d+", line)]
    return (sum(stale) if stale else None), "\n".join(summary) or output.strip()[-500:]


def breakdown(proxy: dict) -> str:
    if not proxy:
        return "-"
    return f"{proxy['queue_timeouts']}/{proxy['app_5xx']}/{proxy['proxy_5xx']}"


def fmt(value, unit="") -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.0f}{unit}" if value >= 10 else f"{value:.1f}{unit}"
    return f"{value}{unit}"


def report(run: Run, events: list[dict], load: str, metrics_before, metrics_after) -> bool:
    people_by_phase(events)
    print()
    print(f"chaos run: {SECONDS} s, {READERS} readers (wrk), 10 members + 2 moderators (Locust)")
    print(f"load average at the start: {load}; the figures are relative (calm against fault).")
    print()
    print(
        "readers: wrk's own counts (its p50/p95 leave out answers slower than its 10 s timeout);"
        " proxy: the same readers' answers in HAProxy's log, 5xx as queue time-outs (q),"
        " app servers' own (a) and the proxy's for a failed server (s), p95 of every answer"
    )
    head = (
        f"{'phase':28} {'readers':>7} {'5xx':>4} {'no ans':>6} {'p50':>7} {'p95':>7}"
        f" {'proxy':>6} {'5xx q/a/s':>12} {'p95':>7}"
        f" | {'members+mods':>12} {'5xx':>4} {'500':>4} {'p50':>7} {'p95':>7}"
    )
    print(head)
    print("-" * len(head))
    for phase in PHASES:
        r, p, x = phase.readers, phase.people, phase.proxy
        failed = sum(r.get(k, 0) for k in ("connect_errors", "read_errors", "timeouts"))
        print(
            f"{phase.name:28} {fmt(r.get('requests')):>7} {fmt(r.get('server_error')):>4}"
            f" {fmt(failed):>6} {fmt(r.get('p50_ms'), 'ms'):>7} {fmt(r.get('p95_ms'), 'ms'):>7}"
            f" {fmt(x.get('requests')):>6} {breakdown(x):>12} {fmt(x.get('p95_ms'), 'ms'):>7}"
            f" | {fmt(p['requests']):>12} {fmt(p['5xx']):>4} {fmt(p['500']):>4}"
            f" {fmt(p['p50_ms'], 'ms'):>7} {fmt(p['p95_ms'], 'ms'):>7}"
        )
        for note in phase.notes:
            print(f"{'':32}{note}")
    print()

    accepted = {e["story"]: e["title"] for e in events if e["kind"] == "accepted"}
    submitted = {e["story"] for e in events if e["kind"] == "submitted"}
    approved = {e["story"] for e in events if e["kind"] == "approved"}
    attempts = {e["title"] for e in events if e["kind"] == "attempt"}
    stories = stored_stories()
    stories = [(pk, title) for pk, title in stories if title in attempts]
    stored_ids = {pk for pk, _ in stories}
    by_title: dict[str, int] = {}
    for _pk, title in stories:
        by_title[title] = by_title.get(title, 0) + 1
    duplicates = sum(n - 1 for n in by_title.values() if n > 1)
    lost = sorted(set(accepted) - stored_ids)
    print(
        f"submissions: {len(attempts)} started, {len(accepted)} accepted, {len(stored_ids)} stories "
        f"stored, {len(lost)} lost, {duplicates} duplicates; {len(submitted)} sent for review, "
        f"{len(approved)} approvals by the moderators"
    )

    tasks = sql(
        "SELECT status, count(*) FROM django_tasks_database_dbtaskresult"
        " WHERE task_path = %s AND enqueued_at >= to_timestamp(%s) GROUP BY status",
        INDEX_TASKS[0],
        PHASES[0].started,
    )
    queued = sum(n for _status, n in tasks)
    applied = sum(n for status, n in tasks if status == "SUCCESSFUL")
    pending = sql("SELECT count(*) FROM story_search_pendingclusterupdate")[0][0]
    by_status = ", ".join(f"{status.lower()} {n}" for status, n in sorted(tasks))
    print(
        f"index updates: {queued} queued, {applied} applied ({by_status}); "
        f"{pending} cluster updates still pending"
    )
    if metrics_after:
        deltas = metric_deltas(metrics_before, metrics_after)
        for name in (
            "terang_index_updates_queued_total",
            "terang_index_updates_applied_total",
        ):
            print(f"  /metrics {name}: {deltas.get(name, 0):.0f}")
        for key, value in sorted(deltas.items()):
            if "search_fallbacks" in key:
                print(f"  /metrics {key}: {value:.0f}")
    stale, check_output = search_check()
    print(f"search_index --check: {check_output.replace(chr(10), '; ')}")
    print()
    for fault, figures in run.recoveries.items():
        if "ahead" in figures:
            print(
                f"recovery, {fault}: the killed worker's task back in the queue "
                f"{fmt(figures.get('recovered_s'), ' s')} after the kill (lease), picked up again "
                f"{fmt(figures.get('picked_up_s'), ' s')} and finished "
                f"{fmt(figures.get('finished_s'), ' s')} after it; {figures['ahead']} tasks of "
                "higher priority were waiting ahead of it (a reindex is queued last by design)"
            )
        print(
            f"recovery, {fault}: back in {fmt(figures.get('recovered_s'), ' s')}, index updates "
            f"applied {fmt(figures.get('index_applied_s'), ' s')} after"
            + (f" (task run by {figures['workers']})" if figures.get("workers") else "")
        )
    print()

    cluster_phases = [p for p in PHASES if p.fault == "cluster"]
    # HAProxy's log says which answers were 5xx and when; wrk's own count is the fallback.
    from_proxy = all(p.proxy for p in cluster_phases)
    fault_5xx = sum(
        p.proxy["5xx"] if from_proxy else p.readers.get("server_error", 0) for p in cluster_phases
    )
    worker = run.recoveries.get("task worker", {})
    # HAProxy's p95 counts every answer; wrk's leaves out those slower than its timeout.
    latency = "proxy" if from_proxy else "readers"
    calm_p95 = getattr(PHASES[0], latency).get("p95_ms") or 0
    worst = max(
        (getattr(p, latency).get("p95_ms") or 0)
        for p in cluster_phases
        if p.name.startswith(("OpenSearch", "app"))
    )
    database = next(p for p in PHASES if p.fault == "database")
    database_500 = database.people["500"] + database.readers.get("server_error_not_503", 0)
    goals = [
        ("0 lost submissions", not lost, f"{len(lost)} lost"),
        ("0 duplicate stories", duplicates == 0, f"{duplicates} duplicates"),
        (
            "0 5xx for readers during the OpenSearch, app-server and worker faults",
            fault_5xx == 0,
            f"{fault_5xx} 5xx in {'HAProxy' if from_proxy else 'wrk'}'s count"
            + (
                f" ({sum(p.proxy['queue_timeouts'] for p in cluster_phases)} queue time-outs, "
                f"{sum(p.proxy['app_5xx'] for p in cluster_phases)} from app servers, "
                f"{sum(p.proxy['proxy_5xx'] for p in cluster_phases)} for failed servers; "
                f"calm: {PHASES[0].proxy['5xx']})"
                if from_proxy
                else ""
            )
            + f"; wrk counted {sum(p.readers.get('server_error', 0) for p in cluster_phases)}",
        ),
        (
            f"a killed worker's task back in the queue within {RECOVERY_LIMIT} s, and run again",
            worker.get("recovered_s") is not None
            and worker["recovered_s"] <= RECOVERY_LIMIT
            and worker.get("picked_up_s") is not None,
            f"back {fmt(worker.get('recovered_s'), ' s')}, "
            f"picked up {fmt(worker.get('picked_up_s'), ' s')} after the kill",
        ),
        (
            "PostgreSQL restart: errors are 503 with Retry-After, never 500",
            database_500 == 0 and database.readers.get("503_without_retry_after", 0) == 0,
            f"{database_500} other 5xx, {database.readers.get('server_error', 0)} reader 5xx, "
            f"{database.readers.get('503_without_retry_after', 0)} 503 without Retry-After",
        ),
        (
            f"queued index updates applied within {RECOVERY_LIMIT} s of each recovery",
            all(
                f.get("index_applied_s") is not None and f["index_applied_s"] <= RECOVERY_LIMIT
                for f in run.recoveries.values()
            ),
            ", ".join(
                f"{k}: {fmt(v.get('index_applied_s'), ' s')}" for k, v in run.recoveries.items()
            ),
        ),
        ("search_index --check: 0 stale", stale == 0, f"{fmt(stale)} stale"),
        (
            f"reader p95 within {P95_LIMIT:.0f}x calm during the OpenSearch and app-server faults",
            bool(calm_p95) and worst <= P95_LIMIT * calm_p95,
            f"calm {fmt(calm_p95, ' ms')}, worst {fmt(worst, ' ms')}",
        ),
    ]
    drained = "empty" if run.drained_s is not None else "NOT empty"
    print(
        f"task queue after the last phase: {drained} "
        f"{fmt(None if run.drained_s is None else round(run.drained_s), ' s')} after the last "
        f"phase (waited at most {DRAIN_SECONDS} s more); due and unfinished at the end:"
        + ("" if run.depth else " none")
    )
    for path, status, priority, count in run.depth:
        print(f"  {count:5} {status:8} priority {priority:4}  {path}")
    print()
    print("goals (issue 17):")
    for goal, met, detail in goals:
        print(f"  [{'met' if met else 'UNMET'}] {goal} ({detail})")
    (OUT / "report.json").write_text(
        json.dumps(
            {
                "seconds": SECONDS,
                "load": load,
                "phases": [
                    {"name": p.name, "started": p.started, "ended": p.ended,
                     "readers": p.readers, "proxy": p.proxy, "people": p.people,
                     "notes": p.notes}
                    for p in PHASES
                ],
                "recoveries": run.recoveries,
                "queue": {"drained_s": run.drained_s, "depth": run.depth},
                "submissions": {"accepted": len(accepted), "stored": len(stored_ids),
                                "lost": lost, "duplicates": duplicates},
                "index_updates": {"queued": queued, "applied": applied, "pending": pending},
                "stale": stale,
                "goals": [{"goal": g, "met": m, "detail": d} for g, m, d in goals],
            },
            indent=2,
        )
    )  # fmt: skip
    return all(met for _goal, met, _detail in goals)


def main() -> int:
    running = cluster.running()
    missing = [
        name
        for name in ("haproxy", *cluster.APPS, *cluster.WORKERS, *cluster.NODES, "postgres")
        if name not in running
    ]
    if missing:
        say(
            f"try-cluster is not (fully) running: {', '.join(missing)} missing; run make try-cluster"
        )
        return 2
    OUT.mkdir(parents=True, exist_ok=True)
    events_path = OUT / "events.jsonl"
    events_path.write_text("")
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    say("creating 10 members and 2 moderators")
    accounts_path = accounts()
    paths = reader_paths()
    say(f"{SECONDS} s of load; phases: " + ", ".join(p.name for p in PHASES))
    if WARMUP_SECONDS:
        # The first answers fill cold caches (pages, search, Python's imports): a calm phase
        # that started cold measured a start-up, not a steady state.
        say(f"warm-up: {WARMUP_SECONDS} s of readers, not counted")
        readers(WARMUP_SECONDS, paths)
    metrics_before = metrics()
    proxy_since = proxy_log_size()
    run = Run()
    people = locust(SECONDS, accounts_path, events_path)
    time.sleep(2)
    try:
        for phase in PHASES:
            phase.started = time.time()
            duration = phase.share * SECONDS
            action = FAULTS.get(phase.name)
            faulting = None
            if action is not None:
                faulting = threading.Thread(target=action, args=(run, phase), daemon=True)
                faulting.start()
            say(f"phase: {phase.name} ({duration:.0f} s)")
            phase.readers = readers(duration, paths)
            if faulting is not None:
                faulting.join(timeout=120)
            phase.ended = time.time()
        people.wait(timeout=120)
    finally:
        if people.poll() is None:
            people.terminate()
            people.wait(timeout=30)
    end_of_run = time.monotonic()
    say("waiting for the recoveries to be measured")
    for thread in run.threads:
        thread.join(timeout=200)
    # A part that stayed down (a failed restart) is started again for the next run.
    for name in (KILLED_NODE, KILLED_APP, *cluster.WORKERS):
        if name not in cluster.running():
            cluster.start_part(name)
    say(f"waiting (at most {DRAIN_SECONDS} s) for the task queue to drain")
    if wait_until(lambda: not queue_depth(), DRAIN_SECONDS, 2) is not None:
        run.drained_s = time.monotonic() - end_of_run
    run.depth = queue_depth()
    for thread in run.threads:  # the killed worker's task, seen run again once its turn came
        thread.join(timeout=60)
    events = [json.loads(line) for line in events_path.read_text().splitlines() if line.strip()]
    readers_from_proxy(proxy_since)
    met = report(run, events, load, metrics_before, metrics())
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
