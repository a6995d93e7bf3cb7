"""Real gunicorn servers on a copy of the test database, and a browser that talks to them.

Tests of what several app servers share (the log-in throttle, sessions, the page cache) start two
``Server`` processes on one ``copy_test_database`` and drive them with ``Browser``.
"""

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connection, connections

REPO = Path(__file__).resolve().parents[1]
START_TIMEOUT = 90


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def copy_test_database(tmp_path) -> tuple[dict, callable]:
    """The test database as it is now, copied where separate processes can open it.

    Returns the environment for terang.settings.test that points at the copy, and a function that
    removes the copy.
    """
    environ = {"DJANGO_SETTINGS_MODULE": "terang.settings.test"}
    if connection.vendor == "sqlite":
        path = tmp_path / "shared.sqlite3"
        with connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(path)])
        return {**environ, "SQLITE_PATH": str(path)}, lambda: None

    source = connection.settings_dict["NAME"]
    copy = f"{source}_servers_{uuid.uuid4().hex[:8]}"
    connections.close_all()  # CREATE DATABASE ... TEMPLATE needs the source to be idle

    def admin(sql):
        with connection._nodb_cursor() as cursor:
            cursor.execute(sql)

    admin(f'CREATE DATABASE "{copy}" TEMPLATE "{source}"')
    url = os.environ.get("DATABASE_URL", "postgres://terang:terang@127.0.0.1:5432/terang")
    parts = urllib.parse.urlsplit(url)
    environ.update(TEST_DATABASE="postgres", DATABASE_URL=parts._replace(path=f"/{copy}").geturl())
    return environ, lambda: admin(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')


@contextmanager
def two_servers(tmp_path, **settings):
    """Servers "a" and "b" on one copy of the test database, with ``settings`` added to their
    environment; both up before the block runs, both stopped and the copy dropped after it."""
    environ, drop_copy = copy_test_database(tmp_path)
    environ.update(settings)
    started = []
    try:
        for name in ("a", "b"):
            started.append(Server(name, environ, tmp_path))
        for server in started:
            server.wait_until_up()
        yield started
    finally:
        for server in started:
            server.stop()
        drop_copy()


class Server:
    """One gunicorn process serving Terang (one worker), with its log in a file."""

    def __init__(self, name: str, environ: dict, logs: Path):
        self.name = name
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = logs / f"{name}.log"
        self.process = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "1",
                "--no-control-socket",
                "terang.wsgi",
            ],
            cwd=REPO,
            env={**os.environ, **environ},
            stdout=subprocess.DEVNULL,
            stderr=self.log.open("wb"),
        )

    def wait_until_up(self):
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"server {self.name} exited:\n{self.log.read_text()}")
            try:
                urllib.request.urlopen(f"{self.url}/accounts/login/", timeout=2)  # noqa: S310
                return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        pytest.fail(f"server {self.name} did not start:\n{self.log.read_text()}")

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def counts(self) -> list[int]:
        """The account-on-this-address failure counts this server logged, in order."""
        return [int(n) for n in re.findall(r"account_ip failures=(\d+)", self.log.read_text())]


class Browser:
    """Cookies and CSRF like a browser, against either server."""

    def __init__(self):
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirects()
        )

    def log_in(self, server: Server, login: str, password: str) -> tuple[int, str]:
        page = self.opener.open(f"{server.url}/accounts/login/", timeout=10).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "login": login, "password": password}
        ).encode()
        try:
            response = self.opener.open(f"{server.url}/accounts/login/", data, timeout=10)
        except urllib.error.HTTPError as redirect:
            return redirect.code, ""
        return response.status, response.read().decode()

    def get(self, url: str, host: str | None = None) -> tuple[int, dict, str]:
        """Status, headers and text of a GET, redirects not followed; ``host``: the Host header a
        proxy in front of the servers would send to each."""
        request = urllib.request.Request(url, headers={"Host": host} if host else {})  # noqa: S310
        try:
            response = self.opener.open(request, timeout=10)
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), ""
        return response.status, dict(response.headers), response.read().decode()


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
