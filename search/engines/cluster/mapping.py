"""The index: analysers, the story document's mapping, its version, and a story's document."""

import hashlib
import json

from django.conf import settings
from elasticsearch_dsl import (
    Boolean,
    Date,
    Document,
    Index,
    Integer,
    Keyword,
    Long,
    SearchAsYouType,
    Text,
    analyzer,
    token_filter,
)

from ... import document
from .connection import call

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
