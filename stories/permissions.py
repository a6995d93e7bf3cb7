"""Who may do what with stories and their private evidence.

A story's rights come from the story type's own policy, wherever the story sits in the page tree:
the Django model permissions on ``StoryPage`` (``stories.change_storypage``,
``stories.unpublish_storypage`` ...), granted to groups. Wagtail asks
``StoryPage.permissions_for_user`` before every admin action, bulk action, copy and move, so a
grant on a subtree (the root page, the story index) gives nobody a right over a story.

Nobody publishes a story by hand, not even a superuser: a story goes live only when its review is
complete (``stories.workflows``), and ``StoryPage.publish`` refuses any version without a completed
review recorded against it. Guides and the other pages keep Wagtail's tree permissions.
"""

from django.conf import settings
from wagtail.models import PagePermissionTester

MODERATORS_GROUP = "Moderators"
EDITORS_GROUP = "Editors"

# The actions the story policy knows. There is no "publish": it is granted to nobody.
STORY_ACTIONS = ("add", "change", "delete", "unpublish", "lock", "unlock")


def is_moderator(user) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.groups.filter(name=MODERATORS_GROUP).exists()


def can_view_evidence(user, evidence) -> bool:
    """Private evidence is for the people who review it, and nobody else."""
    return is_moderator(user)


def story_permissions(user) -> frozenset[str]:
    """The story actions ``user`` may take, from the model permissions of their groups."""
    if not (user.is_authenticated and user.is_active):
        return frozenset()
    return frozenset(
        action for action in STORY_ACTIONS if user.has_perm(f"stories.{action}_storypage")
    )


def two_person_review() -> bool:
    """Whether the two review steps must be done by two different people (on by default)."""
    return getattr(settings, "TERANG_REVIEW_TWO_PEOPLE", True)


class StoryPermissionTester(PagePermissionTester):
    """Wagtail's page permission tester, answering for a story from the story policy."""

    def __init__(self, user, page):
        super().__init__(user, page)
        self.permissions = set(story_permissions(user))

    def can_publish(self):
        return False

    def can_publish_subpage(self):
        return False

    def can_set_view_restrictions(self):
        return False

    def can_reorder_children(self):
        return False

    def can_unpublish(self):
        if not self.user.is_active or not self.page.live or self.page_locked():
            return False
        return self.user.is_superuser or "unpublish" in self.permissions

    def can_unschedule(self):
        return self.user.is_active and (self.user.is_superuser or "unpublish" in self.permissions)

    def can_delete(self, ignore_bulk=False):
        if not self.user.is_active:
            return False
        if not (self.user.is_superuser or "delete" in self.permissions):
            return False
        # Deleting a live story takes it off the site: only someone who may unpublish it.
        return not self.page.live or self.can_unpublish()

    def can_move_to(self, destination):
        if self.page == destination or destination.is_descendant_of(self.page):
            return False
        if not self.page.is_child_of(destination) and not self.page.specific.can_move_to(
            destination
        ):
            return False
        return self.can_move()


class StoryIndexPermissionTester(PagePermissionTester):
    """The story index: adding a story follows the story policy, and nothing publishes one here."""

    def can_add_subpage(self):
        if not self.user.is_active:
            return False
        return self.user.is_superuser or "add" in story_permissions(self.user)

    def can_publish_subpage(self):
        return False
