"""Typed reading of settings from environment variables, for terang.settings.production.

Every problem is collected, so one start-up attempt names every missing or invalid variable at once.
"""

import os
import re
from collections.abc import Mapping
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}
POSTGRES_ENGINES = {
    "django.db.backends.postgresql",
    "django.contrib.gis.db.backends.postgis",
}
EMAIL_SCHEMES = {
    # scheme: (default port, use_tls, use_ssl)
    "smtp": (25, False, False),
    "submission": (587, True, False),
    "smtp+tls": (587, True, False),
    "smtps": (465, False, True),
    "smtp+ssl": (465, False, True),
}
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
CONSOLE_BACKEND = "django.core.mail.backends.console.EmailBackend"
CACHE_TABLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")
DATABASE_CACHE = "django.core.cache.backends.db.DatabaseCache"
REDIS_CACHE = "django.core.cache.backends.redis.RedisCache"
# Caches every process and server reads alike: what must count once for the whole site may live there.
SHARED_BACKENDS = {DATABASE_CACHE, REDIS_CACHE}
# Sessions read from the cache and written through to the database, when the cache is shared.
CACHED_SESSIONS = "django.contrib.sessions.backends.cached_db"
DATABASE_SESSIONS = "django.contrib.sessions.backends.db"
# Where the login throttle, allauth's rate limits and used two-factor codes live unless CACHE_URL
# names another database table: one table every process and server reads.
SHARED_CACHE_URL = "db://terang_cache"
# Anonymous readers' public pages (terang.page_cache): a table of their own, so a flood of page
# entries culls only pages, never the log-in throttle's counts.
PAGE_CACHE_URL = "db://terang_page_cache"
PAGE_CACHE_MAX_ENTRIES = 20_000
# Django's database cache culls a third of its rows once it holds more than MAX_ENTRIES (300 by
# default); a flood of keys must not cull the login throttle's counts away.
DATABASE_CACHE_MAX_ENTRIES = 50_000
MIN_SECRET_KEY_LENGTH = 50


class Environment:
    """Reads variables from `environ`; call `raise_if_invalid()` once every setting has been read."""

    def __init__(self, environ: Mapping[str, str] | None = None):
        self.environ = os.environ if environ is None else environ
        self.missing: list[str] = []
        self.invalid: list[str] = []

    def raw(self, name: str) -> str:
        return self.environ.get(name, "").strip()

    def string(self, name: str, default: str = "", *, required: bool = False) -> str:
        value = self.raw(name)
        if value:
            return value
        if required:
            self.missing.append(name)
        return default

    def boolean(self, name: str, default: bool) -> bool:
        value = self.raw(name).lower()
        if not value:
            return default
        if value in TRUE_WORDS:
            return True
        if value in FALSE_WORDS:
            return False
        self.invalid.append(f"{name}: {value!r} is not one of true, false, 1, 0, yes, no, on, off")
        return default

    def integer(
        self, name: str, default: int, *, minimum: int = 0, maximum: int | None = None
    ) -> int:
        value = self.raw(name)
        if not value:
            return default
        try:
            number = int(value)
        except ValueError:
            self.invalid.append(f"{name}: {value!r} is not a whole number")
            return default
        if number < minimum or (maximum is not None and number > maximum):
            limit = f"at least {minimum}" if maximum is None else f"from {minimum} to {maximum}"
            self.invalid.append(f"{name}: {number} is out of range (use {limit})")
            return default
        return number

    def comma_list(
        self, name: str, default: list[str] | None = None, *, required: bool = False
    ) -> list[str]:
        items = [item.strip() for item in self.raw(name).split(",") if item.strip()]
        if items:
            return items
        if required:
            self.missing.append(name)
        return list(default or [])

    def choice(self, name: str, choices: list[str], default: str) -> str:
        value = self.raw(name).lower()
        if not value:
            return default
        if value not in choices:
            self.invalid.append(f"{name}: {value!r} is not one of {', '.join(choices)}")
            return default
        return value

    def secret_key(self, name: str) -> str:
        value = self.string(name, required=True)
        if value and (len(value) < MIN_SECRET_KEY_LENGTH or len(set(value)) < 5):
            self.invalid.append(
                f"{name}: use at least {MIN_SECRET_KEY_LENGTH} random characters, e.g. the output of "
                "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
            )
        return value

    def site_url(self, name: str) -> str:
        value = self.string(name, required=True).rstrip("/")
        if value:
            parts = urlsplit(value)
            if parts.scheme not in {"http", "https"} or not parts.netloc:
                self.invalid.append(
                    f"{name}: {value!r} is not an http(s) URL such as https://terang.id"
                )
        return value

    def proxy_ssl_header(self, name: str, default: str) -> tuple[str, str] | None:
        """`X-Forwarded-Proto: https` becomes Django's ("HTTP_X_FORWARDED_PROTO", "https")."""
        value = self.environ.get(name)
        value = default if value is None else value.strip()
        if value.lower() in {"", "none", "off"}:
            return None
        header, separator, expected = value.partition(":")
        header, expected = header.strip(), expected.strip()
        if not separator or not re.fullmatch(r"[A-Za-z0-9-]+", header) or not expected:
            self.invalid.append(f"{name}: {value!r} is not of the form 'X-Forwarded-Proto: https'")
            return None
        return ("HTTP_" + header.upper().replace("-", "_"), expected)

    def database(self, name: str, *, conn_max_age: int, connect_timeout: int) -> dict:
        url = self.string(name, required=True)
        if not url:
            return {}
        try:
            config = parse_database_url(url, conn_max_age=conn_max_age)
        except ValueError as error:
            self.invalid.append(f"{name}: {error}")
            return {}
        config.setdefault("OPTIONS", {}).setdefault("connect_timeout", connect_timeout)
        return config

    def email(self, url_name: str) -> dict:
        url = self.string(url_name)
        if url:
            try:
                return parse_email_url(url)
            except ValueError as error:
                self.invalid.append(f"{url_name}: {error}")
                return {}
        host = self.string("EMAIL_HOST")
        if not host:
            self.missing.append(f"{url_name} (or EMAIL_HOST)")
            return {}
        use_tls = self.boolean("EMAIL_USE_TLS", False)
        use_ssl = self.boolean("EMAIL_USE_SSL", False)
        if use_tls and use_ssl:
            self.invalid.append("EMAIL_USE_TLS and EMAIL_USE_SSL: set at most one of them")
        return {
            "EMAIL_BACKEND": SMTP_BACKEND,
            "EMAIL_HOST": host,
            "EMAIL_PORT": self.integer(
                "EMAIL_PORT", 465 if use_ssl else 587, minimum=1, maximum=65535
            ),
            "EMAIL_HOST_USER": self.string("EMAIL_HOST_USER"),
            "EMAIL_HOST_PASSWORD": self.string("EMAIL_HOST_PASSWORD"),
            "EMAIL_USE_TLS": use_tls,
            "EMAIL_USE_SSL": use_ssl,
            "EMAIL_TIMEOUT": self.integer("EMAIL_TIMEOUT", 10, minimum=1, maximum=300),
        }

    def caches(self, name: str, pages_name: str = "PAGE_CACHE_URL") -> dict:
        """CACHES from CACHE_URL (default: the shared database cache) and PAGE_CACHE_URL, see
        `cache_settings`."""
        url = self.string(name, SHARED_CACHE_URL)
        pages_url = self.string(pages_name) or None
        if pages_url is not None:
            try:
                parse_cache_url(pages_url)
            except ValueError as error:
                self.invalid.append(f"{pages_name}: {error}")
                pages_url = PAGE_CACHE_URL
        try:
            return cache_settings(url, pages_url)
        except ValueError as error:
            self.invalid.append(f"{name}: {error}")
            return cache_settings(SHARED_CACHE_URL, pages_url)

    def raise_if_invalid(self) -> None:
        problems = []
        if self.missing:
            problems.append("missing required environment variables: " + ", ".join(self.missing))
        if self.invalid:
            problems.append("invalid environment variables: " + "; ".join(self.invalid))
        if problems:
            raise ImproperlyConfigured(
                "Terang cannot start with these production settings: "
                + ". ".join(problems)
                + ". See docs/deploy.md for every variable."
            )


def parse_database_url(url: str, *, conn_max_age: int = 0) -> dict:
    """A PostgreSQL DATABASE_URL as a Django DATABASES entry; any other database is refused."""
    try:
        config = dj_database_url.parse(url, conn_max_age=conn_max_age, conn_health_checks=True)
    except ValueError as error:
        raise ValueError(f"not a database URL ({error})") from None
    if config.get("ENGINE") not in POSTGRES_ENGINES:
        raise ValueError(
            "production needs PostgreSQL: use postgres://USER:PASSWORD@HOST:5432/NAME "
            "(SQLite serves development and tests only)"
        )
    if not config.get("NAME"):
        raise ValueError("the URL names no database: add /NAME at the end")
    return config


def parse_email_url(url: str) -> dict:
    """EMAIL_URL as Django email settings.

    smtp://USER:PASSWORD@HOST:PORT (plain, port 25; add ?tls=true for STARTTLS or ?ssl=true),
    submission:// or smtp+tls:// (STARTTLS, port 587), smtps:// or smtp+ssl:// (TLS, port 465),
    console:// (print messages to stdout: for try-outs only). User and password are percent-encoded;
    ?timeout=SECONDS sets the connection timeout (default 10).
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "console":
        return {"EMAIL_BACKEND": CONSOLE_BACKEND}
    if scheme not in EMAIL_SCHEMES:
        raise ValueError(
            f"unknown scheme {scheme!r}: use smtp, submission, smtps or console "
            "(for example submission://user:password@smtp.example.com)"
        )
    if not parts.hostname:
        raise ValueError("the URL names no mail server host")
    default_port, use_tls, use_ssl = EMAIL_SCHEMES[scheme]
    query = {key: values[-1].strip().lower() for key, values in parse_qs(parts.query).items()}
    for flag in ("tls", "ssl"):
        if flag in query and query[flag] not in TRUE_WORDS | FALSE_WORDS:
            raise ValueError(f"?{flag}= must be true or false")
    use_tls = query.get("tls", "true" if use_tls else "false") in TRUE_WORDS
    use_ssl = query.get("ssl", "true" if use_ssl else "false") in TRUE_WORDS
    if use_tls and use_ssl:
        raise ValueError("use either STARTTLS (tls) or implicit TLS (ssl), not both")
    try:
        port = parts.port or default_port
    except ValueError:
        raise ValueError("the port is not a number from 1 to 65535") from None
    timeout = query.get("timeout", "10")
    if not timeout.isdigit() or not 1 <= int(timeout) <= 300:
        raise ValueError("?timeout= must be a whole number of seconds from 1 to 300")
    return {
        "EMAIL_BACKEND": SMTP_BACKEND,
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": port,
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": use_tls,
        "EMAIL_USE_SSL": use_ssl,
        "EMAIL_TIMEOUT": int(timeout),
    }


def parse_cache_url(url: str) -> dict:
    """CACHE_URL as a Django CACHES entry: locmem:// (one process), db://TABLE or redis://… (shared).

    redis://[:PASSWORD@]HOST:PORT/DB (rediss:// for TLS) is Django's own Redis cache; a comma
    separates a primary from read replicas, as Django's LOCATION list does.
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if scheme == "db":
        table = parts.netloc or parts.path.lstrip("/")
        if not CACHE_TABLE_NAME.match(table):
            raise ValueError(
                "db:// needs a table name of letters, digits and _, e.g. db://terang_cache"
            )
        return {
            "BACKEND": DATABASE_CACHE,
            "LOCATION": table,
            "OPTIONS": {"MAX_ENTRIES": DATABASE_CACHE_MAX_ENTRIES},
        }
    if scheme in ("redis", "rediss"):
        locations = [location.strip() for location in url.split(",") if location.strip()]
        for location in locations:
            _check_redis_url(location)
        return {
            "BACKEND": REDIS_CACHE,
            "LOCATION": locations if len(locations) > 1 else locations[0],
            # A Redis that stops answering costs a request at most this long, never a hang.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    raise ValueError(
        f"unknown scheme {scheme!r}: use locmem://, db://TABLE or redis://HOST:PORT/DB"
    )


def _check_redis_url(location: str) -> None:
    parts = urlsplit(location)
    if parts.scheme.lower() not in ("redis", "rediss"):
        raise ValueError(f"{location!r}: every Redis address starts with redis:// or rediss://")
    if not parts.hostname:
        raise ValueError("redis:// needs a host, e.g. redis://127.0.0.1:6379/0")
    try:
        parts.port  # noqa: B018 - urlsplit checks the port only when asked
    except ValueError:
        raise ValueError("the Redis port is not a number from 1 to 65535") from None
    database = parts.path.strip("/")
    if database and not database.isdigit():
        raise ValueError("the Redis database after the / is a number, e.g. redis://HOST:6379/0")


def cache_settings(url: str, pages_url: str | None = None) -> dict:
    """Django's CACHES for CACHE_URL: ``default`` as the URL says, ``shared`` always shared by every
    process, ``pages`` (anonymous readers' public pages) as PAGE_CACHE_URL says.

    ``shared`` holds what every process must count together (the login throttle, the page cache's
    version): the CACHE_URL cache when every process reads it alike (a database table or Redis),
    else the ``terang_cache`` table. ``pages`` defaults to the same Redis when CACHE_URL is Redis,
    else to a table of its own. Every table is made by ``createcachetable``, which ``migrate`` runs
    too (community.apps).
    """
    default = parse_cache_url(url)
    shared = default if default["BACKEND"] in SHARED_BACKENDS else parse_cache_url(SHARED_CACHE_URL)
    if pages_url is None:
        pages_url = url if default["BACKEND"] == REDIS_CACHE else PAGE_CACHE_URL
    pages = parse_cache_url(pages_url)
    if pages["BACKEND"] == DATABASE_CACHE:
        pages["OPTIONS"] = {"MAX_ENTRIES": PAGE_CACHE_MAX_ENTRIES}
    return {
        "default": default,
        "shared": {**shared, "OPTIONS": dict(shared["OPTIONS"])},
        "pages": pages,
    }


def session_engine(caches: dict) -> str:
    """Sessions in the database, read through the cache when every server shares it (Redis).

    A per-process cache would serve a session another server has since changed; the database
    cache would only add a second query to the first.
    """
    if caches["default"]["BACKEND"] == REDIS_CACHE:
        return CACHED_SESSIONS
    return DATABASE_SESSIONS
