"""The cluster engine: Elasticsearch 8/9 or OpenSearch 2/3, one mapping and one query for both.

``SEARCH_URL`` chooses the client by its scheme:

* ``opensearch://host:9200`` or ``opensearch+https://user:pass@host:9200`` → opensearch-py;
* ``elasticsearch://host:9200`` or ``elasticsearch+https://…`` → the elasticsearch client;
* plain ``http://`` / ``https://`` → opensearch-py (the elasticsearch 8/9 client refuses to talk
  to OpenSearch, while opensearch-py talks to both for the calls used here).

Bodies are built with elasticsearch-dsl (``Document``, ``Index``, ``FacetedSearch``) and sent as
plain dicts through whichever client, so the two engines run the very same requests.
"""

import contextlib
import datetime
import hashlib
import html
import json
import logging
import math
import threading
import time
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone
from elasticsearch_dsl import (
    Boolean,
    Date,
    Document,
    FacetedSearch,
    Index,
    Integer,
    Keyword,
    Long,
    Q,
    SearchAsYouType,
    TermsFacet,
    Text,
    analyzer,
    token_filter,
)
from wagtail.models import PageLogEntry

from stories.models import StoryPage

from .. import document, lexicon, text
from ..query import ParsedText, RawHit, RawResults, StoryQuery
from . import database

logger = logging.getLogger(__name__)
MAX_INDUSTRY_BUCKETS = 1000
BREAKER_SECONDS = 15.0
BULK_BATCH = 500
HIGHLIGHT_FIELDS = ("summary", "summary.id", "summary.en", "body", "body.id", "body.en")


class ClusterUnavailable(Exception):
    """The cluster could not answer (down, slow, refused, or said no).

    ``reason`` names which, for the fallback counts (search.metrics): ``error``, ``timeout`` or
    ``incomplete``.
    """

    def __init__(self, message: str, *, reason: str = "error"):
        super().__init__(message)
        self.reason = reason


# The analysers fold diacritics, as the database engine does (search.text.fold): "cafes" finds
# "cafés" and "kafe" finds "kafé". They are the built-in standard, indonesian and english
# analysers with asciifolding after lowercase. A change here changes the mapping: the index
# must be rebuilt (see mapping_version).
FOLDED = analyzer("terang_folded", tokenizer="standard", filter=["lowercase", "asciifolding"])
INDONESIAN = analyzer(
    "terang_indonesian",
    tokenizer="standard",
    filter=[
        "lowercase",
        "asciifolding",
        token_filter("terang_indonesian_stop", type="stop", stopwords="_indonesian_"),
        token_filter("terang_indonesian_stemmer", type="stemmer", language="indonesian"),
    ],
)
ENGLISH = analyzer(
    "terang_english",
    tokenizer="standard",
    filter=[
        token_filter("terang_english_possessive", type="stemmer", language="possessive_english"),
        "lowercase",
        "asciifolding",
        token_filter("terang_english_stop", type="stop", stopwords="_english_"),
        token_filter("terang_english_stemmer", type="stemmer", language="english"),
    ],
)


def _text():
    return Text(
        analyzer=FOLDED,
        fields={"id": Text(analyzer=INDONESIAN), "en": Text(analyzer=ENGLISH)},
    )


class StoryDocument(Document):
    title = _text()
    subject = _text()
    summary = _text()
    body = _text()
    suggest = SearchAsYouType(analyzer=FOLDED)
    industry = Keyword()
    industry_ids = Integer()
    language = Keyword()
    verified = Boolean()
    published_at = Date()
    last_published_at = Date()
    live_revision_id = Long()  # what search_index --check compares (see search.maintenance)
    path = Keyword()
    page_id = Integer()


def alias_name() -> str:
    return f"{settings.SEARCH_INDEX_PREFIX}-stories"


def index_definition(name: str) -> Index:
    index = Index(name)
    # One shard: term aggregations (the industry counts) are then exact.
    # One replica on every other node (none on a single node): a cluster survives losing one.
    index.settings(number_of_shards=1, auto_expand_replicas="0-1")
    index.document(StoryDocument)
    return index


MAPPING_META = "terang_mapping"


def mapping_version() -> str:
    """A fingerprint of the index definition (settings, analysers, mapping) this code needs.

    Every new index records it in its mapping's ``_meta``; an index built by an older release
    (other analysers or fields) has another one, or none, and ``search_index --check`` and
    ``/healthz`` say that it must be rebuilt. Computed, not written by hand, so that no change to
    the definition can be shipped without it.
    """
    body = index_definition("-").to_dict()
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:16]


def index_body(name: str) -> dict:
    """What creates a new index: its definition, with :func:`mapping_version` in ``_meta``."""
    body = index_definition(name).to_dict()
    body.setdefault("mappings", {})["_meta"] = {MAPPING_META: mapping_version()}
    return body


def outdated_indices() -> list[str]:
    """The indices behind the alias that were built for another index definition than this
    code's (an upgrade changed the analysers or the fields): they need ``search_index
    --rebuild``. Empty when there is no index yet (the first write creates a current one)."""
    if not call("indices.exists_alias", name=alias_name()):
        return []
    mappings = call("indices.get_mapping", index=alias_name())
    version = mapping_version()
    return sorted(
        name
        for name, found in mappings.items()
        if (found.get("mappings", {}).get("_meta") or {}).get(MAPPING_META) != version
    )


def cluster_document(doc: document.StoryDocument) -> dict:
    """The cluster's document of a story: its search document (search.document), as indexed here."""
    entry = doc.entry
    return {
        **doc.fields,
        "suggest": f"{doc.fields['title']} {doc.fields['subject']}",
        "industry": [item["slug"] for item in entry["industries"]],
        "industry_ids": [item["id"] for item in entry["industries"]],
        "language": entry["language"],
        "verified": entry["verified"],
        "published_at": entry["published_at"],
        "last_published_at": entry["last_published_at"],
        "live_revision_id": entry["live_revision_id"],
        "path": doc.path,
        "page_id": doc.page_id,
    }


# --- connection -----------------------------------------------------------------------------


def is_configured() -> bool:
    return bool(settings.SEARCH_URL)


def _parse_url(url: str) -> tuple[str, str, tuple[str, str] | None]:
    parts = urlsplit(url)
    kind, _, transport = parts.scheme.partition("+")
    if kind in ("http", "https"):
        kind, transport = "opensearch", kind
    if kind not in ("opensearch", "elasticsearch"):
        raise ClusterUnavailable(f"unknown search engine {kind!r} in SEARCH_URL")
    transport = transport or "http"
    auth = (parts.username or "", parts.password or "") if parts.username else None
    host = parts.hostname or "127.0.0.1"
    netloc = f"{host}:{parts.port}" if parts.port else host
    return kind, urlunsplit((transport, netloc, parts.path, "", "")), auth


def engine_name() -> str:
    return _parse_url(settings.SEARCH_URL)[0]


def safe_location() -> str:
    """The configured cluster without credentials, for health pages and logs."""
    kind, url, _auth = _parse_url(settings.SEARCH_URL)
    return f"{kind} at {url}"


_clients: dict[tuple, object] = {}
_clients_lock = threading.Lock()


def client():
    key = (settings.SEARCH_URL, settings.SEARCH_TIMEOUT)
    with _clients_lock:
        if key not in _clients:
            kind, url, auth = _parse_url(settings.SEARCH_URL)
            common = {"max_retries": 0, "retry_on_timeout": False}
            if kind == "elasticsearch":
                from elasticsearch import Elasticsearch

                _clients[key] = Elasticsearch(
                    url, request_timeout=settings.SEARCH_TIMEOUT, basic_auth=auth, **common
                )
            else:
                from opensearchpy import OpenSearch

                _clients[key] = OpenSearch(
                    hosts=[url], timeout=settings.SEARCH_TIMEOUT, http_auth=auth, **common
                )
        return _clients[key]


def _client_errors() -> tuple[type[BaseException], ...]:
    from elastic_transport import TransportError as ElasticTransportError
    from elasticsearch import ApiError
    from opensearchpy.exceptions import OpenSearchException

    return (OpenSearchException, ApiError, ElasticTransportError, OSError)


def _is_timeout(error: BaseException) -> bool:
    from elastic_transport import ConnectionTimeout as ElasticTimeout
    from opensearchpy.exceptions import ConnectionTimeout as OpenSearchTimeout

    return isinstance(error, ElasticTimeout | OpenSearchTimeout | TimeoutError)


def call(method: str, *, slow: bool = False, **kwargs):
    """Call ``client().<method>(**kwargs)`` (dotted names allowed); failures → ClusterUnavailable.

    Searches wait at most ``SEARCH_TIMEOUT``; index upkeep (``slow``) waits ``SEARCH_WRITE_TIMEOUT`` (30 s), since creating
    an index or a bulk write can take seconds on a busy node.
    """
    target = client()
    if slow:
        write_timeout = float(getattr(settings, "SEARCH_WRITE_TIMEOUT", 30.0))
        if engine_name() == "elasticsearch":
            target = target.options(request_timeout=write_timeout)
        else:
            kwargs["request_timeout"] = write_timeout
    for part in method.split("."):
        target = getattr(target, part)
    try:
        response = target(**kwargs)
    except _client_errors() as error:
        raise ClusterUnavailable(
            f"{type(error).__name__}: {str(error)[:200]}",
            reason="timeout" if _is_timeout(error) else "error",
        ) from error
    return getattr(response, "body", response)


class CircuitBreaker:
    """After a failure, skip the cluster for a while so every request does not wait a timeout.

    The state is shared through the default cache (Redis or the database table, which every
    gunicorn worker and app server reads), so one process's failure spares the others their own
    timeout; each process also keeps it, for when the cache cannot be read.
    """

    def __init__(self, seconds: float):
        self.seconds = seconds
        self._open_until = 0.0

    @staticmethod
    def _key() -> str:
        return f"search:breaker-open-until:{settings.SEARCH_INDEX_PREFIX}"

    def allows(self) -> bool:
        now = time.time()
        if now < self._open_until:
            return False
        try:
            shared = caches["default"].get(self._key())
        except Exception:  # noqa: BLE001 - the cache down: this process's own state decides
            logger.warning("Search breaker: the shared state could not be read", exc_info=True)
            return True
        if isinstance(shared, float) and now < shared:
            self._open_until = shared
            return False
        return True

    def trip(self) -> None:
        self._open_until = time.time() + self.seconds
        try:
            caches["default"].set(self._key(), self._open_until, timeout=math.ceil(self.seconds))
        except Exception:  # noqa: BLE001
            logger.warning("Search breaker: the shared state could not be written", exc_info=True)

    def succeeded(self) -> None:
        """The cluster answered: close the breaker if this process had seen it open."""
        if self._open_until:
            self.reset()

    def reset(self) -> None:
        self._open_until = 0.0
        try:
            caches["default"].delete(self._key())
        except Exception:  # noqa: BLE001
            logger.warning("Search breaker: the shared state could not be cleared", exc_info=True)


breaker = CircuitBreaker(BREAKER_SECONDS)


# --- querying -------------------------------------------------------------------------------


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
            options = [*own, *(_exact(phrase, boost=TRANSLATION_BOOST) for phrase in phrases)]
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
            lexicon.of_corrections(database.corrections(unknown, unknown=True)) if unknown else {}
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
            snippet = _safe_fragment(fragments[0])
        else:
            source = hit.get("_source", {})
            snippet = text.highlight(
                " ".join(p for p in (source.get("summary"), source.get("body")) if p), terms
            )
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


# --- index upkeep ---------------------------------------------------------------------------


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


def ensure_index() -> None:
    if call("indices.exists_alias", slow=True, name=alias_name()):
        return
    name = f"{alias_name()}-{timezone.now().strftime('%Y%m%d%H%M%S%f')}"
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
    """Create a new, empty index for a rebuild, set to fill fast (REBUILD_SETTINGS)."""
    name = f"{alias_name()}-{timezone.now().strftime('%Y%m%d%H%M%S%f')}"
    body = index_body(name)
    body.setdefault("settings", {}).update(REBUILD_SETTINGS)
    call("indices.create", slow=True, index=name, body=body)
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
    except ClusterUnavailable:
        swapped = False
        with contextlib.suppress(ClusterUnavailable):
            swapped = name in _alias_indices()
        if not swapped:
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
        from ..tasks import flush_cluster_updates, index_writer, queue_cluster_updates

        queue_cluster_updates(changed)
        # Through the writers' lock, so a task's newer send never lands before this one.
        with index_writer():
            flush_cluster_updates()


def abandon_rebuild(name: str) -> None:
    # An index behind no alias is never searched, and the next rebuild's name differs.
    with contextlib.suppress(ClusterUnavailable):
        call("indices.delete", slow=True, index=name)


def rebuild(*, batch_size: int = BULK_BATCH) -> tuple[str, int]:
    """Fill a new index from every live, public story, then swap the alias to it; return the new
    index's name and how many stories it holds. The batches are search.maintenance.rebuild's."""
    from .. import maintenance

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


def health() -> dict:
    response = call("cluster.health")
    return {"status": response.get("status", "unknown")}


def nodes() -> list[dict]:
    """Each node of the cluster by id, "up" or "down": a node that left is still in the voting
    configuration (three manager nodes keep three voters when one is lost), so it shows as down.
    Ids, not names: a node's name is often its host name, which health pages never show."""
    state = call(
        "cluster.state",
        metric="metadata,nodes",
        filter_path="metadata.cluster_coordination.last_committed_config,nodes.*.name",
    )
    present = set(state.get("nodes", {}))
    coordination = state.get("metadata", {}).get("cluster_coordination", {})
    voters = {
        node for node in coordination.get("last_committed_config", []) if not node.startswith("_")
    }
    return [
        {"id": node, "status": "up" if node in present else "down"}
        for node in sorted(present | voters)
    ]
