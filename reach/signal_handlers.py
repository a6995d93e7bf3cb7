"""A story taken off the site or deleted loses its share pictures at once."""

from django.db.models.signals import post_delete
from wagtail.signals import page_unpublished

from stories.models import StoryPage

from .share_image import remove_all, story_prefix


def remove_share_images(sender, instance, **kwargs):
    remove_all(story_prefix(instance.pk))


def register_signal_handlers():
    page_unpublished.connect(remove_share_images, sender=StoryPage, dispatch_uid="reach-share")
    post_delete.connect(remove_share_images, sender=StoryPage, dispatch_uid="reach-share-delete")
