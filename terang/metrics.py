"""GET /metrics: the site's figures in Prometheus's text format (docs/deploy.md, "Metrics").

Under gunicorn every worker process counts for itself in files under ``PROMETHEUS_MULTIPROC_DIR``
(terang.gunicorn_conf sets it), and a scrape adds them up, so one scrape of an app server counts all
its workers. Without that directory (runserver, tests) the process counts alone.

Figures read at scrape time, not counted: the task queue's depth (the database) and the site-wide
index update counts (the shared cache, search.metrics).

Who may read it: with ``METRICS_TOKEN`` set, a request carrying ``Authorization: Bearer <token>``
(anyone else gets 401); without a token, nobody in production (404), anybody in development and
tests (``METRICS_OPEN``).
"""

import hmac
import logging
import os
import time

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.urls import Resolver404, resolve
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

from search.metrics import INDEX_UPDATES, index_update_counts

logger = logging.getLogger(__name__)

HTTP_REQUESTS = Counter(
    "terang_http_requests",
    "HTTP requests answered, by view (the URL pattern's name), method and status code.",
    ["view", "method", "status"],
)
HTTP_LATENCY = Histogram(
    "terang_http_request_duration_seconds",
    "Time from the request reaching Django to its answer, by view and method.",
    ["view", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
PAGE_CACHE_HITS = Counter(
    "terang_page_cache_hits", "Anonymous readers' public pages answered from the page cache."
)
PAGE_CACHE_MISSES = Counter(
    "terang_page_cache_misses",
    "Anonymous readers' public pages the page cache did not hold (rendered afresh).",
)
METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
TASK_STATES = {"READY": "queued", "RUNNING": "running"}


def view_label(request) -> str:
    """The URL pattern's name (a bounded set of labels, never the path itself)."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        # Answered before the URL was resolved (a page cache hit, a redirect): resolve it here.
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return "unmatched"
    return match.view_name or match._func_path


class MetricsMiddleware:
    """Counts and times every request; first in MIDDLEWARE, so the time is the whole stack's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        elapsed = time.perf_counter() - started
        view = view_label(request)
        method = request.method if request.method in METHODS else "other"
        HTTP_REQUESTS.labels(view, method, str(response.status_code)).inc()
        HTTP_LATENCY.labels(view, method).observe(elapsed)
        return response


class SiteCollector:
    """Figures read when Prometheus scrapes: the task queue's depth and the index update counts."""

    def collect(self):
        depth = GaugeMetricFamily(
            "terang_task_queue_depth",
            "Tasks in the database task queue: waiting to run (queued) and being run (running).",
            labels=["state"],
        )
        for state, count in task_queue_depth().items():
            depth.add_metric([state], count)
        yield depth
        counts = index_update_counts()
        for kind, documentation in INDEX_UPDATES.items():
            if counts[kind] is not None:
                family = CounterMetricFamily(f"terang_index_updates_{kind}", documentation)
                family.add_metric([], counts[kind])
                yield family


def task_queue_depth() -> dict[str, int]:
    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    if not isinstance(backend, DatabaseBackend):
        return {}  # tasks run as they are enqueued: there is no queue
    depth = dict.fromkeys(TASK_STATES.values(), 0)
    try:
        rows = (
            DBTaskResult.objects.filter(backend_name=backend.alias, status__in=TASK_STATES)
            .values("status")
            .annotate(count=Count("id"))
        )
        for row in rows:
            depth[TASK_STATES[row["status"]]] = row["count"]
    except DatabaseError:
        logger.warning("Metrics: the task queue could not be read", exc_info=True)
        return {}
    return depth


SITE_REGISTRY = CollectorRegistry(auto_describe=False)
SITE_REGISTRY.register(SiteCollector())


def process_figures() -> bytes:
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not directory:
        return generate_latest(REGISTRY)
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry, path=directory)
    return generate_latest(registry)


def may_read(request) -> bool:
    """The token rule (module docstring); raises Http404 where the route must not exist."""
    token = getattr(settings, "METRICS_TOKEN", "")
    if not token:
        if getattr(settings, "METRICS_OPEN", False):
            return True
        raise Http404
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(
        given.strip().encode(), token.encode()
    )


@never_cache
@require_safe
def metrics(request):
    if not may_read(request):
        response = HttpResponse(
            "A bearer token is needed.\n", status=401, content_type="text/plain"
        )
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return HttpResponse(
        process_figures() + generate_latest(SITE_REGISTRY), content_type=CONTENT_TYPE_LATEST
    )
