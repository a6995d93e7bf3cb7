"""Settings for the search benchmark: the test settings on a throwaway SQLite file, DEBUG off."""

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
SEARCH_URL = ""
SEARCH_REFRESH = "wait_for"
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}
