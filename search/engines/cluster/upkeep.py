"""Keeping the index: bulk writes, the rebuild into a new index swapped in by alias, and the
indexed state."""

import contextlib
import datetime
import logging
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from wagtail.models import PageLogEntry

from stories.models import StoryPage

from ... import document
from .connection import (
    ClusterUnavailable,
    call,
    is_configured,
)
from .mapping import (
    alias_name,
    cluster_document,
    index_body,
    index_definition,
)

logger = logging.getLogger(__name__)


BULK_BATCH = 500


def _actions(index: str, page_ids, documents=None) -> list[dict]:
    """Bulk operations: write the documents of the live, public stories among these pages (or
    the ``documents`` given, already built for them), delete the rest."""
    ids = set(page_ids)
    if documents is None:
        documents = document.documents_for(ids)
    operations: list[dict] = []
    for doc in documents:
        operations.append({"index": {"_index": index, "_id": str(doc.page_id)}})
        # The mapping's own serialisation (StoryDocument(...).to_dict()) gives this very dict,
        # at a hundred times the cost (tests/search/test_rebuild.py checks they are equal).
        operations.append(cluster_document(doc))
    for page_id in sorted(ids - {doc.page_id for doc in documents}):
        operations.append({"delete": {"_index": index, "_id": str(page_id)}})
    return operations


def _bulk(operations: list[dict], refresh) -> None:
    if not operations:
        return
    response = call("bulk", slow=True, body=operations, refresh=refresh)
    if response.get("errors"):
        failed = [
            item
            for item in response["items"]
            for action, result in item.items()
            if result.get("status", 200) >= 300
            and not (action == "delete" and result.get("status") == 404)
        ]
        if failed:
            statuses = {result.get("status") for item in failed for result in item.values()}
            raise ClusterUnavailable(
                f"bulk request failed for {len(failed)} documents",
                reason="rejected" if statuses == {429} else "error",
            )


def _new_index_name() -> str:
    return f"{alias_name()}-{timezone.now().strftime('%Y%m%d%H%M%S%f')}"


def ensure_index() -> None:
    if call("indices.exists_alias", slow=True, name=alias_name()):
        return
    name = _new_index_name()
    body = index_body(name)
    body["aliases"] = {alias_name(): {}}
    call("indices.create", slow=True, index=name, body=body)


def update_documents(page_ids, documents=None) -> None:
    """Write or delete the documents of these pages through the alias.

    ``SEARCH_REFRESH`` is the bulk refresh policy: "wait_for" (default: the call returns once the
    change is searchable), "true" (refresh at once; tests) or "false".
    """
    ensure_index()
    _bulk(
        _actions(alias_name(), page_ids, documents),
        getattr(settings, "SEARCH_REFRESH", "wait_for"),
    )


def _alias_indices() -> list[str]:
    if not call("indices.exists_alias", slow=True, name=alias_name()):
        return []
    return sorted(call("indices.get_alias", slow=True, name=alias_name()).keys())


# While a rebuild fills its new index (which no reader sees until the alias swap): no refreshes,
# no replica indexing every document a second time (the replicas copy the finished segments
# afterwards), and the translog synced every few seconds rather than at every bulk request (a
# node lost meanwhile loses a half-built index, which the rebuild then drops). finish_rebuild()
# puts the index definition's own values back before the swap.
REBUILD_SETTINGS = {
    "refresh_interval": "-1",
    "auto_expand_replicas": "false",
    "number_of_replicas": 0,
    "translog.durability": "async",
}


def _serving_settings() -> dict:
    """What finish_rebuild() puts back: the definition's value of each REBUILD_SETTINGS key, or
    None (the cluster's default) where the definition sets none."""
    defined = index_definition("-").to_dict().get("settings", {})
    return {key: defined.get(key) for key in REBUILD_SETTINGS}


def begin_rebuild() -> str:
    """Create a new, empty index for a rebuild, set to fill fast (REBUILD_SETTINGS).

    If the create call fails in any way (its answer lost after the node made the index, Ctrl-C),
    the index is deleted should it exist, and the error raised again."""
    name = _new_index_name()
    body = index_body(name)
    body.setdefault("settings", {}).update(REBUILD_SETTINGS)
    try:
        call("indices.create", slow=True, index=name, body=body)
    except BaseException:
        abandon_rebuild(name)
        raise
    return name


# A node short of heap answers a bulk write with 429 (its circuit breaker, or a full write queue)
# and takes it a moment later: a rebuild's batch is sent again this many times, after 1, 2, 4 … s.
REBUILD_RETRIES = 5


def _rejected(error: ClusterUnavailable) -> bool:
    return getattr(error.__cause__, "status_code", None) == 429 or error.reason == "rejected"


def write_rebuild_batch(name: str, page_ids, documents) -> None:
    """Write one batch of a rebuild to its new index; a batch the node turns away for want of
    memory (429) is sent again (the same ids: writing it twice changes nothing)."""
    operations = _actions(name, page_ids, documents)
    for attempt in range(REBUILD_RETRIES + 1):
        try:
            _bulk(operations, False)
            return
        except ClusterUnavailable as error:
            if attempt == REBUILD_RETRIES or not _rejected(error):
                raise
            logger.warning("Search rebuild: the node turned a batch away (%s); retrying", error)
            time.sleep(2**attempt)


def finish_rebuild(name: str, started) -> None:
    """Put the index definition's settings back (refreshes, replicas, durable writes), move the
    alias to the new index in one atomic step, drop the old ones, then write again every story
    that changed while the new index filled (its update went to the old index).

    If the cluster fails before the alias names the new index, that index is deleted (it is never
    left behind with refreshes off) and :class:`ClusterUnavailable` is raised: readers stay on
    the old index. Once the alias names it, a failure to drop an old index or to write a changed
    story is no failure of the rebuild: an old index behind no alias is never searched (a warning
    names it), and the changed stories wait in the queue of pending updates.
    """
    old: list[str] = []
    try:
        call("indices.put_settings", slow=True, index=name, body={"index": _serving_settings()})
        call("indices.refresh", slow=True, index=name)
        old = _alias_indices()
        actions = [{"remove": {"index": index, "alias": alias_name()}} for index in old]
        actions.append({"add": {"index": name, "alias": alias_name()}})
        call("indices.update_aliases", slow=True, body={"actions": actions})
    except BaseException as error:
        # Anything else (Ctrl-C, a bug) drops the new index too, unless the swap went through.
        if not isinstance(error, ClusterUnavailable) or name not in _swapped_names():
            abandon_rebuild(name)
            raise
        # The swap went through after all (its answer was lost on the way back).
    for index in old:
        try:
            call("indices.delete", slow=True, index=index)
        except ClusterUnavailable as error:
            logger.warning("Old search index %s not deleted (%s): delete it by hand", index, error)
    changed = set(
        PageLogEntry.objects.filter(timestamp__gte=started).values_list("page_id", flat=True)
    )
    changed.update(
        StoryPage.objects.filter(last_published_at__gte=started).values_list("pk", flat=True)
    )
    if changed:
        from ...tasks import flush_cluster_updates, index_writer, queue_cluster_updates

        queue_cluster_updates(changed)
        # Through the writers' lock, so a task's newer send never lands before this one.
        with index_writer():
            flush_cluster_updates()


def _swapped_names() -> list[str]:
    """The indices behind the alias, or none when the cluster cannot say."""
    with contextlib.suppress(ClusterUnavailable):
        return _alias_indices()
    return []


def abandon_rebuild(name: str) -> None:
    """Delete a rebuild's new index, unless the alias names it (or the cluster cannot say whether
    it does). An index left behind (the cluster down, the delete refused) is never searched, the
    next rebuild's name differs, and ``search_index --clean`` removes it later; a warning names
    it."""
    try:
        if name in _alias_indices():
            return
        call("indices.delete", slow=True, index=name, ignore_unavailable=True)
    except ClusterUnavailable as error:
        logger.warning(
            "Search rebuild: its new index %s may be left behind (%s); "
            "search_index --check lists it and --clean removes it",
            name,
            error,
        )


# Every index this site creates is the alias's name, a dash and 20 digits (its creation time).
_INDEX_STAMP = re.compile(r"-\d{20}")


@dataclass(frozen=True)
class StrayIndex:
    """An index named like this site's that the alias does not name: a rebuild in progress, or
    one a failed rebuild left behind."""

    name: str
    created: datetime.datetime

    def age(self, now: datetime.datetime) -> datetime.timedelta:
        return now - self.created


def stray_indices() -> list[StrayIndex]:
    """This site's indices that the alias does not name, oldest first."""
    found = call(
        "indices.get_settings",
        slow=True,
        index=f"{alias_name()}-*",
        name="index.creation_date",
        expand_wildcards="open,closed",
    )
    behind_alias = set(_alias_indices())
    strays = [
        StrayIndex(
            name=name,
            created=datetime.datetime.fromtimestamp(
                int(data["settings"]["index"]["creation_date"]) / 1000, tz=datetime.UTC
            ),
        )
        for name, data in found.items()
        if name not in behind_alias and _INDEX_STAMP.fullmatch(name[len(alias_name()) :])
    ]
    return sorted(strays, key=lambda stray: (stray.created, stray.name))


def delete_stray_index(name: str) -> None:
    """Delete an index that the alias does not name (checked again just before)."""
    if name in _alias_indices():
        raise ClusterUnavailable(f"{name} is behind the alias now")
    call("indices.delete", slow=True, index=name)


def rebuild(*, batch_size: int = BULK_BATCH) -> tuple[str, int]:
    """Fill a new index from every live, public story, then swap the alias to it; return the new
    index's name and how many stories it holds. The batches are search.maintenance.rebuild's."""
    from ... import maintenance

    if not is_configured():
        raise ClusterUnavailable("no search cluster is configured (SEARCH_URL is empty)")
    [(_engine, name, total)] = maintenance.rebuild(
        engines=(maintenance.CLUSTER,), batch_size=batch_size
    )
    return name, total


def indexed_state() -> dict[int, int | None]:
    """Every document's id and the live revision it was built from (paged with search_after)."""
    state: dict[int, str | None] = {}
    if not call("indices.exists_alias", slow=True, name=alias_name()):
        return state
    after = None
    while True:
        body = {
            "size": 1000,
            "_source": ["live_revision_id"],
            "sort": [{"page_id": "asc"}],
            "query": {"match_all": {}},
        }
        if after is not None:
            body["search_after"] = after
        hits = call("search", slow=True, index=alias_name(), body=body)["hits"]["hits"]
        if not hits:
            return state
        for hit in hits:
            state[int(hit["_id"])] = hit["_source"].get("live_revision_id")
        after = hits[-1]["sort"]
