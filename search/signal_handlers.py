import logging

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.models import PageViewRestriction
from wagtail.signals import page_slug_changed as page_slug_changed_signal
from wagtail.signals import page_unpublished, post_page_move

from stories.models import CustomImage, StoryPage

from .metrics import count_index_updates
from .models import LexiconPair
from .tasks import update_story_index

logger = logging.getLogger(__name__)
INDEXED_FIELDS = {
    "live",
    "title",
    "slug",
    "path",
    "url_path",
    "first_published_at",
    "last_published_at",
}


class _Batch:
    """The stories one transaction changed: queued as one index update when it commits.

    It sits in the connection's on-commit list, so a rollback that drops the changes drops it too.
    """

    def __init__(self):
        self.ids: set[int] = set()
        self.sent = False

    def __call__(self) -> None:
        self.sent = True
        _enqueue(self.ids)


def _batching() -> bool:
    return getattr(settings, "SEARCH_INDEX_ON_COMMIT", True)


def enqueue_index_update(page_ids, *, after_commit: bool = False) -> None:
    """Queue an index update for these pages once the current transaction commits (at once in
    autocommit). Every change in one transaction (a publish saves a page several times) lands in
    one update. ``after_commit``: even without batching, wait for the commit (a row deleted after
    this signal)."""
    ids = {int(pk) for pk in page_ids if pk}
    if not ids:
        return
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _enqueue(ids)
    elif _batching():
        batch = next(
            (
                func
                for _, func, _ in connection.run_on_commit
                if isinstance(func, _Batch) and not func.sent
            ),
            None,
        )
        if batch is None:
            batch = _Batch()
            transaction.on_commit(batch)
        batch.ids |= ids
    elif after_commit:
        transaction.on_commit(lambda: _enqueue(ids))
    else:
        _enqueue(ids)


def _enqueue(page_ids) -> None:
    """Never let a failure here break a publish (the queue is the net)."""
    ids = sorted(page_ids)
    count_index_updates("queued", len(ids))
    try:
        update_story_index.enqueue(ids)
    except Exception:
        logger.exception("Could not queue a search index update for pages %s", ids)


def story_saved(sender, instance, update_fields=None, **kwargs):
    # Draft revisions save only bookkeeping fields; the live content is unchanged.
    if update_fields is not None and not INDEXED_FIELDS & set(update_fields):
        return
    enqueue_index_update([instance.pk])


def story_unpublished(sender, instance, **kwargs):
    # An unpublish of a plain Page (the admin's bulk action) saves a Page, which StoryPage's
    # post_save never sees; in one transaction with that save, this is the same update.
    enqueue_index_update([instance.pk])


def story_deleted(sender, instance, **kwargs):
    enqueue_index_update([instance.pk])


def _stories_under(page) -> list[int]:
    return list(StoryPage.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True))


def page_moved(sender, instance, **kwargs):
    # A story's URL is part of its search document: moving it, or a page above it, changes it.
    enqueue_index_update(_stories_under(instance))


def page_slug_changed(sender, instance, **kwargs):
    enqueue_index_update(_stories_under(instance))


def organization_saved(sender, instance, **kwargs):
    # The organisation's name is shown with each of its stories' tellers.
    ids = list(StoryPage.objects.filter(organization=instance).values_list("pk", flat=True))
    enqueue_index_update(ids)


def image_changed(sender, instance, **kwargs):
    # A new file or focal point replaces the renditions that search documents point to; a deleted
    # image leaves its stories without one (after the delete has set their hero_image to NULL).
    ids = list(StoryPage.objects.filter(hero_image=instance).values_list("pk", flat=True))
    enqueue_index_update(ids, after_commit=True)


def restriction_changed(sender, instance, **kwargs):
    try:
        page = instance.page
    except Exception:
        return
    ids = StoryPage.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True)
    enqueue_index_update(list(ids))


def lexicon_changed(sender, instance, **kwargs):
    # This process at once; the others within TERANG_LEXICON_REFRESH_SECONDS (search.lexicon).
    from stories.page_cache import purge_public_pages

    from .lexicon import current

    current.forget()
    purge_public_pages()  # cached search pages answered with the old lexicon


def connect() -> None:
    # Wagtail's publish saves the specific page, so post_save sees it; an unpublish may save a
    # plain Page. Each transaction's changes are one update however many of these fire.
    post_save.connect(story_saved, sender=StoryPage, dispatch_uid="search_story_saved")
    page_unpublished.connect(
        story_unpublished, sender=StoryPage, dispatch_uid="search_story_unpublished"
    )
    post_delete.connect(story_deleted, sender=StoryPage, dispatch_uid="search_story_deleted")
    post_page_move.connect(page_moved, dispatch_uid="search_page_moved")
    page_slug_changed_signal.connect(page_slug_changed, dispatch_uid="search_page_slug_changed")
    post_save.connect(
        organization_saved, sender="community.Organization", dispatch_uid="search_organization"
    )
    post_save.connect(image_changed, sender=CustomImage, dispatch_uid="search_image_saved")
    pre_delete.connect(image_changed, sender=CustomImage, dispatch_uid="search_image_deleted")
    for signal, uid in ((post_save, "saved"), (post_delete, "deleted")):
        signal.connect(
            restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"search_restriction_{uid}",
        )
    for signal, uid in ((post_save, "saved"), (post_delete, "deleted")):
        signal.connect(lexicon_changed, sender=LexiconPair, dispatch_uid=f"search_lexicon_{uid}")
