"""The task worker: django-tasks-db's worker with a lease, so a killed worker's task runs again.

The database task backend marks a task RUNNING when a worker claims it and never looks at it
again: a worker killed in the middle (a crash, the OOM killer, a lost machine) leaves its task
RUNNING forever. Here every worker beats a heartbeat into the shared cache (a database table or
Redis, which every worker reads) every third of ``TERANG_TASK_LEASE_SECONDS``, and reaps: a task
RUNNING for longer than the lease whose worker has stopped beating, seen so on two checks, goes
back to READY for any worker to run again, or, after ``MAX_ATTEMPTS`` claims, to FAILED with
``WorkerLost``, so a task that kills its worker every time stops doing so.

Terang's tasks are safe to run again (index updates, file removals, e-mails at worst sent twice).
"""

import logging
import secrets
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.core.cache import caches
from django.db import (
    InterfaceError,
    OperationalError,
    close_old_connections,
    connection,
    connections,
)
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

HEARTBEAT_CACHE = "shared"
MAX_ATTEMPTS = 3
# After the database went away, how long a worker waits before its next run.
RECONNECT_SECONDS = 2.0


class WorkerLost(Exception):
    """The worker running the task stopped (killed) before it finished, too many times."""


def lease_seconds() -> float:
    return float(getattr(settings, "TERANG_TASK_LEASE_SECONDS", 60))


def heartbeat_key(worker_id: str) -> str:
    return f"terang:task-worker:{worker_id}"


def beat(worker_id: str) -> None:
    lease = lease_seconds()
    caches[HEARTBEAT_CACHE].set(heartbeat_key(worker_id), time.time(), timeout=max(1, int(lease)))


def is_alive(worker_id: str) -> bool:
    return caches[HEARTBEAT_CACHE].get(heartbeat_key(worker_id)) is not None


class Reaper:
    """Finds tasks whose worker stopped; a task is put back only when seen so twice, half a lease
    apart, so a heartbeat lost once (a cache restart) never makes a live worker's task run twice."""

    def __init__(self):
        self.suspects: dict = {}

    def reap(self) -> list[str]:
        lease = lease_seconds()
        started_before = timezone.now() - timedelta(seconds=lease)
        now = time.monotonic()
        seen, requeued = set(), []
        for result in DBTaskResult.objects.running().filter(started_at__lt=started_before):
            worker = result.worker_ids[-1] if result.worker_ids else ""
            if worker and is_alive(worker):
                continue
            seen.add(result.pk)
            first = self.suspects.setdefault(result.pk, now)
            if now - first < lease / 2:
                continue
            if self._put_back(result, worker):
                requeued.append(str(result.pk))
        self.suspects = {pk: at for pk, at in self.suspects.items() if pk in seen}
        return requeued

    def _put_back(self, result: DBTaskResult, worker: str) -> bool:
        # Only if nothing changed it meanwhile (its worker finishing it after all).
        still = DBTaskResult.objects.filter(
            pk=result.pk, status=TaskResultStatus.RUNNING, started_at=result.started_at
        )
        if len(result.worker_ids) >= MAX_ATTEMPTS:
            changed = still.update(
                status=TaskResultStatus.FAILED,
                finished_at=timezone.now(),
                exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
                traceback=f"WorkerLost: worker {worker} stopped; {len(result.worker_ids)} workers "
                "claimed this task and none finished it",
            )
            if changed:
                logger.error(
                    "Task %s failed: its workers stopped %d times", result.pk, MAX_ATTEMPTS
                )
            return False
        changed = still.update(status=TaskResultStatus.READY, run_after=timezone.now())
        if changed:
            logger.warning(
                "Task %s (%s) put back: its worker %s stopped", result.pk, result.task_path, worker
            )
        return bool(changed)


class Heartbeat(threading.Thread):
    """Beats this worker's heartbeat and reaps other workers' tasks, every third of a lease."""

    def __init__(self, worker_id: str):
        super().__init__(name=f"heartbeat-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.reaper = Reaper()
        self.stopping = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopping.is_set():
                close_old_connections()
                try:
                    beat(self.worker_id)
                    self.reaper.reap()
                except Exception:  # the database or cache away: the next round tries again
                    logger.exception("Task worker heartbeat failed")
                self.stopping.wait(lease_seconds() / 3)
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopping.set()


def fresh_worker_id(worker_id: str) -> str:
    """A new run's lease id: the worker's name (up to the last dot), then a random part."""
    name = worker_id.rsplit(".", 1)[0] if "." in worker_id else worker_id
    return f"{name[:55]}.{secrets.token_hex(4)}"


class LeasedWorker(Worker):
    """db_worker's loop under a lease, which also outlives the database going away: a
    PostgreSQL restart used to end the worker process with an OperationalError, and nothing ran
    the queue until something restarted it. Now the worker waits and starts a new run under a new
    lease id, so a task it was running when the connection broke (its outcome perhaps unsaved)
    goes back to the queue by the reaper, as a killed worker's would."""

    def run(self) -> None:
        while True:
            beat(self.worker_id)  # alive before the first claim
            heartbeat = Heartbeat(self.worker_id)
            heartbeat.start()
            try:
                super().run()
                return
            except (OperationalError, InterfaceError) as error:
                if not self.running:
                    raise
                logger.warning(
                    "Task worker %s lost the database (%s); a new run in %s s",
                    self.worker_id,
                    error,
                    RECONNECT_SECONDS,
                )
            finally:
                heartbeat.stop()
            for alias in connections:
                connections[alias].close_if_unusable_or_obsolete()
            time.sleep(RECONNECT_SECONDS)
            self.worker_id = fresh_worker_id(self.worker_id)
