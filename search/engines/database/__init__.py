# ruff: noqa: F401  (the engine's interface, re-exported from its modules)
"""The database engine: SQLite FTS5 or PostgreSQL full text, with Snowball stems from Python.

Every story is indexed as "stem bags": each word followed by its Indonesian and English Snowball
stems (see :func:`search.text.stem_bag`), so a query word matches when any of its forms does
("jual" finds "berjualan", "selling" finds "sell"). A fifth column (SQLite) or second vector
(PostgreSQL) keeps the plain words in order for phrase queries. The full-text match runs first;
pages, filters and industry counts are joined to the matched ids after it.

The package's modules: :mod:`.base` (names, private sections, shared conditions),
:mod:`.writing` (the index), :mod:`.ranking` (a page's order, total and facets),
:mod:`.sqlite` and :mod:`.postgres` (the two dialects) and :mod:`.searching` (one search).
"""

from . import ranking
from .base import (
    BM25_WEIGHTS,
    ENTRY,
    NAME,
    PAGE,
    RECENT_BOOST,
    RECENT_DAYS,
    TAGS,
    TYPO_MAX_CANDIDATES,
    TYPO_MAX_TERMS,
    TYPO_MIN_LENGTH,
    VERIFIED_BOOST,
    _edit_distance,
    _filters,
    _term_options,
    _typo_budget,
    _within,
    restricted_paths,
    restrictions_read_once,
)
from .postgres import _Postgres
from .ranking import _count_and_facets
from .searching import (
    Corrections,
    _corrections,
    _dialect,
    corrections,
    known_words,
    search,
    suggest,
)
from .sqlite import _SQLite
from .writing import (
    PG_DOCUMENTS,
    PG_INDEXES,
    PG_MAX_POSITION,
    PG_MAX_POSITIONS,
    PG_MAX_WORD,
    PG_WEIGHTS,
    abandon_rebuild,
    begin_rebuild,
    finish_rebuild,
    index_documents,
    indexed_state,
    pg_document_vector,
    rebuild,
    remove_stories,
    update_stories,
)
