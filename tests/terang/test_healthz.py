import http.client
import json
import os
import re
import select
import signal
import socket
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

REPO = Path(__file__).resolve().parents[2]
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "terang.settings.production",
    "SECRET_KEY": "healthz-test-key-abcdefghijklmnopqrstuvwxyz-0123456789",
    "ALLOWED_HOSTS": "terang.id",
    "SITE_URL": "https://terang.id",
    "EMAIL_URL": "console://",
}


def closed_port() -> int:
    """A loopback port where nothing listens (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def queue_task(*, waited: timedelta, run_after=None) -> DBTaskResult:
    task = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="search.tasks.update_story_index",
        backend_name="default",
        run_after=run_after or get_date_max(),
    )
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=timezone.now() - waited)
    return task


def test_healthz__database_up_and_no_cluster__ok(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["status"] == "ok"
    assert body["database"]["vendor"] == connection.vendor
    assert body["search"]["engine"] == "database"
    assert body["search"]["status"] == "ok"
    assert body["tasks"]["status"] == "ok"


def test_healthz__search_cluster_stopped__degraded_but_200_and_no_credentials(client, db):
    with override_settings(SEARCH_URL=f"http://elastic:s3cret@127.0.0.1:{closed_port()}"):
        response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["search"]["status"] == "degraded"
    assert body["database"]["status"] == "ok"
    assert "s3cret" not in response.content.decode()


@override_settings(TASKS=DATABASE_QUEUE, HEALTH_TASK_MAX_WAIT_SECONDS=600)
def test_healthz__task_waiting_longer_than_allowed__degraded_with_its_age(client, db):
    queue_task(waited=timedelta(minutes=20))
    queue_task(waited=timedelta(minutes=1))
    queue_task(waited=timedelta(minutes=30), run_after=timezone.now() + timedelta(hours=1))

    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    tasks = body["tasks"]
    assert tasks["status"] == "degraded"
    assert tasks["backend"] == "DatabaseBackend"
    assert tasks["pending"] == 2
    assert 1195 <= tasks["oldest_pending_age_seconds"] <= 1260


@override_settings(TASKS=DATABASE_QUEUE, HEALTH_TASK_MAX_WAIT_SECONDS=600)
def test_healthz__scheduled_task_counts_from_when_it_became_due(client, db):
    queue_task(waited=timedelta(hours=2), run_after=timezone.now() - timedelta(seconds=30))

    tasks = client.get("/healthz").json()["tasks"]

    assert tasks["status"] == "ok"
    assert tasks["pending"] == 1
    assert 25 <= tasks["oldest_pending_age_seconds"] <= 90


@override_settings(TASKS=DATABASE_QUEUE)
def test_healthz__empty_queue__ok_without_an_age(client, db):
    tasks = client.get("/healthz").json()["tasks"]

    assert tasks == {
        "status": "ok",
        "backend": "DatabaseBackend",
        "pending": 0,
        "oldest_pending_age_seconds": None,
    }


def test_healthz__post__not_allowed(client, db):
    assert client.post("/healthz").status_code == 405


def test_healthz__database_down__503_with_no_secrets_and_a_json_error_log():
    script = (
        "import django, json\n"
        "django.setup()\n"
        "from django.test import Client\n"
        "response = Client().get('/healthz', HTTP_HOST='terang.id', HTTP_X_REQUEST_ID='probe-0000001')\n"
        "print('RESULT', json.dumps({'status': response.status_code, 'body': response.json()}))\n"
    )
    environ = {
        "PATH": os.environ.get("PATH", ""),
        **PRODUCTION_ENV,
        "DATABASE_URL": f"postgres://terang:db-s3cret@127.0.0.1:{closed_port()}/terang",
    }

    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        cwd=REPO,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    [outcome] = [json.loads(line[len("RESULT ") :]) for line in lines if line.startswith("RESULT ")]
    assert outcome["status"] == 503
    assert outcome["body"]["status"] == "down"
    assert outcome["body"]["database"]["status"] == "down"
    assert "db-s3cret" not in json.dumps(outcome)
    logs = [json.loads(line) for line in lines if line.startswith("{")]
    [failure] = [log for log in logs if log["logger"] == "terang.health"]
    assert failure["level"] == "ERROR"
    assert failure["request_id"] == "probe-0000001"
    assert "OperationalError" in failure["exception"]


def start_gunicorn(environ: dict) -> tuple[subprocess.Popen, int, bytearray]:
    """gunicorn on a port of its own choosing (no race for a free port); returns it once listening."""
    server = subprocess.Popen(  # noqa: S603
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "--config",
            "python:terang.gunicorn_conf",
            "terang.wsgi",
        ],
        cwd=REPO,
        env={**environ, "BIND": "127.0.0.1:0"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    output = bytearray()
    deadline = time.monotonic() + 60
    while (listening := re.search(rb"Listening at: http://127\.0\.0\.1:(\d+)", output)) is None:
        ready, _, _ = select.select([server.stdout], [], [], max(0.0, deadline - time.monotonic()))
        chunk = os.read(server.stdout.fileno(), 65536) if ready else b""
        if not chunk:
            server.kill()
            server.wait()
            pytest.fail(f"gunicorn did not start:\n{output.decode()}")
        output += chunk
    return server, int(listening.group(1)), output


def get(port: int, path: str, **headers) -> tuple[int, dict, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Host": "terang.id", **headers})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


@pytest.mark.skipif(
    os.environ.get("TEST_DATABASE") != "postgres", reason="production runs on PostgreSQL only"
)
def test_gunicorn__production_settings__serves_healthz_and_logs_json_lines(
    django_db_setup, tmp_path
):
    database = connection.settings_dict
    (tmp_path / "media" / "images").mkdir(parents=True)
    (tmp_path / "media" / "images" / "hello.txt").write_text("terang")
    (tmp_path / "media" / "documents").mkdir()
    (tmp_path / "media" / "documents" / "private.txt").write_text("collection-private")
    server, port, output = start_gunicorn(
        {
            "PATH": os.environ.get("PATH", ""),
            **PRODUCTION_ENV,
            "DATABASE_URL": (
                f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:"
                f"{database['PORT']}/{database['NAME']}"
            ),
            "WEB_CONCURRENCY": "1",
            "MEDIA_ROOT": str(tmp_path / "media"),
            "PRIVATE_MEDIA_ROOT": str(tmp_path / "private"),
            "STATIC_ROOT": str(tmp_path / "static"),
        }
    )
    try:
        health = get(port, "/healthz", **{"X-Request-ID": "lb-probe-12345678"})
        image = get(port, "/media/images/hello.txt")
        document = get(port, "/media/documents/private.txt")
    finally:
        server.send_signal(signal.SIGTERM)
        rest, _ = server.communicate(timeout=30)
        output += rest

    status, headers, body = health
    assert status == 200
    assert headers["X-Request-ID"] == "lb-probe-12345678"
    assert json.loads(body)["database"]["vendor"] == "postgresql"
    # Nothing under MEDIA_ROOT is served from disk: images go through the checked image view.
    assert image[0] != 200 and b"terang" not in image[2]
    assert document[0] != 200 and b"collection-private" not in document[2]
    lines = output.decode().splitlines()
    logs = [json.loads(line) for line in lines if line.startswith("{")]
    assert len(logs) == len(lines), output.decode()
    [access] = [
        log for log in logs if log["logger"] == "gunicorn.access" and log["path"] == "/healthz"
    ]
    assert (access["method"], access["status"]) == ("GET", 200)
    assert access["request_id"] == "lb-probe-12345678"
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT.*", log["time"]) for log in logs)


def test_healthz__reports_each_cache(client, db):
    body = client.get("/healthz").json()
    assert body["cache"]["status"] == "ok"
    assert body["cache"]["default"]["status"] == "ok"
    assert set(body["cache"]) >= {"status", "default"}


def test_healthz__cache_not_answering__degraded_200_and_no_address(client, db, settings):
    port = closed_port()
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://:cache-secret@127.0.0.1:{port}/0",
        },
    }
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["cache"]["pages"] == {"status": "down", "backend": "RedisCache"}
    assert body["cache"]["status"] == "down"
    assert "cache-secret" not in response.content.decode()
    assert str(port) not in response.content.decode()


def test_healthz__cluster_nodes_reported_by_id(client, db, cluster_engine):
    body = client.get("/healthz").json()
    assert body["status"] == "ok"
    (node,) = body["search"]["nodes"]
    assert node["status"] == "up" and node["id"]
