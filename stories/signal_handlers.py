from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, pre_delete
from wagtail.models import ReferenceIndex, WorkflowState
from wagtail.signals import (
    page_published,
    page_unpublished,
    workflow_approved,
    workflow_cancelled,
    workflow_rejected,
    workflow_submitted,
)

from . import page_cache
from .choices import ReviewOutcome
from .models import EvidenceFile, ReviewDecision, StoryPage
from .notifications import notify_member

# Wagtail e-mails the requester with links into the admin, where members never go; Terang sends its own.
WAGTAIL_REQUESTER_NOTIFICATIONS = [
    (workflow_approved, "workflow_state_approved_email_notification"),
    (workflow_rejected, "workflow_state_rejected_email_notification"),
]


def _story(workflow_state):
    instance = workflow_state.content_object
    story = getattr(instance, "specific", instance)
    return story if isinstance(story, StoryPage) else None


def on_workflow_submitted(sender, instance, user=None, **kwargs):
    story = _story(instance)
    if story is None:
        return
    if story.under_rereview and instance.requested_by_id != story.owner_id:
        return  # a moderator sent it back after a report: stories.reports tells the storyteller
    notify_member(story=story, event="submitted")


def on_workflow_rejected(sender, instance, user=None, **kwargs):
    if story := _story(instance):
        task_state = instance.current_task_state
        notify_member(
            story=story, event="changes_requested", comment=task_state.comment if task_state else ""
        )


def on_workflow_cancelled(sender, instance, user=None, **kwargs):
    story = _story(instance)
    if story is None:
        return
    decision = (
        ReviewDecision.objects.filter(task_state__workflow_state=instance)
        .order_by("-created_at", "-pk")
        .first()
    )
    if decision is not None and decision.outcome == ReviewOutcome.REJECTED:
        notify_member(story=story, event="rejected", comment=decision.comment)


def on_workflow_approved(sender, instance, user=None, **kwargs):
    if story := _story(instance):
        notify_member(story=story, event="published")


def on_story_unpublished(sender, instance, **kwargs):
    if getattr(instance, "_unpublished_for_report", False):
        return  # stories.reports tells the storyteller why
    notify_member(story=instance, event="withdrawn")


def index_published_page(sender, instance, **kwargs):
    """Record what the live content uses at once, not when the task queue gets to it.

    The image view reads the reference index to decide which images are public: the images of a
    story become public the moment the story is published (and those a new version dropped,
    private again).
    """
    with transaction.atomic():
        ReferenceIndex.create_or_update_for_object(instance)


def delete_evidence_file(sender, instance, **kwargs):
    """An evidence row is gone (removed from a claim, its story or its member deleted): erase the
    file from storage once the transaction commits, through the task queue like Wagtail's own
    image files."""
    from wagtail.tasks import delete_file_from_storage_task

    name, storage = instance.file.name, instance.file.storage
    if name:
        transaction.on_commit(
            lambda: delete_file_from_storage_task.enqueue(storage.deconstruct(), name)
        )


def delete_story_images(sender, instance, **kwargs):
    """A story is being deleted: once that is committed, delete the images it showed (in its
    live content or any draft) that nothing else uses. Wagtail then erases their files."""
    from .image_files import delete_unused_images, story_image_ids

    image_ids = story_image_ids(instance)
    if image_ids:
        transaction.on_commit(partial(delete_unused_images, image_ids))


def register_signal_handlers():
    page_cache.connect()
    for signal, dispatch_uid in WAGTAIL_REQUESTER_NOTIFICATIONS:
        signal.disconnect(sender=WorkflowState, dispatch_uid=dispatch_uid)
    workflow_submitted.connect(on_workflow_submitted, sender=WorkflowState)
    workflow_rejected.connect(on_workflow_rejected, sender=WorkflowState)
    workflow_cancelled.connect(on_workflow_cancelled, sender=WorkflowState)
    workflow_approved.connect(on_workflow_approved, sender=WorkflowState)
    page_unpublished.connect(on_story_unpublished, sender=StoryPage)
    page_published.connect(index_published_page)
    post_delete.connect(delete_evidence_file, sender=EvidenceFile)
    pre_delete.connect(delete_story_images, sender=StoryPage)
