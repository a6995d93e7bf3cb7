"""The version of the public pages: a number in the shared cache that is part of every cached page's key.

``terang.page_cache.PageCacheMiddleware`` keeps anonymous readers' public pages in the ``pages``
cache under a key that includes this version. Everything that changes what a public page shows
calls ``purge_public_pages()``: the next request reads a new version, misses, and renders afresh.
Old entries are never read again and expire on their own.

Who calls it (``connect()`` below, and the apps above stories):

- a page published (a first publish, an edit published, a scheduled publish), unpublished, moved
  or deleted, and a live page saved with new public fields; a page's view restriction changed;
- an industry (snippet) added, edited or deleted;
- an organisation saved or deleted (its verification shows on its stories: ``community.apps``);
- the search index updated (``search.tasks``), so /search/ and /api/search/ show the new index.

The bump waits for the transaction to commit: a request that reads the new version then reads the
new rows. A request that read the old version before the commit stores its page under the old
version, which nobody reads any more.

The version is a fresh random number rather than ``incr()``: the database cache has no atomic
increment, and two bumps racing through get-and-set could write the same number, so a page rendered
between them would survive the second change.
"""

import logging
import secrets
from collections.abc import Callable

from django.core.cache import caches
from django.db import transaction

logger = logging.getLogger(__name__)

VERSION_KEY = "terang:page-cache-version"
VERSION_CACHE = "shared"
# Far longer than any cached page lives; a lost version only means one round of misses.
VERSION_TIMEOUT = 30 * 24 * 3600


def current_version() -> int:
    """The version every cached page's key carries now (a new one is made if there is none)."""
    cache = caches[VERSION_CACHE]
    version = cache.get(VERSION_KEY)
    if version is None:
        version = secrets.randbits(62)
        if not cache.add(VERSION_KEY, version, VERSION_TIMEOUT):
            version = cache.get(VERSION_KEY, version)
    return version


def bump_version() -> int:
    """Give the public pages a new version now; every page cached before is never served again."""
    version = secrets.randbits(62)
    caches[VERSION_CACHE].set(VERSION_KEY, version, VERSION_TIMEOUT)
    return version


def _bump_safely() -> None:
    try:
        bump_version()
    except Exception:  # a cache outage must not fail a publish; the entries expire on their own
        logger.exception("Could not purge the page cache (bump its version)")


def purge_public_pages() -> None:
    """Purge every cached public page once the current transaction commits (at once outside one)."""
    transaction.on_commit(_bump_safely)


def cacheable(view: Callable) -> Callable:
    """Mark a view whose GET answers to anonymous readers are the same for everyone.

    ``terang.page_cache.PageCacheMiddleware`` caches only marked views (and Wagtail's page
    serving). Such a view must show nothing specific to the reader: no CSRF token, no session data.
    """
    view.terang_page_cache = True
    return view


# --- What changes a public page -----------------------------------------------------------------

# A page saved with only these fields changed a draft or bookkeeping, not what the public sees.
_DRAFT_ONLY_FIELDS = {
    "draft_title",
    "latest_revision",
    "latest_revision_id",
    "latest_revision_created_at",
    "has_unpublished_changes",
    "locked",
    "locked_at",
    "locked_by",
    "locked_by_id",
}


def _page_saved(sender, instance, update_fields=None, **kwargs):
    from wagtail.models import Page

    if not isinstance(instance, Page):
        return
    if update_fields is not None and set(update_fields) <= _DRAFT_ONLY_FIELDS:
        return
    if instance.live or (update_fields is not None and "live" in update_fields):
        purge_public_pages()


def _page_changed(sender, instance=None, **kwargs):
    purge_public_pages()


def _page_deleted(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page):
        purge_public_pages()


def connect() -> None:
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import PageViewRestriction
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from .models import Industry

    page_published.connect(_page_changed, dispatch_uid="page_cache_published")
    page_unpublished.connect(_page_changed, dispatch_uid="page_cache_unpublished")
    post_page_move.connect(_page_changed, dispatch_uid="page_cache_moved")
    # Every page type: live pages saved in code (Wagtail's publish and unpublish save too).
    post_save.connect(_page_saved, dispatch_uid="page_cache_page_saved")
    post_delete.connect(_page_deleted, dispatch_uid="page_cache_page_deleted")
    for signal, uid in ((post_save, "saved"), (post_delete, "deleted")):
        signal.connect(_page_changed, sender=Industry, dispatch_uid=f"page_cache_industry_{uid}")
        signal.connect(
            _page_changed, sender=PageViewRestriction, dispatch_uid=f"page_cache_restriction_{uid}"
        )
