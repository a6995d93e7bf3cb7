# ruff: noqa: S608  (SQL is assembled from constant table names and %s placeholders only)
"""A search on the database engine: typo corrections, translations, the passes and the
snippets of one results page."""

from django.db import connection

from ... import lexicon, text
from ...query import ParsedText, RawHit, RawResults, StoryQuery, Term
from .base import (
    TYPO_MAX_TERMS,
    TYPO_MIN_LENGTH,
    _edit_distance,
    _typo_budget,
    restrictions_read_once,
)
from .postgres import _Postgres
from .sqlite import _SQLite


def _dialect(cursor):
    return _Postgres(cursor) if connection.vendor == "postgresql" else _SQLite(cursor)


def _corrections(
    dialect, parsed: ParsedText, translated=(), *, unknown: bool = False
) -> dict[str, tuple[str, ...]]:
    """Close vocabulary words for query words that the index does not know (bounded).

    A word with a translation is never corrected: it is a word, in the other language.
    ``unknown``: the caller found already that the index holds none of the words, in any form
    (:func:`known_words`), so they are not looked up again.
    """
    found: dict[str, tuple[str, ...]] = {}
    for term in parsed.terms:
        if len(found) >= TYPO_MAX_TERMS:
            break
        if (
            term.prefix
            or term.word in translated
            or len(term.word) < TYPO_MIN_LENGTH
            or (not unknown and dialect.known(term.forms))
        ):
            continue
        budget = _typo_budget(term.word)
        scored = []
        for candidate, docs in dialect.candidates(term.word):
            distance = _edit_distance(term.word, candidate, budget)
            if distance <= budget:
                scored.append((distance, -docs, candidate))
        if scored:
            found[term.word] = tuple(candidate for _d, _docs, candidate in sorted(scored)[:2])
    return found


def search(query: StoryQuery, industry_ids: list[int] | None, *, facets: bool = True) -> RawResults:
    terms = query.parsed.highlight_terms()
    parsed, translations = lexicon.widen(query)
    terms |= parsed.highlight_terms()  # and the words' other roots
    with restrictions_read_once():
        return _search(query, industry_ids, facets, terms, parsed, translations)


def _search(query, industry_ids, facets, terms, parsed, translations) -> RawResults:
    relaxed = False
    with connection.cursor() as cursor:
        dialect = _dialect(cursor)
        extra = _corrections(dialect, parsed, translations) if parsed else {}
        if query.translate:
            translations = {**translations, **lexicon.of_corrections(extra)}

        def answer(parsed):
            if industry_ids == []:
                _rows, _count, counts = dialect.run(
                    query, parsed, extra, None, facets, translations
                )
                return [], 0, counts
            return dialect.run(query, parsed, extra, industry_ids, facets, translations)

        rows, count, counts = answer(parsed)
        wider = parsed.relaxed() if translations and not count and industry_ids != [] else None
        if wider is not None:
            rows, count, counts = answer(wider)
            relaxed = bool(count)
    for alternatives in [*extra.values(), *translations.values()]:
        terms.update(lexicon.forms_of(alternatives))
    highlight = text.Highlighter(terms)  # one word cache for the page's snippets
    hits = [
        RawHit(
            page_id=page_id,
            snippet=highlight(snippet_text or ""),
            score=float(score or 0.0),
        )
        for page_id, snippet_text, score in rows
    ]
    corrected = ""
    if extra:
        corrected = " ".join(extra[t.word][0] if t.word in extra else t.word for t in parsed.terms)
    return RawResults(
        hits=hits,
        count=count,
        facets=counts,
        corrected=corrected,
        also_searched=lexicon.also_searched(translations),
        relaxed=relaxed,
    )


def corrections(words, *, unknown: bool = False) -> dict[str, tuple[str, ...]]:
    """Typo corrections of these words (folded) from the index's vocabulary, as this engine
    makes them (none for a word the index knows; ``unknown``: words that :func:`known_words`
    did not return, which are not looked up again)."""
    parsed = ParsedText(terms=tuple(Term(word) for word in words))
    if not parsed:
        return {}
    with connection.cursor() as cursor:
        return _corrections(_dialect(cursor), parsed, unknown=unknown)


def known_words(words, roots=None) -> set[str]:
    """Those of these words (folded) that the index holds, in one of their forms or of their
    other ``roots`` (by word; search.lexicon.indonesian_roots), in one query."""
    roots = roots or {}
    forms = {
        word: {*text.forms(word), *(f for root in roots.get(word, ()) for f in text.forms(root))}
        for word in words
    }
    if not forms:
        return set()
    with connection.cursor() as cursor:
        held = _dialect(cursor).held(sorted(set().union(*forms.values())))
    return {word for word, own in forms.items() if own & held}


def suggest(parsed: ParsedText, limit: int) -> list[int]:
    with connection.cursor() as cursor:
        return _dialect(cursor).suggest_ids(parsed, limit)
