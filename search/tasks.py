"""Index upkeep, run by the task queue (django-tasks; the database backend in production)."""

import contextlib
import datetime
import logging

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import default_task_backend, task

from stories.page_cache import purge_public_pages
from stories.task_priority import WAITED_ON

from .document import documents_for
from .engines import cluster, database
from .metrics import count_index_updates
from .models import PendingClusterUpdate

logger = logging.getLogger(__name__)
FLUSH_BATCH = 500


def _retry_delay() -> float:
    return float(getattr(settings, "SEARCH_RETRY_SECONDS", 10))


@task(priority=WAITED_ON)
def update_story_index(page_ids: list[int]) -> dict:
    """Index or remove these pages in the database engine and, when configured, the cluster.

    Cached search pages and answers are purged afterwards (stories.page_cache): the publish that
    queued this task purged them already, but a search between the two still read the old index.

    Index writers take turns (:func:`index_writer`): two workers never read a story, then write
    it, in the other's middle, so an older version never lands after a newer one.
    """
    if not cluster.is_configured():
        with index_writer():
            # One search document per story (search.document), written to both engines.
            documents = documents_for(page_ids)
            database.update_stories(page_ids, documents)
        purge_public_pages()
        count_index_updates("applied", len(set(page_ids)))
        return {"database": len(page_ids)}
    # Queued before the documents are read, so they are at least as new as the rows, and before
    # waiting for the lock, so a failure anywhere later leaves the update pending.
    queued = queue_cluster_updates(page_ids)
    with index_writer():
        documents = documents_for(page_ids)
        database.update_stories(page_ids, documents)
        built = dict.fromkeys(page_ids)
        built.update({doc.page_id: doc for doc in documents})
        report = {"database": len(page_ids), **flush_cluster_updates(built, queued)}
    purge_public_pages()
    return report


@task(priority=WAITED_ON)
def retry_cluster_updates() -> dict:
    with index_writer():
        report = flush_cluster_updates()
    if report["cluster"]:
        purge_public_pages()
    return report


# Any fixed 64-bit number, the same in every process: PostgreSQL's advisory lock of index writers.
INDEX_WRITER_LOCK = 0x7465_7261_6E67_0017


@contextlib.contextmanager
def index_writer():
    """One index writer at a time, across every task worker: on PostgreSQL a session advisory lock
    around the whole read-write-send. Each write still commits on its own; the server releases
    the lock when the holder's connection ends, so a killed worker holds nothing.

    SQLite (development, one worker) has no such lock and runs the writers as they come.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [INDEX_WRITER_LOCK])
    try:
        yield
    finally:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [INDEX_WRITER_LOCK])
        except DatabaseError:
            # A broken connection or an aborted transaction: ending the session ends its lock.
            connection.close()


def queue_cluster_updates(page_ids) -> dict[int, datetime.datetime]:
    """Mark these pages' cluster documents as to be written; returns each row's version (its
    ``queued_at``), which :func:`flush_cluster_updates` removes only if no later update replaced
    it."""
    queued = {}
    for page_id in set(page_ids):
        row, created = PendingClusterUpdate.objects.update_or_create(
            page_id=page_id, defaults={"attempts": 0}
        )
        queued[row.page_id] = row.queued_at
        if not created:
            # The update still pending for this story is replaced by this one, which carries the
            # story as it is now: the count of applied updates takes the old one (search.metrics).
            count_index_updates("applied", 1)
    return queued


def flush_cluster_updates(built: dict | None = None, queued: dict | None = None) -> dict:
    """Apply pending cluster updates; on failure keep them and schedule a later retry.

    ``built`` maps page ids to the documents already built for them (None: the page is no longer
    a live, public story), and ``queued`` the versions of the rows queued just before they were
    built: a built document is sent only for the row it was built after; any other pending row is
    loaded here, after the row was read. A row is removed only if it still has the version that
    was read, so an update queued while this one was on its way (a newer publish) stays pending
    and is sent too.
    """
    built = built or {}
    queued = queued or {}
    applied = 0
    while True:
        rows = dict(
            PendingClusterUpdate.objects.order_by("queued_at").values_list("page_id", "queued_at")[
                :FLUSH_BATCH
            ]
        )
        if not rows:
            return {"cluster": applied, "pending": 0}
        ids = list(rows)
        fresh = {pk for pk in ids if pk in built and queued.get(pk) == rows[pk]}
        known = [built[pk] for pk in fresh if built[pk] is not None]
        rest = [pk for pk in ids if pk not in fresh]
        try:
            cluster.update_documents(ids, known + documents_for(rest))
        except cluster.ClusterUnavailable as error:
            PendingClusterUpdate.objects.filter(page_id__in=ids).update(attempts=F("attempts") + 1)
            pending = PendingClusterUpdate.objects.count()
            logger.warning("Search cluster update failed (%s); %d pending", error, pending)
            _schedule_retry()
            return {"cluster": applied, "pending": pending}
        sent = Q()
        for page_id, version in rows.items():
            sent |= Q(page_id=page_id, queued_at=version)
        with transaction.atomic():
            deleted, _ = PendingClusterUpdate.objects.filter(sent).delete()
        applied += len(ids)
        count_index_updates("applied", deleted)
        if not deleted:
            # Every row was queued again meanwhile, by updates that send it themselves.
            return {"cluster": applied, "pending": PendingClusterUpdate.objects.count()}
        # What was not removed was queued again meanwhile: the next round sends it afresh.
        built, queued = {}, {}


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
