# ruff: noqa: F401  (the engine's interface, re-exported from its modules)
"""The cluster engine: Elasticsearch 8/9 or OpenSearch 2/3, one mapping and one query for both.

``SEARCH_URL`` chooses the client by its scheme:

* ``opensearch://host:9200`` or ``opensearch+https://user:pass@host:9200`` → opensearch-py;
* ``elasticsearch://host:9200`` or ``elasticsearch+https://…`` → the elasticsearch client;
* plain ``http://`` / ``https://`` → opensearch-py (the elasticsearch 8/9 client refuses to talk
  to OpenSearch, while opensearch-py talks to both for the calls used here).

Bodies are built with elasticsearch-dsl (``Document``, ``Index``, ``FacetedSearch``) and sent as
plain dicts through whichever client, so the two engines run the very same requests.

The package's modules: :mod:`.connection` (client, calls, breaker, health), :mod:`.mapping`
(the index and a story's document), :mod:`.querying` (a search) and :mod:`.upkeep` (writes and
rebuilds). Callers use this module's names.
"""

from .connection import (
    BREAKER_SECONDS,
    CircuitBreaker,
    ClusterUnavailable,
    _client_errors,
    _clients,
    _clients_lock,
    _is_timeout,
    _parse_url,
    breaker,
    call,
    client,
    engine_name,
    health,
    is_configured,
    nodes,
    safe_location,
)
from .mapping import (
    ENGLISH,
    FOLDED,
    INDONESIAN,
    MAPPING_META,
    StoryDocument,
    _text,
    alias_name,
    cluster_document,
    index_body,
    index_definition,
    mapping_version,
    outdated_indices,
)
from .querying import (
    HIGHLIGHT_FIELDS,
    MATCHED_WORD,
    MAX_INDUSTRY_BUCKETS,
    TRANSLATION_BOOST,
    TYPED_TIER,
    WEIGHTS,
    StoryFacetedSearch,
    _exact,
    _fuzzy,
    _plain,
    _restricted_paths,
    _safe_fragment,
    _stemmed_fields,
    build_body,
    complete,
    search,
    suggest,
)
from .upkeep import (
    BULK_BATCH,
    REBUILD_RETRIES,
    REBUILD_SETTINGS,
    StrayIndex,
    _actions,
    _alias_indices,
    _bulk,
    _rejected,
    _serving_settings,
    abandon_rebuild,
    begin_rebuild,
    delete_stray_index,
    ensure_index,
    finish_rebuild,
    indexed_state,
    rebuild,
    stray_indices,
    update_documents,
    write_rebuild_batch,
)
