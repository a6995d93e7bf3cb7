"""Settings for the search benchmarks: the test settings on a throwaway SQLite file, DEBUG off.

``BENCH_DATABASE_URL`` (e.g. ``postgres://terang:terang@127.0.0.1:5432/terang_bench``) points a
benchmark at a PostgreSQL database instead; the benchmark empties it.
"""

import os

from terang.settings.test import *  # noqa: F403

DEBUG = False
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ["BENCH_SQLITE_PATH"],
        "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"},
    }
}
if os.environ.get("BENCH_DATABASE_URL"):
    import dj_database_url

    DATABASES = {"default": dj_database_url.parse(os.environ["BENCH_DATABASE_URL"])}
SEARCH_URL = ""
SEARCH_REFRESH = "wait_for"
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}
