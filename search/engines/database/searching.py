# ruff: noqa: S608  (SQL is assembled from constant table names and %s placeholders only)
"""A search on the database engine: typo corrections, translations, the passes and the
snippets of one results page."""

from django.db import connection

from ... import lexicon, text
from ...query import ParsedText, RawHit, RawResults, StoryQuery, Term
from .base import (
    TYPO_MAX_TERMS,
    TYPO_MIN_LENGTH,
    _typo_budget,
    _within,
    restrictions_read_once,
)
from .postgres import _Postgres
from .sqlite import _SQLite


def _dialect(cursor):
    return _Postgres(cursor) if connection.vendor == "postgresql" else _SQLite(cursor)


class Corrections(dict):
    """Typo corrections by query word (each word's candidates, best first); ``from_lexicon``: the
    words whose best candidate is a lexicon headword, not a word of the index."""

    def __init__(self, *args, from_lexicon=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.from_lexicon = frozenset(from_lexicon)


def _corrections(
    dialect, parsed: ParsedText, translated=(), *, unknown: bool = False, headwords: bool = False
) -> Corrections:
    """Close vocabulary words for query words that the index does not know (bounded).

    A word with a translation is never corrected: it is a word, in the other language.
    ``unknown``: the caller found already that the index holds none of the words, in any form
    (:func:`known_words`), so they are not looked up again. ``headwords`` (the lexicon is on):
    the lexicon's headwords, both languages, are candidates too, after the index's words at the
    same distance, so a typo of a word that only the other language's stories translate
    ("sunscren" → "sunscreen" → "tabir surya") is corrected, then translated.
    """
    found: dict[str, tuple[str, ...]] = {}
    from_lexicon = set()
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
        held = dialect.candidates(term.word)
        for candidate, distance, docs in _within(term.word, held, budget):
            scored.append((distance, -docs, candidate))
        if headwords:
            seen = {candidate for _distance, _docs, candidate in scored}
            words = [
                (word, 0)
                for word in lexicon.correction_candidates(term.word, budget)
                if word not in seen
            ]
            for candidate, distance, _docs in _within(term.word, words, budget):
                if lexicon.lexicon().translations(candidate):
                    scored.append((distance, 1, candidate))
        if scored:
            best = sorted(scored)[:2]
            found[term.word] = tuple(candidate for _d, _docs, candidate in best)
            if best[0][1] == 1:
                from_lexicon.add(term.word)
    return Corrections(found, from_lexicon=from_lexicon)


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
        extra = (
            _corrections(dialect, parsed, translations, headwords=query.translate) if parsed else {}
        )
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


def corrections(words, *, unknown: bool = False, headwords: bool = False) -> Corrections:
    """Typo corrections of these words (folded) from the index's vocabulary, as this engine
    makes them (none for a word the index knows; ``unknown``: words that :func:`known_words`
    did not return, which are not looked up again; ``headwords``: the lexicon's headwords are
    candidates too, as with the lexicon on)."""
    parsed = ParsedText(terms=tuple(Term(word) for word in words))
    if not parsed:
        return Corrections()
    with connection.cursor() as cursor:
        return _corrections(_dialect(cursor), parsed, unknown=unknown, headwords=headwords)


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
