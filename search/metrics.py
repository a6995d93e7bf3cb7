"""Search's figures for /metrics (terang.metrics serves them; docs/deploy.md lists them).

``terang_search_fallbacks_total{reason}`` counts, in each process, the searches the database engine
answered although a cluster is configured: the cluster failed (``error``), timed out
(``timeout``), answered with failed shards (``incomplete``), or was skipped because another search
had just failed (``breaker_open``).

The index update counters are site-wide: they live in the default cache, which every app server and
task worker shares, because an update is queued in one process (a publish) and applied in another
(a task worker). Every app server reports the same figures; ``queued - applied`` is the updates
still on their way (in the task queue, or pending for a cluster that is down).
"""

import logging

from django.core.cache import caches
from prometheus_client import Counter

logger = logging.getLogger(__name__)

FALLBACK_REASONS = ("error", "timeout", "incomplete", "breaker_open")
SEARCH_FALLBACKS = Counter(
    "terang_search_fallbacks",
    "Searches answered by the database engine because the search cluster failed, timed out, "
    "answered incompletely or was skipped after a recent failure (breaker_open).",
    ["reason"],
)
for _reason in FALLBACK_REASONS:
    SEARCH_FALLBACKS.labels(_reason)

INDEX_UPDATES = {
    "queued": "Story index updates queued (one per story per publish, unpublish, move or delete).",
    "applied": "Story index updates applied to every search engine (a later update of the same "
    "story that replaced a pending one counts it applied).",
}
_CACHE_KEY = "metrics:index-updates-{}"


def count_fallback(reason: str) -> None:
    SEARCH_FALLBACKS.labels(reason if reason in FALLBACK_REASONS else "error").inc()


def count_index_updates(kind: str, number: int) -> None:
    """Add ``number`` to the site-wide ``kind`` ("queued" or "applied") count; never raises."""
    if number <= 0:
        return
    cache, key = caches["default"], _CACHE_KEY.format(kind)
    try:
        try:
            cache.incr(key, number)
        except ValueError:  # not there yet (or evicted): start it, unless another process just did
            if not cache.add(key, number, timeout=None):
                cache.incr(key, number)
    except Exception:  # noqa: BLE001 - a figure must never break an index update
        logger.warning("Could not count %d %s index updates", number, kind, exc_info=True)


def index_update_counts() -> dict[str, int | None]:
    """The site-wide counts by kind; None for a kind whose count the cache could not give."""
    cache = caches["default"]
    counts = {}
    for kind in INDEX_UPDATES:
        try:
            counts[kind] = int(cache.get(_CACHE_KEY.format(kind)) or 0)
        except Exception:  # noqa: BLE001 - the scrape must still answer
            logger.warning("Could not read the %s index update count", kind, exc_info=True)
            counts[kind] = None
    return counts
