import os
import runpy
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

REPO = Path(__file__).resolve().parents[2]
SECRET = "production-test-key-abcdefghijklmnopqrstuvwxyz-0123456789"

COMPLETE_ENV = {
    "SECRET_KEY": SECRET,
    "ALLOWED_HOSTS": "terang.id,www.terang.id",
    "SITE_URL": "https://terang.id",
    "DATABASE_URL": "postgres://terang:db-password@127.0.0.1:5432/terang",
    "EMAIL_URL": "submission://mailer:mail-password@smtp.example.com",
}
S3_ENV = {
    "MEDIA_STORAGE": "s3",
    "S3_ENDPOINT_URL": "https://s3.example.com",
    "S3_REGION": "ap-southeast-3",
    "S3_MEDIA_BUCKET": "terang-media",
    "S3_PRIVATE_BUCKET": "terang-evidence",
    "AWS_ACCESS_KEY_ID": "AKIAEXAMPLE",
    "AWS_SECRET_ACCESS_KEY": "example-secret",
}


def production_settings(environ: dict) -> dict:
    with mock.patch.dict(os.environ, environ, clear=True):
        return runpy.run_module("terang.settings.production")


def run_manage(environ: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env={
            "PATH": os.environ.get("PATH", ""),
            "DJANGO_SETTINGS_MODULE": "terang.settings.production",
            **environ,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production__complete_environment__secure_postgres_whitenoise_json_logs():
    settings = production_settings(COMPLETE_ENV)

    assert settings["DEBUG"] is False
    assert settings["SECRET_KEY"] == SECRET
    assert settings["ALLOWED_HOSTS"] == ["terang.id", "www.terang.id"]
    assert settings["DATABASES"]["default"]["ENGINE"] == "django.db.backends.postgresql"
    assert settings["DATABASES"]["default"]["OPTIONS"]["connect_timeout"] == 5
    assert settings["CSRF_TRUSTED_ORIGINS"] == ["https://terang.id"]
    assert settings["WAGTAILADMIN_BASE_URL"] == "https://terang.id"
    assert settings["SECURE_SSL_REDIRECT"] is True
    assert settings["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    assert settings["SECURE_HSTS_SECONDS"] == 31_536_000
    assert settings["SESSION_COOKIE_SECURE"] is settings["CSRF_COOKIE_SECURE"] is True
    assert settings["STORAGES"]["staticfiles"]["BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )
    assert settings["EMAIL_HOST"] == "smtp.example.com"
    assert settings["EMAIL_USE_TLS"] is True
    assert settings["LOGGING"]["handlers"]["stdout"]["formatter"] == "json"


@pytest.mark.parametrize(
    "name", ["SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL", "DATABASE_URL", "EMAIL_URL"]
)
def test_production__required_variable_missing__start_up_fails_naming_it(name):
    environ = {key: value for key, value in COMPLETE_ENV.items() if key != name}

    with pytest.raises(ImproperlyConfigured, match=name):
        production_settings(environ)


def test_production__sqlite_database_url__is_refused_with_a_clear_message():
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL: production needs PostgreSQL"):
        production_settings({**COMPLETE_ENV, "DATABASE_URL": "sqlite:////tmp/terang.sqlite3"})


def test_production__https_settings__each_can_be_switched_off_for_a_plain_http_try_out():
    settings = production_settings(
        {
            **COMPLETE_ENV,
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_HSTS_SECONDS": "0",
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "no",
            "SECURE_PROXY_SSL_HEADER": "none",
            "CSRF_TRUSTED_ORIGINS": "https://terang.id,https://admin.terang.id",
        }
    )

    assert settings["SECURE_SSL_REDIRECT"] is False
    assert settings["SECURE_HSTS_SECONDS"] == 0
    assert settings["SESSION_COOKIE_SECURE"] is False
    assert settings["CSRF_COOKIE_SECURE"] is False
    assert settings["SECURE_PROXY_SSL_HEADER"] is None
    assert settings["CSRF_TRUSTED_ORIGINS"] == ["https://terang.id", "https://admin.terang.id"]


def test_production__email_from_smtp_variables_when_no_email_url():
    environ = {key: value for key, value in COMPLETE_ENV.items() if key != "EMAIL_URL"}
    settings = production_settings(
        {**environ, "EMAIL_HOST": "relay.internal", "EMAIL_PORT": "2525"}
    )

    assert (settings["EMAIL_HOST"], settings["EMAIL_PORT"]) == ("relay.internal", 2525)


def storage_from(config: dict):
    return import_string(config["BACKEND"])(**config.get("OPTIONS", {}))


def test_production__local_media__two_folders_and_evidence_without_urls(tmp_path):
    settings = production_settings(
        {
            **COMPLETE_ENV,
            "MEDIA_ROOT": str(tmp_path / "media"),
            "PRIVATE_MEDIA_ROOT": str(tmp_path / "private"),
        }
    )
    evidence = storage_from(settings["STORAGES"]["private"])
    images = storage_from(settings["STORAGES"]["images"])

    assert settings["MEDIA_ROOT"] == str(tmp_path / "media")
    assert evidence.location == str(tmp_path / "private")
    with pytest.raises(ValueError):
        evidence.url("evidence/payslip.pdf")
    # Images are not under MEDIA_ROOT, and their URL is the checked image view.
    assert images.location == str(tmp_path / "private" / "images")
    assert images.url("original_images/photo.jpg") == "/images/original_images/photo.jpg"


def test_production__s3_media__evidence_in_a_private_bucket_without_any_url():
    settings = production_settings({**COMPLETE_ENV, **S3_ENV})
    media = settings["STORAGES"]["default"]
    private = settings["STORAGES"]["private"]

    images = settings["STORAGES"]["images"]

    assert media["OPTIONS"]["bucket_name"] == "terang-media"
    assert private["OPTIONS"]["bucket_name"] == "terang-evidence"
    assert private["OPTIONS"]["default_acl"] == "private"
    # Images: the private bucket, under their own prefix, never a bucket URL.
    assert images["OPTIONS"]["bucket_name"] == "terang-evidence"
    assert images["OPTIONS"]["location"] == "images"
    assert images["OPTIONS"]["default_acl"] == "private"
    assert settings["WAGTAILDOCS_SERVE_METHOD"] == "serve_view"

    # URLs are built locally: no request leaves the machine.
    with mock.patch.dict(os.environ, S3_ENV):
        document_url = storage_from(media).url("documents/guide.pdf")
        image_url = storage_from(images).url("images/photo.fill-100x100.jpg")
        evidence = storage_from(private)
        with pytest.raises(ValueError):
            evidence.url("evidence/payslip.pdf")
    assert document_url.startswith("https://s3.example.com/terang-media/documents/guide.pdf")
    assert "X-Amz-Signature=" not in document_url
    assert image_url == "/images/images/photo.fill-100x100.jpg"


def test_production__s3_evidence_in_the_public_media_bucket__is_refused():
    with pytest.raises(
        ImproperlyConfigured, match="S3_PRIVATE_BUCKET: must be a bucket of its own"
    ):
        production_settings({**COMPLETE_ENV, **S3_ENV, "S3_PRIVATE_BUCKET": "terang-media"})


def test_production__public_image_max_age__from_the_environment_within_bounds():
    assert production_settings(COMPLETE_ENV)["TERANG_PUBLIC_IMAGE_MAX_AGE"] == 3600
    settings = production_settings({**COMPLETE_ENV, "PUBLIC_IMAGE_MAX_AGE": "600"})
    assert settings["TERANG_PUBLIC_IMAGE_MAX_AGE"] == 600
    with pytest.raises(ImproperlyConfigured, match="PUBLIC_IMAGE_MAX_AGE"):
        production_settings({**COMPLETE_ENV, "PUBLIC_IMAGE_MAX_AGE": "-1"})


def test_production__s3_without_buckets__names_both():
    environ = {**COMPLETE_ENV, "MEDIA_STORAGE": "s3"}

    with pytest.raises(ImproperlyConfigured) as raised:
        production_settings(environ)

    assert "S3_MEDIA_BUCKET" in str(raised.value)
    assert "S3_PRIVATE_BUCKET" in str(raised.value)


def test_production__shared_database_cache_for_several_app_servers():
    settings = production_settings({**COMPLETE_ENV, "CACHE_URL": "db://terang_cache"})

    assert settings["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"


def test_production__without_cache_url__every_cache_is_the_shared_database_cache():
    settings = production_settings(COMPLETE_ENV)

    for alias in ("default", "shared"):
        assert settings["CACHES"][alias]["BACKEND"] == (
            "django.core.cache.backends.db.DatabaseCache"
        )
        assert settings["CACHES"][alias]["LOCATION"] == "terang_cache"


def test_production__page_cache__from_the_environment():
    default = production_settings(COMPLETE_ENV)
    assert default["CACHES"]["pages"]["LOCATION"] == "terang_page_cache"
    assert default["TERANG_PAGE_CACHE_SECONDS"] == 600
    assert "terang.page_cache.PageCacheMiddleware" in default["MIDDLEWARE"]

    chosen = production_settings(
        {**COMPLETE_ENV, "PAGE_CACHE_URL": "db://site_pages", "PAGE_CACHE_SECONDS": "0"}
    )
    assert chosen["CACHES"]["pages"]["LOCATION"] == "site_pages"
    assert chosen["TERANG_PAGE_CACHE_SECONDS"] == 0

    with pytest.raises(ImproperlyConfigured, match="PAGE_CACHE_URL.*PAGE_CACHE_SECONDS"):
        production_settings(
            {**COMPLETE_ENV, "PAGE_CACHE_URL": "memcached://x", "PAGE_CACHE_SECONDS": "-1"}
        )


def test_production__redis_cache_url__everything_shared_there_and_sessions_read_through_it():
    settings = production_settings({**COMPLETE_ENV, "CACHE_URL": "redis://127.0.0.1:6379/0"})

    for alias in ("default", "shared", "pages"):
        assert settings["CACHES"][alias]["LOCATION"] == "redis://127.0.0.1:6379/0"
    assert settings["SESSION_ENGINE"] == "django.contrib.sessions.backends.cached_db"


def test_production__locmem_cache_url__login_throttle_still_shared():
    settings = production_settings({**COMPLETE_ENV, "CACHE_URL": "locmem://"})

    assert settings["CACHES"]["shared"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"


@pytest.mark.parametrize(
    "environ, proxies",
    [
        ({}, 1),  # the default X-Forwarded-Proto header: one proxy in front
        ({"SECURE_PROXY_SSL_HEADER": "none"}, 0),  # clients reach gunicorn directly
        ({"TRUSTED_PROXY_COUNT": "2"}, 2),  # a load balancer in front of nginx
    ],
)
def test_production__client_address__counts_the_trusted_proxies(environ, proxies):
    settings = production_settings({**COMPLETE_ENV, **environ})

    assert settings["ALLAUTH_TRUSTED_PROXY_COUNT"] == proxies


def test_start_up__without_secret_key__exits_with_a_message_naming_it():
    environ = {key: value for key, value in COMPLETE_ENV.items() if key != "SECRET_KEY"}

    result = run_manage(environ, "check")

    assert result.returncode != 0
    assert "missing required environment variables: SECRET_KEY" in result.stderr
    assert "db-password" not in result.stderr


def test_check_deploy__production_settings__no_warnings():
    result = run_manage(COMPLETE_ENV, "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


def test_production__metrics__closed_without_token_and_token_from_environment():
    closed = production_settings(COMPLETE_ENV)
    assert (closed["METRICS_TOKEN"], closed["METRICS_OPEN"]) == ("", False)
    tokened = production_settings({**COMPLETE_ENV, "METRICS_TOKEN": "scrape-token-0123456789"})
    assert tokened["METRICS_TOKEN"] == "scrape-token-0123456789"
    assert r"^metrics$" in tokened["SECURE_REDIRECT_EXEMPT"]
