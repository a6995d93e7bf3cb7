"""The database task queue run once in a test, by the database backend's own worker loop."""

from unittest import mock

from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult


class _RecordingWorker(db_worker.Worker):
    """db_worker's batch worker (claims by the queue's order until nothing is due), keeping the
    results it ran in the order it claimed them."""

    def __init__(self, worker_id: str):
        super().__init__(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        self.ran: list[DBTaskResult] = []

    def run_task(self, db_task_result: DBTaskResult) -> None:
        self.ran.append(db_task_result)
        super().run_task(db_task_result)


def run_queue_once(worker_id: str) -> list[DBTaskResult]:
    """Run every due task (and those they queue) with the worker's own loop: its claims through
    the real queue, one locked row at a time; return the results in the order they were claimed.

    The loop's connection housekeeping (close_old_connections, which closes a connection left
    in a transaction) is left out, so the test's transaction stays open and rolls back."""
    worker = _RecordingWorker(worker_id)
    with mock.patch.object(db_worker, "close_old_connections", lambda: None):
        worker.run()
    for result in worker.ran:
        result.refresh_from_db()
    return worker.ran
