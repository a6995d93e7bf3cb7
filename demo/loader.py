"""``load_demo``: the demo site built in order through the real services and the review workflow.
Each part lives in its own module: site.py (home page, guides), organizations.py (organisations,
replies, request links, collections), stories.py (story pages), moderation.py (their review and
its dated history, readers' reports), translations.py (language links, also on an existing
database) and submissions.py (members' stories still in review)."""

from dataclasses import dataclass

from django.db import transaction
from django.test.utils import override_settings

from community.services.regulator import import_regulator_list
from stories.models import GuideIndexPage, GuidePage, Industry, StoryIndexPage, StoryPage
from stories.site_tree import ensure_site_tree

from . import content
from .accounts import ADMINISTRATOR, DEMO_ACCOUNTS, MODERATOR, DemoAccount, ensure_accounts
from .moderation import ensure_reports, review_story
from .organizations import (
    ensure_collections,
    ensure_organizations,
    ensure_replies,
    ensure_request_links,
)
from .site import DEMO_GUIDES, ensure_guides, fill_home_page
from .stories import DEMO_STORIES, IMPORT_SOURCE, DemoContentError, create_story, industries_by_slug
from .submissions import DEMO_SUBMISSIONS, ensure_submission
from .translations import link_existing_translations, link_translations

__all__ = ["DemoContentError", "DemoResult", "load_demo"]

REGULATOR_LIST_SOURCE = "SWI (demo sample)"


@dataclass
class DemoResult:
    stories: int
    stories_created: int
    in_review: int
    guides: int
    guides_created: int
    images_created: int
    organizations_created: int
    industries: int
    accounts: tuple[DemoAccount, ...] = DEMO_ACCOUNTS


def load_demo() -> DemoResult:
    """Build the demo site. Safe to run again: what exists is kept, only what is missing is added.

    No e-mail leaves while it runs: the demo's addresses (``@terang.example``) reach nobody, and
    the notifications its submission triggers would only bury the command's output.
    """
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        return _load_demo()


@transaction.atomic
def _load_demo() -> DemoResult:
    home_page = ensure_site_tree()
    users = ensure_accounts()
    moderator = next(users[a.username] for a in DEMO_ACCOUNTS if a.role == MODERATOR)
    administrator = next(users[a.username] for a in DEMO_ACCOUNTS if a.role == ADMINISTRATOR)
    reviewers = (moderator, administrator)
    story_index = StoryIndexPage.objects.get()
    guide_index = GuideIndexPage.objects.get()
    counts = {"images": 0}

    fill_home_page(home_page, guide_index, publisher=administrator)
    organizations, organizations_created = ensure_organizations()
    # After the organisations: the import checks every one of them against the list.
    import_regulator_list(content.regulator_list_sample(), source=REGULATOR_LIST_SOURCE)
    industries = industries_by_slug(*DEMO_STORIES, *DEMO_SUBMISSIONS)

    new_stories = [
        (story, page)
        for story in DEMO_STORIES
        if (
            page := create_story(
                story,
                index=story_index,
                industries=industries,
                organizations=organizations,
                owner=users.get(story.owner),
                counts=counts,
            )
        )
    ]
    # Before any review, so each version's first reviewed revision already names the other.
    link_translations(new_stories)
    for story, page in new_stories:
        review_story(story, page, author=users.get(story.owner), reviewers=reviewers)
    stories_created = len(new_stories)
    new_keys = {story.key for story, _page in new_stories}
    link_existing_translations(
        [story for story in DEMO_STORIES if story.key not in new_keys],
        users=users,
        reviewers=reviewers,
    )

    guides_created = ensure_guides(guide_index, publisher=moderator)
    ensure_reports()
    ensure_replies(users, moderator=moderator)
    ensure_request_links(users, organizations)
    ensure_collections(moderator=moderator)
    for submission in DEMO_SUBMISSIONS:
        stories_created += ensure_submission(
            submission,
            industries=industries,
            member=users[submission.owner],
            moderator=moderator,
            counts=counts,
        )

    demo_stories = StoryPage.objects.filter(import_source=IMPORT_SOURCE).live()
    return DemoResult(
        stories=demo_stories.count(),
        stories_created=stories_created,
        in_review=sum(
            draft.workflow_in_progress
            for draft in StoryPage.objects.filter(import_source=IMPORT_SOURCE, live=False)
        ),
        guides=GuidePage.objects.filter(slug__in=[g.slug for g in DEMO_GUIDES]).count(),
        guides_created=guides_created,
        images_created=counts["images"],
        organizations_created=organizations_created,
        industries=Industry.objects.filter(story_items__content_object__in=demo_stories)
        .distinct()
        .count(),
    )
