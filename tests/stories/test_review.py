import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import PageLogEntry, WorkflowState

from stories.checklist import CHECKS
from stories.choices import ReviewOutcome, StoryStatus, Verification
from stories.models import ReviewDecision, StoryPage, UnreviewedStory
from stories.review import story_status
from tests.factories import ModeratorFactory, StoryPageFactory, UserFactory

pytestmark = pytest.mark.django_db

ALL_PASSED = {f"check_{check.code}": "passed" for check in CHECKS}


@pytest.fixture
def member():
    return UserFactory(email="jane@example.com")


@pytest.fixture
def moderator():
    return ModeratorFactory()


@pytest.fixture
def second_moderator():
    return ModeratorFactory()


@pytest.fixture
def submitted_story(story_index, member, django_capture_on_commit_callbacks):
    story = StoryPageFactory(
        title="Jane membangun komunitas kebugaran",
        owner=member,
        verification=Verification.UNREVIEWED,
        reviewed_at=None,
    )
    story.unpublish()
    story.save_revision(user=member)
    # Notifications are queued on commit: run them as each step commits.
    with django_capture_on_commit_callbacks(execute=True):
        story.get_workflow().start(story, member)
    return StoryPage.objects.get(pk=story.pk)


def test_workflow__submitted_story_waits_in_transparency_review(submitted_story, member):
    state = WorkflowState.objects.for_instance(submitted_story).get()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.task.name == "Transparency review"
    assert story_status(submitted_story) == StoryStatus.IN_REVIEW
    assert [m.to for m in mail.outbox if "jane@example.com" in m.to]


def test_checklist__incomplete__is_refused_and_nothing_moves(
    client, submitted_story, moderator, act, staff_login
):
    staff_login(client, moderator)
    partial = dict(ALL_PASSED)
    partial.pop("check_identity")
    act(client, submitted_story, "approve", partial)
    state = WorkflowState.objects.for_instance(submitted_story).get()
    assert state.current_task_state.task.name == "Transparency review"
    assert not ReviewDecision.objects.exists()


def test_checklist__failed_item__cannot_approve(
    client, submitted_story, moderator, act, staff_login
):
    staff_login(client, moderator)
    act(
        client,
        submitted_story,
        "approve",
        {**ALL_PASSED, "check_no_recruitment_earnings": "failed"},
    )
    assert not ReviewDecision.objects.exists()


def test_review__request_changes_then_resubmit_then_approve_publishes_with_report(
    client, submitted_story, moderator, second_moderator, member, act, staff_login
):
    staff_login(client, moderator)
    act(
        client,
        submitted_story,
        "reject",
        {"reason": "income_without_evidence", "comment": "Tambahkan rekening koran."},
    )
    story = StoryPage.objects.get(pk=submitted_story.pk)
    assert story_status(story) == StoryStatus.CHANGES_REQUESTED
    decision = story.review_decisions.get()
    assert (decision.outcome, decision.reason) == (
        ReviewOutcome.CHANGES_REQUESTED,
        "income_without_evidence",
    )
    changes_mail = [m for m in mail.outbox if m.to == ["jane@example.com"]][-1]
    assert "Tambahkan rekening koran." in changes_mail.body

    revision = story.save_revision(user=member)
    WorkflowState.objects.for_instance(story).get().resume(user=member)
    assert story_status(story) == StoryStatus.IN_REVIEW

    act(client, story, "approve", {**ALL_PASSED, "comment": ""})
    state = WorkflowState.objects.for_instance(story).active().get()
    assert state.current_task_state.task.name == "Editorial approval"
    staff_login(client, second_moderator)
    act(client, story, "approve", {"comment": ""})

    story = StoryPage.objects.get(pk=story.pk)
    assert story.live
    assert story.live_revision_id == revision.pk
    assert story.verification == Verification.VERIFIED
    assert story.report_checks == {c.code: "passed" for c in CHECKS}
    assert story_status(story) == StoryStatus.PUBLISHED
    client.logout()
    found = client.get("/api/search/", {"q": "komunitas kebugaran"}).json()["results"]
    assert [(hit["id"], hit["verified"]) for hit in found] == [(story.pk, True)]
    client.cookies["django_language"] = "en"
    page = client.get(story.url).content.decode()
    assert "Verified: every check passed" in page
    assert "Earnings come from selling, not from recruiting: <strong>Passed</strong>" in page
    assert any("is published" in m.subject or "terbit" in m.subject for m in mail.outbox)
    actions = set(PageLogEntry.objects.filter(page=story).values_list("action", flat=True))
    assert {
        "terang.review.changes_requested",
        "terang.review.approved",
        "wagtail.publish",
    } <= actions


def test_review__evidence_not_seen__publishes_as_reviewed(
    client, submitted_story, moderator, second_moderator, act, staff_login
):
    staff_login(client, moderator)
    act(client, submitted_story, "approve", {**ALL_PASSED, "check_income_claims": "not_seen"})
    staff_login(client, second_moderator)
    act(client, submitted_story, "approve", {"comment": ""})
    story = StoryPage.objects.get(pk=submitted_story.pk)
    assert story.live
    assert story.verification == Verification.REVIEWED


def test_review__reject_with_reason__cancels_and_member_sees_rejected(
    client, submitted_story, moderator, act, staff_login
):
    staff_login(client, moderator)
    act(
        client,
        submitted_story,
        "decline",
        {"reason": "recruitment_earnings", "comment": "Penghasilan dari rekrutmen."},
    )
    story = StoryPage.objects.get(pk=submitted_story.pk)
    assert not story.live
    assert story_status(story) == StoryStatus.REJECTED
    assert WorkflowState.objects.for_instance(story).get().status == WorkflowState.STATUS_CANCELLED


def test_review__reason_is_required_to_send_back(
    client, submitted_story, moderator, act, staff_login
):
    staff_login(client, moderator)
    act(client, submitted_story, "reject", {"comment": "no reason given"})
    assert WorkflowState.objects.for_instance(submitted_story).get().status == "in_progress"


def test_review__moderator_cannot_review_own_story(client, story_index, act, staff_login):
    moderator = ModeratorFactory()
    story = StoryPageFactory(owner=moderator, verification="", reviewed_at=None)
    story.unpublish()
    story.save_revision(user=moderator)
    story.get_workflow().start(story, moderator)
    staff_login(client, moderator)
    response = act(client, story, "approve", ALL_PASSED)
    assert response.status_code in (302, 403)
    assert not ReviewDecision.objects.exists()


def test_review__plain_member_cannot_act(client, submitted_story, act):
    client.force_login(UserFactory())
    response = act(client, submitted_story, "approve", ALL_PASSED)
    assert response.status_code in (302, 403)
    assert not ReviewDecision.objects.exists()


def test_direct_publish__unreviewed_revision__is_refused(story_index, member):
    story = StoryPageFactory(owner=member, verification="", reviewed_at=None)
    revision = story.save_revision(user=member)
    with pytest.raises(UnreviewedStory):
        revision.publish(skip_permission_checks=True)
    story.refresh_from_db()
    assert not story.live
    assert not PageLogEntry.objects.filter(page=story, action="wagtail.publish").exists()


def test_published_story_edit__stays_live_until_the_new_version_is_approved(
    client, story_index, member, moderator
):
    story = StoryPageFactory(title="Versi pertama", owner=member)
    draft = story.get_latest_revision_as_object()
    draft.title = "Versi kedua"
    draft.save_revision(user=member)
    story.get_workflow().start(story, member)
    assert story_status(StoryPage.objects.get(pk=story.pk)) == StoryStatus.UPDATE_IN_REVIEW
    assert "Versi pertama" in client.get(story.url).content.decode()


def test_checklist_modal__shows_flags_declarations_and_evidence(
    client, story_index, moderator, staff_login
):
    from django.core.files.base import ContentFile

    from community.models import Consent
    from stories.models import EvidenceFile, TransparencyClaim

    owner = UserFactory()
    story = StoryPageFactory(
        owner=owner,
        verification="",
        reviewed_at=None,
        summary="Dijamin pasti untung, ikut sekarang.",
    )
    claim = TransparencyClaim.objects.create(page=story, kind="income", statement="Rp 5 juta")
    evidence = EvidenceFile(
        story=story,
        claim_key=claim.key,
        original_name="slip.pdf",
        content_type="application/pdf",
        size=9,
        uploaded_by=owner,
    )
    evidence.file.save("slip.pdf", ContentFile(b"%PDF-1.4\n"))
    Consent.objects.create(
        user=owner, story=story, kind="publish", text="Saya setuju.", version="1", language="id"
    )
    story.unpublish()
    story.save_revision(user=owner)
    story.get_workflow().start(story, owner)
    state = WorkflowState.objects.for_instance(story).get()
    staff_login(client, moderator)
    url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=(story.pk, "approve", state.current_task_state.pk),
    )
    html = client.get(url).json()["html"]
    assert "guaranteed_income" in html
    assert "Saya setuju." in html
    assert reverse("stories:evidence", args=(evidence.pk,)) in html
    assert 'name="check_identity"' in html
