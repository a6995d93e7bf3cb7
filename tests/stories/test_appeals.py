"""A member appeals a rejection once; someone other than the rejecting moderator decides."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry, WorkflowState

from stories.choices import Verification
from stories.models import Appeal, StoryPage
from tests.factories import ModeratorFactory, StoryPageFactory, UserFactory

pytestmark = pytest.mark.django_db

STATEMENT = "Bukti omzet sudah saya lampirkan; mohon dilihat lagi laporan bank bulan Oktober."


@pytest.fixture
def rejecter():
    return ModeratorFactory(username="moderator-a")


@pytest.fixture
def rejected(client, story_index, rejecter, act, staff_login, django_capture_on_commit_callbacks):
    member = UserFactory(email="sari@example.com")
    story = StoryPageFactory(
        title="Warung Sari", owner=member, verification=Verification.UNREVIEWED, reviewed_at=None
    )
    story.unpublish()
    story.save_revision(user=member)
    with django_capture_on_commit_callbacks(execute=True):
        story.get_workflow().start(story, member)
    staff_login(client, rejecter)
    act(client, story, "decline", {"reason": "recruitment_earnings", "comment": "Dari rekrutmen."})
    client.logout()
    return StoryPage.objects.get(pk=story.pk)


def appeal_url(story):
    return reverse("community:story_appeal", args=[story.pk])


def test_member__appeals_once_from_the_dashboard(client, rejected):
    client.force_login(rejected.owner)
    client.cookies["django_language"] = "en"
    dashboard = client.get(reverse("community:dashboard")).content.decode()
    assert appeal_url(rejected) in dashboard
    form = client.get(appeal_url(rejected)).content.decode()
    assert "Dari rekrutmen." in form
    response = client.post(appeal_url(rejected), {"statement": STATEMENT})
    assert response.status_code == 302
    appeal = Appeal.objects.get()
    assert (appeal.story, appeal.member, appeal.statement) == (rejected, rejected.owner, STATEMENT)
    assert PageLogEntry.objects.filter(page=rejected, action="terang.appeal.received").exists()
    # Once: the form is gone, and the dashboard says it waits.
    assert client.get(appeal_url(rejected)).status_code == 404
    dashboard = client.get(reverse("community:dashboard")).content.decode()
    assert appeal_url(rejected) not in dashboard
    assert "Waiting for a moderator" in dashboard


@pytest.mark.parametrize(
    ("statement", "error"),
    [("", "Say why the decision should be looked at again."), ("x" * 2001, "at most 2000")],
)
def test_member__bad_statement__plain_error_and_text_kept(client, rejected, statement, error):
    client.force_login(rejected.owner)
    client.cookies["django_language"] = "en"
    response = client.post(appeal_url(rejected), {"statement": statement})
    assert response.status_code == 200
    page = response.content.decode()
    assert error in page
    assert statement[:100] in page
    assert not Appeal.objects.exists()


def test_appeal_form__only_the_owner(client, rejected):
    assert client.get(appeal_url(rejected)).status_code == 302  # to the login
    client.force_login(UserFactory())
    assert client.get(appeal_url(rejected)).status_code == 404
    assert client.post(appeal_url(rejected), {"statement": STATEMENT}).status_code == 404


def test_appeal_form__a_published_or_sent_back_story_has_nothing_to_appeal(client, story_index):
    story = StoryPageFactory(owner=UserFactory())
    client.force_login(story.owner)
    assert client.get(appeal_url(story)).status_code == 404


@pytest.fixture
def appeal(client, rejected):
    client.force_login(rejected.owner)
    client.post(appeal_url(rejected), {"statement": STATEMENT})
    client.logout()
    return Appeal.objects.get()


def decide(client, appeal, outcome, note="Dilihat ulang.", capture=None):
    url = reverse("appeals:decide", args=[appeal.pk])
    if capture is None:
        return client.post(url, {"outcome": outcome, "note": note})
    with capture(execute=True):
        return client.post(url, {"outcome": outcome, "note": note})


def test_the_moderator_who_rejected__cannot_decide(client, appeal, rejecter, staff_login):
    staff_login(client, rejecter)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("appeals:decide", args=[appeal.pk])).content.decode()
    assert STATEMENT in page
    assert "someone else decides its appeal" in page
    response = decide(client, appeal, "reopened")
    assert response.status_code == 200
    assert Appeal.objects.get().outcome == "open"


def test_another_moderator_reopens__the_story_goes_back_to_review_and_the_member_is_told(
    client, appeal, staff_login, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    staff_login(client, ModeratorFactory())
    listing = client.get(reverse("appeals:index")).content.decode()
    assert "Warung Sari" in listing
    response = decide(client, appeal, "reopened", capture=django_capture_on_commit_callbacks)
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert appeal.outcome == "reopened"
    story = StoryPage.objects.get(pk=appeal.story_id)
    assert not story.live
    assert WorkflowState.objects.for_instance(story).active().exists()
    assert PageLogEntry.objects.filter(page=story, action="terang.appeal.reopened").exists()
    (message,) = [
        m for m in mail.outbox if m.to == ["sari@example.com"] and "Dilihat ulang." in m.body
    ]
    assert "Dilihat ulang." in message.body
    assert message.alternatives and "Dilihat ulang." in message.alternatives[0][0]
    client.force_login(story.owner)
    client.cookies["django_language"] = "en"
    assert "Story back in review" in client.get(reverse("community:dashboard")).content.decode()


def test_an_administrator_upholds__the_rejection_stands(
    client, appeal, staff_login, django_capture_on_commit_callbacks
):
    admin = UserFactory(is_superuser=True, is_staff=True)
    staff_login(client, admin)
    before = timezone.now()
    response = decide(
        client,
        appeal,
        "upheld",
        note="  Tetap ditolak.  ",
        capture=django_capture_on_commit_callbacks,
    )
    assert response.status_code == 302
    story = StoryPage.objects.get(pk=appeal.story_id)
    assert not WorkflowState.objects.for_instance(story).active().exists()
    decided = Appeal.objects.get()
    assert decided.outcome == "upheld"
    assert (decided.decided_by, decided.decision_note) == (admin, "Tetap ditolak.")
    assert before <= decided.decided_at <= timezone.now()
    assert decide(client, appeal, "reopened").status_code == 200  # decided already
    assert Appeal.objects.get().outcome == "upheld"


def test_a_decision_needs_a_reason(client, appeal, staff_login):
    staff_login(client, ModeratorFactory())
    assert decide(client, appeal, "upheld", note="").status_code == 200
    assert Appeal.objects.get().outcome == "open"


def test_members_never_see_the_appeals_queue(client, appeal):
    client.force_login(appeal.member)
    assert client.get(reverse("appeals:index")).status_code in (302, 403)
    assert decide(client, appeal, "reopened").status_code in (302, 403)
    assert Appeal.objects.get().outcome == "open"
