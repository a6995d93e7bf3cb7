"""Production: every setting comes from the environment (docs/deploy.md lists them all).

A missing or invalid variable stops start-up with ImproperlyConfigured naming each one.
"""

import logging
import os
from urllib.parse import urlsplit

from terang.environment import Environment, session_engine
from terang.logging import logging_config, start_error_reporting
from terang.security import media_origin, with_sources

from .base import *  # noqa: F403
from .base import (
    ADMIN_CONTENT_SECURITY_POLICY,
    CONTENT_SECURITY_POLICY,
    MEDIA_ROOT,
    PRIVATE_MEDIA_ROOT,
    STATIC_ROOT,
)
from .base import STORAGES as BASE_STORAGES

env = Environment()

DEBUG = False
SECRET_KEY = env.secret_key("SECRET_KEY")
# Old keys, newest first, so sessions and signed links survive a key rotation.
SECRET_KEY_FALLBACKS = env.comma_list("SECRET_KEY_FALLBACKS")
ALLOWED_HOSTS = env.comma_list("ALLOWED_HOSTS", required=True)

# The public address, used in e-mails and the Wagtail admin.
SITE_URL = env.site_url("SITE_URL")
WAGTAILADMIN_BASE_URL = SITE_URL
_site = urlsplit(SITE_URL)
CSRF_TRUSTED_ORIGINS = env.comma_list(
    "CSRF_TRUSTED_ORIGINS", [f"{_site.scheme}://{_site.netloc}"] if _site.netloc else []
)

DATABASES = {
    "default": env.database(
        "DATABASE_URL",
        conn_max_age=env.integer("DATABASE_CONN_MAX_AGE", 60, maximum=3600),
        connect_timeout=env.integer("DATABASE_CONNECT_TIMEOUT", 5, minimum=1, maximum=60),
    )
}
# The database cache by default, shared by every process and app server (log-in throttle, rate
# limits, used two-factor codes); createcachetable makes its table, and migrate runs it too.
CACHES = env.caches("CACHE_URL", "PAGE_CACHE_URL")
# Sessions live in the database, read through Redis when CACHE_URL names one (every server shares it).
SESSION_ENGINE = session_engine(CACHES)

# HTTPS. Behind a proxy or load balancer that terminates TLS, the proxy must set (overwrite) the
# header named in SECURE_PROXY_SSL_HEADER; set it to "none" when Django faces clients directly.
SECURE_PROXY_SSL_HEADER = env.proxy_ssl_header(
    "SECURE_PROXY_SSL_HEADER", "X-Forwarded-Proto: https"
)
USE_X_FORWARDED_HOST = env.boolean("USE_X_FORWARDED_HOST", False)
# The client's IP address, which the log-in throttle and the rate limits count by. Behind proxies
# every request comes from the nearest proxy, so it is read from X-Forwarded-For, counting this
# many proxies from the right (each appends the address it saw): 1 for nginx or a load balancer,
# 2 for a load balancer in front of nginx. Too few would throttle every visitor as one address; too
# many would let clients choose theirs. Default: 1 behind a proxy (SECURE_PROXY_SSL_HEADER set),
# else 0 (REMOTE_ADDR).
ALLAUTH_TRUSTED_PROXY_COUNT = env.integer(
    "TRUSTED_PROXY_COUNT", 0 if SECURE_PROXY_SSL_HEADER is None else 1, maximum=5
)
SECURE_SSL_REDIRECT = env.boolean("SECURE_SSL_REDIRECT", True)
# Load balancers probe, and Prometheus scrapes each app server, over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]
SECURE_HSTS_SECONDS = env.integer("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.boolean("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env.boolean("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = env.boolean("SESSION_COOKIE_SECURE", True)
CSRF_COOKIE_SECURE = env.boolean("CSRF_COOKIE_SECURE", True)
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_AGE = env.integer("SESSION_COOKIE_AGE", 14 * 24 * 3600, minimum=300)

# Static files: collectstatic writes compressed files with hashed names; WhiteNoise serves them.
STATIC_ROOT = env.string("STATIC_ROOT", str(STATIC_ROOT))

# Media. "local": folders on this machine (or a shared mount); "s3": S3-compatible buckets.
# Images and evidence are private files: locally they live outside MEDIA_ROOT (PRIVATE_MEDIA_ROOT,
# images in its images/ folder); on S3 in the private bucket, which must block public access
# (images under its images/ prefix). Evidence has no URL at all; an image's URL is Terang's image
# view, which checks who may see it and streams it. MEDIA_ROOT / the media bucket keeps only
# Wagtail documents, which Wagtail's view serves.
MEDIA_STORAGE = env.choice("MEDIA_STORAGE", ["local", "s3"], "local")
if MEDIA_STORAGE == "s3":
    _s3 = {
        "endpoint_url": env.string("S3_ENDPOINT_URL") or None,
        "region_name": env.string("S3_REGION") or None,
        "addressing_style": env.choice("S3_ADDRESSING_STYLE", ["auto", "path", "virtual"], "auto"),
        "signature_version": "s3v4",
        "file_overwrite": False,
    }
    _media_bucket = env.string("S3_MEDIA_BUCKET", required=True)
    _private_bucket = env.string("S3_PRIVATE_BUCKET", required=True)
    if _media_bucket and _media_bucket == _private_bucket:
        env.invalid.append(
            "S3_PRIVATE_BUCKET: must be a bucket of its own (with public access blocked), "
            "not the public media bucket"
        )
    _private = {
        **_s3,
        "bucket_name": _private_bucket,
        "custom_domain": None,
        "default_acl": "private",
    }
    STORAGES = {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **_s3,
                "bucket_name": _media_bucket,
                "custom_domain": env.string("S3_MEDIA_CUSTOM_DOMAIN") or None,
                "querystring_auth": False,
            },
        },
        "private": {"BACKEND": "terang.storage.PrivateS3Storage", "OPTIONS": _private},
        "images": {
            "BACKEND": "terang.storage.ImageS3Storage",
            "OPTIONS": {**_private, "location": "images"},
        },
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
else:
    MEDIA_ROOT = env.string("MEDIA_ROOT", str(MEDIA_ROOT))
    PRIVATE_MEDIA_ROOT = env.string("PRIVATE_MEDIA_ROOT", str(PRIVATE_MEDIA_ROOT))
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "private": {
            **BASE_STORAGES["private"],
            "OPTIONS": {
                **BASE_STORAGES["private"].get("OPTIONS", {}),
                "location": PRIVATE_MEDIA_ROOT,
            },
        },
        "images": {
            **BASE_STORAGES["images"],
            "OPTIONS": {
                **BASE_STORAGES["images"].get("OPTIONS", {}),
                "location": os.path.join(PRIVATE_MEDIA_ROOT, "images"),
            },
        },
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
MEDIA_URL = env.string("MEDIA_URL", "/media/")
# Images on S3 come from the bucket's host (or its custom domain), and MEDIA_URL may name another
# host: both Content-Security-Policies allow images from there.
_media_origin = media_origin(STORAGES["default"], MEDIA_URL)
if _media_origin:
    CONTENT_SECURITY_POLICY = with_sources(CONTENT_SECURITY_POLICY, "img-src", [_media_origin])
    ADMIN_CONTENT_SECURITY_POLICY = with_sources(
        ADMIN_CONTENT_SECURITY_POLICY, "img-src", [_media_origin]
    )
# Documents always go through Django, so Wagtail's collection privacy holds; the web server must
# not serve MEDIA_ROOT itself (docs/deploy.md).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# How long browsers and a CDN may cache an image that a live, public page shows.
TERANG_PUBLIC_IMAGE_MAX_AGE = env.integer(
    "PUBLIC_IMAGE_MAX_AGE", 3600, minimum=0, maximum=31_536_000
)

# Anonymous readers' public pages stay this long in the page cache (PAGE_CACHE_URL) unless a change
# purges them first, which every publish, edit and unpublish does (docs/deploy.md). 0 switches it off.
TERANG_PAGE_CACHE_SECONDS = env.integer("PAGE_CACHE_SECONDS", 600, minimum=0, maximum=86_400)

# E-mail: EMAIL_URL, or EMAIL_HOST with EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD,
# EMAIL_USE_TLS / EMAIL_USE_SSL.
_email = env.email("EMAIL_URL")
EMAIL_BACKEND = _email.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = _email.get("EMAIL_HOST", "localhost")
EMAIL_PORT = _email.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = _email.get("EMAIL_TIMEOUT", 10)
SERVER_EMAIL = env.string("SERVER_EMAIL", DEFAULT_FROM_EMAIL)  # noqa: F405

# Two different people take the two review steps of a story. Only a site with a single moderator
# switches this off (REVIEW_TWO_PEOPLE=false); the admin then warns on every review.
TERANG_REVIEW_TWO_PEOPLE = env.boolean("REVIEW_TWO_PEOPLE", True)
# Days after its submission when a story waiting in the review queue shows as overdue.
TERANG_REVIEW_OVERDUE_DAYS = env.integer("REVIEW_OVERDUE_DAYS", 3, minimum=1, maximum=365)

# A task whose worker stopped beating its heartbeat this long runs again (terang.task_worker).
TERANG_TASK_LEASE_SECONDS = env.integer("TASK_LEASE_SECONDS", 60, minimum=5, maximum=3600)
# /metrics answers only requests with "Authorization: Bearer METRICS_TOKEN"; without it, 404.
METRICS_TOKEN = env.string("METRICS_TOKEN")
# /healthz reports the task queue as degraded when a task has waited longer than this.
HEALTH_TASK_MAX_WAIT_SECONDS = env.integer("HEALTH_TASK_MAX_WAIT_SECONDS", 600, minimum=1)

# Python warnings become log records too, so stdout stays one JSON object per line.
logging.captureWarnings(True)
LOGGING = logging_config(
    json_output=env.choice("LOG_FORMAT", ["json", "text"], "json") == "json",
    level=env.choice("LOG_LEVEL", ["debug", "info", "warning", "error"], "info").upper(),
)

# Error reports to Sentry (or a compatible service such as GlitchTip) when SENTRY_DSN is set; the
# JSON logs above go on either way.
SENTRY_DSN = env.string("SENTRY_DSN")
if SENTRY_DSN:
    from sentry_sdk.utils import BadDsn, Dsn

    try:
        Dsn(SENTRY_DSN)
    except BadDsn:
        # Not echoed: a DSN holds the project's key.
        env.invalid.append("SENTRY_DSN: not a Sentry DSN (https://KEY@HOST/PROJECT)")
SENTRY_TRACES_SAMPLE_RATE = env.integer("SENTRY_TRACES_PERCENT", 0, minimum=0, maximum=100) / 100

env.raise_if_invalid()

if SENTRY_DSN:
    start_error_reporting(
        SENTRY_DSN,
        environment=env.string("SENTRY_ENVIRONMENT", "production"),
        release=env.string("SENTRY_RELEASE") or None,
        traces_sample_rate=SENTRY_TRACES_SAMPLE_RATE,
    )
