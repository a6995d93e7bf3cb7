"""/metrics: who may read it, and that each figure moves when its event happens (real database,
real OpenSearch node)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max
from prometheus_client.parser import text_string_to_metric_families

from search.engines import cluster
from search.models import PendingClusterUpdate
from search.tasks import flush_cluster_updates
from tests.app_servers import free_port as closed_port  # bound, then released: nothing listens
from tests.factories import StoryPageFactory, publish_reviewed

pytestmark = pytest.mark.django_db

TOKEN = "metrics-token-0123456789abcdef"


def figures(client, **headers) -> dict:
    response = client.get("/metrics", headers=headers)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/plain; version=")
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.content.decode())
        for sample in family.samples
    }


def value(found: dict, name: str, **labels) -> float:
    return found.get((name, frozenset(labels.items())), 0.0)


# --- who may read it ------------------------------------------------------------------------------


def test_metrics__development_without_token__open(client, settings):
    settings.METRICS_TOKEN, settings.METRICS_OPEN = "", True
    assert client.get("/metrics").status_code == 200


def test_metrics__production_without_token__not_found(client, settings):
    settings.METRICS_TOKEN, settings.METRICS_OPEN = "", False
    assert client.get("/metrics").status_code == 404


@pytest.mark.parametrize("open_without_token", [True, False])
@pytest.mark.parametrize(
    "authorization",
    [None, "", "Bearer", "Bearer wrong-token", f"Basic {TOKEN}", f"Bearer {TOKEN}x"],
)
def test_metrics__token_set__missing_or_wrong_bearer__401(
    client, settings, authorization, open_without_token
):
    settings.METRICS_TOKEN, settings.METRICS_OPEN = TOKEN, open_without_token
    headers = {} if authorization is None else {"Authorization": authorization}
    response = client.get("/metrics", headers=headers)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert b"terang_" not in response.content


@pytest.mark.parametrize("scheme", ["Bearer", "bearer"])
def test_metrics__token_set__right_bearer__figures(client, settings, scheme):
    settings.METRICS_TOKEN, settings.METRICS_OPEN = TOKEN, False
    found = figures(client, Authorization=f"{scheme} {TOKEN}")
    assert ("terang_page_cache_hits_total", frozenset()) in found


def test_metrics__never_cached_nor_counted_as_a_page(client, settings):
    settings.METRICS_OPEN = True
    response = client.get("/metrics")
    assert "no-cache" in response["Cache-Control"]
    assert client.post("/metrics").status_code == 405


# --- the figures move -----------------------------------------------------------------------------


def test_requests__counted_and_timed_by_view_method_and_status(client, story_index):
    before = figures(client)
    client.get("/stories/")
    client.get("/stories/")
    client.get("/api/search/", {"page": "abc"})
    after = figures(client)

    served = {"view": "wagtail_serve", "method": "GET"}
    assert value(after, "terang_http_requests_total", **served, status="200") - value(
        before, "terang_http_requests_total", **served, status="200"
    ) == pytest.approx(2)
    assert value(after, "terang_http_request_duration_seconds_count", **served) - value(
        before, "terang_http_request_duration_seconds_count", **served
    ) == pytest.approx(2)
    api = {"view": "api_search", "method": "GET", "status": "400"}
    assert value(after, "terang_http_requests_total", **api) - value(
        before, "terang_http_requests_total", **api
    ) == pytest.approx(1)


def test_page_cache__hits_and_misses_counted(client, story_index, settings):
    settings.TERANG_PAGE_CACHE_SECONDS = 600
    before = figures(client)
    assert client.get("/stories/")["X-Page-Cache"] == "miss"
    assert client.get("/stories/")["X-Page-Cache"] == "hit"
    assert client.get("/stories/")["X-Page-Cache"] == "hit"
    after = figures(client)

    def moved(name):
        return value(after, name) - value(before, name)

    assert moved("terang_page_cache_misses_total") == pytest.approx(1)
    assert moved("terang_page_cache_hits_total") == pytest.approx(2)


def test_task_queue_depth__read_from_the_queue_when_scraped(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert value(figures(client), "terang_task_queue_depth", state="queued") == 0
    tasks = [
        DBTaskResult.objects.create(
            args_kwargs={"args": [], "kwargs": {}},
            task_path="search.tasks.retry_cluster_updates",
            backend_name="default",
            run_after=get_date_max(),
        )
        for _ in range(3)
    ]
    DBTaskResult.objects.filter(pk=tasks[0].pk).update(
        status="RUNNING", started_at=timezone.now() - timedelta(seconds=5)
    )
    found = figures(client)
    assert value(found, "terang_task_queue_depth", state="queued") == 2
    assert value(found, "terang_task_queue_depth", state="running") == 1


def test_search_fallbacks__error_then_breaker_open(client, story_index, settings):
    settings.SEARCH_URL = f"opensearch://127.0.0.1:{closed_port()}"
    cluster.breaker.reset()
    before = figures(client)
    for _ in range(2):
        assert client.get("/api/search/", {"q": "kopi"}).json()["engine"] == "database"
    after = figures(client)
    cluster.breaker.reset()

    def moved(reason):
        name = "terang_search_fallbacks_total"
        return value(after, name, reason=reason) - value(before, name, reason=reason)

    assert (moved("error"), moved("breaker_open"), moved("timeout")) == (1, 1, 0)


def test_search_fallbacks__frozen_node__timeout(client, cluster_engine, story_index, settings):
    StoryPageFactory(title="Kopi")
    assert client.get("/api/search/", {"q": "kopi"}).json()["engine"] == "opensearch"
    before = figures(client)
    settings.SEARCH_TIMEOUT = 0.5
    cluster_engine.freeze()
    try:
        data = client.get("/api/search/", {"q": "kopi"}).json()
    finally:
        cluster_engine.thaw()
    after = figures(client)
    assert (data["engine"], data["count"]) == ("database", 1)
    name = "terang_search_fallbacks_total"
    assert value(after, name, reason="timeout") - value(before, name, reason="timeout") == 1


def test_index_updates__queued_and_applied__also_across_a_cluster_outage(
    client, cluster_engine, story_index, settings
):
    def counts():
        found = figures(client)
        return (
            value(found, "terang_index_updates_queued_total"),
            value(found, "terang_index_updates_applied_total"),
        )

    start_queued, start_applied = counts()
    story = StoryPageFactory(title="Kopi")
    queued, applied = counts()
    assert queued > start_queued
    assert queued - start_queued == applied - start_applied  # the node took every one

    node_url = settings.SEARCH_URL
    settings.SEARCH_URL = f"opensearch://127.0.0.1:{closed_port()}"
    for title in ("Kopi dua", "Kopi tiga"):  # two edits while the cluster cannot be reached
        story.title = title
        publish_reviewed(story)
    assert PendingClusterUpdate.objects.filter(page_id=story.pk).exists()
    during_queued, during_applied = counts()
    assert during_queued > queued
    # One update stays pending for the story; the others it replaced count as applied.
    assert during_queued - during_applied == queued - applied + 1

    settings.SEARCH_URL = node_url
    flush_cluster_updates()
    after_queued, after_applied = counts()
    assert after_queued - start_queued == after_applied - start_applied
    assert PendingClusterUpdate.objects.count() == 0
