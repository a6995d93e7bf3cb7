import pytest
from django.core.exceptions import ImproperlyConfigured

from terang.environment import (
    Environment,
    cache_settings,
    parse_cache_url,
    parse_database_url,
    parse_email_url,
    session_engine,
)


def test_parse_database_url__postgres__gives_django_settings_with_health_checks():
    config = parse_database_url("postgres://user:p%40ss@db.internal:6543/terang", conn_max_age=60)

    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.internal", 6543, "terang")
    assert (config["USER"], config["PASSWORD"]) == ("user", "p@ss")
    assert config["CONN_MAX_AGE"] == 60
    assert config["CONN_HEALTH_CHECKS"] is True


def test_parse_database_url__sslmode_in_query__becomes_an_option():
    config = parse_database_url("postgresql://u:p@h/terang?sslmode=require")

    assert config["OPTIONS"]["sslmode"] == "require"


@pytest.mark.parametrize(
    "url", ["sqlite:///db.sqlite3", "mysql://u:p@h/terang", "postgres://u:p@h:5432/"]
)
def test_parse_database_url__not_a_postgres_database__is_refused(url):
    with pytest.raises(ValueError):
        parse_database_url(url)


def test_parse_database_url__unknown_scheme__is_refused_with_a_reason():
    with pytest.raises(ValueError, match="not a database URL"):
        parse_database_url("nosuch://u:p@h/terang")


def test_parse_email_url__submission__uses_starttls_on_587_and_decodes_credentials():
    config = parse_email_url("submission://mailer%40terang.id:s%2Fcret@smtp.example.com")

    assert config == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "smtp.example.com",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "mailer@terang.id",
        "EMAIL_HOST_PASSWORD": "s/cret",
        "EMAIL_USE_TLS": True,
        "EMAIL_USE_SSL": False,
        "EMAIL_TIMEOUT": 10,
    }


def test_parse_email_url__smtps__uses_implicit_tls_on_465():
    config = parse_email_url("smtps://u:p@smtp.example.com")

    assert (config["EMAIL_PORT"], config["EMAIL_USE_SSL"], config["EMAIL_USE_TLS"]) == (
        465,
        True,
        False,
    )


def test_parse_email_url__smtp_with_port_tls_and_timeout_in_query():
    config = parse_email_url("smtp://relay.internal:2525/?tls=true&timeout=30")

    assert config["EMAIL_HOST"] == "relay.internal"
    assert config["EMAIL_PORT"] == 2525
    assert config["EMAIL_USE_TLS"] is True
    assert config["EMAIL_TIMEOUT"] == 30
    assert config["EMAIL_HOST_USER"] == ""


def test_parse_email_url__console__prints_messages():
    assert parse_email_url("console://") == {
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"
    }


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://smtp.example.com", "unknown scheme"),
        ("smtp://", "no mail server host"),
        ("smtp://h/?tls=true&ssl=true", "not both"),
        ("smtp://h/?tls=maybe", "tls"),
        ("smtp://h:99999", "port"),
        ("smtp://h/?timeout=0", "timeout"),
        ("smtp://h/?timeout=abc", "timeout"),
    ],
)
def test_parse_email_url__bad_url__says_what_is_wrong(url, reason):
    with pytest.raises(ValueError, match=reason):
        parse_email_url(url)


def test_parse_cache_url__db_table__is_a_shared_database_cache():
    assert parse_cache_url("db://terang_cache") == {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "terang_cache",
        # Not Django's 300: culling must not throw the log-in throttle's counts away.
        "OPTIONS": {"MAX_ENTRIES": 50_000},
    }


def test_cache_settings__database_url__both_aliases_use_that_table():
    caches = cache_settings("db://site_cache")
    assert caches["default"]["LOCATION"] == caches["shared"]["LOCATION"] == "site_cache"


def test_cache_settings__locmem__throttle_stays_in_the_database():
    caches = cache_settings("locmem://")
    assert caches["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert caches["shared"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert caches["shared"]["LOCATION"] == "terang_cache"


def test_parse_cache_url__redis__djangos_redis_cache_with_timeouts():
    assert parse_cache_url("redis://:secret@10.0.0.5:6379/2") == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://:secret@10.0.0.5:6379/2",
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }


def test_parse_cache_url__redis_with_replicas__a_list_of_locations():
    parsed = parse_cache_url("redis://primary:6379/0,redis://replica:6379/0")
    assert parsed["LOCATION"] == ["redis://primary:6379/0", "redis://replica:6379/0"]


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("redis://", "needs a host"),
        ("redis://cache:port/0", "port"),
        ("redis://cache:6379/zero", "database after the / is a number"),
        ("redis://cache:6379/0,memcached://other", "redis://"),
    ],
)
def test_parse_cache_url__bad_redis_url__says_what_is_wrong(url, reason):
    with pytest.raises(ValueError, match=reason):
        parse_cache_url(url)


def test_cache_settings__redis__throttle_pages_and_sessions_all_in_redis():
    caches = cache_settings("redis://127.0.0.1:6379/0")
    for alias in ("default", "shared", "pages"):
        assert caches[alias]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert session_engine(caches) == "django.contrib.sessions.backends.cached_db"


def test_cache_settings__redis_with_pages_elsewhere__pages_where_told():
    caches = cache_settings("redis://127.0.0.1:6379/0", "redis://127.0.0.1:6379/1")
    assert caches["pages"]["LOCATION"] == "redis://127.0.0.1:6379/1"


def test_session_engine__database_or_local_cache__sessions_in_the_database():
    for url in ("db://terang_cache", "locmem://"):
        assert session_engine(cache_settings(url)) == "django.contrib.sessions.backends.db"


def test_cache_settings__pages__a_database_table_of_their_own_by_default():
    for url in ("db://terang_cache", "locmem://"):
        pages = cache_settings(url)["pages"]
        assert pages["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
        assert pages["LOCATION"] == "terang_page_cache"
    assert cache_settings("db://terang_cache", "locmem://")["pages"]["BACKEND"].endswith(
        "LocMemCache"
    )


@pytest.mark.parametrize("url", ["db://", "db://drop table;", "memcached://localhost"])
def test_parse_cache_url__bad_url__is_refused(url):
    with pytest.raises(ValueError):
        parse_cache_url(url)


def test_environment__every_missing_and_invalid_variable_is_named_at_once():
    env = Environment({"SECURE_HSTS_SECONDS": "a year", "SESSION_COOKIE_SECURE": "maybe"})
    env.secret_key("SECRET_KEY")
    env.comma_list("ALLOWED_HOSTS", required=True)
    env.integer("SECURE_HSTS_SECONDS", 0)
    env.boolean("SESSION_COOKIE_SECURE", True)

    with pytest.raises(ImproperlyConfigured) as raised:
        env.raise_if_invalid()

    message = str(raised.value)
    for name in ("SECRET_KEY", "ALLOWED_HOSTS", "SECURE_HSTS_SECONDS", "SESSION_COOKIE_SECURE"):
        assert name in message


def test_environment__complete_values__raise_nothing():
    env = Environment({"ALLOWED_HOSTS": " terang.id , www.terang.id ,", "LIMIT": "7"})

    assert env.comma_list("ALLOWED_HOSTS", required=True) == ["terang.id", "www.terang.id"]
    assert env.integer("LIMIT", 1, minimum=1, maximum=10) == 7
    env.raise_if_invalid()


def test_environment__integer_out_of_range__is_invalid():
    env = Environment({"LIMIT": "11"})

    assert env.integer("LIMIT", 1, minimum=1, maximum=10) == 1
    assert env.invalid == ["LIMIT: 11 is out of range (use from 1 to 10)"]


def test_environment__short_secret_key__is_invalid_and_not_echoed():
    env = Environment({"SECRET_KEY": "hunter2"})
    env.secret_key("SECRET_KEY")

    with pytest.raises(ImproperlyConfigured) as raised:
        env.raise_if_invalid()

    assert "SECRET_KEY" in str(raised.value)
    assert "hunter2" not in str(raised.value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("X-Forwarded-Proto: https", ("HTTP_X_FORWARDED_PROTO", "https")),
        ("X-Forwarded-Ssl:on", ("HTTP_X_FORWARDED_SSL", "on")),
        ("none", None),
        ("", None),
    ],
)
def test_environment__proxy_ssl_header__becomes_the_django_setting(value, expected):
    env = Environment({"SECURE_PROXY_SSL_HEADER": value})

    assert env.proxy_ssl_header("SECURE_PROXY_SSL_HEADER", "X-Forwarded-Proto: https") == expected
    assert env.invalid == []


def test_environment__proxy_ssl_header_without_value__is_invalid():
    env = Environment({"SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto"})

    assert env.proxy_ssl_header("SECURE_PROXY_SSL_HEADER", "") is None
    assert env.invalid and "SECURE_PROXY_SSL_HEADER" in env.invalid[0]


def test_environment__email_falls_back_to_smtp_variables():
    env = Environment(
        {"EMAIL_HOST": "smtp.example.com", "EMAIL_USE_SSL": "true", "EMAIL_HOST_USER": "u"}
    )

    config = env.email("EMAIL_URL")

    assert (config["EMAIL_HOST"], config["EMAIL_PORT"], config["EMAIL_USE_SSL"]) == (
        "smtp.example.com",
        465,
        True,
    )
    assert env.missing == [] and env.invalid == []


def test_environment__no_email_settings__names_both_ways_to_configure_it():
    env = Environment({})
    env.email("EMAIL_URL")

    assert env.missing == ["EMAIL_URL (or EMAIL_HOST)"]
