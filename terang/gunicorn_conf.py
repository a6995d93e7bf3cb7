"""gunicorn settings: `gunicorn --config python:terang.gunicorn_conf terang.wsgi`.

Environment: BIND (default 127.0.0.1:8000), WEB_CONCURRENCY (worker processes, default 2 per core
plus 1), GUNICORN_TIMEOUT (seconds, default 30), FORWARDED_ALLOW_IPS (proxies whose X-Forwarded-*
headers are trusted, default 127.0.0.1), LOG_FORMAT (json or text) and LOG_LEVEL.

PROMETHEUS_MULTIPROC_DIR: where the workers keep their figures for /metrics (terang.metrics), one
directory per app server; emptied when gunicorn starts. Without it, a fresh temporary directory is
made, and removed when gunicorn stops.
"""

import glob
import multiprocessing
import os
import shutil
import tempfile

from terang.logging import logging_config

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = timeout
keepalive = 5
# Recycle workers now and then, so a slow leak never takes a server down. With the page cache a
# worker answers about 500 cached pages a second, so 2,000 restarted it every few seconds and each
# restart (~2 s of imports) stalled the requests queued on it (bench/README.md, "Pages over HTTP").
max_requests = 20_000
max_requests_jitter = 2_000
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Heartbeat files in memory, not on a possibly slow disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
limit_request_line = 8190
limit_request_fields = 100
# systemd (or the container runtime) manages the processes; no gunicornc socket.
control_socket_disable = True

accesslog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms %({x-request-id}o)s'
logconfig_dict = logging_config(
    json_output=os.environ.get("LOG_FORMAT", "json").lower() != "text",
    level=os.environ.get("LOG_LEVEL", "info").upper(),
)
logconfig_dict["loggers"].update(
    {
        "gunicorn.error": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
    }
)

# Set before the workers import the app (prometheus_client reads it at import), so every worker
# counts into files that one scrape adds up.
_made_metrics_directory = "PROMETHEUS_MULTIPROC_DIR" not in os.environ
if _made_metrics_directory:
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="terang-metrics-")


def on_starting(server):
    directory = os.environ["PROMETHEUS_MULTIPROC_DIR"]
    os.makedirs(directory, exist_ok=True)
    # The last run's files would be added to this run's figures.
    for path in glob.glob(os.path.join(directory, "*.db")):
        os.remove(path)


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    if _made_metrics_directory:
        shutil.rmtree(os.environ["PROMETHEUS_MULTIPROC_DIR"], ignore_errors=True)
