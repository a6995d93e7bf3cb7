"""The public "How we moderate" page and its figures, read from the audit log."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import PageLogEntry, WorkflowState

from stories.accountability import moderation_figures, percentile
from stories.checklist import CHECKS
from stories.choices import Verification
from stories.models import StoryPage
from stories.views import duration_text
from tests.factories import ModeratorFactory, StoryPageFactory, UserFactory

pytestmark = pytest.mark.django_db

ALL_PASSED = {f"check_{check.code}": "passed" for check in CHECKS}
NOW = timezone.make_aware(datetime(2026, 11, 20, 12, 0))
SINCE = timezone.make_aware(datetime(2025, 12, 1))  # the first of the twelve months up to NOW


@pytest.fixture
def member():
    return UserFactory(email="jane@example.com")


@pytest.fixture
def submit(story_index, member, django_capture_on_commit_callbacks):
    def submit(title):
        story = StoryPageFactory(
            title=title, owner=member, verification=Verification.UNREVIEWED, reviewed_at=None
        )
        story.unpublish()
        story.save_revision(user=member)
        with django_capture_on_commit_callbacks(execute=True):
            story.get_workflow().start(story, member)
        return StoryPage.objects.get(pk=story.pk)

    return submit


def _at(page, action, when, **data):
    """An audit-log entry written as the code writes it, then moved to ``when``."""
    entry = log(instance=page, action=action, data=data or None)
    PageLogEntry.objects.filter(pk=entry.pk).update(timestamp=when)


def test_figures__a_real_review__counts_each_submission_and_decision(
    client, submit, member, act, staff_login
):
    first, second = ModeratorFactory(), ModeratorFactory()
    sent_back = submit("Warung kopi Jane")
    rejected = submit("Investasi berlian")

    staff_login(client, first)
    act(client, sent_back, "reject", {"reason": "income_without_evidence", "comment": "Bukti?"})
    act(client, rejected, "decline", {"reason": "guaranteed_returns", "comment": "Pasti untung"})
    sent_back.save_revision(user=member)
    WorkflowState.objects.for_instance(sent_back).get().resume(user=member)
    act(client, sent_back, "approve", {**ALL_PASSED, "comment": ""})
    staff_login(client, second)
    response = act(client, sent_back, "approve", {"comment": ""})
    assert response.status_code == 302
    assert StoryPage.objects.get(pk=sent_back.pk).live

    figures = moderation_figures()
    month = figures.months[-1]
    assert (month.submitted, month.published, month.sent_back, month.rejected) == (3, 1, 1, 1)
    assert month.re_reviews == 0
    assert sorted((code, count) for code, _, count in figures.reasons) == [
        ("guaranteed_returns", 1),
        ("income_without_evidence", 1),
    ]
    # Three decisions, each timed from the submission it answered; a step's approval is not one.
    assert figures.decisions == 3
    assert all(hours >= 0 for hours in figures.decision_hours)
    assert len(figures.months) == 12
    assert figures.totals.submitted == 3


def test_figures__months_times_and_re_reviews_from_the_log(story_index):
    story = StoryPageFactory(title="Katering Ibu Sari")
    other = StoryPageFactory(title="Bengkel Pak Budi")
    PageLogEntry.objects.all().delete()
    # Before the twelve months: a submission and its approval (which makes a later one a
    # re-review), and a submission whose answer comes inside the period.
    _at(story, "wagtail.workflow.start", NOW - timedelta(days=400))
    _at(story, "terang.review.completed", NOW - timedelta(days=399))
    _at(other, "wagtail.workflow.start", SINCE - timedelta(hours=2))
    _at(other, "terang.review.changes_requested", SINCE + timedelta(hours=24), reason="other")
    # Inside: this month, an edit of the published story approved after 10 hours.
    _at(story, "wagtail.workflow.start", NOW - timedelta(hours=30))
    _at(story, "terang.review.approved", NOW - timedelta(hours=25), step="transparency")
    _at(story, "terang.review.completed", NOW - timedelta(hours=20))
    # Last month: the other story resubmitted and rejected after 3 days.
    _at(other, "wagtail.workflow.resume", NOW - timedelta(days=40))
    _at(other, "terang.review.rejected", NOW - timedelta(days=37), reason="recruitment_earnings")
    # After "now": not counted yet.
    _at(other, "wagtail.workflow.start", NOW + timedelta(days=1))

    figures = moderation_figures(now=NOW)

    assert figures.since == SINCE.date()
    by_month = {month.start.strftime("%Y-%m"): month for month in figures.months}
    assert list(by_month)[0] == "2025-12" and list(by_month)[-1] == "2026-11"
    november, october = by_month["2026-11"], by_month["2026-10"]
    assert (november.submitted, november.published, november.re_reviews) == (1, 1, 1)
    assert (october.submitted, october.rejected, october.sent_back) == (1, 1, 0)
    december = by_month["2025-12"]
    assert (december.submitted, december.sent_back) == (0, 1)
    assert sorted(figures.decision_hours) == [10.0, 26.0, 72.0]
    assert figures.median_hours == 26.0
    assert figures.p90_hours == 72.0
    assert {code for code, _, _ in figures.reasons} == {"other", "recruitment_earnings"}


def test_figures__an_imported_published_story__makes_its_next_review_a_re_review(story_index):
    story = StoryPageFactory(title="Toko kain")
    PageLogEntry.objects.all().delete()
    _at(story, "terang.import", NOW - timedelta(days=3), published=True)
    _at(story, "wagtail.workflow.start", NOW - timedelta(days=2))
    _at(story, "terang.review.completed", NOW - timedelta(days=1))
    month = moderation_figures(now=NOW).months[-1]
    assert (month.published, month.re_reviews) == (1, 1)


def test_figures__a_decision_without_a_submission_in_the_log__is_counted_but_not_timed(
    story_index,
):
    story = StoryPageFactory(title="Salon")
    PageLogEntry.objects.all().delete()
    _at(story, "terang.review.rejected", NOW - timedelta(days=1), reason="no_real_product")
    figures = moderation_figures(now=NOW)
    assert figures.months[-1].rejected == 1
    assert figures.decisions == 0
    assert figures.median_hours is None


@pytest.mark.parametrize(
    ("values", "expected"),
    [([], None), ([5.0], 5.0), ([1.0, 2.0, 3.0, 4.0], 4.0), (list(map(float, range(1, 21))), 18.0)],
)
def test_percentile__nearest_rank(values, expected):
    assert percentile(values, 90) == expected


@pytest.mark.parametrize(
    ("hours", "language", "text"),
    [
        (None, "en", ""),
        (0.001, "en", "1 minute"),
        (0.5, "en", "30 minutes"),
        (1, "en", "1 hour"),
        (30, "en", "30 hours"),
        (48, "en", "2 days"),
        (60, "en", "2.5 days"),
        (60, "id", "2,5 hari"),
        (30, "id", "30 jam"),
    ],
)
def test_duration_text__reads_as_a_person_says_it(hours, language, text):
    from django.utils import translation

    with translation.override(language):
        assert duration_text(hours) == text


@pytest.mark.parametrize(
    ("language", "heading", "row"),
    [("en", "How we moderate", "Sent back for changes"), ("id", "Cara kami memoderasi", None)],
)
def test_page__anyone_reads_the_figures_in_their_language(
    client, story_index, language, heading, row
):
    story = StoryPageFactory(title="Rahasia judul yang belum terbit")
    PageLogEntry.objects.all().delete()
    now = timezone.now()
    _at(story, "wagtail.workflow.start", now - timedelta(hours=5))
    _at(
        story, "terang.review.changes_requested", now - timedelta(hours=2), reason="atypical_income"
    )
    client.cookies["django_language"] = language
    response = client.get(reverse("how_we_moderate"))
    assert response.status_code == 200
    page = response.content.decode()
    assert heading in page
    if row:
        assert row in page
        assert "An income claim is not typical and says not so" in page
        assert "3 hours" in page
    # Counts only: no story, member or moderator is named.
    assert "Rahasia judul" not in page
    assert "csrfmiddlewaretoken" not in page


def test_page__linked_from_the_home_page_and_every_footer(client, home):
    url = reverse("how_we_moderate")
    assert f'href="{url}"' in client.get("/").content.decode()
    assert client.get(url).content.decode().count(f'href="{url}"') >= 1


def test_page__only_reads(client, story_index):
    assert client.post(reverse("how_we_moderate")).status_code == 405


def test_figures__readers_reports_and_how_they_were_decided(client, story_index):
    from stories.reports import decide_reports, report_story

    moderator = ModeratorFactory()
    kept = StoryPageFactory(title="Katering")
    taken_down = StoryPageFactory(title="Bukan cerita saya")
    report_story(story=kept, reason="misleading_income", details="Angkanya aneh")
    report_story(story=kept, reason="misleading_income")
    report_story(story=taken_down, reason="identity_misuse", email="sari@example.com")
    report_story(story=taken_down, reason="other", details="Ada yang janggal")
    decide_reports(story=kept, moderator=moderator, decision="dismiss", note="Angka didukung bukti")
    decide_reports(
        story=taken_down, moderator=moderator, decision="unpublish", note="Foto orang lain"
    )
    report_story(story=kept, reason="pyramid_or_illegal_investment")

    reports = moderation_figures().reports
    assert (reports.received, reports.dismissed, reports.rereviewed, reports.unpublished) == (
        5,
        2,
        0,
        2,
    )
    assert [(code, count) for code, _, count in reports.reasons][0] == ("misleading_income", 2)

    client.cookies["django_language"] = "en"
    page = client.get(reverse("how_we_moderate")).content.decode()
    assert "Readers&#x27; reports" in page or "Readers' reports" in page
    assert "Looks like a pyramid scheme or an illegal investment" in page
    assert "sari@example.com" not in page and "Foto orang lain" not in page
