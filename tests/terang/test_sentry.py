"""SENTRY_DSN: an error raised in a request reaches a real HTTP endpoint as a Sentry envelope, with
the request id and without personal data. The endpoint is a tiny server in this test; the site runs
in a separate process with the production settings, as it does under gunicorn."""

import gzip
import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "terang.settings.production",
    "SECRET_KEY": "sentry-test-key-abcdefghijklmnopqrstuvwxyz-0123456789",
    "ALLOWED_HOSTS": "terang.id",
    "SITE_URL": "https://terang.id",
    "DATABASE_URL": "postgres://terang:terang@127.0.0.1:5432/terang_sentry_unused",
    "EMAIL_URL": "console://",
    "LOG_FORMAT": "json",
}
SESSION = "member-session-cookie-value"
ADDRESS = "203.0.113.77"
STORY = "Cerita rahasia Sari tentang gajinya"
PASSWORD = "hunter2-password-value"

# Runs in the site's process: one failing POST with a cookie, a client address and a body.
REQUEST = f"""
import django, sentry_sdk
django.setup()
from django.test import Client
from django.test.utils import override_settings
with override_settings(ROOT_URLCONF="tests.terang.sentry_urls"):
    response = Client(raise_request_exception=False).post(
        "/fail/", {{"story": "{STORY}", "password": "{PASSWORD}"}},
        HTTP_HOST="terang.id", HTTP_COOKIE="sessionid={SESSION}", REMOTE_ADDR="{ADDRESS}",
        HTTP_X_REQUEST_ID="sentry-test-request-0001", secure=True,
    )
sentry_sdk.flush(timeout=10)
print("ANSWER", response.status_code, response["X-Request-ID"])
"""


class Receiver(BaseHTTPRequestHandler):
    received: list[tuple[str, bytes]]

    def do_POST(self):  # noqa: N802 - http.server's name
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        encoding = self.headers.get("Content-Encoding", "")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "br":
            import brotli

            body = brotli.decompress(body)
        self.server.received.append((self.path, body))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def sentry_endpoint():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    server.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def run_site(environ: dict) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", REQUEST],
        cwd=REPO,
        env={"PATH": os.environ.get("PATH", ""), **PRODUCTION_ENV, **environ},
        capture_output=True,
        text=True,
        timeout=120,
    )


def answer(result: subprocess.CompletedProcess) -> list[str]:
    return next(
        line.split()[1:] for line in result.stdout.splitlines() if line.startswith("ANSWER")
    )


def events(received: list[tuple[str, bytes]]) -> list[dict]:
    found = []
    for _path, body in received:
        lines = body.split(b"\n")
        for header, payload in zip(lines[1::2], lines[2::2], strict=False):
            if json.loads(header).get("type") == "event":
                found.append(json.loads(payload))
    return found


def test_sentry__error_in_a_request__reported_with_request_id_and_no_personal_data(
    sentry_endpoint,
):
    port = sentry_endpoint.server_address[1]
    result = run_site({"SENTRY_DSN": f"http://publickey@127.0.0.1:{port}/42"})

    assert result.returncode == 0, result.stderr[-3000:]
    assert answer(result) == ["500", "sentry-test-request-0001"]
    assert sentry_endpoint.received, "no envelope arrived"
    assert {path for path, _ in sentry_endpoint.received} == {"/api/42/envelope/"}
    (event,) = events(sentry_endpoint.received)
    (exception,) = event["exception"]["values"]
    assert exception["type"] == "RuntimeError"
    assert exception["value"] == "the test view failed on purpose"
    assert event["tags"]["request_id"] == "sentry-test-request-0001"
    assert event["request"].get("data") in (None, "", {})
    everything = b"".join(body for _, body in sentry_endpoint.received).decode()
    for personal in (SESSION, ADDRESS, STORY, PASSWORD):
        assert personal not in everything
    assert "user" not in event or "ip_address" not in event.get("user", {})
    # The JSON logs go on as before, with the same request id.
    assert '"request_id": "sentry-test-request-0001"' in result.stdout + result.stderr


def test_sentry__no_dsn__nothing_sent_and_logs_as_before(sentry_endpoint):
    result = run_site({})

    assert result.returncode == 0, result.stderr[-3000:]
    assert answer(result)[0] == "500"
    assert sentry_endpoint.received == []
    assert "RuntimeError" in result.stdout + result.stderr


def test_sentry__malformed_dsn__refused_at_start_without_echoing_it():
    result = run_site({"SENTRY_DSN": "not-a-dsn-secretkey"})

    assert result.returncode != 0
    assert "SENTRY_DSN: not a Sentry DSN" in result.stderr
    assert "secretkey" not in result.stderr
