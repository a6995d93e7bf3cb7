"""The privacy notice and the housekeeping that keeps its promises."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry

from stories.choices import Verification
from stories.models import EvidenceFile, ScanFeedback, StoryPage
from stories.retention import enforce_retention
from tests.factories import StoryPageFactory, UserFactory

pytestmark = pytest.mark.django_db

LONG_AGO = timezone.now() - dt.timedelta(days=400)


@pytest.fixture(autouse=True)
def _site(story_index):
    return story_index


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "nobody has worked on it for 180 days, the files are erased"),
        ("id", "UU PDP"),
    ],
)
def test_notice__states_the_periods_the_housekeeping_applies(client, home, language, text):
    client.cookies["django_language"] = language
    response = client.get(reverse("privacy"))
    assert response.status_code == 200
    page = response.content.decode()
    assert text in page
    assert "privasi@terang.example" in page
    assert reverse("community:data_export") in page
    assert reverse("community:account_delete") in page


def test_notice__follows_the_settings(client, home, settings):
    settings.TERANG_RETENTION_DAYS = {"evidence_offline_days": 90, "scan_feedback_days": 365}
    client.cookies["django_language"] = "en"
    page = client.get(reverse("privacy")).content.decode()
    assert "for 90 days, the files are erased" in page
    assert "365 days, then erased" in page


def test_notice__linked_from_every_footer(client, home):
    assert f'href="{reverse("privacy")}"' in client.get("/").content.decode()


def _story_with_evidence(*, live: bool, touched: dt.datetime, title="Toko Sari"):
    owner = UserFactory()
    story = StoryPageFactory(owner=owner, title=title)
    if not live:
        story.unpublish()
    evidence = EvidenceFile(
        story=story, original_name="rekening.pdf", content_type="application/pdf", size=9
    )
    evidence.file.save("rekening.pdf", ContentFile(b"%PDF-1.4 x"))
    EvidenceFile.objects.filter(pk=evidence.pk).update(uploaded_at=touched)
    StoryPage.objects.filter(pk=story.pk).update(latest_revision_created_at=touched)
    PageLogEntry.objects.filter(page=story).update(timestamp=touched)
    return story, evidence


def test_retention__erases_evidence_of_an_idle_offline_story_and_logs_it(
    django_capture_on_commit_callbacks,
):
    story, evidence = _story_with_evidence(live=False, touched=LONG_AGO)
    storage, name = evidence.file.storage, evidence.file.name
    with django_capture_on_commit_callbacks(execute=True):
        result = enforce_retention()
    assert (result.evidence_files, result.stories) == (1, 1)
    assert not EvidenceFile.objects.filter(story=story).exists()
    assert not storage.exists(name)
    entry = PageLogEntry.objects.get(page=story, action="terang.retention.evidence_erased")
    assert entry.data == {"files": 1, "days": 180}


def test_retention__keeps_evidence_of_live_recent_and_reviewed_stories(
    django_capture_on_commit_callbacks,
):
    live, _ = _story_with_evidence(live=True, touched=LONG_AGO, title="Live")
    recent, _ = _story_with_evidence(
        live=False, touched=timezone.now() - dt.timedelta(days=30), title="Recent"
    )
    in_review, _ = _story_with_evidence(live=False, touched=LONG_AGO, title="In review")
    in_review.save_revision(user=in_review.owner)
    in_review.get_workflow().start(in_review, in_review.owner)
    StoryPage.objects.filter(pk=in_review.pk).update(latest_revision_created_at=LONG_AGO)
    PageLogEntry.objects.filter(page=in_review).update(timestamp=LONG_AGO)
    # Offline for long, but unpublished last week: the clock starts again.
    unpublished, _ = _story_with_evidence(live=False, touched=LONG_AGO, title="Unpublished")
    PageLogEntry.objects.create(
        page=unpublished,
        content_type=unpublished.content_type,
        action="wagtail.unpublish",
        label=unpublished.title,
        timestamp=timezone.now() - dt.timedelta(days=7),
    )
    with django_capture_on_commit_callbacks(execute=True):
        result = enforce_retention()
    assert result.evidence_files == 0
    assert EvidenceFile.objects.count() == 4


def test_retention__erases_old_scanner_corrections_only():
    story = StoryPageFactory(verification=Verification.VERIFIED)
    old, new = (
        ScanFeedback.objects.create(
            story=story,
            code="guaranteed_income",
            verdict="wrong",
            language="id",
            passage="Penghasilan pasti tiap bulan.",
            reason="Kutipan dari peringatan.",
        )
        for _ in range(2)
    )
    ScanFeedback.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - dt.timedelta(days=731)
    )
    assert enforce_retention().scan_feedback == 1
    assert list(ScanFeedback.objects.values_list("pk", flat=True)) == [new.pk]


def test_enforce_retention_command__prints_what_it_erased(capsys):
    _story_with_evidence(live=False, touched=LONG_AGO)
    call_command("enforce_retention")
    assert "1 evidence files of 1 stories erased" in capsys.readouterr().out


def test_retention__blanks_reporters_addresses_some_time_after_the_decision(story_index):
    from stories.models import StoryReport
    from stories.reports import decide_reports, report_story
    from tests.factories import ModeratorFactory

    story = StoryPageFactory()
    old = report_story(story=story, reason="misleading_income", email="lama@example.com")
    decide_reports(story=story, moderator=ModeratorFactory(), decision="dismiss", note="Cukup")
    StoryReport.objects.filter(pk=old.pk).update(decided_at=timezone.now() - dt.timedelta(days=91))
    open_report = report_story(story=story, reason="other", details="x", email="baru@example.com")
    assert enforce_retention().reporter_emails == 1
    old.refresh_from_db()
    open_report.refresh_from_db()
    assert (old.email, old.status) == ("", "dismissed")
    assert open_report.email == "baru@example.com"
