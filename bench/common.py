"""What the search benchmarks share (bench/search.py, bench/facets.py); import after django.setup()."""

from pathlib import Path

from django.core.management import call_command
from django.db import connection


def fresh_database() -> None:
    """An empty database with every migration applied (Wagtail's root page included): the
    PostgreSQL database of ``BENCH_DATABASE_URL`` emptied, or the throwaway SQLite file deleted."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    else:
        path = Path(connection.settings_dict["NAME"])
        connection.close()
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    call_command("migrate", verbosity=0)
