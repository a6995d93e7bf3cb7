"""The task worker's lease: a task whose worker was killed runs again on another worker."""

import os
import re
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from terang.task_worker import MAX_ATTEMPTS, Reaper, beat
from tests.app_servers import REPO, copy_test_database
from tests.terang.worker_tasks import note_runs

WAIT = 90


def _running_task(settings, tmp_path, workers):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    result = note_runs.enqueue(str(tmp_path / "runs.log"), 0)
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now() - timedelta(minutes=5),
        worker_ids=workers,
    )
    return DBTaskResult.objects.get(pk=result.id)


@pytest.mark.django_db
def test_reaper__live_worker__its_task_is_left_alone(settings, tmp_path):
    settings.TERANG_TASK_LEASE_SECONDS = 2
    task = _running_task(settings, tmp_path, ["alive"])
    reaper = Reaper()
    for _ in range(2):
        beat("alive")  # as its worker's heartbeat thread does, every third of the lease
        assert reaper.reap() == []
        time.sleep(1.1)  # longer than the reaper's second look waits
    task.refresh_from_db()
    assert task.status == TaskResultStatus.RUNNING


@pytest.mark.django_db
def test_reaper__stopped_worker__task_put_back_after_a_second_look(settings, tmp_path):
    settings.TERANG_TASK_LEASE_SECONDS = 0.2
    task = _running_task(settings, tmp_path, ["gone"])
    reaper = Reaper()
    assert reaper.reap() == []  # first seen: a suspect only
    time.sleep(0.15)
    assert reaper.reap() == [str(task.pk)]
    task.refresh_from_db()
    assert task.status == TaskResultStatus.READY
    assert DBTaskResult.objects.ready().filter(pk=task.pk).exists()


@pytest.mark.django_db
def test_reaper__workers_lost_every_time__task_fails_instead_of_looping(settings, tmp_path):
    settings.TERANG_TASK_LEASE_SECONDS = 0.2
    task = _running_task(settings, tmp_path, [f"w{n}" for n in range(MAX_ATTEMPTS)])
    reaper = Reaper()
    reaper.reap()
    time.sleep(0.15)
    assert reaper.reap() == []
    task.refresh_from_db()
    assert task.status == TaskResultStatus.FAILED
    assert task.exception_class_path == "terang.task_worker.WorkerLost"


class TaskWorker:
    def __init__(self, worker_id: str, environ: dict, logs):
        self.log = logs / f"worker-{worker_id}.log"
        self.process = subprocess.Popen(  # noqa: S603
            [sys.executable, "manage.py", "task_worker", "--queue-name", "*", "--interval", "0.2",
             "--no-startup-delay", "--worker-id", worker_id],
            cwd=REPO,
            env={**os.environ, **environ},
            stdout=self.log.open("wb"),
            stderr=subprocess.STDOUT,
        )  # fmt: skip

    def stop(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def _wait_for(condition, what: str, workers):
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    logs = "\n".join(worker.log.read_text() for worker in workers)
    pytest.fail(f"{what} did not happen in {WAIT} s:\n{logs}")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize(
    "second_name",
    # "first": the killed worker restarted under its own name (a systemd unit's fixed
    # --worker-id); its new run must not keep the old run's lease alive.
    ["second", "first"],
)
def test_worker_killed_mid_task__another_worker_runs_it_again(settings, tmp_path, second_name):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    runs = tmp_path / "runs.log"
    note_runs.enqueue(str(runs), 300)
    environ, drop_copy = copy_test_database(tmp_path)
    environ.update(TASK_BACKEND="database", TASK_LEASE_SECONDS="2")
    started = []
    try:
        first = TaskWorker("first", environ, tmp_path)
        started.append(first)
        _wait_for(lambda: runs.exists() and "started" in runs.read_text(), "the first run", started)
        first.process.kill()  # SIGKILL in the middle of the task: no chance to say anything
        first.process.wait()

        (tmp_path / "second").mkdir()
        second = TaskWorker(second_name, environ, tmp_path / "second")
        started.append(second)
        _wait_for(lambda: "finished" in runs.read_text(), "the second run", started)
        lines = runs.read_text().splitlines()
        assert [line.split()[0] for line in lines] == ["started", "started", "finished"]
        assert lines[0] != lines[1]  # two processes

        _wait_for(lambda: "state=SUCCESSFUL" in second.log.read_text(), "success", started)
        assert re.search(r"its worker first\.[0-9a-f]+ stopped", second.log.read_text())
    finally:
        for worker in started:
            worker.stop()
        drop_copy()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_worker__its_database_connections_ended__it_carries_on_under_a_new_lease(
    settings, tmp_path
):
    """While PostgreSQL restarts, the worker cannot connect: it used to exit with an
    OperationalError and leave the queue unserved until something restarted it."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: the fault is a database that refuses connections")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    later = tmp_path / "later.log"
    # Due after the fault below (checked by the log's order, not by the clock).
    note_runs.using(run_after=timezone.now() + timedelta(seconds=25)).enqueue(str(later), 0)
    environ, drop_copy = copy_test_database(tmp_path)
    environ.update(TASK_BACKEND="database", TASK_LEASE_SECONDS="2")
    copy = environ["DATABASE_URL"].rsplit("/", 1)[1]
    worker = TaskWorker("steady", environ, tmp_path)
    try:
        _wait_for(
            lambda: "Starting worker" in worker.log.read_text(), "the worker's start", [worker]
        )
        time.sleep(1)  # its loop is polling the queue
        # As a PostgreSQL restart does: every connection ended, and none taken for a moment.
        with connection.cursor() as cursor:
            cursor.execute(f'ALTER DATABASE "{copy}" ALLOW_CONNECTIONS false')
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                [copy],
            )
        try:
            _wait_for(lambda: "lost the database" in worker.log.read_text(), "the fault", [worker])
        finally:
            with connection.cursor() as cursor:
                cursor.execute(f'ALTER DATABASE "{copy}" ALLOW_CONNECTIONS true')
        _wait_for(lambda: later.exists() and "finished" in later.read_text(), "the task", [worker])
        log = worker.log.read_text()
        assert worker.process.poll() is None  # still running
        assert log.index("lost the database") < log.index("state=SUCCESSFUL")
        assert len(re.findall(r"Starting worker worker_id=steady\.[0-9a-f]{8}", log)) == 2
    finally:
        worker.stop()
        drop_copy()
