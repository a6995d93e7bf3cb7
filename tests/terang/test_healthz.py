import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
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


def free_port() -> int:
    return closed_port()


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


@pytest.mark.skipif(
    os.environ.get("TEST_DATABASE") != "postgres", reason="production runs on PostgreSQL only"
)
def test_gunicorn__production_settings__serves_healthz_and_logs_json_lines(
    django_db_setup, tmp_path
):
    database = connection.settings_dict
    port = free_port()
    (tmp_path / "media" / "images").mkdir(parents=True)
    (tmp_path / "media" / "images" / "hello.txt").write_text("terang")
    environ = {
        "PATH": os.environ.get("PATH", ""),
        **PRODUCTION_ENV,
        "ALLOWED_HOSTS": "terang.id,127.0.0.1",
        "DATABASE_URL": (
            f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:"
            f"{database['PORT']}/{database['NAME']}"
        ),
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "private"),
        "STATIC_ROOT": str(tmp_path / "static"),
        "SERVE_MEDIA": "true",
    }
    server = subprocess.Popen(  # noqa: S603
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "--config",
            "python:terang.gunicorn_conf",
            "terang.wsgi",
        ],
        cwd=REPO,
        env=environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/healthz",
            headers={"Host": "terang.id", "X-Request-ID": "lb-probe-12345678"},
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
                    status, headers, body = response.status, response.headers, response.read()
                break
            except (urllib.error.URLError, ConnectionError):
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.3)
        media = urllib.request.Request(
            f"http://127.0.0.1:{port}/media/images/hello.txt", headers={"Host": "terang.id"}
        )
        with urllib.request.urlopen(media, timeout=5) as response:  # noqa: S310
            media_body = response.read()
    finally:
        server.send_signal(signal.SIGTERM)
        output, _ = server.communicate(timeout=30)

    assert status == 200
    assert headers["X-Request-ID"] == "lb-probe-12345678"
    assert json.loads(body)["database"]["vendor"] == "postgresql"
    assert media_body == b"terang"
    logs = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    assert logs, output
    [access, _media_access] = [log for log in logs if log["logger"] == "gunicorn.access"]
    assert (access["method"], access["path"], access["status"]) == ("GET", "/healthz", 200)
    assert access["request_id"] == "lb-probe-12345678"
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT.*", log["time"]) for log in logs)
