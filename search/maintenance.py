"""Whole-index operations behind ``manage.py search_index``."""

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from django.utils import timezone

from stories.models import StoryPage
from stories.page_cache import purge_public_pages

from .document import documents_for, indexable_stories
from .engines import cluster, database
from .tasks import flush_cluster_updates


@dataclass
class IndexReport:
    engine: str
    missing: list[int] = field(default_factory=list)
    stale: list[int] = field(default_factory=list)
    extra: list[int] = field(default_factory=list)
    # Cluster indices built for an older index definition (analysers, fields): rebuild them.
    outdated: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.missing or self.stale or self.extra or self.outdated)


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
        reports.append(report)
    return reports


REBUILD_BATCH = 500
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
    finds every story, in its old or new form); entries of stories no longer live go at the end.
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
    written = 0
    # The cluster's bulk writes go out on a thread of their own, one at a time, while the next
    # batch is built and written to the database: the node indexes while Python works.
    writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="search-rebuild")
    sending = None

    def sent():
        """Wait for the bulk write in flight; on failure, drop the new index."""
        nonlocal failure, sending
        if sending is None:
            return
        try:
            sending.result()
        except cluster.ClusterUnavailable as error:
            failure = error
            cluster.abandon_rebuild(target)
        sending = None

    try:
        for start in range(0, len(ids), batch_size):
            if failure is not None and not in_database:
                break
            batch = ids[start : start + batch_size]
            documents = documents_for(batch)
            if in_database:
                database.update_stories(batch, documents)
            written += len(documents)
            sent()
            if target is not None and failure is None:
                sending = writer.submit(cluster.write_rebuild_batch, target, batch, documents)
            if start + batch_size >= len(ids):
                sent()  # the whole index is written when the bar shows 100%
            if progress is not None:
                progress(start + len(batch), len(ids))
        sent()
    finally:
        writer.shutdown(wait=True)
    done = []
    if in_database:
        database.remove_stories(set(database.indexed_state()) - set(ids))
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
    report = flush_cluster_updates()
    purge_public_pages()
    return report
