"""A task for the task worker's tests: it notes each run in a file, and its first run is slow."""

import os
import time
from pathlib import Path

from django_tasks import task


@task()
def note_runs(log_path: str, first_run_seconds: float) -> None:
    log = Path(log_path)
    earlier = log.read_text().count("started") if log.exists() else 0
    with log.open("a") as file:
        file.write(f"started {os.getpid()}\n")
    if not earlier:
        time.sleep(first_run_seconds)
    with log.open("a") as file:
        file.write("finished\n")
