"""Talking to the cluster: the client chosen by SEARCH_URL, calls with time-outs, the shared
circuit breaker, health and nodes."""

import logging
import math
import threading
import time
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.cache import caches

logger = logging.getLogger(__name__)


BREAKER_SECONDS = 15.0


class ClusterUnavailable(Exception):
    """The cluster could not answer (down, slow, refused, or said no).

    ``reason`` names which, for the fallback counts (search.metrics): ``error``, ``timeout`` or
    ``incomplete``.
    """

    def __init__(self, message: str, *, reason: str = "error"):
        super().__init__(message)
        self.reason = reason


def is_configured() -> bool:
    return bool(settings.SEARCH_URL)


def _parse_url(url: str) -> tuple[str, str, tuple[str, str] | None]:
    parts = urlsplit(url)
    kind, _, transport = parts.scheme.partition("+")
    if kind in ("http", "https"):
        kind, transport = "opensearch", kind
    if kind not in ("opensearch", "elasticsearch"):
        raise ClusterUnavailable(f"unknown search engine {kind!r} in SEARCH_URL")
    transport = transport or "http"
    auth = (parts.username or "", parts.password or "") if parts.username else None
    host = parts.hostname or "127.0.0.1"
    netloc = f"{host}:{parts.port}" if parts.port else host
    return kind, urlunsplit((transport, netloc, parts.path, "", "")), auth


def engine_name() -> str:
    return _parse_url(settings.SEARCH_URL)[0]


def safe_location() -> str:
    """The configured cluster without credentials, for health pages and logs."""
    kind, url, _auth = _parse_url(settings.SEARCH_URL)
    return f"{kind} at {url}"


_clients: dict[tuple, object] = {}
_clients_lock = threading.Lock()


def client():
    key = (settings.SEARCH_URL, settings.SEARCH_TIMEOUT)
    with _clients_lock:
        if key not in _clients:
            kind, url, auth = _parse_url(settings.SEARCH_URL)
            common = {"max_retries": 0, "retry_on_timeout": False}
            if kind == "elasticsearch":
                from elasticsearch import Elasticsearch

                _clients[key] = Elasticsearch(
                    url, request_timeout=settings.SEARCH_TIMEOUT, basic_auth=auth, **common
                )
            else:
                from opensearchpy import OpenSearch

                _clients[key] = OpenSearch(
                    hosts=[url], timeout=settings.SEARCH_TIMEOUT, http_auth=auth, **common
                )
        return _clients[key]


def _client_errors() -> tuple[type[BaseException], ...]:
    from elastic_transport import TransportError as ElasticTransportError
    from elasticsearch import ApiError
    from opensearchpy.exceptions import OpenSearchException

    return (OpenSearchException, ApiError, ElasticTransportError, OSError)


def _is_timeout(error: BaseException) -> bool:
    from elastic_transport import ConnectionTimeout as ElasticTimeout
    from opensearchpy.exceptions import ConnectionTimeout as OpenSearchTimeout

    return isinstance(error, ElasticTimeout | OpenSearchTimeout | TimeoutError)


def call(method: str, *, slow: bool = False, **kwargs):
    """Call ``client().<method>(**kwargs)`` (dotted names allowed); failures → ClusterUnavailable.

    Searches wait at most ``SEARCH_TIMEOUT``; index upkeep (``slow``) waits ``SEARCH_WRITE_TIMEOUT`` (30 s), since creating
    an index or a bulk write can take seconds on a busy node.
    """
    target = client()
    if slow:
        write_timeout = float(getattr(settings, "SEARCH_WRITE_TIMEOUT", 30.0))
        if engine_name() == "elasticsearch":
            target = target.options(request_timeout=write_timeout)
        else:
            kwargs["request_timeout"] = write_timeout
    for part in method.split("."):
        target = getattr(target, part)
    try:
        response = target(**kwargs)
    except _client_errors() as error:
        raise ClusterUnavailable(
            f"{type(error).__name__}: {str(error)[:200]}",
            reason="timeout" if _is_timeout(error) else "error",
        ) from error
    return getattr(response, "body", response)


class CircuitBreaker:
    """After a failure, skip the cluster for a while so every request does not wait a timeout.

    The state is shared through the default cache (Redis or the database table, which every
    gunicorn worker and app server reads), so one process's failure spares the others their own
    timeout; each process also keeps it, for when the cache cannot be read.
    """

    def __init__(self, seconds: float):
        self.seconds = seconds
        self._open_until = 0.0

    @staticmethod
    def _key() -> str:
        return f"search:breaker-open-until:{settings.SEARCH_INDEX_PREFIX}"

    def allows(self) -> bool:
        now = time.time()
        if now < self._open_until:
            return False
        try:
            shared = caches["default"].get(self._key())
        except Exception:  # noqa: BLE001 - the cache down: this process's own state decides
            logger.warning("Search breaker: the shared state could not be read", exc_info=True)
            return True
        if isinstance(shared, float) and now < shared:
            self._open_until = shared
            return False
        return True

    def trip(self) -> None:
        self._open_until = time.time() + self.seconds
        try:
            caches["default"].set(self._key(), self._open_until, timeout=math.ceil(self.seconds))
        except Exception:  # noqa: BLE001
            logger.warning("Search breaker: the shared state could not be written", exc_info=True)

    def succeeded(self) -> None:
        """The cluster answered: close the breaker if this process had seen it open."""
        if self._open_until:
            self.reset()

    def reset(self) -> None:
        self._open_until = 0.0
        try:
            caches["default"].delete(self._key())
        except Exception:  # noqa: BLE001
            logger.warning("Search breaker: the shared state could not be cleared", exc_info=True)


breaker = CircuitBreaker(BREAKER_SECONDS)


def health() -> dict:
    response = call("cluster.health")
    return {"status": response.get("status", "unknown")}


def nodes() -> list[dict]:
    """Each node of the cluster by id, "up" or "down": a node that left is still in the voting
    configuration (three manager nodes keep three voters when one is lost), so it shows as down.
    Ids, not names: a node's name is often its host name, which health pages never show."""
    state = call(
        "cluster.state",
        metric="metadata,nodes",
        filter_path="metadata.cluster_coordination.last_committed_config,nodes.*.name",
    )
    present = set(state.get("nodes", {}))
    coordination = state.get("metadata", {}).get("cluster_coordination", {})
    voters = {
        node for node in coordination.get("last_committed_config", []) if not node.startswith("_")
    }
    return [
        {"id": node, "status": "up" if node in present else "down"}
        for node in sorted(present | voters)
    ]
