"""A real Redis (Debian's redis-server) for the tests of the shared cache.

It listens on 127.0.0.1 on a free port, keeps nothing on disk, starts once per test session on
first use and stops at the end. When redis-server is missing, the fixture installs Debian's package
if it runs as root (as .ci/postgres does for PostgreSQL). With CI=true a Redis that cannot be
installed or started fails the run; elsewhere the tests that need it skip and say why.
"""

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time

import pytest

START_TIMEOUT = 30


class RedisError(RuntimeError):
    pass


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def install_redis() -> str:
    """The path of redis-server, installing Debian's package first when it is missing."""
    found = shutil.which("redis-server")
    if found:
        return found
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        raise RedisError(
            "Redis (Debian's redis-server) is not installed, and only root can install it"
        )
    environ = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (
        ["apt-get", "update", "-qq"],
        ["apt-get", "install", "-y", "-qq", "redis-server"],
    ):
        result = subprocess.run(command, env=environ, capture_output=True, text=True)  # noqa: S603
        if result.returncode != 0:
            raise RedisError(
                "Redis (Debian's redis-server) could not be installed: "
                + (result.stderr or result.stdout).strip()[-500:]
            )
    found = shutil.which("redis-server")
    if not found:
        raise RedisError("Redis (Debian's redis-server) is still missing after apt-get install")
    return found


class RedisServer:
    def __init__(self, binary: str):
        self.binary = binary
        self.port = _free_port()
        self.directory = tempfile.mkdtemp(prefix="terang-redis-")
        self.process = None

    def url(self, database: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{database}"

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603
            [
                self.binary,
                "--bind", "127.0.0.1",
                "--port", str(self.port),
                "--dir", self.directory,
                "--save", "",
                "--appendonly", "no",
                "--protected-mode", "yes",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RedisError(f"redis-server exited early with status {self.process.returncode}")
            if self.answers():
                return
            time.sleep(0.1)
        raise RedisError("redis-server did not answer in time")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.directory, ignore_errors=True)


@pytest.fixture(scope="session")
def redis_server():
    server = None
    try:
        server = RedisServer(install_redis())
        server.start()
    except RedisError as error:
        if server is not None:
            server.stop()
        if os.environ.get("CI") == "true":
            pytest.fail(f"{error}; CI=true requires Redis", pytrace=False)
        pytest.skip(str(error))
    yield server
    server.stop()


@pytest.fixture
def redis_cache(redis_server):
    """A fresh Redis database for one test: emptied before and after."""
    import redis

    client = redis.Redis.from_url(redis_server.url())
    client.flushall()
    yield redis_server
    with contextlib.suppress(redis.RedisError):
        client.flushall()
    client.close()
