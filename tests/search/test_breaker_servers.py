"""The search circuit breaker is shared: when one app server's search finds the cluster down, the
other server skips the cluster too (through the shared cache), instead of waiting its own failure.

Two real gunicorn servers on one copy of the test database and a real Redis; the cluster is a
loopback port where nothing listens.
"""

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.app_servers import Browser, two_servers
from tests.app_servers import free_port as closed_port

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def fallbacks(server) -> dict[str, float]:
    status, _, text = Browser().get(f"{server.url}/metrics", host="localhost")
    assert status == 200
    return {
        sample.labels["reason"]: sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == "terang_search_fallbacks_total"
    }


def search_engine(server) -> str:
    import json

    status, _, text = Browser().get(f"{server.url}/api/search/?q=kopi", host="localhost")
    assert status == 200
    return json.loads(text)["engine"]


def test_breaker__tripped_on_one_server__the_other_skips_the_cluster(tmp_path, redis_cache, home):
    with two_servers(
        tmp_path,
        CACHE_URL=redis_cache.url(0),
        TEST_SEARCH_URL=f"opensearch://127.0.0.1:{closed_port()}",
    ) as (a, b):
        assert search_engine(a) == "database"
        assert fallbacks(a)["error"] == 1

        assert search_engine(b) == "database"
        assert fallbacks(b)["breaker_open"] == 1
        assert fallbacks(b)["error"] == 0  # B never waited on the cluster itself
