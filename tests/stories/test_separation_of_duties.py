"""Nobody reviews their own story, and the two review steps are done by two different people."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.urls import reverse
from wagtail.models import PageLogEntry, WorkflowState

from community.models import OrganizationMembership
from stories.checklist import CHECKS
from stories.choices import ReviewOutcome, ReviewStep
from stories.models import ReviewDecision, StoryPage, StoryReview
from tests.factories import ModeratorFactory, OrganizationFactory, StoryPageFactory, UserFactory

pytestmark = pytest.mark.django_db

CHECKLIST = {check.code: "passed" for check in CHECKS}


@pytest.fixture
def author():
    return UserFactory(display_name="Sari")


@pytest.fixture
def first():
    return ModeratorFactory(display_name="Rina")


@pytest.fixture
def second():
    return ModeratorFactory(display_name="Budi")


@pytest.fixture
def in_review(story_index, author):
    story = StoryPageFactory(owner=author, verification="")
    story.save_revision(user=author)
    story.get_workflow().start(story, author)
    return StoryPage.objects.get(pk=story.pk)


def awaiting_review(client) -> str:
    """The dashboard's "Awaiting your review" panel."""
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    start = html.find("Awaiting your review")
    return html[start : html.find("</section>", start)] if start >= 0 else ""


def current_task_state(story):
    return WorkflowState.objects.for_instance(story).active().get().current_task_state


def act(story, user, action="approve", **data):
    task_state = current_task_state(story)
    if action == "approve" and task_state.task.name == "Transparency review":
        data.setdefault("checks", CHECKLIST)
    if action != "approve":
        data.setdefault("reason", "other")
    task_state.task.specific.on_action(task_state, user, action, comment="", **data)


def test_two_moderators__story_goes_live_and_the_log_names_both(in_review, first, second):
    act(in_review, first)
    act(in_review, second)
    story = StoryPage.objects.get(pk=in_review.pk)
    assert story.live
    entry = PageLogEntry.objects.get(page=story, action="terang.review.completed")
    assert entry.data["transparency_by"]["name"] == "Rina"
    assert entry.data["editorial_by"]["name"] == "Budi"
    assert "Rina" in str(entry.message) and "Budi" in str(entry.message)
    steps = PageLogEntry.objects.filter(page=story, action="terang.review.approved")
    assert {(e.user, e.data["step"]) for e in steps} == {
        (first, ReviewStep.TRANSPARENCY),
        (second, ReviewStep.EDITORIAL),
    }


def test_one_moderator__cannot_take_both_steps(in_review, first):
    act(in_review, first)
    task_state = current_task_state(in_review)
    assert task_state.task.specific.get_actions(in_review, first) == []
    with pytest.raises(PermissionDenied):
        act(in_review, first)
    assert not StoryPage.objects.get(pk=in_review.pk).live


def test_one_moderator__administrator_also_cannot_take_both_steps(in_review):
    admin = UserFactory(is_superuser=True, is_staff=True)
    act(in_review, admin)
    with pytest.raises(PermissionDenied):
        act(in_review, admin)
    assert not StoryPage.objects.get(pk=in_review.pk).live


@override_settings(TERANG_REVIEW_TWO_PEOPLE=False)
def test_two_person_rule_off__one_moderator_may_take_both_steps(in_review, first):
    act(in_review, first)
    act(in_review, first)
    story = StoryPage.objects.get(pk=in_review.pk)
    assert story.live
    assert story.live_review().two_people is False


@override_settings(TERANG_REVIEW_TWO_PEOPLE=False)
def test_two_person_rule_off__admin_dashboard_says_so(client, first, staff_login):
    staff_login(client, first)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "One person may review a story alone" in html


def test_two_person_rule_on__admin_dashboard_is_quiet(client, first, staff_login):
    staff_login(client, first)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "One person may review a story alone" not in html


@pytest.mark.parametrize("step", ["transparency", "editorial"])
def test_author_who_is_a_moderator__can_take_no_step(story_index, first, second, step):
    story = StoryPageFactory(owner=first, verification="")
    story.save_revision(user=first)
    story.get_workflow().start(story, first)
    if step == "editorial":
        act(story, second)
    with pytest.raises(PermissionDenied):
        act(story, first)
    assert current_task_state(story).task.specific.get_actions(story, first) == []


def test_representative_of_the_organisation__can_take_no_step(story_index, author, first, second):
    organization = OrganizationFactory()
    OrganizationMembership.objects.create(user=first, organization=organization)
    story = StoryPageFactory(owner=author, organization=organization, verification="")
    story.save_revision(user=author)
    story.get_workflow().start(story, author)
    with pytest.raises(PermissionDenied):
        act(story, first)
    act(story, second)
    with pytest.raises(PermissionDenied):
        act(story, first)


def test_moderator_who_made_the_version_under_review__cannot_approve_it(in_review, first, second):
    edit = in_review.get_latest_revision_as_object()
    edit.summary = "Diubah oleh moderator."
    edit.save_revision(user=first)
    with pytest.raises(PermissionDenied):
        act(in_review, first)
    act(in_review, second)
    assert not ReviewDecision.objects.filter(moderator=first).exists()


def test_dashboard__transparency_reviewer_does_not_see_the_second_step(
    client, in_review, first, second, staff_login
):
    act(in_review, first)
    staff_login(client, first)
    assert in_review.title not in awaiting_review(client)
    staff_login(client, second)
    assert in_review.title in awaiting_review(client)


def test_dashboard__author_moderator_does_not_see_their_own_story(
    client, story_index, first, staff_login
):
    story = StoryPageFactory(owner=first, verification="", title="Cerita milik Rina")
    story.save_revision(user=first)
    story.get_workflow().start(story, first)
    staff_login(client, first)
    assert "Cerita milik Rina" not in awaiting_review(client)
    staff_login(client, ModeratorFactory())
    assert "Cerita milik Rina" in awaiting_review(client)


# --- the model refuses a review that breaks the rules, whatever code records it ---------------


def _decisions(story, revision, transparency_by, editorial_by):
    return [
        ReviewDecision.objects.create(
            story=story,
            revision=revision,
            moderator=moderator,
            step=step,
            outcome=ReviewOutcome.APPROVED,
            checks=CHECKLIST if step == ReviewStep.TRANSPARENCY else {},
            verification="verified" if step == ReviewStep.TRANSPARENCY else "",
        )
        for moderator, step in (
            (transparency_by, ReviewStep.TRANSPARENCY),
            (editorial_by, ReviewStep.EDITORIAL),
        )
    ]


def _review(story, revision, transparency, editorial):
    return StoryReview(
        revision=revision,
        story=story,
        transparency=transparency,
        editorial=editorial,
        verification="verified",
        checks=CHECKLIST,
        reviewed_at="2026-12-01",
    )


@pytest.mark.parametrize(
    "case", ["same_person", "author_first", "author_second", "other_revision", "wrong_step"]
)
def test_story_review__broken_rules__refused_by_the_model(story_index, author, first, second, case):
    story = StoryPageFactory(owner=author, verification="")
    revision = story.save_revision(user=author)
    people = {
        "same_person": (first, first),
        "author_first": (author, second),
        "author_second": (first, author),
    }.get(case, (first, second))
    transparency, editorial = _decisions(story, revision, *people)
    if case == "other_revision":
        editorial.revision = story.save_revision(user=author)
        editorial.save()
    if case == "wrong_step":
        transparency.step = ReviewStep.EDITORIAL
        transparency.save()
    with pytest.raises(ValidationError):
        _review(story, revision, transparency, editorial).save()
    assert not StoryReview.objects.exists()


def test_story_review__valid__accepted(story_index, author, first, second):
    story = StoryPageFactory(owner=author, verification="")
    revision = story.save_revision(user=author)
    _review(story, revision, *_decisions(story, revision, first, second)).save()
    assert StoryReview.objects.get().revision == revision
