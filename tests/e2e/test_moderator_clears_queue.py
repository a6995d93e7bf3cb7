"""Two moderators clear three stories, before and after the review queue, counting clicks.

Both journeys count every click from the page the moderator lands on after logging in until the
third story is published, and leave out the checklist's answers (seven per story, in both flows)
and the log-in itself. Each prints its clicks per approval (``-s`` shows them); the one-screen
flow must stay at six or fewer.

- Before: Wagtail's dashboard ("Awaiting your review"), the story opened in the editor to read it,
  back to the dashboard, the row's "Actions" menu and the checklist dialog.
- After: the admin's "Review queue", the story's one screen (take it, answer the checklist beside
  the text, decide), which then opens the next story in the queue.
"""

import re

import pytest
from playwright.sync_api import expect
from wagtail.models import WorkflowState

from community.services import ClaimDraft, StoryDraft, story_save_draft, story_submit
from stories.checklist import CHECKS
from stories.models import Industry, StoryPage
from tests.e2e.test_moderator_reviews_story import _admin_login, _answer_checklist, _moderator
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITLES = (
    "Katering sehat Bu Dewi untuk kantor",
    "Jahit seragam sekolah di Garut",
    "Kopi sangrai rumahan dari Toraja",
)
GOAL = 6


class Clicks:
    """Clicks a moderator makes, checklist answers aside."""

    def __init__(self):
        self.count = 0

    def __call__(self, locator):
        locator.click()
        self.count += 1


def _submit_three() -> list[StoryPage]:
    member = UserFactory(email="dewi@example.com", display_name="Dewi Lestari")
    stories = []
    for title in TITLES:
        draft = StoryDraft(
            title=title,
            subject_kind="person",
            subject_name="Dewi Lestari",
            language="id",
            summary="Usaha kecil yang tumbuh dari pelanggan tetap, tanpa merekrut siapa pun.",
            industries=(Industry.objects.get(slug="food-beverage"),),
            sections={
                "background": "Saya mulai pada 2022 dari dapur rumah.",
                "actions": "Saya menawarkan produk ke tetangga, lalu ke kantor terdekat.",
                "results": "Sekarang pelanggan tetap memesan setiap minggu.",
            },
            product_or_service="Produk rumahan",
            no_material_connection=True,
            agree_to_publish=True,
            claims=(ClaimDraft(kind="income", statement="Rata-rata Rp 3 juta per bulan."),),
        )
        story = story_save_draft(member=member, story=None, data=draft)
        stories.append(story_submit(member=member, story=story))
    return stories


def _all_published(stories) -> bool:
    return all(StoryPage.objects.get(pk=story.pk).live for story in stories)


def _per_approval(total: int, label: str) -> float:
    figure = total / len(TITLES)
    print(f"\n{label}: {total} clicks for {len(TITLES)} approvals = {figure:.2f} per approval")
    return figure


def _before_step(moderator, clicks: Clicks, title: str, action: str) -> None:
    """Read the story in the editor, back to the dashboard, then the row's Actions menu (the
    editor's own footer action saves a new version first, which restarts the review)."""
    row = (
        moderator.get_by_role("region", name="Awaiting your review")
        .get_by_role("row")
        .filter(has_text=title)
    )
    clicks(row.get_by_role("link", name=title))
    expect(moderator).to_have_url(re.compile(r"/edit/$"))
    clicks(moderator.get_by_role("link", name="Dashboard"))
    expect(moderator).to_have_url(re.compile(r"/admin/$"))
    clicks(row.get_by_role("button", name="Actions"))
    clicks(row.get_by_role("button", name=action, exact=True))
    dialog = moderator.get_by_role("dialog")
    expect(dialog.locator("form")).to_be_visible()
    if action == "Complete the checklist and approve":
        _answer_checklist(dialog, {})
    clicks(dialog.get_by_role("button", name=action))
    expect(dialog).to_be_hidden()
    expect(moderator).to_have_url(re.compile(r"/admin/$"))
    expect(row).to_have_count(0)


def test_before__three_stories_on_the_dashboard_and_editor(journey):
    stories = _submit_three()
    _moderator("moderator-rina", first_name="Rina")
    _moderator("moderator-budi", first_name="Budi")
    clicks = Clicks()

    first = _admin_login(journey, "moderator-rina")
    for title in TITLES:
        _before_step(first, clicks, title, "Complete the checklist and approve")
    journey.checkpoint(first, "before: three checklists done", public=False)
    second = _admin_login(journey, "moderator-budi")
    for title in TITLES:
        _before_step(second, clicks, title, "Approve and publish")
    journey.checkpoint(second, "before: three stories published", public=False)

    assert _all_published(stories)
    _per_approval(clicks.count, "BEFORE (dashboard and editor)")
    journey.finish()


def _after_moderator(journey, username: str, clicks: Clicks, *, transparency: bool) -> None:
    moderator = _admin_login(journey, username)
    clicks(moderator.get_by_role("link", name="Review queue"))
    expect(moderator).to_have_url(re.compile(r"/admin/reviews/queue/$"))
    rows = moderator.locator("main table tbody tr")
    expect(rows).to_have_count(len(TITLES))
    journey.checkpoint(moderator, f"queue ({username})", public=False)
    clicks(rows.first.get_by_role("link").first)
    decision = "Complete the checklist and approve" if transparency else "Approve and publish"
    for number in range(len(TITLES)):
        expect(moderator).to_have_url(re.compile(r"/admin/reviews/queue/\d+/$"))
        clicks(moderator.get_by_role("button", name="Take this story"))
        expect(moderator.get_by_text("You took this story")).to_be_visible()
        form = moderator.locator("#review-approve")
        if transparency:
            for check in CHECKS:
                form.locator(f"input[name=approve-check_{check.code}][value=passed]").check()
        if number == 0:
            journey.checkpoint(moderator, f"one screen ({username})", public=False)
        clicks(form.get_by_role("button", name=decision))
    expect(moderator).to_have_url(re.compile(r"/admin/reviews/queue/$"))
    expect(moderator.get_by_text("Nothing else in the queue is waiting for you.")).to_be_visible()


def test_after__three_stories_cleared_from_the_queue_on_one_screen(journey):
    stories = _submit_three()
    _moderator("moderator-rina", first_name="Rina")
    _moderator("moderator-budi", first_name="Budi")
    clicks = Clicks()

    _after_moderator(journey, "moderator-rina", clicks, transparency=True)
    for story in stories:
        state = WorkflowState.objects.for_instance(story).get(status="in_progress")
        assert state.current_task_state.task.name == "Editorial approval"
    _after_moderator(journey, "moderator-budi", clicks, transparency=False)

    assert _all_published(stories)
    assert not StoryPage.objects.filter(pk__in=[s.pk for s in stories], locked=True).exists()
    figure = _per_approval(clicks.count, "AFTER (review queue, one screen)")
    assert figure <= GOAL
    journey.finish()
