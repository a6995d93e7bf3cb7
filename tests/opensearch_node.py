"""A real OpenSearch node for the cluster engine's tests, and a three-node cluster for the test of
a node lost under two app servers (tests/cluster/).

The node comes from Maven Central (tools/opensearch/run-node.sh) and listens on 127.0.0.1 on a free
port; it starts once per test session, on first use, and stops at the end. The three-node cluster
(``opensearch_cluster``) starts for the module that asks for it, with small heaps. With CI=true a
node that cannot start fails the run; elsewhere, without Java or Maven, the cluster tests skip and
say why.
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
    def __init__(self, name: str | None = None, heap: str | None = None):
        self.port = _free_port()
        self.data = tempfile.mkdtemp(prefix="terang-opensearch-")
        self.log_path = Path(self.data) / "node.log"
        self.process = None
        self.startup_seconds = None
        self.name = name
        self.heap = heap
        self.transport_port = _free_port() if name else None
        self.cluster_arguments: list[str] = []  # a cluster's node: name, transport, seeds, managers

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
        self.launch()
        self.wait_until_healthy(started + START_TIMEOUT)
        self.startup_seconds = time.monotonic() - started

    def launch(self) -> None:
        """Start the JVM without waiting for it (a cluster's nodes start side by side)."""
        log = open(self.log_path, "a")  # noqa: SIM115 - kept open for the node's lifetime
        environ = {**os.environ, "OPENSEARCH_HEAP": self.heap} if self.heap else None
        self.process = subprocess.Popen(  # noqa: S603
            [str(SCRIPT), str(self.port), str(Path(self.data) / "node"), *self.cluster_arguments],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            env=environ,
        )

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

    def restart(self, keep_data: bool = False) -> None:
        """Start a killed node again on the same port: with its data as it was (a machine back
        after a crash), or without (its indices gone)."""
        if not keep_data:
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


class OpenSearchCluster:
    """Three nodes that may each be the cluster manager, one replica per shard: any one of them
    may be lost. Small heaps: the suite's cluster holds a handful of stories."""

    NAMES = ("node-1", "node-2", "node-3")

    def __init__(self, heap: str = "256m"):
        self.nodes = [OpenSearchNode(name, heap) for name in self.NAMES]
        for node in self.nodes:
            seeds = ",".join(f"127.0.0.1:{n.transport_port}" for n in self.nodes if n is not node)
            node.cluster_arguments = [
                node.name,
                str(node.transport_port),
                seeds,
                ",".join(self.NAMES),
            ]
        self.startup_seconds = None

    def __getitem__(self, name: str) -> OpenSearchNode:
        return next(node for node in self.nodes if node.name == name)

    def health(self, via: OpenSearchNode | None = None) -> dict:
        for node in [via] if via else self.nodes:
            try:
                with urllib.request.urlopen(  # noqa: S310 - our own loopback nodes
                    f"http://127.0.0.1:{node.port}/_cluster/health", timeout=2
                ) as response:
                    return json.load(response)
            except (OSError, ValueError):
                continue
        return {}

    def wait_until(self, nodes: int, status: tuple, timeout: float = START_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for node in self.nodes:
                # A node the test killed is down on purpose; any other exit is a failure.
                exited = node.process is not None and node.process.poll() is not None
                if exited and node.process.returncode != -signal.SIGKILL:
                    raise NodeError(f"{node.name} exited early:\n{node.log_tail()}")
            health = self.health()
            if health.get("number_of_nodes") == nodes and health.get("status") in status:
                return
            time.sleep(0.5)
        tails = "\n".join(f"-- {node.name}\n{node.log_tail()}" for node in self.nodes)
        raise NodeError(f"the cluster was not {'/'.join(status)} with {nodes} nodes:\n{tails}")

    def start(self) -> None:
        started = time.monotonic()
        for node in self.nodes:
            node.launch()
        self.wait_until(len(self.nodes), ("green",))
        self.startup_seconds = time.monotonic() - started

    def stop(self) -> None:
        for node in self.nodes:
            node.stop()


def _needs_the_node_tools() -> None:
    missing = [tool for tool in ("java", "mvn", "javac") if shutil.which(tool) is None]
    if missing:
        reason = f"OpenSearch tests need {', '.join(missing)} (not installed)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason + "; CI=true requires the node", pytrace=False)
        pytest.skip(reason)


@pytest.fixture(scope="module")
def opensearch_cluster(request):
    """Three OpenSearch nodes forming one cluster, green, for one test module."""
    _needs_the_node_tools()
    nodes = OpenSearchCluster()
    try:
        nodes.start()
    except NodeError as error:
        nodes.stop()
        if os.environ.get("CI") == "true":
            pytest.fail(f"the OpenSearch cluster did not form: {error}", pytrace=False)
        pytest.skip(f"the OpenSearch cluster did not form: {error}")
    terminal = request.config.pluginmanager.get_plugin("terminalreporter")
    if terminal is not None:
        terminal.write_line(f"OpenSearch three-node cluster green in {nodes.startup_seconds:.1f} s")
    yield nodes
    nodes.stop()


@pytest.fixture(scope="session")
def opensearch_node(request):
    in_ci = os.environ.get("CI") == "true"
    _needs_the_node_tools()
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
