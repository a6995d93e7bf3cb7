import pytest
from django.urls import reverse
from wagtail.models import PageLogEntry, WorkflowState

from stories.choices import ReviewOutcome, ReviewReason, StoryStatus, Verification
from stories.models import ReviewDecision, StoryPage
from stories.review import story_status
from tests.factories import ModeratorFactory, StoryPageFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    return UserFactory(display_name="Jane")


@pytest.fixture
def other_member():
    return UserFactory()


def _published(owner, title="Kisah terbit Jane") -> StoryPage:
    story = StoryPageFactory(title=title, owner=owner)
    return StoryPage.objects.get(pk=story.pk)


def _draft(owner, title="Draf kisah Jane") -> StoryPage:
    story = StoryPageFactory(
        title=title, owner=owner, verification=Verification.UNREVIEWED, reviewed_at=None
    )
    story.unpublish()
    story.save_revision(user=owner)
    return StoryPage.objects.get(pk=story.pk)


def _in_review(owner, title="Kisah dalam tinjauan") -> StoryPage:
    story = _draft(owner, title)
    story.get_workflow().start(story, owner)
    return StoryPage.objects.get(pk=story.pk)


def test_dashboard__anonymous__redirects_to_login(client, story_index):
    response = client.get(reverse("community:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_dashboard__lists_my_published_and_draft_stories(client, story_index, member):
    _published(member, "Kisah terbit Jane")
    _draft(member, "Draf kisah Jane")
    client.force_login(member)
    body = client.get(reverse("community:dashboard")).content.decode()
    assert "Kisah terbit Jane" in body
    assert "Draf kisah Jane" in body


def test_dashboard__does_not_list_another_members_story(client, story_index, member, other_member):
    _published(other_member, "Kisah orang lain")
    _draft(other_member, "Draf orang lain")
    client.force_login(member)
    body = client.get(reverse("community:dashboard")).content.decode()
    assert "Kisah orang lain" not in body
    assert "Draf orang lain" not in body


def test_dashboard__shows_status_of_each_story(client, story_index, member):
    published = _published(member, "Terbit")
    draft = _draft(member, "Masih draf")
    client.force_login(member)
    response = client.get(reverse("community:dashboard"))
    statuses = {story.pk: story.status for story in response.context["stories"]}
    assert statuses == {published.pk: StoryStatus.PUBLISHED, draft.pk: StoryStatus.DRAFT}


def test_dashboard__shows_decision_reason_and_comment_but_not_the_moderator(
    client, story_index, member
):
    story = _draft(member)
    moderator = ModeratorFactory(first_name="Rahasia", display_name="Moderator Rahasia")
    ReviewDecision.objects.create(
        story=story,
        moderator=moderator,
        outcome=ReviewOutcome.CHANGES_REQUESTED,
        reason=ReviewReason.INCOME_WITHOUT_EVIDENCE,
        comment="Tolong lampirkan rekening koran.",
    )
    client.force_login(member)
    body = client.get(reverse("community:dashboard")).content.decode()
    assert str(ReviewReason.INCOME_WITHOUT_EVIDENCE.label) in body
    assert "Tolong lampirkan rekening koran." in body
    assert "Rahasia" not in body
    assert moderator.username not in body


def test_withdraw__get__shows_confirmation_and_changes_nothing(client, story_index, member):
    story = _published(member)
    client.force_login(member)
    response = client.get(reverse("community:story_withdraw", args=[story.pk]))
    assert response.status_code == 200
    assert StoryPage.objects.get(pk=story.pk).live


def test_withdraw__owner__unpublishes_and_logs(client, story_index, member):
    story = _published(member)
    public_url = story.url
    client.force_login(member)
    response = client.post(reverse("community:story_withdraw", args=[story.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("community:dashboard")
    story.refresh_from_db()
    assert not story.live
    assert story_status(story) == StoryStatus.WITHDRAWN
    entry = PageLogEntry.objects.get(page=story, action="wagtail.unpublish")
    assert entry.user_id == member.pk
    client.logout()
    assert client.get(public_url).status_code == 404


def test_withdraw__twice__is_harmless(client, story_index, member):
    story = _published(member)
    client.force_login(member)
    url = reverse("community:story_withdraw", args=[story.pk])
    client.post(url)
    assert client.post(url).status_code == 302
    assert PageLogEntry.objects.filter(page=story, action="wagtail.unpublish").count() == 1


def test_withdraw__in_review__cancels_the_workflow(client, story_index, member):
    story = _in_review(member)
    client.force_login(member)
    client.post(reverse("community:story_withdraw", args=[story.pk]))
    state = WorkflowState.objects.for_instance(story).get()
    assert state.status == WorkflowState.STATUS_CANCELLED
    assert PageLogEntry.objects.filter(page=story, action="wagtail.workflow.cancel").exists()


def test_withdraw__another_member__gets_404(client, story_index, member, other_member):
    story = _published(member)
    client.force_login(other_member)
    url = reverse("community:story_withdraw", args=[story.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert StoryPage.objects.get(pk=story.pk).live


def test_withdraw__anonymous__redirects_to_login(client, story_index, member):
    story = _published(member)
    response = client.post(reverse("community:story_withdraw", args=[story.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert StoryPage.objects.get(pk=story.pk).live


def test_withdraw__unknown_story__gets_404(client, story_index, member):
    client.force_login(member)
    assert client.get(reverse("community:story_withdraw", args=[999999])).status_code == 404
