"""Each demo story names its other-language version (stories.languages): on a new story before its
review, and on a story loaded before the demo linked them through a version reviewed like any other."""

from stories.importing import importer_account
from stories.models import StoryPage

from .moderation import approve
from .records import DemoStory
from .stories import IMPORT_SOURCE, demo_story


def link_translations(new_stories: list[tuple[DemoStory, StoryPage]]) -> None:
    """Each new story names its other-language version, where it exists."""
    for story, page in new_stories:
        if not story.translation:
            continue
        other = demo_story(story.translation).first()
        if other is not None:
            page.translation = other
            page.save(update_fields=["translation"])


def link_existing_translations(stories: list[DemoStory], *, users, reviewers) -> None:
    """A story loaded before the demo linked its other-language version gains the link now,
    through a version reviewed like any other (a story goes live only through review). A story
    with an unpublished edit or a review in progress is left as it is: that edit is the member's."""
    for story in stories:
        if not story.translation:
            continue
        found = {
            page.external_id: page
            for page in StoryPage.objects.filter(
                import_source=IMPORT_SOURCE, external_id__in=(story.key, story.translation)
            )
        }
        page, other = found.get(story.key), found.get(story.translation)
        if page is None or other is None or page.translation_id == other.pk:
            continue
        if not page.live or page.has_unpublished_changes or page.workflow_in_progress:
            continue
        author = users.get(story.owner) or importer_account()
        latest = page.get_latest_revision_as_object()
        latest.translation = other
        latest.save_revision(user=author)
        page = StoryPage.objects.get(pk=page.pk)
        page.get_workflow().start(page, author)
        approve(story, page, reviewers=reviewers)
