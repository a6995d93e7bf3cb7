"""Searching the cluster: the faceted search, the query body with its tiers and translations,
and suggestions."""

import datetime
import html

from django.utils import timezone
from elasticsearch_dsl import (
    FacetedSearch,
    Q,
    TermsFacet,
)

from ... import lexicon, text
from ...query import ParsedText, RawHit, RawResults, StoryQuery
from .. import database
from .connection import ClusterUnavailable, call
from .mapping import StoryDocument, alias_name

MAX_INDUSTRY_BUCKETS = 1000
HIGHLIGHT_FIELDS = ("summary", "summary.id", "summary.en", "body", "body.id", "body.en")


class StoryFacetedSearch(FacetedSearch):
    doc_types = [StoryDocument]
    facets = {"industry": TermsFacet(field="industry_ids", size=MAX_INDUSTRY_BUCKETS)}
    fields = HIGHLIGHT_FIELDS

    def __init__(
        self,
        *,
        index,
        parsed: ParsedText,
        industry_ids,
        sort,
        restricted_paths,
        translations=None,
        exact_only=None,
        corrected=frozenset(),
        function_words=(),
    ):
        self.index = index
        self.parsed = parsed
        self.restricted_paths = restricted_paths
        self.translations = translations or {}
        # None: the words typed only (translate=0), matched as before the lexicon. Otherwise the
        # words that some story holds as they are: no typo tolerance for them.
        self.exact_only = exact_only
        # Words the index does not know, translated through their typo correction: still fuzzy.
        self.corrected = corrected
        # The function words typed that the query no longer requires (search.lexicon.widen).
        self.function_words = function_words
        filters = {"industry": industry_ids} if industry_ids else {}
        super().__init__(query=parsed if parsed else None, filters=filters, sort=sort)

    def search(self):
        search = super().search().extra(track_total_hits=True).source(includes=["summary", "body"])
        for path in self.restricted_paths:
            search = search.exclude("prefix", path=path)
        return search

    def query(self, search, query):
        must = []
        functions = []
        words = " ".join(t.word for t in self.parsed.terms if not t.prefix)
        if words and self.exact_only is not None:
            typed = self._translated(must)
            if self.translations and not self.parsed.any_term:
                # Stories that match the words typed come first; translations only widen.
                functions.append({"filter": Q("bool", must=typed), "weight": TYPED_TIER})
            if self.function_words and not self.parsed.any_term:
                # And before them, the stories that also hold the function words typed (the
                # query of translate=0), as on the database engine (database._tiers).
                held = [_plain(word) for word in self.function_words]
                functions.append({"filter": Q("bool", must=[*typed, *held]), "weight": TYPED_TIER})
        elif words:
            must.append(
                Q(
                    "bool",
                    should=[_exact(words), _fuzzy(words)],
                    minimum_should_match=1,
                )
            )
        for term in self.parsed.terms:
            if term.prefix:
                must.append(
                    Q(
                        "multi_match",
                        query=term.word,
                        type="phrase_prefix",
                        fields=[name for name, _boost in WEIGHTS],
                    )
                )
        for phrase in self.parsed.phrases:
            must.append(
                Q(
                    "multi_match",
                    query=" ".join(phrase),
                    type="phrase",
                    fields=[f"{name}^{boost}" for name, boost in WEIGHTS],
                )
            )
        cutoff = (timezone.now() - datetime.timedelta(days=365)).date().isoformat()
        if self.parsed.any_term:
            matched = Q("bool", should=must, minimum_should_match=1)
            # The stories that match more of the words come first (as on the database engine).
            functions.extend({"filter": clause, "weight": MATCHED_WORD} for clause in must)
        else:
            matched = Q("bool", must=must)
        return search.query(
            "function_score",
            query=matched,
            functions=[
                *functions,
                {"filter": Q("term", verified=True), "weight": 1.2},
                {"filter": Q("range", published_at={"gte": cutoff}), "weight": 1.1},
            ],
            score_mode="multiply",
            boost_mode="multiply",
        )

    def _translated(self, must: list) -> list:
        """One clause per word typed: the word, or one of its translations (search.lexicon).

        Adds them to ``must`` and returns the clauses of the words typed alone. As on the database
        engine, typo tolerance is only for a word that no story holds and that has no
        translation: a word with a translation is a word, in the other language, and a word some
        story holds as it is (``exact_only``) is no typo.
        """
        typed = []
        for term in self.parsed.terms:
            if term.prefix:
                continue
            phrases = self.translations.get(term.word, ())
            # The word, and its other roots as the word itself (search.lexicon.indonesian_roots).
            own = [_exact(word) for word in (term.word, *term.roots)]
            if not ((phrases and term.word not in self.corrected) or term.word in self.exact_only):
                own.append(_fuzzy(term.word))
            typed.append(Q("bool", should=own, minimum_should_match=1))
            # A relaxed query has no band of words typed: as on the database engine, the stories
            # with more of the words come first, and among them a translation weighs as a word.
            boost = 1.0 if self.parsed.any_term else TRANSLATION_BOOST
            options = [*own, *(_exact(phrase, boost=boost) for phrase in phrases)]
            must.append(Q("bool", should=options, minimum_should_match=1))
        return typed

    def highlight(self, search):
        return search.highlight_options(
            pre_tags=["<mark>"],
            post_tags=["</mark>"],
            encoder="html",
            fragment_size=text.SNIPPET_LENGTH,
            number_of_fragments=1,
            no_match_size=0,
        ).highlight(*self.fields)


WEIGHTS = (("title", 10), ("subject", 5), ("summary", 3), ("body", 1))
TRANSLATION_BOOST = 0.3
# The score of a story that matches the words typed is multiplied by this, which puts it above
# any story that matches only a translation (scores of one query are never 1000 times apart).
TYPED_TIER = 1000.0
# In a relaxed query (any word enough), each word a story matches multiplies its score by this.
MATCHED_WORD = 1000.0


def _stemmed_fields() -> list[str]:
    return [f"{name}{suffix}^{boost}" for name, boost in WEIGHTS for suffix in ("", ".id", ".en")]


def _exact(words: str, boost: float = 1.0) -> Q:
    """Every word, in any field, in any of its stemmed forms."""
    options = {"boost": boost} if boost != 1.0 else {}
    return Q(
        "multi_match",
        query=words,
        type="cross_fields",
        operator="and",
        fields=_stemmed_fields(),
        **options,
    )


def _plain(word: str) -> Q:
    """The word as it is, in any field (the plain fields: the stemmed ones drop function words)."""
    return Q("multi_match", query=word, fields=[name for name, _boost in WEIGHTS])


def _fuzzy(words: str) -> Q:
    """Every word within the edit distance Elasticsearch allows for its length."""
    return Q(
        "multi_match",
        query=words,
        type="best_fields",
        operator="and",
        fuzziness="AUTO",
        prefix_length=1,
        fields=[f"{name}^{boost}" for name, boost in WEIGHTS],
        boost=0.3,
    )


def _safe_fragment(fragment: str) -> str:
    """Re-escape a highlighted fragment so that only <mark> remains as markup.

    The documents hold plain text (:func:`search.text.story_text`), and the highlighter's html
    encoder escapes it once; unescaping that one level and escaping again gives the same
    single-escaped text whichever characters the encoder chose to escape. The placeholder
    characters are removed from the text first, so a story cannot forge a <mark>.
    """
    fragment = fragment.replace("\x01", "").replace("\x02", "")
    marked = fragment.replace("<mark>", "\x01").replace("</mark>", "\x02")
    escaped = html.escape(html.unescape(marked), quote=True)
    return escaped.replace("\x01", "<mark>").replace("\x02", "</mark>")


def _restricted_paths() -> list[str]:
    """The paths under a view restriction, read once per search (shared with the final guard)."""
    return database.restricted_paths()


def build_body(
    query: StoryQuery,
    industry_ids: list[int] | None,
    translations=None,
    parsed=None,
    exact_only=None,
    corrected=frozenset(),
    restricted_paths=None,
) -> dict:
    parsed = parsed if parsed is not None else query.parsed
    kept = {term.word for term in parsed.terms}
    function_words = tuple(
        term.word for term in query.parsed.terms if not term.prefix and term.word not in kept
    )
    if query.sort == "newest" or not query.parsed:
        sort = ["-published_at", "-page_id"]
    else:
        sort = ["_score", "-published_at", "-page_id"]
    faceted = StoryFacetedSearch(
        index=alias_name(),
        parsed=parsed,
        exact_only=exact_only,
        corrected=corrected,
        function_words=function_words,
        industry_ids=industry_ids,
        sort=sort,
        restricted_paths=_restricted_paths() if restricted_paths is None else restricted_paths,
        translations=translations,
    )[query.offset : query.offset + query.page_size]
    return faceted._s.to_dict()


def complete(response: dict) -> dict:
    """The search response if it is whole; else ClusterUnavailable, so the database answers.

    A cluster that lost a node can answer 200 with some shards failed or the search timed out:
    whatever its health colour, such an answer would miss stories and miscount the facets.
    """
    shards = response.get("_shards") or {}
    if response.get("timed_out") or shards.get("failed") or "hits" not in response:
        raise ClusterUnavailable(
            f"incomplete answer: timed_out={response.get('timed_out')}, "
            f"shards failed={shards.get('failed')} of {shards.get('total')}",
            reason="incomplete",
        )
    return response


def search(query: StoryQuery, industry_ids: list[int] | None) -> RawResults:
    parsed, translations = lexicon.widen(query)
    exact_only, corrected = None, {}
    if query.translate:
        # Typo tolerance only for a word no story holds (the database index knows every word).
        untranslated = [t.word for t in parsed.terms if not t.prefix and t.word not in translations]
        roots = {t.word: t.roots for t in parsed.terms if t.roots}
        exact_only = frozenset(database.known_words(untranslated, roots))
        unknown = [word for word in untranslated if word not in exact_only]
        corrected = (
            lexicon.of_corrections(database.corrections(unknown, unknown=True, headwords=True))
            if unknown
            else {}
        )
        translations = {**translations, **corrected}
    # Read once for the relaxed retry too (within a search, search.services' guard reuses them:
    # database.restrictions_read_once).
    restricted_paths = _restricted_paths()

    def answer(parsed):
        body = build_body(
            query,
            industry_ids or None,
            translations,
            parsed,
            exact_only,
            frozenset(corrected),
            restricted_paths=restricted_paths,
        )
        if industry_ids == []:
            body["size"] = 0
            body["post_filter"] = {"match_none": {}}
        return complete(call("search", index=alias_name(), body=body))

    response = answer(parsed)
    relaxed = False
    wider = parsed.relaxed() if translations and industry_ids != [] else None
    if wider is not None and not response["hits"]["total"]["value"]:
        response = answer(wider)
        relaxed = bool(response["hits"]["total"]["value"])
    buckets = response["aggregations"]["_filter_industry"]["industry"]["buckets"]
    terms = query.parsed.highlight_terms()
    for phrases in translations.values():
        terms.update(lexicon.forms_of(phrases))
    hits = []
    for hit in response["hits"]["hits"]:
        fragments = next(
            (
                hit["highlight"][name]
                for name in HIGHLIGHT_FIELDS
                if hit.get("highlight", {}).get(name)
            ),
            None,
        )
        if fragments:
            snippet = _safe_fragment(text.one_line(fragments[0]))
        else:
            source = hit.get("_source", {})
            fields = {name: source.get(name) or "" for name in ("summary", "body")}
            snippet = text.highlight(text.snippet_source(fields), terms)
        hits.append(
            RawHit(page_id=int(hit["_id"]), snippet=snippet, score=hit.get("_score") or 0.0)
        )
    return RawResults(
        hits=hits,
        count=response["hits"]["total"]["value"],
        facets={int(b["key"]): b["doc_count"] for b in buckets},
        took_ms=response.get("took"),
        also_searched=lexicon.also_searched(translations),
        relaxed=relaxed,
    )


def suggest(typed: str, limit: int) -> list[int]:
    body = {
        "size": limit,
        "_source": False,
        "query": {
            "bool": {
                "must": [
                    {
                        "multi_match": {
                            "query": typed,
                            "type": "bool_prefix",
                            "fields": ["suggest", "suggest._2gram", "suggest._3gram"],
                        }
                    }
                ],
                "must_not": [{"prefix": {"path": p}} for p in _restricted_paths()],
            }
        },
    }
    response = complete(call("search", index=alias_name(), body=body))
    return [int(hit["_id"]) for hit in response["hits"]["hits"]]
