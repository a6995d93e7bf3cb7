"""The shared cache is a database table that `migrate` creates, wherever migrate runs."""

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection

pytestmark = pytest.mark.django_db


def test_migrate__creates_the_cache_table_when_it_is_missing():
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE terang_cache")
    assert "terang_cache" not in connection.introspection.table_names()

    call_command("migrate", verbosity=0)

    assert "terang_cache" in connection.introspection.table_names()


def test_shared_cache__stores_rows_in_the_database_table():
    caches["shared"].set("terang-test-key", {"failures": 3})

    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM terang_cache")
        (rows,) = cursor.fetchone()
    assert rows == 1
    assert caches["shared"].get("terang-test-key") == {"failures": 3}
