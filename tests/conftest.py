import os
from pathlib import Path

import hypothesis
import pytest

from stories.site_tree import ensure_site_tree
from tests.opensearch_node import (  # noqa: F401 (shared fixtures)
    cluster_engine,
    opensearch_cluster,
    opensearch_node,
)
from tests.redis_server import redis_cache, redis_server  # noqa: F401 (shared fixtures)

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
def staff_login(rf):
    """``staff_login(client, user)``: a moderator or administrator, logged in as the admin needs.

    The user gets an authenticator app (allauth.mfa's TOTP, secret STAFF_TOTP_SECRET) and a session
    in which allauth's two-factor step was passed, recorded by allauth's own post_authentication()
    as its login form does after a right code. Nothing is switched off: the staff-area middleware
    checks this session like any other. Tests of the login itself go through the real forms.
    """
    from allauth.mfa.base.internal.flows import post_authentication

    from community.auth import may_use_admin
    from tests.factories import give_authenticator_app

    def log_in(client, user):
        assert may_use_admin(user), f"{user} may not use the admin: use client.force_login"
        authenticator = give_authenticator_app(user)
        client.force_login(user)
        request = rf.get("/")
        request.user = user
        request.session = client.session
        post_authentication(request, authenticator)
        request.session.save()
        return client

    return log_in


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


TRANSACTIONAL_FIXTURES = {"transactional_db", "live_server"}


def _commits(request) -> bool:
    """The test commits to the database, so rows it writes outlive it."""
    marker = request.node.get_closest_marker("django_db")
    return bool(
        TRANSACTIONAL_FIXTURES & set(request.fixturenames)
        or (marker and marker.kwargs.get("transaction"))
    )


def _clear_caches(request) -> None:
    """Empty every cache; the database caches only for a test that commits.

    Any other test's rows in a database cache vanish with its transaction.
    """
    from django.conf import settings
    from django.core.cache import caches

    in_database = [
        alias
        for alias, config in settings.CACHES.items()
        if config["BACKEND"].endswith(".DatabaseCache")
    ]
    for alias in settings.CACHES:
        if alias not in in_database:
            caches[alias].clear()
    if in_database and _commits(request):
        with request.getfixturevalue("django_db_blocker").unblock():
            for alias in in_database:
                caches[alias].clear()


@pytest.fixture(autouse=True)
def _fresh_cache(request):
    """Rate limits, the log-in throttle and cached lookups live in caches: no test inherits another's.

    The search lexicon's editor pairs too (a rolled-back test sends no signal to forget them).
    """
    from search.lexicon import current as current_lexicon

    _clear_caches(request)
    current_lexicon.forget()
    yield
    _clear_caches(request)
    current_lexicon.forget()


# Tests whose subject does not depend on which database runs under them: the browser journeys,
# the search cluster, the Redis cache and the evaluations on labelled corpora. CI runs the suite on SQLite and on
# PostgreSQL; these run once, in the PostgreSQL pass (.ci/run sets TERANG_DATABASE_TESTS_ONLY=1
# for the SQLite pass). A plain `make test` runs everything.
DATABASE_INDEPENDENT = ("e2e", "cluster", "redis", "evaluation")
E2E_DIR = Path(__file__).parent / "e2e"


def _uses_cluster(item) -> bool:
    fixtures = {"opensearch_node", "cluster_engine", "opensearch_cluster"}
    if fixtures & set(getattr(item, "fixturenames", ())):
        return True
    callspec = getattr(item, "callspec", None)
    return callspec is not None and callspec.params.get("engine") == "opensearch"


def _uses_redis(item) -> bool:
    return bool({"redis_server", "redis_cache"} & set(getattr(item, "fixturenames", ())))


def pytest_collection_modifyitems(config, items):
    for item in items:
        if _uses_cluster(item):
            item.add_marker(pytest.mark.cluster)
        if _uses_redis(item):
            item.add_marker(pytest.mark.redis)
    if os.environ.get("TERANG_DATABASE_TESTS_ONLY") != "1":
        return
    kept, deselected = [], []
    for item in items:
        in_e2e = E2E_DIR in Path(str(item.fspath)).parents
        marked = any(item.get_closest_marker(name) for name in DATABASE_INDEPENDENT)
        (deselected if in_e2e or marked else kept).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept
