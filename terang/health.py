"""GET /healthz: what a load balancer and an operator need to know, and no secrets.

200 while the database answers ("ok", or "degraded" when search or the task queue is unwell);
503 when the database does not answer, so a load balancer takes the server out of rotation.
"""

import logging
import time

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import DatabaseError, connection
from django.db.models import Count, Min, Q
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult, get_date_max

from search.health import search_health

logger = logging.getLogger(__name__)

DEFAULT_TASK_MAX_WAIT_SECONDS = 600


def database_health() -> dict:
    started = time.monotonic()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        # The error text can name hosts and users: it goes to the log, not to the response.
        logger.exception("Health check: the database did not answer")
        return {"status": "down", "detail": "The database did not answer."}
    return {
        "status": "ok",
        "vendor": connection.vendor,
        "latency_ms": round((time.monotonic() - started) * 1000, 1),
    }


def cache_health(*, database_up: bool) -> dict:
    """Each cache answers a write and a read (Redis, the database table, or this process's memory)."""
    result = {"status": "ok"}
    for alias in settings.CACHES:
        cache = caches[alias]
        if not database_up and isinstance(cache, DatabaseCache):
            result[alias] = {"status": "unknown", "backend": type(cache).__name__}
            continue
        started = time.monotonic()
        try:
            cache.set("healthz:probe", started, timeout=30)
            readable = cache.get("healthz:probe") is not None
            cache.delete("healthz:probe")  # leaves no row in a page cache table
        except Exception:  # noqa: BLE001 - any backend's error: logged, never shown
            logger.exception("Health check: the %s cache did not answer", alias)
            readable = False
        entry = {"status": "ok" if readable else "down", "backend": type(cache).__name__}
        if readable:
            entry["latency_ms"] = round((time.monotonic() - started) * 1000, 1)
        else:
            result["status"] = "down"
        result[alias] = entry
    return result


def task_queue_health() -> dict:
    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    if not isinstance(backend, DatabaseBackend):
        return {
            "status": "ok",
            "backend": type(backend).__name__,
            "detail": "Tasks are not queued: this backend runs them as they are enqueued.",
        }
    now = timezone.now()
    never = get_date_max()
    try:
        waiting = DBTaskResult.objects.ready().filter(backend_name=backend.alias)
        summary = waiting.aggregate(
            pending=Count("id"),
            oldest_unscheduled=Min("enqueued_at", filter=Q(run_after=never)),
            oldest_scheduled=Min("run_after", filter=~Q(run_after=never)),
        )
    except DatabaseError:
        logger.exception("Health check: the task queue could not be read")
        return {"status": "unknown", "backend": type(backend).__name__, "detail": "Not readable."}
    waiting_since = [
        moment
        for moment in (summary["oldest_unscheduled"], summary["oldest_scheduled"])
        if moment is not None
    ]
    oldest_age = round((now - min(waiting_since)).total_seconds(), 1) if waiting_since else None
    max_wait = getattr(settings, "HEALTH_TASK_MAX_WAIT_SECONDS", DEFAULT_TASK_MAX_WAIT_SECONDS)
    stalled = oldest_age is not None and oldest_age > max_wait
    result = {
        "status": "degraded" if stalled else "ok",
        "backend": type(backend).__name__,
        "pending": summary["pending"],
        "oldest_pending_age_seconds": oldest_age,
    }
    if stalled:
        result["detail"] = f"A task has waited more than {max_wait} seconds: is a worker running?"
    return result


@never_cache
@require_safe
def healthz(request):
    database = database_health()
    if database["status"] == "ok":
        tasks = task_queue_health()
    else:
        tasks = {"status": "unknown", "detail": "The queue lives in the database."}
    try:
        search = search_health()
    except Exception:
        # A fault in the search check must not take every app server out of rotation.
        logger.exception("Health check: the search check failed")
        search = {"status": "degraded", "detail": "The search check failed."}
    cache = cache_health(database_up=database["status"] == "ok")
    if database["status"] != "ok":
        status, http_status = "down", 503
    elif tasks["status"] != "ok" or search["status"] == "degraded" or cache["status"] != "ok":
        status, http_status = "degraded", 200
    else:
        status, http_status = "ok", 200
    return JsonResponse(
        {"status": status, "database": database, "search": search, "tasks": tasks, "cache": cache},
        status=http_status,
    )
