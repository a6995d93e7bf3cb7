"""Whole-index operations behind ``manage.py search_index``."""

from dataclasses import dataclass, field

from stories.models import StoryPage

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


def _expected() -> dict[int, str | None]:
    rows = StoryPage.objects.live().public().values_list("pk", "last_published_at")
    return {pk: published.isoformat() if published else None for pk, published in rows}


def _normalise(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        from django.utils.dateparse import parse_datetime

        value = parse_datetime(value)
    return value.isoformat() if value else None


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
    return done


def flush() -> dict:
    return flush_cluster_updates() if cluster.is_configured() else {"cluster": 0, "pending": 0}
