"""The cluster engine on a real OpenSearch node: alias swap, index checks, outages and the queue."""

import datetime
import io
import threading
import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from search import maintenance
from search.document import documents_for
from search.engines import cluster
from search.health import search_health
from search.models import PendingClusterUpdate, SearchEntry
from search.query import StoryQuery
from search.services import search_stories
from stories.models import StoryPage
from tests.factories import StoryPageFactory, publish_reviewed
from tests.task_queue import run_queue_once

pytestmark = pytest.mark.django_db


def _story(title, industries=("food-beverage",)):
    story = StoryPageFactory(title=title, summary=title, industries=list(industries))
    return story


def _run_queued_tasks() -> list[str]:
    return [result.task_path for result in run_queue_once("test-worker")]


def _count_through_alias() -> int:
    body = {"size": 0, "track_total_hits": True, "query": {"match_all": {}}}
    return cluster.call("search", index=cluster.alias_name(), body=body)["hits"]["total"]["value"]


def test_rebuild__swaps_the_alias_with_no_moment_without_an_index(cluster_engine, story_index):
    for n in range(30):
        _story(f"Kopi {n}")
    [before] = cluster.call("indices.get_alias", name=cluster.alias_name()).keys()
    counts, errors, done = [], [], threading.Event()

    def keep_searching():
        while not done.is_set():
            try:
                counts.append(_count_through_alias())
            except cluster.ClusterUnavailable as error:
                errors.append(error)

    reader = threading.Thread(target=keep_searching)
    reader.start()
    try:
        name, indexed = cluster.rebuild(batch_size=7)
    finally:
        done.set()
        reader.join()
    assert indexed == 30
    assert errors == []
    assert len(counts) > 3 and set(counts) == {30}
    assert list(cluster.call("indices.get_alias", name=cluster.alias_name()).keys()) == [name]
    assert name != before
    assert not cluster.call("indices.exists", index=before)


class _RefuseWritesToTheNewIndex(io.StringIO):
    """The command's output. At its first progress line (one batch written) the node is told to
    refuse every further write to the index being filled (a real index write block), as a cluster
    that fails part-way through a rebuild."""

    def __init__(self, old_index: str):
        super().__init__()
        self.old_index = old_index
        self.blocked = None

    def write(self, text):
        if self.blocked is None and " stories " in text:
            names = cluster.call("indices.get", index=f"{cluster.alias_name()}-*").keys()
            [self.blocked] = [name for name in names if name != self.old_index]
            cluster.call(
                "indices.put_settings", index=self.blocked, body={"index": {"blocks.write": True}}
            )
        return super().write(text)


def test_rebuild__cluster_failing_part_way__old_index_kept_new_one_dropped_next_rebuild_works(
    cluster_engine, story_index, monkeypatch
):
    monkeypatch.setattr(maintenance, "REBUILD_BATCH", 4)
    stories = [_story(f"Kopi {n}") for n in range(10)]
    [old] = cluster.call("indices.get_alias", name=cluster.alias_name()).keys()
    # Changed in the database without telling the indexes: only a rebuild brings it in.
    StoryPage.objects.filter(pk=stories[0].pk).update(title="Teh manis")

    out = _RefuseWritesToTheNewIndex(old)
    with pytest.raises(CommandError) as failed:
        call_command("search_index", "--rebuild", stdout=out)

    message = str(failed.value)
    assert "failed during the rebuild" in message
    assert "bulk request failed for 4 documents" in message
    assert "still answered from the previous index" in message
    assert out.blocked is not None and out.blocked != old
    # The half-built index is gone; the alias still names the old, whole one, and readers get it.
    assert not cluster.call("indices.exists", index=out.blocked)
    assert list(cluster.call("indices.get_alias", name=cluster.alias_name()).keys()) == [old]
    assert _count_through_alias() == 10
    results = search_stories(StoryQuery(text="kopi"), use_cluster=True)
    assert results.engine == "opensearch" and results.count == 10
    assert search_stories(StoryQuery(text="teh manis"), use_cluster=True).count == 0
    # The database engine finished its own rebuild and says so.
    assert "database: indexed 10 stories into tables" in out.getvalue()
    assert SearchEntry.objects.get(page_id=stories[0].pk).title == "Teh manis"

    half_built = out.blocked
    out = io.StringIO()
    call_command("search_index", "--rebuild", stdout=out)
    [new] = cluster.call("indices.get_alias", name=cluster.alias_name()).keys()
    assert new not in (old, half_built)
    assert f"opensearch: indexed 10 stories into {new}" in out.getvalue()
    assert not cluster.call("indices.exists", index=old)
    results = search_stories(StoryQuery(text="teh manis"), use_cluster=True)
    assert results.engine == "opensearch" and [hit.story.pk for hit in results.hits] == [
        stories[0].pk
    ]


def _our_indices() -> dict[str, dict]:
    """This test's indexes on the node: each one's settings and aliases."""
    found = cluster.call("indices.get", index=f"{cluster.alias_name()}-*")
    return {
        name: {"aliases": set(data["aliases"]), "settings": data["settings"]["index"]}
        for name, data in found.items()
    }


def test_rebuild__cluster_refusing_the_new_index__database_still_rebuilt(
    cluster_engine, story_index
):
    stories = [_story(f"Kopi {n}") for n in range(5)]
    [old] = _our_indices()
    StoryPage.objects.filter(pk=stories[0].pk).update(title="Teh manis")
    # The node refuses to create any further index of this site: an index template whose
    # settings no index with one shard can have (a real refusal, HTTP 400, at the first call).
    template = f"{cluster.alias_name()}-refuse"
    cluster.call(
        "indices.put_index_template",
        name=template,
        body={
            "index_patterns": [f"{cluster.alias_name()}-*"],
            "template": {"settings": {"index": {"routing_partition_size": 2}}},
        },
    )
    out = io.StringIO()
    try:
        with pytest.raises(CommandError) as failed:
            call_command("search_index", "--rebuild", stdout=out)
    finally:
        cluster.call("indices.delete_index_template", name=template)

    assert "failed during the rebuild" in str(failed.value)
    assert "still answered from the previous index" in str(failed.value)
    # The database engine was rebuilt all the same, and says so.
    assert "database: indexed 5 stories into tables" in out.getvalue()
    assert SearchEntry.objects.get(page_id=stories[0].pk).title == "Teh manis"
    assert search_stories(StoryQuery(text="teh manis"), use_cluster=False).count == 1
    # The cluster is as it was: the old index behind the alias, nothing else.
    assert _our_indices().keys() == {old}
    assert _our_indices()[old]["aliases"] == {cluster.alias_name()}
    assert search_stories(StoryQuery(text="kopi"), use_cluster=True).count == 5


class _FreezeTheNewIndexWhenFull(io.StringIO):
    """The command's output. At the last progress line (every batch written, the swap next) the
    index being filled is made read-only on the node, deletion still allowed: turning its
    refreshes back on then fails, as a cluster failing while the rebuild finishes."""

    def __init__(self, old_index: str):
        super().__init__()
        self.old_index = old_index
        self.frozen = None

    def write(self, text):
        if self.frozen is None and "100%" in text:
            [self.frozen] = [name for name in _our_indices() if name != self.old_index]
            cluster.call(
                "indices.put_settings",
                index=self.frozen,
                body={"index": {"blocks.read_only_allow_delete": True}},
            )
        return super().write(text)


def test_rebuild__cluster_failing_at_the_swap__new_index_dropped_not_left_without_refresh(
    cluster_engine, story_index
):
    stories = [_story(f"Kopi {n}") for n in range(6)]
    [old] = _our_indices()
    StoryPage.objects.filter(pk=stories[0].pk).update(title="Teh manis")

    out = _FreezeTheNewIndexWhenFull(old)
    with pytest.raises(CommandError) as failed:
        call_command("search_index", "--rebuild", stdout=out)

    assert "failed during the rebuild" in str(failed.value)
    assert out.frozen is not None
    assert "database: indexed 6 stories into tables" in out.getvalue()
    assert SearchEntry.objects.get(page_id=stories[0].pk).title == "Teh manis"
    # The new index is gone (no index of this site is left with refreshes off); the alias still
    # names the old one, which answers.
    indices = _our_indices()
    assert indices.keys() == {old}
    assert indices[old]["aliases"] == {cluster.alias_name()}
    assert indices[old]["settings"].get("refresh_interval") != "-1"
    assert search_stories(StoryQuery(text="kopi"), use_cluster=True).count == 6

    # The next rebuild works and leaves one index, refreshing, behind the alias.
    call_command("search_index", "--rebuild", stdout=io.StringIO())
    [(new, data)] = _our_indices().items()
    assert new != old and data["aliases"] == {cluster.alias_name()}
    assert data["settings"].get("refresh_interval") != "-1"
    assert search_stories(StoryQuery(text="teh manis"), use_cluster=True).count == 1


def test_check__reports_missing_and_stale_documents(cluster_engine, story_index, capsys):
    kept = _story("Kopi tetap")
    lost = _story("Kopi hilang")
    earlier_revision = kept.live_revision_id
    publish_reviewed(kept)
    kept.refresh_from_db()
    call_command("search_index", "--check")
    assert "opensearch: missing 0, stale 0, extra 0" in capsys.readouterr().out
    # Another date in the document is not staleness: only another revision is.
    backdated = dict(
        cluster.cluster_document(documents_for([kept.pk])[0]),
        last_published_at="2001-01-01T00:00:00+00:00",
    )
    cluster.call("index", index=cluster.alias_name(), id=str(kept.pk), body=backdated, refresh=True)
    call_command("search_index", "--check")
    assert "opensearch: missing 0, stale 0, extra 0" in capsys.readouterr().out
    cluster.call("delete", index=cluster.alias_name(), id=str(lost.pk), refresh=True)
    stale = dict(
        cluster.cluster_document(documents_for([kept.pk])[0]), live_revision_id=earlier_revision
    )
    cluster.call("index", index=cluster.alias_name(), id=str(kept.pk), body=stale, refresh=True)
    with pytest.raises(CommandError, match="out of date"):
        call_command("search_index", "--check")
    out = capsys.readouterr().out
    assert "database: missing 0, stale 0, extra 0" in out
    assert "opensearch: missing 1, stale 1, extra 0" in out
    assert f"missing: {lost.pk}" in out and f"stale: {kept.pk}" in out
    call_command("search_index", "--rebuild")
    call_command("search_index", "--check")
    assert "opensearch: missing 0, stale 0, extra 0" in capsys.readouterr().out


def _check(capsys, *, healthy: bool) -> str:
    """Run ``search_index --check``, expecting it to pass or fail; return what it printed."""
    if healthy:
        call_command("search_index", "--check")
    else:
        with pytest.raises(CommandError, match="out of date"):
            call_command("search_index", "--check")
    return capsys.readouterr().out


def _summaries(engine: str, *, stale: int) -> list[str]:
    names = ["database"] if engine == "database" else ["database", "opensearch"]
    return [f"{name}: missing 0, stale {stale}, extra 0" for name in names]


def test_check__backdated_publication_dates_are_not_stale(engine, story_index, capsys):
    story = _story("Kopi lama")
    long_ago = timezone.now() - datetime.timedelta(days=400)
    StoryPage.objects.filter(pk=story.pk).update(
        first_published_at=long_ago, last_published_at=long_ago
    )
    out = _check(capsys, healthy=True)
    assert out.splitlines() == _summaries(engine, stale=0)


def test_check__a_new_live_revision_not_yet_indexed_is_stale(engine, story_index, capsys):
    story = _story("Kopi baru")
    other = _story("Kopi lain")
    # Republished with a new revision while the index was not told (as if its update were lost):
    # .update() sends no signal, so no index update runs.
    newer = story.save_revision()
    StoryPage.objects.filter(pk=story.pk).update(live_revision_id=newer.pk)
    out = _check(capsys, healthy=False)
    stale_line = f"  stale: {story.pk}"
    summaries = _summaries(engine, stale=1)
    assert [line for line in out.splitlines() if line != stale_line] == summaries
    assert out.splitlines().count(stale_line) == len(summaries)

    call_command("search_index", "--rebuild")
    capsys.readouterr()
    assert _check(capsys, healthy=True).splitlines() == _summaries(engine, stale=0)
    assert dict(SearchEntry.objects.values_list("page_id", "live_revision_id")) == {
        story.pk: newer.pk,
        other.pk: other.live_revision_id,
    }


def test_cluster_frozen_mid_test__api_answers_from_database_and_queue_catches_up(
    cluster_engine, story_index, client, settings
):
    from django_tasks_db.models import DBTaskResult

    _story("Kopi sebelum")
    assert client.get("/api/search/", {"q": "kopi"}).json()["engine"] == "opensearch"

    settings.SEARCH_TIMEOUT = 0.5
    settings.SEARCH_WRITE_TIMEOUT = 1.0
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    cluster_engine.freeze()
    try:
        started = time.monotonic()
        response = client.get("/api/search/", {"q": "kopi"})
        assert response.status_code == 200
        assert response.json()["engine"] == "database"
        assert response.json()["count"] == 1
        assert time.monotonic() - started < 5
        assert search_health()["status"] == "degraded"

        during = _story("Kopi selama gangguan")
        assert DBTaskResult.objects.filter(status="READY").exists()
        assert "search.tasks.update_story_index" in _run_queued_tasks()
        assert PendingClusterUpdate.objects.filter(page_id=during.pk).exists()
        data = client.get("/api/search/", {"q": "kopi"}).json()
        assert (data["engine"], data["count"]) == ("database", 2)
    finally:
        cluster_engine.thaw()

    # Time passes: the deferred retry becomes due, and the worker applies what was queued.
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    assert _run_queued_tasks() == ["search.tasks.retry_cluster_updates"]
    assert PendingClusterUpdate.objects.count() == 0
    cluster.breaker.reset()
    settings.SEARCH_TIMEOUT = 10.0
    data = client.get("/api/search/", {"q": "kopi"}).json()
    assert data["engine"] == "opensearch"
    assert sorted(r["title"] for r in data["results"]) == ["Kopi sebelum", "Kopi selama gangguan"]
    assert search_health()["status"] == "ok"


def test_cluster_refusing_connections__database_answers_and_health_says_so(
    cluster_engine, story_index, client, settings
):
    _story("Kopi")
    settings.SEARCH_URL = "opensearch://127.0.0.1:9"
    cluster.breaker.reset()
    for path in (
        "/api/search/?q=kopi",
        "/search/?q=kopi",
        "/stories/",
        "/api/search/suggest/?q=kop",
    ):
        assert client.get(path).status_code == 200, path
    assert client.get("/api/search/", {"q": "kopi"}).json()["engine"] == "database"
    health = search_health()
    assert health["engine"] == "opensearch" and health["status"] == "degraded"
    assert "@" not in health["detail"]


def test_cluster_node_killed__database_answers_whatever_the_health_said(
    cluster_engine, story_index, client
):
    _story("Kopi")
    assert search_health()["status"] == "ok"  # the cluster was green a moment ago
    assert client.get("/api/search/", {"q": "kopi"}).json()["engine"] == "opensearch"

    cluster_engine.kill()
    try:
        data = client.get("/api/search/", {"q": "kopi"}).json()
        assert (data["engine"], data["count"]) == ("database", 1)
        assert [r["title"] for r in data["results"]] == ["Kopi"]
        assert client.get("/search/", {"q": "kopi"}).status_code == 200
        assert search_health()["status"] == "degraded"
    finally:
        cluster_engine.restart()

    cluster.breaker.reset()
    call_command("search_index", "--rebuild", stdout=io.StringIO())
    assert client.get("/api/search/", {"q": "kopi"}).json()["engine"] == "opensearch"


@pytest.mark.parametrize(
    "answer",
    [
        {"timed_out": True, "_shards": {"total": 1, "failed": 0}, "hits": {"hits": []}},
        {"timed_out": False, "_shards": {"total": 2, "failed": 1}, "hits": {"hits": []}},
        {"error": "no hits at all"},
    ],
)
def test_complete__a_partial_or_timed_out_answer__counts_as_unavailable(answer):
    with pytest.raises(cluster.ClusterUnavailable):
        cluster.complete(answer)


def test_complete__a_whole_answer__is_used():
    answer = {"timed_out": False, "_shards": {"total": 1, "failed": 0}, "hits": {"hits": []}}
    assert cluster.complete(answer) is answer


def test_health__credentials_never_shown(settings):
    settings.SEARCH_URL = "elasticsearch+https://user:secret@127.0.0.1:9"
    settings.SEARCH_TIMEOUT = 0.2
    health = search_health()
    assert health["engine"] == "elasticsearch"
    assert "secret" not in str(health) and "user" not in str(health)
    assert cluster.safe_location() == "elasticsearch at https://127.0.0.1:9"


def test_same_body_for_elasticsearch_and_opensearch(settings, story_index):
    from search.query import StoryQuery

    query = StoryQuery(text="kopi susu", industries=("food-beverage",))
    settings.SEARCH_URL = "opensearch://127.0.0.1:9"
    os_body = cluster.build_body(query, [1])
    settings.SEARCH_URL = "elasticsearch://127.0.0.1:9"
    assert cluster.build_body(query, [1]) == os_body
    assert os_body["track_total_hits"] is True
    assert (
        os_body["aggs"]["_filter_industry"]["aggs"]["industry"]["terms"]["field"] == "industry_ids"
    )


def test_safe_fragment__single_escaped_and_only_mark_is_markup():
    # As the html encoder returns a fragment of the plain text 'Tom & Jerry <b>"x"</b>'.
    fragment = "Tom &amp; <mark>Jerry</mark> &lt;b&gt;&quot;x&quot;&lt;&#x2F;b&gt;"
    assert cluster._safe_fragment(fragment) == (
        "Tom &amp; <mark>Jerry</mark> &lt;b&gt;&quot;x&quot;&lt;/b&gt;"
    )
    # Placeholder characters in a story's text cannot turn into a <mark>.
    assert cluster._safe_fragment("a\x01b\x02c <mark>d</mark>") == "abc <mark>d</mark>"


def _older_index_behind_the_alias() -> str:
    """An index as a release before folded accents built it (the built-in analysers, no version
    in its mapping), behind the alias and filled with every story: an upgraded deployment."""
    for current in cluster.call("indices.get_alias", name=cluster.alias_name()):
        cluster.call("indices.delete", index=current)
    name = f"{cluster.alias_name()}-19990101000000000000"
    body = cluster.index_definition(name).to_dict()
    body.pop("settings")
    body["settings"] = {"number_of_shards": 1}
    for field in body["mappings"]["properties"].values():
        if field.get("type") == "text":
            field["analyzer"] = "standard"
            field["fields"] = {
                "id": {"type": "text", "analyzer": "indonesian"},
                "en": {"type": "text", "analyzer": "english"},
            }
        elif field.get("type") == "search_as_you_type":
            field.pop("analyzer")
    body["aliases"] = {cluster.alias_name(): {}}
    cluster.call("indices.create", index=name, body=body)
    cluster.write_rebuild_batch(name, list(StoryPage.objects.values_list("pk", flat=True)), None)
    cluster.call("indices.refresh", index=name)
    return name


def test_accents__folded_on_the_cluster_as_in_the_database(engine, story_index):
    cafe = StoryPageFactory(
        title="Coffee for cafés", summary="Beans roasted for the cafés of Solo.", language="en"
    )
    kafe = StoryPageFactory(title="Kafé Bu Ani", summary="Kopi tubruk di kafé kecil.")
    for q, wanted in [("cafes", cafe), ("cafe", cafe), ("cafés", cafe), ("kafe", kafe)]:
        for translate in ("1", "0"):
            query = StoryQuery(text=q, translate=translate == "1")
            found = {hit.story.pk for hit in search_stories(query).hits}
            assert wanted.pk in found, (q, translate)


def test_upgrade__an_index_built_for_an_older_definition_is_reported_until_rebuilt(
    cluster_engine, story_index, capsys
):
    cafe = StoryPageFactory(title="Coffee for cafés", summary="Cafés.", language="en")
    old = _older_index_behind_the_alias()
    query = StoryQuery(text="cafes")
    assert search_stories(query, use_cluster=True).count == 0  # what the old analysers do
    with pytest.raises(CommandError, match="out of date"):
        call_command("search_index", "--check")
    out = capsys.readouterr().out
    assert "opensearch: missing 0, stale 0, extra 0" in out
    assert f"outdated: {old} was built for an older index definition" in out
    health = search_health()
    assert health["status"] == "degraded" and "search_index --rebuild" in health["detail"]

    call_command("search_index", "--rebuild", stdout=io.StringIO())
    assert cluster.outdated_indices() == []
    call_command("search_index", "--check")
    assert "outdated" not in capsys.readouterr().out
    assert search_health()["status"] == "ok"
    assert [hit.story.pk for hit in search_stories(query, use_cluster=True).hits] == [cafe.pk]


def test_mapping_version__follows_the_index_definition(cluster_engine, story_index, monkeypatch):
    _story("Kopi")  # the first write creates the index, with this code's version
    assert cluster.outdated_indices() == []
    version = cluster.mapping_version()
    assert version == cluster.mapping_version()  # stable within a release
    changed = cluster.index_definition
    monkeypatch.setattr(
        cluster.mapping,  # the module that reads it
        "index_definition",
        lambda name: changed(name).settings(number_of_shards=1, max_result_window=20_000),
    )
    assert cluster.mapping_version() != version
    assert cluster.outdated_indices() != []
