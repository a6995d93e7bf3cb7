"""An ``engine`` fixture: each search test runs on the database engine and on OpenSearch.

The OpenSearch node itself (``opensearch_node``, ``cluster_engine``) lives in tests/opensearch_node.py
and is shared by the whole session through tests/conftest.py, so it starts at most once.
"""

import pytest


@pytest.fixture(params=["database", "opensearch"])
def engine(request, settings, db):
    """Run a test once on the database engine and once on the OpenSearch cluster engine."""
    if request.param == "opensearch":
        request.getfixturevalue("cluster_engine")
    else:
        settings.SEARCH_URL = ""
    return request.param
