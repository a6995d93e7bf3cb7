import os
import tempfile

from terang.environment import cache_settings, session_engine

from .base import *  # noqa: F403
from .base import BASE_DIR

SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The default cache stays in memory unless CACHE_URL says otherwise (CI may run the suite with
# CACHE_URL=db://terang_cache); the log-in throttle always uses the database cache ("shared").
CACHES = cache_settings(os.environ.get("CACHE_URL", "locmem://"))
SESSION_ENGINE = session_engine(CACHES)
# The page cache is off unless a test turns it on (tests/terang/test_page_cache.py does; servers a
# test starts get PAGE_CACHE_SECONDS): most tests change rows directly and read the page again at once.
TERANG_PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "0"))
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests read English unless they ask for Indonesian (the `django_language` cookie or
# translation.override); the Indonesian catalogue has tests of its own.
LANGUAGE_CODE = "en"

_tmp = tempfile.mkdtemp(prefix="terang-test-")
MEDIA_ROOT = os.path.join(_tmp, "media")
PRIVATE_MEDIA_ROOT = os.path.join(_tmp, "private")
STATIC_ROOT = os.path.join(_tmp, "static")
os.makedirs(STATIC_ROOT, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "stories.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
    "images": {
        "BACKEND": "stories.storage.ImageFileSystemStorage",
        "OPTIONS": {"location": os.path.join(PRIVATE_MEDIA_ROOT, "images")},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# TEST_DATABASE=postgres runs the suite on PostgreSQL (DATABASE_URL, or a local default).
if os.environ.get("TEST_DATABASE") == "postgres":
    import dj_database_url

    DATABASES = {
        "default": dj_database_url.parse(
            os.environ.get("DATABASE_URL", "postgres://terang:terang@127.0.0.1:5432/terang")
        )
    }
else:
    DATABASES = {
        "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(BASE_DIR / "test.sqlite3")}
    }
    if os.environ.get("SQLITE_PATH"):
        # A server that a test starts runs on a copy of the test database in a file (pytest-django
        # itself tests in memory); several such servers share it, as production's share PostgreSQL.
        DATABASES["default"]["NAME"] = os.environ["SQLITE_PATH"]
        DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
if os.environ.get("TASK_BACKEND") == "database":  # task workers a test starts
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
SEARCH_URL = os.environ.get("TEST_SEARCH_URL", "")
METRICS_OPEN = True
SITE_URL = "http://testserver"
WAGTAILADMIN_BASE_URL = SITE_URL
