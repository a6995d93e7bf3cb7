import pytest

from stories.services import ensure_site_tree
from tests.opensearch_node import cluster_engine, opensearch_node  # noqa: F401 (shared fixtures)


@pytest.fixture
def home(db):
    return ensure_site_tree()


@pytest.fixture
def story_index(home):
    from stories.models import StoryIndexPage

    return StoryIndexPage.objects.get()


@pytest.fixture
def guide_index(home):
    from stories.models import GuideIndexPage

    return GuideIndexPage.objects.get()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits (allauth) and cached lookups are counted in the cache: no test inherits another's."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
