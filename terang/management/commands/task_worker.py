from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from terang.task_worker import LeasedWorker, fresh_worker_id


class Command(DatabaseWorkerCommand):
    help = (
        "Run the database task queue's worker with a lease: the tasks of a worker that was killed "
        "run again (terang.task_worker). The options of db_worker, without --reload."
    )

    def handle(self, **options) -> None:
        self.configure_logging(options["verbosity"])
        excluded = options["exclude_queues"]
        worker = LeasedWorker(
            queue_names=options["queue_name"].split(","),
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            # Each run of a worker is its own lease: a worker restarted under the same name (a
            # systemd unit's fixed --worker-id) must not keep its killed predecessor's task alive.
            worker_id=fresh_worker_id(options["worker_id"] + "."),
            excluded_queue_names=excluded.split(",") if excluded else [],
        )
        worker.configure_signals()
        worker.run()
