"""Index upkeep, run by the task queue (django-tasks; the database backend in production)."""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import default_task_backend, task

from stories.page_cache import purge_public_pages

from .document import documents_for
from .engines import cluster, database
from .metrics import count_index_updates
from .models import PendingClusterUpdate

logger = logging.getLogger(__name__)
FLUSH_BATCH = 500


def _retry_delay() -> float:
    return float(getattr(settings, "SEARCH_RETRY_SECONDS", 10))


@task()
def update_story_index(page_ids: list[int]) -> dict:
    """Index or remove these pages in the database engine and, when configured, the cluster.

    Cached search pages and answers are purged afterwards (stories.page_cache): the publish that
    queued this task purged them already, but a search between the two still read the old index.
    """
    # One search document per story (search.document), written to both engines.
    documents = documents_for(page_ids)
    database.update_stories(page_ids, documents)
    if not cluster.is_configured():
        purge_public_pages()
        count_index_updates("applied", len(set(page_ids)))
        return {"database": len(page_ids)}
    queue_cluster_updates(page_ids)
    built = dict.fromkeys(page_ids)
    built.update({doc.page_id: doc for doc in documents})
    report = {"database": len(page_ids), **flush_cluster_updates(built)}
    purge_public_pages()
    return report


@task()
def retry_cluster_updates() -> dict:
    report = flush_cluster_updates()
    if report["cluster"]:
        purge_public_pages()
    return report


def queue_cluster_updates(page_ids) -> None:
    for page_id in set(page_ids):
        _, created = PendingClusterUpdate.objects.update_or_create(
            page_id=page_id, defaults={"attempts": 0}
        )
        if not created:
            # The update still pending for this story is replaced by this one, which carries the
            # story as it is now: the count of applied updates takes the old one (search.metrics).
            count_index_updates("applied", 1)


def flush_cluster_updates(built: dict | None = None) -> dict:
    """Apply pending cluster updates; on failure keep them and schedule a later retry.

    ``built`` maps page ids to the documents already built for them (None: the page is no longer
    a live, public story), so a story is not loaded twice; other pending pages are loaded here.
    """
    built = built or {}
    applied = 0
    while True:
        ids = list(
            PendingClusterUpdate.objects.order_by("queued_at").values_list("page_id", flat=True)[
                :FLUSH_BATCH
            ]
        )
        if not ids:
            return {"cluster": applied, "pending": 0}
        known = [built[pk] for pk in ids if pk in built and built[pk] is not None]
        rest = [pk for pk in ids if pk not in built]
        try:
            cluster.update_documents(ids, known + documents_for(rest))
        except cluster.ClusterUnavailable as error:
            PendingClusterUpdate.objects.filter(page_id__in=ids).update(attempts=F("attempts") + 1)
            pending = PendingClusterUpdate.objects.count()
            logger.warning("Search cluster update failed (%s); %d pending", error, pending)
            _schedule_retry()
            return {"cluster": applied, "pending": pending}
        with transaction.atomic():
            deleted, _ = PendingClusterUpdate.objects.filter(page_id__in=ids).delete()
        applied += len(ids)
        count_index_updates("applied", deleted)


def _schedule_retry() -> None:
    backend = default_task_backend
    if not backend.supports_defer:
        return  # The next index task, or `search_index --flush`, applies the pending updates.
    try:
        from django_tasks_db.models import DBTaskResult

        already = DBTaskResult.objects.filter(
            status="READY", task_path=retry_cluster_updates.module_path
        ).exists()
    except Exception:  # noqa: BLE001 - another deferring backend: retry anyway
        already = False
    if not already:
        run_after = timezone.now() + datetime.timedelta(seconds=_retry_delay())
        retry_cluster_updates.using(run_after=run_after).enqueue()
