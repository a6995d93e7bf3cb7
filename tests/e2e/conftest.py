"""The journeys run in Debian's Chromium against pytest-django's live server on loopback.

Each checkpoint's screenshots go to $TERANG_E2E_ARTIFACTS (default: test-artifacts/e2e-<time>/).

Chromium comes from Debian (``make browser-deps`` installs it), never from Playwright's own download.
axe-core comes from the npm registry into ./node_modules. Without either, the journeys skip with
the reason, except in CI (CI=true), where they fail: there they must run.
"""

import os
from datetime import datetime
from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import expect, sync_playwright

from stories.site_tree import ensure_site_tree
from tests.e2e.harness import ACTION_TIMEOUT_MS, AXE, Journey

# The live server listens on loopback by address, whatever "localhost" resolves to here.
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

_run = {"artifacts": None}
expect.set_options(timeout=ACTION_TIMEOUT_MS)


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def _unavailable(reason: str) -> None:
    if _in_ci():
        pytest.fail(f"{reason}. In CI the end-to-end journeys must run.", pytrace=False)
    pytest.skip(reason)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Mark the journeys and run them after everything else, pytest-django's ordering included.

    A journey commits to the database and empties it afterwards (its serialised contents come
    back for the next journey), so no other test may still hold a transaction or rows of its own
    while one runs; a module-scoped fixture of another module can, as pytest-django puts that
    module's database tests first and the others last.
    """
    here = Path(__file__).parent
    journeys = [item for item in items if here in Path(item.fspath).parents]
    for item in journeys:
        item.add_marker(pytest.mark.e2e)
    ids = {id(item) for item in journeys}
    items[:] = [item for item in items if id(item) not in ids] + journeys


def pytest_terminal_summary(terminalreporter):
    if _run["artifacts"] is not None:
        terminalreporter.write_sep("-", "end-to-end screenshots")
        terminalreporter.write_line(str(_run["artifacts"]))


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Where every checkpoint's screenshots (1280 and 390 px) and each journey's index go.

    TERANG_E2E_ARTIFACTS names the folder (CI keeps it as the run's artifacts); without it, a new
    folder per run under test-artifacts/, which git ignores.
    """
    chosen = os.environ.get("TERANG_E2E_ARTIFACTS", "").strip()
    if chosen:
        path = Path(chosen).expanduser().resolve()
    else:
        path = ROOT / "test-artifacts" / f"e2e-{datetime.now():%Y%m%d-%H%M%S}"
    path.mkdir(parents=True, exist_ok=True)
    _run["artifacts"] = path
    return path


@pytest.fixture(scope="session")
def chromium(django_db_setup):
    if not CHROMIUM.exists():
        _unavailable(f"Chromium is not installed at {CHROMIUM} (run `make browser-deps`)")
    if not AXE.exists():
        _unavailable(f"axe-core is not installed at {AXE} (run `make browser-deps`)")
    # The test database was set up (and its contents serialised for the journeys' rollbacks)
    # before Playwright starts. Playwright's sync API leaves an event loop running in this thread,
    # and Django then hands out other connection objects here: they need the serialised contents.
    serialised = {
        connection.alias: connection._test_serialized_contents
        for connection in connections.all()
        if hasattr(connection, "_test_serialized_contents")
    }
    # With that event loop running, the journeys still use the ORM for their set-up and checks:
    # Django's async-safety check must let them (only them: they run after every other test).
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        for alias, contents in serialised.items():
            connections[alias]._test_serialized_contents = contents
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def site_tree(transactional_db):
    """The home page, the story index and the guides, committed so the live server sees them."""
    return ensure_site_tree()


@pytest.fixture
def journey(request, chromium, live_server, artifacts_dir, site_tree, settings):
    # The journeys run with the page cache on, as production does: an anonymous visitor's pages
    # come from it, and a moderator's publish must show on the visitor's very next page.
    settings.TERANG_PAGE_CACHE_SECONDS = 600
    journey = Journey(
        name=request.module.__name__.rsplit(".", 1)[-1].removeprefix("test_"),
        browser=chromium,
        base_url=live_server.url,
        shots=artifacts_dir,
        axe_path=AXE,
    )
    yield journey
    journey.close()


@pytest.fixture
def search_engine(request, settings):
    """The real search cluster that the search tests start (OpenSearch), or else the database.

    Outside CI, without Java or Maven, the journeys still run on the database engine; in CI the
    node must start (the search tests' fixture fails the run otherwise).
    """
    try:
        request.getfixturevalue("cluster_engine")
    except pytest.skip.Exception:
        settings.SEARCH_URL = ""
        return "database"
    return "opensearch"
