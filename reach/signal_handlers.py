"""A story taken off the site or deleted loses its share pictures at once; a collection changed
purges the page cache, so its wall shows the change on the next request."""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_unpublished

from stories.models import StoryPage
from stories.page_cache import purge_public_pages

from .models import StoryCollection, StoryCollectionItem
from .share_image import remove_all, story_prefix


def remove_share_images(sender, instance, **kwargs):
    remove_all(story_prefix(instance.pk))


def collection_changed(sender, instance, **kwargs):
    purge_public_pages()


def register_signal_handlers():
    page_unpublished.connect(remove_share_images, sender=StoryPage, dispatch_uid="reach-share")
    post_delete.connect(remove_share_images, sender=StoryPage, dispatch_uid="reach-share-delete")
    for model in (StoryCollection, StoryCollectionItem):
        for signal, uid in ((post_save, "saved"), (post_delete, "deleted")):
            signal.connect(
                collection_changed,
                sender=model,
                dispatch_uid=f"reach-page-cache-{model.__name__}-{uid}",
            )
