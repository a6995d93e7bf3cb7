"""Whole-index operations behind ``manage.py search_index``."""

from dataclasses import dataclass, field

from stories.models import StoryPage
from stories.page_cache import purge_public_pages

from .engines import cluster, database
from .tasks import flush_cluster_updates


@dataclass
class IndexReport:
    engine: str
    missing: list[int] = field(default_factory=list)
    stale: list[int] = field(default_factory=list)
    extra: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.missing or self.stale or self.extra)


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
        reports.append(_compare(cluster.engine_name(), cluster.indexed_state()))
    return reports


def rebuild() -> list[tuple[str, str, int]]:
    done = [(database.NAME, "tables", database.rebuild())]
    if cluster.is_configured():
        name, count = cluster.rebuild()
        done.append((cluster.engine_name(), name, count))
    purge_public_pages()
    return done


def flush() -> dict:
    if not cluster.is_configured():
        return {"cluster": 0, "pending": 0}
    report = flush_cluster_updates()
    purge_public_pages()
    return report
