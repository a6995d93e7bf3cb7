import logging

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_slug_changed as page_slug_changed_signal
from wagtail.signals import post_page_move

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


def enqueue_index_update(page_ids, *, after_commit: bool = False) -> None:
    """Queue an index update for these pages.

    Queued inside the caller's transaction: with the database task backend the task row commits
    or rolls back with the change itself, so no crash between a commit and a later enqueue can
    lose an update, and a rolled-back change queues nothing. ``after_commit``: wait for the commit
    (the pages to update are read after a delete that runs after this signal)."""
    ids = {int(pk) for pk in page_ids if pk}
    if not ids:
        return
    if after_commit:
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


def page_saved(sender, instance, update_fields=None, **kwargs):
    # A story saved as a plain Page (the admin's bulk unpublish saves Page objects), which
    # StoryPage's post_save never sees: before, those stories stayed in the search results.
    if instance.content_type_id == ContentType.objects.get_for_model(StoryPage).pk:
        story_saved(sender, instance, update_fields=update_fields, **kwargs)


def story_deleted(sender, instance, **kwargs):
    enqueue_index_update([instance.pk])


def _stories_under(page, *, inclusive: bool = True) -> list[int]:
    stories = StoryPage.objects.descendant_of(page, inclusive=inclusive)
    return list(stories.values_list("pk", flat=True))


def page_moved(sender, instance, **kwargs):
    # A story's URL is part of its search document: moving it, or a page above it, changes it.
    # The moved page itself was saved as a plain Page in the same transaction (page_saved queued
    # it if it is a story); the stories below it moved with it.
    enqueue_index_update(_stories_under(instance, inclusive=False))


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
    # Wagtail's publish and unpublish both end in a save, so post_save already sees them (of
    # StoryPage, or of a plain Page for the admin's bulk actions); listening to
    # page_published/page_unpublished as well would index every change twice.
    post_save.connect(story_saved, sender=StoryPage, dispatch_uid="search_story_saved")
    post_save.connect(page_saved, sender=Page, dispatch_uid="search_page_saved")
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
