"""A real OpenSearch node for the cluster engine's tests, and an ``engine`` fixture for both engines.

The node comes from Maven Central (tools/opensearch/run-node.sh) and listens on 127.0.0.1 on a free
port; it starts once per test session, on first use, and stops at the end. With CI=true a node that
cannot start fails the run; elsewhere, without Java or Maven, the cluster tests skip and say why.
"""

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

from search.engines import cluster

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "tools" / "opensearch" / "run-node.sh"
START_TIMEOUT = float(os.environ.get("OPENSEARCH_START_TIMEOUT", "600"))


class NodeError(RuntimeError):
    pass


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class OpenSearchNode:
    def __init__(self):
        self.port = _free_port()
        self.data = tempfile.mkdtemp(prefix="terang-opensearch-")
        self.log_path = Path(self.data) / "node.log"
        self.process = None
        self.startup_seconds = None

    @property
    def url(self) -> str:
        return f"opensearch://127.0.0.1:{self.port}"

    def health(self, timeout: float = 2.0) -> str | None:
        try:
            with urllib.request.urlopen(  # noqa: S310 - our own loopback node
                f"http://127.0.0.1:{self.port}/_cluster/health", timeout=timeout
            ) as response:
                return json.load(response).get("status")
        except (OSError, ValueError):
            return None

    def start(self) -> None:
        started = time.monotonic()
        log = open(self.log_path, "w")  # noqa: SIM115 - kept open for the node's lifetime
        self.process = subprocess.Popen(  # noqa: S603
            [str(SCRIPT), str(self.port), str(Path(self.data) / "node")],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        self.wait_until_healthy(started + START_TIMEOUT)
        self.startup_seconds = time.monotonic() - started

    def wait_until_healthy(self, deadline: float) -> None:
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise NodeError(f"the OpenSearch node exited early:\n{self.log_tail()}")
            if self.health() in ("green", "yellow"):
                return
            time.sleep(0.5)
        raise NodeError(f"the OpenSearch node was not healthy in time:\n{self.log_tail()}")

    def log_tail(self) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-30:])
        except OSError:
            return ""

    def freeze(self) -> None:
        """Stop the node's JVM in its tracks: connections hang, as with a stuck cluster."""
        os.kill(self.process.pid, signal.SIGSTOP)

    def thaw(self) -> None:
        os.kill(self.process.pid, signal.SIGCONT)
        self.wait_until_healthy(time.monotonic() + 60)

    def kill(self) -> None:
        """Kill the node at once (SIGKILL), as a crashed machine: connections are refused."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def restart(self) -> None:
        """Start a killed node again on the same port (its indices may be gone)."""
        shutil.rmtree(Path(self.data) / "node", ignore_errors=True)
        self.start()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            try:
                os.kill(self.process.pid, signal.SIGCONT)
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=60)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
        shutil.rmtree(self.data, ignore_errors=True)


@pytest.fixture(scope="session")
def opensearch_node(request):
    in_ci = os.environ.get("CI") == "true"
    missing = [tool for tool in ("java", "mvn", "javac") if shutil.which(tool) is None]
    if missing:
        reason = f"OpenSearch tests need {', '.join(missing)} (not installed)"
        if in_ci:
            pytest.fail(reason + "; CI=true requires the node", pytrace=False)
        pytest.skip(reason)
    node = OpenSearchNode()
    try:
        node.start()
    except NodeError as error:
        node.stop()
        if in_ci:
            pytest.fail(f"OpenSearch did not start: {error}", pytrace=False)
        pytest.skip(f"OpenSearch did not start: {error}")
    terminal = request.config.pluginmanager.get_plugin("terminalreporter")
    if terminal is not None:
        terminal.write_line(f"OpenSearch test node ready in {node.startup_seconds:.1f} s")
    yield node
    node.stop()


@pytest.fixture
def cluster_engine(opensearch_node, settings):
    """The cluster engine on the test node, with an index prefix of its own for each test."""
    prefix = f"test-{uuid.uuid4().hex[:12]}"
    settings.SEARCH_URL = opensearch_node.url
    settings.SEARCH_INDEX_PREFIX = prefix
    settings.SEARCH_TIMEOUT = 10.0
    settings.SEARCH_REFRESH = "true"
    cluster.breaker.reset()
    yield opensearch_node
    cluster.breaker.reset()
    if opensearch_node.health() is not None:
        with contextlib.suppress(cluster.ClusterUnavailable):
            cluster.call("indices.delete", index=f"{prefix}-*")
