"""Whole-index operations behind ``manage.py search_index``."""

import datetime
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from django.utils import timezone
from wagtail.models import PageLogEntry

from stories.models import StoryPage
from stories.page_cache import purge_public_pages

from .document import documents_for, indexable_stories
from .engines import cluster, database
from .tasks import flush_cluster_updates, index_writer


@dataclass
class IndexReport:
    engine: str
    missing: list[int] = field(default_factory=list)
    stale: list[int] = field(default_factory=list)
    extra: list[int] = field(default_factory=list)
    # Cluster indices built for an older index definition (analysers, fields): rebuild them.
    outdated: list[str] = field(default_factory=list)
    # Cluster indices named like this site's that the alias does not name (see clean()).
    stray: list[cluster.StrayIndex] = field(default_factory=list)
    checked_at: datetime.datetime = field(default_factory=timezone.now)

    def left_behind(self) -> list[cluster.StrayIndex]:
        """The stray indices older than CLEAN_AFTER: no rebuild runs that long."""
        return [index for index in self.stray if index.age(self.checked_at) > CLEAN_AFTER]

    @property
    def ok(self) -> bool:
        return not (self.missing or self.stale or self.extra or self.outdated or self.left_behind())


def _expected() -> dict[int, int | None]:
    """Every live, public story and its live revision.

    A story is stale in an index when the index was built from another revision (an entry written
    before indexes recorded revisions has none, so it is stale until a rebuild). Dates are no
    guide: the demo and the importer backdate ``first_published_at``/``last_published_at`` after
    publishing, which changes no content.
    """
    return dict(StoryPage.objects.live().public().values_list("pk", "live_revision_id"))


def _normalise(value) -> int | None:
    return None if value is None else int(value)


def _compare(engine: str, indexed: dict) -> IndexReport:
    expected = _expected()
    indexed = {pk: _normalise(value) for pk, value in indexed.items()}
    return IndexReport(
        engine=engine,
        missing=sorted(set(expected) - set(indexed)),
        stale=sorted(pk for pk in expected if pk in indexed and indexed[pk] != expected[pk]),
        extra=sorted(set(indexed) - set(expected)),
    )


def check() -> list[IndexReport]:
    reports = [_compare(database.NAME, database.indexed_state())]
    if cluster.is_configured():
        report = _compare(cluster.engine_name(), cluster.indexed_state())
        report.outdated = cluster.outdated_indices()
        report.stray = cluster.stray_indices()
        reports.append(report)
    return reports


def changed_since(started) -> set[int]:
    """The pages whose audit log moved, or that were published, since ``started``."""
    changed = set(
        PageLogEntry.objects.filter(timestamp__gte=started).values_list("page_id", flat=True)
    )
    changed.update(
        StoryPage.objects.filter(last_published_at__gte=started).values_list("pk", flat=True)
    )
    return changed


REBUILD_BATCH = 500
# Bulk writes to the cluster in flight at once during a rebuild. Two kept a node's two indexing
# threads busy while this process built the next batch, but the 512 MB test node then turned
# batches away at 100k stories (its memory circuit breaker, 429); one is the safe default.
CLUSTER_IN_FLIGHT = 1
DATABASE = "database"
CLUSTER = "cluster"


class ClusterRebuildFailed(cluster.ClusterUnavailable):
    """The cluster failed during a rebuild: the index it was filling, if any, was deleted and the
    alias still names the old index. ``done`` lists what the other engines rebuilt meanwhile."""

    def __init__(self, error: cluster.ClusterUnavailable, done: list[tuple[str, str, int]]):
        super().__init__(str(error))
        self.done = done


def rebuild(
    progress=None, *, engines=(DATABASE, CLUSTER), batch_size: int | None = None
) -> list[tuple[str, str, int]]:
    """Index every live, public story again, in both engines, building each document once.

    The database engine is rewritten batch by batch (one transaction each, so a search meanwhile
    finds every story, in its old or new form); on PostgreSQL the full-text rows fill a new table,
    indexed once it is full and then put in the old one's place in one transaction (searches read
    the old one meanwhile). Entries of stories no longer live go at the end, and every story
    changed while the rebuild ran is written again.
    The cluster fills a new index with refreshes off and swaps the alias to it when it is full. If
    the cluster fails part-way, its half-built index is deleted (readers stay on the old one behind
    the alias), the database rebuild still finishes, and then :class:`ClusterRebuildFailed` is raised;
    so too when the cluster fails at the start (no new index) or while the new index is put behind
    the alias (it is deleted unless the alias already names it).
    ``progress(done, total)`` is called after each batch of ``batch_size`` (``REBUILD_BATCH``).

    ``engines`` narrows the rebuild to ``(DATABASE,)`` or ``(CLUSTER,)`` (the engines' own
    ``rebuild`` functions); the cluster is rebuilt only when one is configured. Returns, for each
    engine rebuilt, its name, where it wrote (the tables, the cluster's new index) and how many
    stories it indexed.
    """
    started = timezone.now()
    batch_size = batch_size or REBUILD_BATCH
    in_database = DATABASE in engines
    ids = list(indexable_stories().order_by("pk").values_list("pk", flat=True))
    target, failure = None, None
    if CLUSTER in engines and cluster.is_configured():
        try:
            target = cluster.begin_rebuild()
        except cluster.ClusterUnavailable as error:
            # The database engine is rebuilt all the same (when asked for); the cluster keeps
            # answering from its current index.
            failure = error
    # PostgreSQL: the full-text rows go to a new table, swapped in at the end (see below).
    rebuilding = database.begin_rebuild() if in_database else None
    written = 0
    # The cluster's bulk writes go out on threads of their own, CLUSTER_IN_FLIGHT at a time, while
    # the next batch is built and written to the database: the node indexes (on as many threads)
    # while Python works.
    writer = ThreadPoolExecutor(max_workers=CLUSTER_IN_FLIGHT, thread_name_prefix="search-rebuild")
    sending: deque = deque()

    def sent(keep: int = 0):
        """Wait until at most ``keep`` bulk writes are in flight; on a failure, drop the new
        index (once every write in flight has ended)."""
        nonlocal failure
        while len(sending) > keep:
            try:
                sending.popleft().result()
            except cluster.ClusterUnavailable as error:
                if failure is None:
                    failure = error
                keep = 0
        if failure is not None and target is not None and not abandoned:
            abandoned.append(target)
            cluster.abandon_rebuild(target)

    abandoned: list[str] = []
    try:
        for start in range(0, len(ids), batch_size):
            if failure is not None and not in_database:
                break
            batch = ids[start : start + batch_size]
            documents = documents_for(batch)
            if in_database:
                database.update_stories(batch, documents, rebuilding=rebuilding)
            written += len(documents)
            sent(keep=CLUSTER_IN_FLIGHT - 1)
            if target is not None and failure is None:
                sending.append(writer.submit(cluster.write_rebuild_batch, target, batch, documents))
            if start + batch_size >= len(ids):
                sent()  # the whole index is written when the bar shows 100%
            if progress is not None:
                progress(start + len(batch), len(ids))
        sent()
        if rebuilding is not None:
            database.finish_rebuild(rebuilding)
            rebuilding = None
    except BaseException:
        # Anything else that stops the rebuild (Ctrl-C, a database error) drops the new index too.
        writer.shutdown(wait=True)
        if target is not None and not abandoned:
            cluster.abandon_rebuild(target)
        raise
    finally:
        writer.shutdown(wait=True)
        if rebuilding is not None:
            database.abandon_rebuild(rebuilding)
    done = []
    if in_database:
        database.remove_stories(set(database.indexed_state()) - set(ids))
        # A story published, edited or withdrawn while the rebuild ran had its update written to
        # the old full-text table (PostgreSQL), or its batch written before the change: write it
        # again, as the cluster does after its swap.
        database.update_stories(changed_since(started))
        done.append((database.NAME, "tables", written))
    if failure is not None:
        purge_public_pages()
        raise ClusterRebuildFailed(failure, done) from failure
    if target is not None:
        try:
            cluster.finish_rebuild(target, started)
        except cluster.ClusterUnavailable as error:
            purge_public_pages()
            raise ClusterRebuildFailed(error, done) from error
        done.append((cluster.engine_name(), target, written))
    purge_public_pages()
    return done


def flush() -> dict:
    if not cluster.is_configured():
        return {"cluster": 0, "pending": 0}
    with index_writer():  # takes its turn with the task workers' writes (search.tasks)
        report = flush_cluster_updates()
    purge_public_pages()
    return report


# A rebuild's new index looks like one a failed rebuild left behind until the alias names it:
# clean() leaves the indices younger than this alone, far longer than a rebuild of 100k stories.
CLEAN_AFTER = datetime.timedelta(hours=6)


@dataclass
class CleanedIndex:
    index: cluster.StrayIndex
    removed: bool
    error: str = ""


def clean(older_than: datetime.timedelta = CLEAN_AFTER) -> list[CleanedIndex]:
    """Delete the cluster indices named like this site's that the alias does not name and that
    are older than ``older_than``; the younger ones are listed, not removed."""
    if not cluster.is_configured():
        return []
    now = timezone.now()
    outcome = []
    for index in cluster.stray_indices():
        if index.age(now) < older_than:
            outcome.append(CleanedIndex(index, removed=False))
            continue
        try:
            cluster.delete_stray_index(index.name)
        except cluster.ClusterUnavailable as error:
            outcome.append(CleanedIndex(index, removed=False, error=str(error)))
        else:
            outcome.append(CleanedIndex(index, removed=True))
    return outcome
