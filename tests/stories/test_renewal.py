"""Verification is renewed, not eternal: reviews and organisations' verifications fall due."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry, WorkflowState

from stories.models import StoryPage
from stories.renewal import NotDue, due_stories, months_after, start_rereview
from tests.factories import ModeratorFactory, OrganizationFactory, StoryPageFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LONG_AGO = TODAY - dt.timedelta(days=400)
RECENTLY = TODAY - dt.timedelta(days=30)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2025, 1, 31), 1, dt.date(2025, 2, 28)),
        (dt.date(2024, 2, 29), 12, dt.date(2025, 2, 28)),
        (dt.date(2025, 12, 2), 12, dt.date(2026, 12, 2)),
        (dt.date(2026, 1, 15), -12, dt.date(2025, 1, 15)),
        (dt.date(2026, 3, 31), -1, dt.date(2026, 2, 28)),
    ],
)
def test_months_after__same_day_or_the_months_last(day, months, expected):
    assert months_after(day, months) == expected


def test_due_stories__published_reviews_older_than_the_period_oldest_first(story_index, settings):
    old = StoryPageFactory(title="Lama", reviewed_at=LONG_AGO, owner=UserFactory())
    older = StoryPageFactory(title="Lebih lama", reviewed_at=LONG_AGO - dt.timedelta(days=9))
    StoryPageFactory(title="Baru", reviewed_at=RECENTLY)
    draft = StoryPageFactory(title="Draf", reviewed_at=LONG_AGO)
    draft.unpublish()
    assert list(due_stories()) == [older, old]
    settings.TERANG_REREVIEW_MONTHS = 24
    assert list(due_stories()) == []


def test_story_page__says_re_review_due_under_the_review_date(client, story_index):
    due = StoryPageFactory(title="Lama", reviewed_at=LONG_AGO)
    fresh = StoryPageFactory(title="Baru", reviewed_at=RECENTLY)
    client.cookies["django_language"] = "en"
    assert "Re-review due since" in client.get(due.url).content.decode()
    assert "Re-review due since" not in client.get(fresh.url).content.decode()


def test_start_rereview__keeps_the_story_up_marked_and_in_the_workflow(client, story_index):
    story = StoryPageFactory(title="Lama", reviewed_at=LONG_AGO, owner=UserFactory())
    live_revision = story.live_revision_id
    moderator = ModeratorFactory()
    assert start_rereview(story, moderator=moderator)
    story = StoryPage.objects.get(pk=story.pk)
    assert story.live and story.live_revision_id == live_revision
    assert story.under_rereview
    assert WorkflowState.objects.for_instance(story).active().exists()
    assert PageLogEntry.objects.filter(page=story, action="terang.rereview.start").exists()
    assert story not in due_stories()
    client.cookies["django_language"] = "en"
    page = client.get(story.url).content.decode()
    assert "Under re-review" in page and "Re-review due since" not in page
    with pytest.raises(NotDue):
        start_rereview(story, moderator=moderator)


def test_start_rereview__a_story_not_due__refused(story_index):
    story = StoryPageFactory(reviewed_at=RECENTLY)
    with pytest.raises(NotDue):
        start_rereview(story, moderator=ModeratorFactory())
    assert not StoryPage.objects.get(pk=story.pk).under_rereview


def test_admin__moderators_list_due_stories_and_start_one(client, story_index, staff_login):
    story = StoryPageFactory(title="Cerita yang sudah lama", reviewed_at=LONG_AGO)
    staff_login(client, ModeratorFactory())
    listing = client.get(reverse("due_rereviews:index"))
    assert listing.status_code == 200
    assert "Cerita yang sudah lama" in listing.content.decode()
    start = reverse("due_rereviews:start", args=(story.pk,))
    assert start in listing.content.decode()
    response = client.post(start)
    assert response.status_code == 302
    assert StoryPage.objects.get(pk=story.pk).under_rereview
    assert start not in client.get(reverse("due_rereviews:index")).content.decode()
    assert client.get(start).status_code == 405


def test_admin__members_cannot_see_or_start(client, story_index):
    story = StoryPageFactory(reviewed_at=LONG_AGO)
    client.force_login(UserFactory())
    assert client.get(reverse("due_rereviews:index")).status_code in (302, 403)
    assert client.post(reverse("due_rereviews:start", args=(story.pk,))).status_code in (302, 403)
    assert not StoryPage.objects.get(pk=story.pk).under_rereview


def test_organisation__verification_due_for_renewal_on_its_page_and_its_stories(
    client, story_index
):
    organization = OrganizationFactory(
        name="Koperasi Lama", verified=True, verified_at=timezone.now() - dt.timedelta(days=400)
    )
    story = StoryPageFactory(organization=organization, reviewed_at=RECENTLY)
    client.cookies["django_language"] = "en"
    assert organization.verification_overdue
    assert (
        "Renewal of the verification due since"
        in client.get(organization.get_absolute_url()).content.decode()
    )
    assert "verification due for renewal" in client.get(story.url).content.decode()
    organization.verified_at = timezone.now()
    organization.save()
    assert "verification due for renewal" not in client.get(story.url).content.decode()
