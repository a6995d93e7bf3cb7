"""make try-cluster: Terang as several processes of each part, on this machine's loopback only.

    python tools/cluster/cluster.py start | stop | status

start installs what is missing (Debian's haproxy and redis-server, PostgreSQL through .ci/postgres,
the OpenSearch node through tools/opensearch; moto comes with the dev dependencies), then runs:

    HAProxy :8100 ── gunicorn :8101 ─┐            PostgreSQL :5433 (its own server; terang_cluster)
                 └─ gunicorn :8102 ──┼── Redis :6390 (cache, sessions, page cache)
    task_worker ×2 ──────────────────┼── HAProxy :9300 ── OpenSearch :9301 :9302 :9303
                                     └── moto (S3) :5090 (buckets terang-media, terang-private)

with the production settings (terang.settings.production) from the environment, plain HTTP.
Everything it starts keeps its process id, log and data under var/try-cluster/; stop ends them
(SIGTERM, then SIGKILL after a grace period) and removes the data. PostgreSQL is a server of its
own (Debian's binaries, a throwaway data directory, fsync off), so `make chaos` can restart it
without touching the machine's own server on :5432.
"""

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
STATE = REPO / "var" / "try-cluster"
PYTHON = sys.executable
HOST = "127.0.0.1"
PROXY_PORT = 8100
APP_PORTS = (8101, 8102)
APP_WORKERS = 2  # gunicorn worker processes per app server
STATS_PORT = 8109
SEARCH_PORT = 9300
NODES = {"node-1": (9301, 9401), "node-2": (9302, 9402), "node-3": (9303, 9403)}
REDIS_PORT = 6390
S3_PORT = 5090
WORKERS = ("worker-1", "worker-2")
APPS = tuple(f"app-{n}" for n in range(1, len(APP_PORTS) + 1))
DATABASE = "terang_cluster"
POSTGRES_PORT = 5433
POSTGRES_URL = f"postgres://terang:terang@127.0.0.1:{POSTGRES_PORT}"
BUCKETS = ("terang-media", "terang-private")
START_TIMEOUT = 600
STOP_GRACE = 30


def say(message: str) -> None:
    print(f"try-cluster: {message}", flush=True)


def fail(message: str) -> None:
    say(message)
    sys.exit(1)


# --- parts ---------------------------------------------------------------------------------------


def install_debian_packages() -> None:
    missing = [
        package
        for package, binary in (("haproxy", "haproxy"), ("redis-server", "redis-server"))
        if shutil.which(binary) is None and not Path(f"/usr/sbin/{binary}").exists()
    ]
    if not missing:
        return
    if os.geteuid() != 0:
        fail(
            f"{', '.join(missing)} missing; install Debian's packages (apt-get install {' '.join(missing)})"
        )
    say(f"installing Debian's {', '.join(missing)}")
    environ = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    apt = ["apt-get", "-qq"]
    subprocess.run([*apt, "update"], check=True, env=environ)  # noqa: S603
    subprocess.run([*apt, "install", "-y", *missing], check=True, env=environ)  # noqa: S603


def binary(name: str) -> str:
    found = shutil.which(name) or (
        f"/usr/sbin/{name}" if Path(f"/usr/sbin/{name}").exists() else None
    )
    if not found:
        fail(f"{name} is not installed")
    return found


def postgres_binary(name: str) -> str:
    """A PostgreSQL server program from Debian's packages (the newest installed version)."""
    found = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: int(p.parts[-3])
    )
    if not found:
        if os.geteuid() == 0:
            subprocess.run(["bash", str(REPO / ".ci" / "postgres")], check=True)  # noqa: S603, S607
            return postgres_binary(name)
        fail("PostgreSQL's server is not installed (apt-get install postgresql)")
    return str(found[-1])


def as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: as root, run it as the postgres user."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def postgres_data() -> Path:
    return STATE / "data" / "postgres"


def init_postgres() -> None:
    data = postgres_data()
    if (data / "PG_VERSION").exists():
        return
    data.mkdir(parents=True)
    password = STATE / "data" / "postgres-password"
    password.write_text("terang\n")
    if os.geteuid() == 0:
        shutil.chown(data, "postgres", "postgres")
        shutil.chown(password, "postgres", "postgres")
    say("initialising PostgreSQL's data directory")
    subprocess.run(  # noqa: S603
        as_postgres([postgres_binary("initdb"), "-D", str(data), "-U", "terang",
                     f"--pwfile={password}", "--auth=scram-sha-256", "-E", "UTF8"]),
        check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    password.unlink()


def postgres_command() -> list[str]:
    data = postgres_data()
    return as_postgres(
        [postgres_binary("postgres"), "-D", str(data), "-p", str(POSTGRES_PORT),
         "-c", f"listen_addresses={HOST}", "-c", f"unix_socket_directories={data}",
         "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
         "-c", "max_connections=200"]
    )  # fmt: skip


def postgres_answers() -> bool:
    import psycopg

    try:
        with psycopg.connect(f"{POSTGRES_URL}/postgres", connect_timeout=2):
            return True
    except psycopg.Error:
        return False


def ensure_database() -> None:
    import psycopg

    with psycopg.connect(f"{POSTGRES_URL}/postgres", autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]
        ).fetchone()
        if not exists:
            say(f"creating database {DATABASE}")
            connection.execute(f'CREATE DATABASE "{DATABASE}"')


def port_free(port: int) -> bool:
    with socket.socket() as probe:
        # Connections of a part stopped a moment ago linger in TIME_WAIT; only a listener counts.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((HOST, port))
        except OSError:
            return False
    return True


def answers(url: str, timeout: float = 2.0) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - loopback
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


def wait_for(what: str, check, timeout: float = START_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.5)
    fail(f"{what} did not come up in {timeout:.0f} s; see {STATE / 'logs'}")


# --- processes -----------------------------------------------------------------------------------


def start(name: str, command: list[str], environ: dict | None = None) -> int:
    """Start a process in its own session; its pid goes to var/try-cluster/pids/NAME."""
    logs, pids = STATE / "logs", STATE / "pids"
    logs.mkdir(parents=True, exist_ok=True)
    pids.mkdir(parents=True, exist_ok=True)
    with open(logs / f"{name}.log", "ab") as log:
        process = subprocess.Popen(  # noqa: S603
            command,
            cwd=REPO,
            env={**os.environ, **(environ or {})},
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    (pids / name).write_text(str(process.pid))
    return process.pid


def running() -> dict[str, int]:
    found = {}
    for path in sorted((STATE / "pids").glob("*")) if (STATE / "pids").exists() else []:
        pid = int(path.read_text())
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            path.unlink()
            continue
        found[path.name] = pid
    return found


def stop_process(name: str, pid: int) -> None:
    try:
        # PostgreSQL's fast shutdown (SIGTERM would wait for every client to leave).
        os.killpg(pid, signal.SIGINT if name == "postgres" else signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + STOP_GRACE
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        # Reap it if it is our child (it is not, after a separate `make try-cluster-stop`).
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
        time.sleep(0.2)
    say(f"{name} did not stop in {STOP_GRACE} s: killing it")
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


def stop_all() -> None:
    # The entry first, the data last.
    order = ["haproxy", *APPS, *WORKERS, *NODES, "s3", "redis", "postgres"]
    found = running()
    for name in sorted(found, key=lambda n: order.index(n) if n in order else len(order)):
        say(f"stopping {name} (pid {found[name]})")
        stop_process(name, found[name])
        (STATE / "pids" / name).unlink(missing_ok=True)
    shutil.rmtree(STATE / "data", ignore_errors=True)


# --- configuration -------------------------------------------------------------------------------


def secret_key() -> str:
    path = STATE / "secret-key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def metrics_token() -> str:
    """The bearer token for /metrics (make chaos reads it from var/try-cluster/metrics-token)."""
    path = STATE / "metrics-token"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(32))
        path.chmod(0o600)
    return path.read_text().strip()


def django_environment() -> dict:
    site = f"http://{HOST}:{PROXY_PORT}"
    return {
        "DJANGO_SETTINGS_MODULE": "terang.settings.production",
        "SECRET_KEY": secret_key(),
        "ALLOWED_HOSTS": f"{HOST},localhost",
        "SITE_URL": site,
        "DATABASE_URL": f"{POSTGRES_URL}/{DATABASE}",
        "EMAIL_URL": "console://",
        # Plain HTTP on loopback; HAProxy in front, one proxy to count in X-Forwarded-For.
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "SECURE_PROXY_SSL_HEADER": "none",
        "TRUSTED_PROXY_COUNT": "1",
        "CACHE_URL": f"redis://{HOST}:{REDIS_PORT}/0",
        "PAGE_CACHE_URL": f"redis://{HOST}:{REDIS_PORT}/1",
        "SEARCH_URL": f"opensearch://{HOST}:{SEARCH_PORT}",
        "MEDIA_STORAGE": "s3",
        "S3_ENDPOINT_URL": f"http://{HOST}:{S3_PORT}",
        "S3_REGION": "us-east-1",
        "S3_ADDRESSING_STYLE": "path",
        "S3_MEDIA_BUCKET": BUCKETS[0],
        "S3_PRIVATE_BUCKET": BUCKETS[1],
        "AWS_ACCESS_KEY_ID": "try-cluster",
        "AWS_SECRET_ACCESS_KEY": "try-cluster",  # moto accepts any; nothing leaves loopback
        # A killed worker's task runs again within about 20 s (terang.task_worker: the lease runs
        # out, then the reaper looks twice, half a lease apart); a live one beats every 3 s.
        "TASK_LEASE_SECONDS": "10",
        "METRICS_TOKEN": metrics_token(),
        "LOG_FORMAT": "text",
    }


HAPROXY_CONFIG = """\
# Written by tools/cluster/cluster.py; loopback only.
global
    maxconn 4096

defaults
    mode http
    log stdout format raw local0 info
    option httplog
    option forwardfor
    timeout connect 2s
    timeout client 60s
    timeout server 30s
    timeout http-request 10s
    # A request that did not get an answer is sent again, to another server (redispatch).
    retries 5
    option redispatch 1
    retry-on conn-failure empty-response junk-response response-timeout 0rtt-rejected 502 504
    # A check waits its turn like any request on a busy server: give it time, and three misses,
    # before the server counts as dead (a dead one refuses connections at once anyway, and those
    # requests go to another server). Its open sessions are not cut when it is marked down: a
    # request that was on it fails on its own and is retried elsewhere (readers saw cut
    # connections in `make chaos` with on-marked-down shutdown-sessions).
    timeout check 5s
    default-server inter 1s fall 3 rise 2
    # With no app server up, HAProxy's own 503 also says when to come back.
    errorfile 503 {error_503}

frontend terang
    bind {host}:{proxy_port}
    # Only idempotent requests are sent again after reaching a server; any request that never
    # reached one (connection refused) is always retried elsewhere.
    http-request disable-l7-retry unless METH_GET or METH_HEAD or METH_OPTIONS
    default_backend app

backend app
    balance roundrobin
    timeout server 10s
    # Requests beyond what a server's gunicorn workers can take wait here, not in its socket's
    # backlog, so a server that dies takes no queued request with it, and checks are not stuck.
    timeout queue 15s
    option httpchk
    http-check send meth GET uri /healthz ver HTTP/1.1 hdr Host {host}
    # 503 is an app server that answers while the shared database does not: it stays in rotation
    # and answers a clean 503 with Retry-After itself (or a cached page), as every other one would.
    http-check expect rstatus ^(200|503)$
{app_servers}

frontend search
    bind {host}:{search_port}
    default_backend opensearch

backend opensearch
    balance roundrobin
    timeout server 5s
    option httpchk
    http-check send meth GET uri /_cluster/health?local=true ver HTTP/1.1 hdr Host {host}
    http-check expect status 200
{search_servers}

listen stats
    bind {host}:{stats_port}
    stats enable
    stats uri /
    stats refresh 2s
"""


HAPROXY_503 = """\
HTTP/1.1 503 Service Unavailable\r
Content-Type: text/html; charset=utf-8\r
Cache-Control: no-store\r
Retry-After: 10\r
Connection: close\r
\r
<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>Terang</title></head>
<body><h1>Terang sedang tidak tersedia sebentar / Terang is briefly unavailable</h1>
<p>Coba lagi dalam 10 detik. / Try again in 10 seconds.</p></body></html>
"""


def haproxy_config() -> str:
    apps = "\n".join(
        # The first refused connection marks a dead server down (observe layer4), so the
        # requests queued for it go to the other one at once instead of failing their retries.
        f"    server app-{n} {HOST}:{port} check maxconn {APP_WORKERS}"
        " observe layer4 error-limit 1 on-error mark-down"
        for n, port in enumerate(APP_PORTS, start=1)
    )
    nodes = "\n".join(f"    server {name} {HOST}:{http} check" for name, (http, _) in NODES.items())
    return HAPROXY_CONFIG.format(
        host=HOST,
        proxy_port=PROXY_PORT,
        search_port=SEARCH_PORT,
        stats_port=STATS_PORT,
        app_servers=apps,
        error_503=STATE / "haproxy-503.http",
        search_servers=nodes,
    )


# --- start, stop, status -------------------------------------------------------------------------


def manage(environ: dict, *arguments: str) -> None:
    say("manage.py " + " ".join(arguments))
    subprocess.run(  # noqa: S603
        [PYTHON, "manage.py", *arguments], cwd=REPO, env={**os.environ, **environ}, check=True
    )


def cluster_health() -> dict:
    try:
        with urllib.request.urlopen(  # noqa: S310 - loopback
            f"http://{HOST}:{NODES['node-1'][0]}/_cluster/health", timeout=2
        ) as response:
            return json.load(response)
    except (OSError, ValueError):
        return {}


def part_command(name: str) -> tuple[list[str], dict]:
    """How an OpenSearch node, an app server or a task worker is started (and started again by
    bench/chaos.py after it was killed): its command and its environment."""
    if name in NODES:
        http, transport = NODES[name]
        seeds = ",".join(f"{HOST}:{t}" for n, (_, t) in NODES.items() if n != name)
        script = REPO / "tools" / "opensearch" / "run-node.sh"
        data = STATE / "data" / name
        return [str(script), str(http), str(data), name, str(transport), seeds, ",".join(NODES)], {}
    if name in APPS:
        port = APP_PORTS[APPS.index(name)]
        return (
            [PYTHON, "-m", "gunicorn", "--config", "python:terang.gunicorn_conf", "terang.wsgi"],
            {
                **django_environment(),
                "BIND": f"{HOST}:{port}",
                "WEB_CONCURRENCY": str(APP_WORKERS),
                # Each app server's workers add up their figures here (terang.metrics).
                "PROMETHEUS_MULTIPROC_DIR": str(STATE / "data" / f"metrics-{name}"),
            },
        )
    if name == "postgres":
        return postgres_command(), {}
    if name in WORKERS:
        return (
            [PYTHON, "manage.py", "task_worker", "--queue-name", "*", "--worker-id", name],
            django_environment(),
        )
    raise ValueError(f"no such part: {name}")


def start_part(name: str) -> int:
    return start(name, *part_command(name))


def start_all() -> None:
    if running():
        fail("already running (make try-cluster-stop first); " + ", ".join(running()))
    ports = [PROXY_PORT, *APP_PORTS, STATS_PORT, SEARCH_PORT, REDIS_PORT, S3_PORT, POSTGRES_PORT]
    ports += [port for pair in NODES.values() for port in pair]
    taken = [port for port in ports if not port_free(port)]
    if taken:
        fail(f"ports in use on {HOST}: {', '.join(map(str, taken))}")
    install_debian_packages()
    for tool in ("java", "mvn", "javac"):
        if shutil.which(tool) is None:
            fail(f"the OpenSearch nodes need {tool} (apt-get install default-jdk-headless maven)")
    STATE.mkdir(parents=True, exist_ok=True)
    data = STATE / "data"
    data.mkdir(exist_ok=True)
    init_postgres()
    start_part("postgres")

    start(
        "redis",
        [binary("redis-server"), "--bind", HOST, "--port", str(REDIS_PORT), "--dir", str(data),
         "--save", "", "--appendonly", "no", "--protected-mode", "yes"],
    )  # fmt: skip
    start("s3", [PYTHON, "-m", "moto.server", "-H", HOST, "-p", str(S3_PORT)])
    for name in NODES:
        start_part(name)
    (STATE / "haproxy-503.http").write_text(HAPROXY_503)
    config = STATE / "haproxy.cfg"
    config.write_text(haproxy_config())
    subprocess.run([binary("haproxy"), "-c", "-q", "-f", str(config)], check=True)  # noqa: S603
    start("haproxy", [binary("haproxy"), "-db", "-f", str(config)])

    wait_for("moto (S3)", lambda: answers(f"http://{HOST}:{S3_PORT}/") is not None)
    import boto3

    s3 = boto3.client(
        "s3",
        endpoint_url=f"http://{HOST}:{S3_PORT}",
        region_name="us-east-1",
        aws_access_key_id="try-cluster",
        aws_secret_access_key="try-cluster",  # noqa: S106
    )
    for bucket in BUCKETS:
        s3.create_bucket(Bucket=bucket)
    say("waiting for the three OpenSearch nodes to form a cluster (the first start downloads them)")
    wait_for(
        "the OpenSearch cluster",
        lambda: (
            cluster_health().get("number_of_nodes") == len(NODES)
            and cluster_health().get("status") in ("green", "yellow")
        ),
    )

    wait_for("PostgreSQL", postgres_answers)
    ensure_database()
    environ = django_environment()
    manage(environ, "migrate", "--no-input", "--verbosity", "0")
    manage(environ, "collectstatic", "--no-input", "--verbosity", "0")
    manage(environ, "load_demo", "--force")
    manage(environ, "search_index", "--rebuild")
    for name in (*APPS, *WORKERS):
        start_part(name)
    wait_for("the app servers", lambda: answers(f"http://{HOST}:{PROXY_PORT}/healthz") == 200)
    print(
        f"""
Terang runs as a cluster on this machine (loopback only):

  site, through HAProxy       http://{HOST}:{PROXY_PORT}/
  app servers (gunicorn)      http://{HOST}:{APP_PORTS[0]}/  http://{HOST}:{APP_PORTS[1]}/
  HAProxy statistics          http://{HOST}:{STATS_PORT}/
  health                      http://{HOST}:{PROXY_PORT}/healthz
  metrics (each app server)   http://{HOST}:{APP_PORTS[0]}/metrics  http://{HOST}:{APP_PORTS[1]}/metrics
                              with "Authorization: Bearer $(cat {STATE / "metrics-token"})"
  OpenSearch, through HAProxy http://{HOST}:{SEARCH_PORT}/  (nodes :{" :".join(str(h) for h, _ in NODES.values())})
  Redis                       redis://{HOST}:{REDIS_PORT}/0 (page cache /1)
  S3 (moto)                   http://{HOST}:{S3_PORT}/  buckets {", ".join(BUCKETS)}
  PostgreSQL                  {POSTGRES_URL}/{DATABASE}
  task workers                {", ".join(WORKERS)}

Logs: {STATE / "logs"}/. Demo accounts: see load_demo's output above. Stop: make try-cluster-stop
""",
        flush=True,
    )


def status() -> None:
    found = running()
    if not found:
        say("not running")
        return
    for name, pid in found.items():
        say(f"{name}: pid {pid}")
    health = cluster_health()
    say(
        f"OpenSearch: {health.get('status', 'unreachable')}, {health.get('number_of_nodes', 0)} nodes"
    )
    say(f"site: HTTP {answers(f'http://{HOST}:{PROXY_PORT}/healthz')} from /healthz")


def main() -> None:
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "start":
        try:
            start_all()
        except (subprocess.CalledProcessError, SystemExit) as error:
            if not isinstance(error, SystemExit) or error.code:
                say("start failed: stopping what was started")
                stop_all()
            raise
    elif command == "stop":
        stop_all()
        say("stopped")
    elif command == "status":
        status()
    else:
        fail("usage: cluster.py start | stop | status")


if __name__ == "__main__":
    main()
