"""Taking a story for review: Wagtail's page lock, so that two moderators never review one story at
once. The review queue takes a story for whoever opens it; the review steps refuse a decision
from anyone but the holder (``StoryReviewStepMixin.taken_by_other``), and any decision releases
the holder's lock."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from wagtail.log_actions import log


class TakenByOther(Exception):
    """Another moderator holds the story."""


def taken_by_other(story_id, user) -> str:
    """Why ``user`` may not decide on the story now because someone else took it, or ""."""
    from .models import StoryPage

    if story_id is None:
        return ""
    row = (
        StoryPage.objects.filter(pk=story_id, locked=True)
        .values_list("locked_by_id", "locked_by__username", "locked_by__first_name")
        .first()
    )
    if row is None or row[0] == user.pk:
        return ""
    name = row[2] or row[1] or gettext("another moderator")
    return gettext(
        "%(name)s took this story for review: only they can decide on it until they finish "
        "or it is unlocked."
    ) % {"name": name}


@transaction.atomic
def take(story, user) -> bool:
    """Lock ``story`` for ``user``; True when it was free (or theirs already).

    The row is locked while it is read, so two moderators taking it at once cannot both win.
    """
    from .models import StoryPage

    row = StoryPage.objects.select_for_update().filter(pk=story.pk).values("locked", "locked_by_id")
    current = row.first()
    if current is None:
        return False
    if current["locked"]:
        return current["locked_by_id"] == user.pk
    now = timezone.now()
    StoryPage.objects.filter(pk=story.pk).update(locked=True, locked_by=user, locked_at=now)
    story.locked, story.locked_by, story.locked_at = True, user, now
    log(instance=story, action="wagtail.lock", user=user)
    return True


def release(story_id, user) -> bool:
    """Unlock the story if ``user`` holds it; True when they did."""
    from .models import StoryPage

    released = StoryPage.objects.filter(pk=story_id, locked=True, locked_by=user).update(
        locked=False, locked_by=None, locked_at=None
    )
    if released:
        log(instance=StoryPage.objects.get(pk=story_id), action="wagtail.unlock", user=user)
    return bool(released)
