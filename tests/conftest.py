import os

import hypothesis
import pytest

from stories.services import ensure_site_tree
from tests.opensearch_node import cluster_engine, opensearch_node  # noqa: F401 (shared fixtures)

# Property-based tests (Hypothesis). "ci" is the default, so `make test` and CI are bounded and
# repeatable: a fixed number of examples drawn from a fixed seed, no example database (derandomize
# implies none) and no per-example deadline (a shared CI machine is too noisy for one). A failure
# prints the `@reproduce_failure` blob. HYPOTHESIS_PROFILE=dev explores further, with a random seed
# and the example database in .hypothesis/ replaying earlier failures first.
hypothesis.settings.register_profile(
    "ci", max_examples=60, derandomize=True, deadline=None, print_blob=True
)
hypothesis.settings.register_profile("dev", max_examples=500, deadline=None, print_blob=True)
hypothesis.settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


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
