# ruff: noqa: S608  (SQL is assembled from constant table names and %s placeholders only)
"""The database engine's names, the private sections read once per search, and the
conditions and word alternatives both dialects share."""

from contextlib import contextmanager
from contextvars import ContextVar

from rapidfuzz import process
from rapidfuzz.distance import OSA
from wagtail.models import Page

from stories.models import StoryIndustry, visibility

from ... import text
from ...models import SearchEntry

NAME = "database"
ENTRY = SearchEntry._meta.db_table
PAGE = Page._meta.db_table
TAGS = StoryIndustry._meta.db_table
# Column weights for title, subject, summary, body, phrase.
BM25_WEIGHTS = "10.0, 5.0, 3.0, 1.0, 2.0"
VERIFIED_BOOST = 0.2
RECENT_BOOST = 0.1
RECENT_DAYS = 365
TYPO_MIN_LENGTH = 4
TYPO_MAX_CANDIDATES = 20_000
TYPO_MAX_TERMS = 2


# The paths under a view restriction, read once per search (a search runs one to three passes,
# then the final guard of search.services reads them too): within :func:`restrictions_read_once`,
# the first reader queries them and the others reuse that list.
_search_restricted_paths: ContextVar[dict | None] = ContextVar(
    "search_restricted_paths", default=None
)


def _read_restricted_paths() -> list[str]:
    # The one visibility rule (stories.models.visibility), read from the database now.
    return visibility.restricted_paths()


def restricted_paths() -> list[str]:
    """The paths under a view restriction: read once within :func:`restrictions_read_once`, else
    read now."""
    held = _search_restricted_paths.get()
    if held is None:
        return _read_restricted_paths()
    if "paths" not in held:
        held["paths"] = _read_restricted_paths()
    return held["paths"]


@contextmanager
def restrictions_read_once():
    """Within this block (one search: its passes and its final guard), the restricted paths are
    read at most once, when first needed. Nested blocks share the outer one's reading."""
    if _search_restricted_paths.get() is not None:
        yield
        return
    token = _search_restricted_paths.set({})
    try:
        yield
    finally:
        _search_restricted_paths.reset(token)


def _filters(industry_ids: list[int] | None) -> tuple[str, list]:
    """SQL conditions on ``e`` (entry) and ``p`` (page), besides the full-text match."""
    sql = ["p.id = e.page_id", "p.live = %s"]
    params: list = [True]
    for path in restricted_paths():
        sql.append("p.path NOT LIKE %s")
        params.append(path + "%")
    if industry_ids is not None:
        placeholders = ",".join(["%s"] * len(industry_ids))
        sql.append(
            f"e.page_id IN (SELECT si.content_object_id FROM {TAGS} si "
            f"WHERE si.tag_id IN ({placeholders}))"
        )
        params.extend(industry_ids)
    return " AND ".join(sql), params


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance, stopping early past ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2 = None
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if previous2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def _within(word: str, candidates, limit: int) -> list[tuple[str, int, int]]:
    """(candidate, distance, docs) of the ``(candidate, docs)`` pairs within ``limit`` edits of
    ``word``: the distance of :func:`_edit_distance` (optimal string alignment), computed by
    RapidFuzz in C over every candidate at once."""
    candidates = list(candidates)
    if not candidates:
        return []
    words = [candidate for candidate, _docs in candidates]
    return [
        (candidate, int(distance), candidates[index][1])
        for candidate, distance, index in process.extract(
            word, words, scorer=OSA.distance, score_cutoff=limit, limit=None
        )
    ]


def _typo_budget(word: str) -> int:
    return 1 if len(word) < 8 else 2


def _term_options(term, extra, translations, quote: str, any_op: str, all_op: str) -> list[str]:
    """A query word's alternatives in a dialect's syntax: its forms, its typo corrections, and each
    translation (a phrase matches when all its words do, each in any of its forms)."""
    options = [quote.format(form) for form in term.forms + extra.get(term.word, ())]
    for phrase in (translations or {}).get(term.word, ()):
        groups = [
            "(" + any_op.join(quote.format(form) for form in text.forms(word)) + ")"
            for word in text.tokens(phrase)
        ]
        if groups:
            options.append(groups[0] if len(groups) == 1 else f"({all_op.join(groups)})")
    return options
