"""Readers report stories; moderators decide in the admin's queue.

The form (limits, errors, the rate limit and its count), the queue (grouping, counts, order,
who sees it), each decision (dismiss; back to review, which keeps the reviewed version up with a
notice; unpublish, which takes it off the site and out of search), the audit log, the e-mails, and
20 reports sent at once.
"""

import threading

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from wagtail.models import PageLogEntry, WorkflowState

from search.query import StoryQuery
from search.services import search_stories
from stories.checklist import CHECKS
from stories.choices import ReportReason, ReportStatus
from stories.models import RefusedReportCount, StoryPage, StoryReport
from stories.notifications import EmailTopic
from stories.reports import DecisionRefused, decide_reports, report_story
from tests.factories import ModeratorFactory, StoryPageFactory, UserFactory

pytestmark = pytest.mark.django_db

REPORTER_EMAIL = "pelapor.rahasia@example.com"


@pytest.fixture
def teller(story_index):
    return UserFactory(display_name="Sari", email="sari@example.com", preferred_language="en")


@pytest.fixture
def story(teller):
    return StoryPageFactory(title="Warung kopi Sari", owner=teller)


@pytest.fixture
def moderator(story_index):
    return ModeratorFactory(email="moderator@example.com")


def report_url(story) -> str:
    return reverse("reports:story", args=(story.pk,))


def post_report(client, story, **data):
    return client.post(report_url(story), {"reason": "misleading_income", **data})


def fresh(story) -> StoryPage:
    return StoryPage.objects.get(pk=story.pk)


# --- The form ------------------------------------------------------------------------------


def test_story_page__report_link_below_the_summary(client, story):
    body = client.get(story.url).content.decode()
    summary = body.index(story.summary)
    link = body.index(report_url(story))
    assert summary < link < body.index("story__layout")


def test_form__anonymous_reader_reports__stored_and_logged(client, story):
    response = post_report(
        client, story, reason="private_information", details="Nomor HP saya.", email=REPORTER_EMAIL
    )
    assert response.status_code == 200
    assert "Thank you for your report" in response.content.decode()
    report = StoryReport.objects.get()
    assert (report.story_id, report.reason, report.details, report.email) == (
        story.pk,
        ReportReason.PRIVATE_INFORMATION,
        "Nomor HP saya.",
        REPORTER_EMAIL,
    )
    assert report.status == ReportStatus.OPEN and report.language == "en"
    entry = PageLogEntry.objects.get(page=story, action="terang.report.received")
    assert REPORTER_EMAIL not in str(entry.data)
    assert fresh(story).live  # a report changes nothing by itself


def test_form__every_reason_of_the_published_list_is_offered(client, story):
    body = client.get(report_url(story)).content.decode()
    for reason in ReportReason:
        assert f'value="{reason.value}"' in body
        assert str(reason.label) in body


@pytest.mark.parametrize(
    ("data", "field_error"),
    [
        ({"reason": "other", "details": "   "}, "Tell us what is wrong when you choose"),
        ({"reason": "no-such-reason"}, "Select a valid choice"),
        ({"reason": ""}, "Choose what is wrong with the story."),
        ({"details": "x" * 2001}, "at most 2000 characters"),
        ({"email": "bukan-alamat"}, "Enter a valid email address."),
        ({"email": "a" * 250 + "@example.com"}, "at most 254 characters"),
    ],
)
def test_form__bad_input__plain_error_keeps_what_was_typed(client, story, data, field_error):
    typed = {"details": "Kata-kata saya", "email": "saya@example.com", **data}
    response = client.post(report_url(story), {"reason": "misleading_income", **typed})
    body = response.content.decode()
    assert response.status_code == 200
    assert field_error in body
    kept = typed["details"] if len(typed["details"]) < 100 and typed["details"].strip() else None
    if kept:
        assert kept in body
    if "@" in typed["email"] and len(typed["email"]) < 100:
        assert typed["email"] in body
    assert not StoryReport.objects.exists()


def test_form__hostile_input__never_a_500(client, story):
    for data in (
        {"reason": ["other", "legal_request"], "details": ["a", "b"]},
        {"reason": "other", "details": "\x00", "email": "\x00@x.example"},
        {"reason": "other", "details": "<script>alert(1)</script>"},
        {},
    ):
        response = client.post(report_url(story), data)
        assert response.status_code < 500
    raw = b"reason=other&details=%ED%A0%80%FF%00&email=%FF"
    response = client.post(report_url(story), raw, content_type="application/x-www-form-urlencoded")
    assert response.status_code < 500
    assert not any("\x00" in report.details for report in StoryReport.objects.all())
    assert (
        "<script>alert(1)</script>"
        not in client.post(
            report_url(story),
            {"reason": "other", "details": "<script>alert(1)</script>", "email": "x"},
        ).content.decode()
    )


def test_form__unpublished_or_unknown_story__404(client, story):
    assert client.get(reverse("reports:story", args=(999999,))).status_code == 404
    story.unpublish()
    assert client.get(report_url(story)).status_code == 404
    assert post_report(client, story).status_code == 404
    assert not StoryReport.objects.exists()


def test_form__is_never_cached(client, story):
    response = client.get(report_url(story))
    assert "no-store" in response["Cache-Control"]


def test_rate_limit__refused_with_a_message__counted_not_queued(client, story):
    for _ in range(3):
        assert "Thank you" in post_report(client, story).content.decode()
    response = post_report(client, story, details="Laporan keempat", email="saya@example.com")
    body = response.content.decode()
    assert response.status_code == 429
    assert "You sent several reports in a short while" in body
    assert "Laporan keempat" in body and "saya@example.com" in body
    assert StoryReport.objects.filter(story=story).count() == 3
    assert RefusedReportCount.objects.get(story=story).count == 1
    post_report(client, story)
    assert RefusedReportCount.objects.get(story=story).count == 2
    assert StoryReport.objects.filter(story=story).count() == 3


def test_rate_limit__per_story__another_story_from_the_same_address_still_goes(client, story):
    other = StoryPageFactory(title="Toko kue")
    for _ in range(3):
        post_report(client, story)
    assert "Thank you" in post_report(client, other).content.decode()


def test_rate_limit__per_address_over_all_stories(client, story):
    stories = [StoryPageFactory(title=f"Toko {n}") for n in range(7)]
    sent = 0
    for target in stories:
        for _ in range(3):
            sent += post_report(client, target).status_code == 200
    assert sent == 20
    assert StoryReport.objects.count() == 20
    assert sum(RefusedReportCount.objects.values_list("count", flat=True)) == 1


def test_reporter_email__never_shown_publicly(client, story):
    post_report(client, story, email=REPORTER_EMAIL)
    for url in (story.url, report_url(story), "/", "/stories/", "/api/search/?q=kopi"):
        assert REPORTER_EMAIL not in client.get(url).content.decode(), url


# --- 20 reports at once --------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_reports_at_once__none_lost(story_index):
    story = StoryPageFactory(title="Kisah yang ramai dilaporkan")
    url = report_url(story)
    barrier = threading.Barrier(20)
    statuses = []

    def send(n):
        from django.db import connection

        client = Client(REMOTE_ADDR=f"10.0.0.{n + 1}")
        try:
            barrier.wait()
            response = client.post(url, {"reason": "other", "details": f"Laporan nomor {n}"})
            statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 20
    details = sorted(StoryReport.objects.filter(story=story).values_list("details", flat=True))
    assert details == sorted(f"Laporan nomor {n}" for n in range(20))
    assert PageLogEntry.objects.filter(page=story, action="terang.report.received").count() == 20


# --- The queue -----------------------------------------------------------------------------


def test_queue__grouped_per_story_with_counts__most_severe_reason_first_then_oldest(
    client, staff_login, moderator
):
    other = StoryPageFactory(title="Kisah A: lain-lain")
    income = StoryPageFactory(title="Kisah B: penghasilan")
    legal = StoryPageFactory(title="Kisah C: hukum")
    StoryPageFactory(title="Kisah D: tanpa laporan")
    report_story(story=other, reason="other", details="Aneh.")
    report_story(story=other, reason="other", details="Aneh juga.")
    report_story(story=income, reason="misleading_income")
    report_story(story=legal, reason="legal_request")
    report_story(story=legal, reason="misleading_income")
    decided = StoryPageFactory(title="Kisah E: sudah diputuskan")
    report_story(story=decided, reason="identity_misuse")
    decide_reports(story=decided, moderator=moderator, decision="dismiss", note="Bukan masalah.")

    staff_login(client, moderator)
    response = client.get(reverse("story_reports:index"))
    body = response.content.decode()
    assert response.status_code == 200
    positions = [body.index(title) for title in ("Kisah C", "Kisah B", "Kisah A")]
    assert positions == sorted(positions)
    assert "Kisah D" not in body and "Kisah E" not in body
    rows = body.split("<tr")
    legal_row = next(row for row in rows if "Kisah C" in row)
    assert ">2<" in legal_row.replace(" ", "").replace("\n", "")
    assert "A legal request: 1" in legal_row and "Misleading income claim: 1" in legal_row
    other_row = next(row for row in rows if "Kisah A" in row)
    assert "Other: 2" in other_row


def test_queue__oldest_first_within_a_severity(client, staff_login, moderator):
    first = StoryPageFactory(title="Kisah lama")
    second = StoryPageFactory(title="Kisah baru")
    report_story(story=first, reason="pyramid_or_illegal_investment")
    report_story(story=second, reason="pyramid_or_illegal_investment")
    staff_login(client, moderator)
    body = client.get(reverse("story_reports:index")).content.decode()
    assert body.index("Kisah lama") < body.index("Kisah baru")


def test_queue__shows_the_refused_count(client, staff_login, moderator, story):
    report_story(story=story, reason="other", details="Aneh.")
    RefusedReportCount.objects.create(story=story, count=7)
    staff_login(client, moderator)
    body = client.get(reverse("story_reports:decide", args=(story.pk,))).content.decode()
    assert "counted, not queued): 7" in body
    assert REPORTER_EMAIL not in body


def test_queue__in_the_admin_menu_for_moderators(client, staff_login, moderator):
    staff_login(client, moderator)
    assert (
        reverse("story_reports:index") in client.get(reverse("wagtailadmin_home")).content.decode()
    )


# --- Decisions -----------------------------------------------------------------------------


def decide(client, story, decision, note="Alasan moderator."):
    return client.post(
        reverse("story_reports:decide", args=(story.pk,)), {"decision": decision, "note": note}
    )


def test_dismiss__needs_a_reason__then_closes_every_open_report(
    client, staff_login, moderator, story, django_capture_on_commit_callbacks
):
    report_story(story=story, reason="other", details="Aneh.", email=REPORTER_EMAIL, language="id")
    report_story(story=story, reason="misleading_income")
    staff_login(client, moderator)
    response = decide(client, story, "dismiss", note="  ")
    assert response.status_code == 200
    assert "Give the reason for the decision." in response.content.decode()
    assert StoryReport.objects.filter(status=ReportStatus.OPEN).count() == 2

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = decide(client, story, "dismiss", note="Klaimnya sudah dibuktikan.")
    assert response.status_code == 302
    assert set(StoryReport.objects.values_list("status", "decided_by", "decision_note")) == {
        (ReportStatus.DISMISSED, moderator.pk, "Klaimnya sudah dibuktikan.")
    }
    assert StoryReport.objects.filter(decided_at=None).count() == 0
    story = fresh(story)
    assert story.live and not story.under_rereview
    entry = PageLogEntry.objects.get(page=story, action="terang.report.dismiss")
    assert entry.user == moderator and entry.data["note"] == "Klaimnya sudah dibuktikan."
    to_teller, to_reporter = sorted(mail.outbox, key=lambda m: m.to[0] != "sari@example.com")
    assert to_teller.to == ["sari@example.com"]
    assert "dismissed" in to_teller.subject
    assert "Klaimnya sudah dibuktikan." in to_teller.body
    assert "Misleading income claim" in to_teller.body and "Other" in to_teller.body
    assert "Klaimnya sudah dibuktikan." in to_teller.alternatives[0][0]
    assert REPORTER_EMAIL not in to_teller.body  # the storyteller never learns who reported
    assert to_reporter.to == [REPORTER_EMAIL]
    assert "Terima kasih" in to_reporter.body  # in the reporter's language
    assert "Klaimnya sudah dibuktikan." not in to_reporter.body


def test_dismiss__storyteller_who_muted_decisions__gets_no_mail(
    moderator, story, teller, django_capture_on_commit_callbacks
):
    teller.muted_email_topics = [EmailTopic.DECISIONS]
    teller.save()
    report_story(story=story, reason="other", details="Aneh.")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decide_reports(story=story, moderator=moderator, decision="dismiss", note="Tidak apa-apa.")
    assert mail.outbox == []


def test_history__every_step_shows_in_the_pages_history(client, staff_login, moderator, story):
    report_story(story=story, reason="identity_misuse")
    decide_reports(story=story, moderator=moderator, decision="dismiss", note="Sudah dicek.")
    staff_login(client, moderator)
    body = client.get(reverse("wagtailadmin_pages:history", args=(story.pk,))).content.decode()
    assert "A reader reported the story: Not my story / identity misuse" in body
    assert "1 report(s) dismissed (Not my story / identity misuse): Sudah dicek." in body


def test_rereview__story_stays_up_with_its_reviewed_version_and_a_notice(
    client, moderator, story, teller, django_capture_on_commit_callbacks
):
    live_revision = story.live_revision_id
    report_story(story=story, reason="misleading_income", email=REPORTER_EMAIL, language="en")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decide_reports(story=story, moderator=moderator, decision="rereview", note="Cek ulang.")
    story = fresh(story)
    assert story.live and story.live_revision_id == live_revision
    assert story.under_rereview
    body = client.get(story.url).content.decode()
    assert "Under re-review" in body
    assert body.index(story.summary) < body.index("Under re-review")
    state = WorkflowState.objects.for_instance(story).get()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.revision_id == story.latest_revision_id != live_revision
    assert state.current_task_state.revision.content["title"] == story.title
    assert PageLogEntry.objects.filter(page=story, action="terang.report.rereview").exists()
    subjects = sorted(message.subject for message in mail.outbox)
    assert len(subjects) == 2, subjects  # the storyteller's and the reporter's, no "in review" mail
    assert any("being reviewed again" in subject for subject in subjects)


def test_rereview__passes_the_workflow__notice_goes_and_the_new_review_is_live(
    client, moderator, story
):
    report_story(story=story, reason="misleading_income")
    decide_reports(story=story, moderator=moderator, decision="rereview", note="Cek ulang.")
    second = ModeratorFactory()
    checks = {check.code: "passed" for check in CHECKS}
    state = WorkflowState.objects.for_instance(story).get()
    # The moderator who sent it back may review it: they made no version of it.
    state.current_task_state.task.specific.on_action(
        state.current_task_state, moderator, "approve", checks=checks
    )
    state.refresh_from_db()
    state.current_task_state.task.specific.on_action(state.current_task_state, second, "approve")
    story = fresh(story)
    assert story.live and not story.under_rereview
    assert story.live_review().transparency.moderator == moderator
    assert "Under re-review" not in client.get(story.url).content.decode()


def test_rereview__pending_edit__reviewed_version_stays_live_and_the_edit_is_reviewed(
    moderator, story, teller
):
    live_revision = story.live_revision_id
    edit = story.get_latest_revision_as_object()
    edit.title = "Suntingan yang belum ditinjau"
    edit.save_revision(user=teller)
    report_story(story=story, reason="misleading_income")
    decide_reports(story=story, moderator=moderator, decision="rereview", note="Cek ulang.")
    story = fresh(story)
    assert story.live_revision_id == live_revision and story.title == "Warung kopi Sari"
    state = WorkflowState.objects.for_instance(story).get()
    assert state.current_task_state.revision.content["title"] == "Suntingan yang belum ditinjau"


def test_rereview__nothing_unreviewed_goes_live_when_the_review_is_declined(moderator, story):
    live_revision = story.live_revision_id
    report_story(story=story, reason="misleading_income")
    decide_reports(story=story, moderator=moderator, decision="rereview", note="Cek ulang.")
    state = WorkflowState.objects.for_instance(story).get()
    state.current_task_state.task.specific.on_action(
        state.current_task_state, moderator, "reject", reason="other", comment="Perbaiki."
    )
    story = fresh(story)
    assert story.live and story.live_revision_id == live_revision


def test_unpublish__only_for_identity_misuse_private_information_or_a_legal_request(
    client, staff_login, moderator, story
):
    report_story(story=story, reason="misleading_income")
    report_story(story=story, reason="other", details="Aneh.")
    staff_login(client, moderator)
    page = client.get(reverse("story_reports:decide", args=(story.pk,))).content.decode()
    assert 'value="unpublish"' not in page
    response = decide(client, story, "unpublish")
    assert response.status_code == 200
    assert fresh(story).live
    with pytest.raises(DecisionRefused):
        decide_reports(story=story, moderator=moderator, decision="unpublish", note="Turunkan.")
    assert StoryReport.objects.filter(status=ReportStatus.OPEN).count() == 2


@pytest.mark.parametrize("reason", ["identity_misuse", "private_information", "legal_request"])
def test_unpublish__takes_it_down_at_once_and_search_drops_it(
    client, staff_login, moderator, story, reason, settings, django_capture_on_commit_callbacks
):
    settings.SEARCH_URL = ""
    assert [hit.story.pk for hit in search_stories(StoryQuery(text="kopi")).hits] == [story.pk]
    report_story(story=story, reason=reason, email=REPORTER_EMAIL)
    staff_login(client, moderator)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = decide(client, story, "unpublish", note="Data pribadi dimuat.")
    assert response.status_code == 302
    assert not fresh(story).live
    assert client.get(story.url).status_code == 404
    assert search_stories(StoryQuery(text="kopi")).count == 0
    assert PageLogEntry.objects.filter(page=story, action="terang.report.unpublish").exists()
    assert PageLogEntry.objects.filter(page=story, action="wagtail.unpublish").exists()
    subjects = sorted(message.subject for message in mail.outbox)
    assert len(subjects) == 2, subjects  # no second "withdrawn" mail to the storyteller
    assert any("taken off the site after a report" in subject for subject in subjects)
    assert StoryReport.objects.get().status == ReportStatus.UNPUBLISHED


def test_unpublish__cancels_a_review_in_progress(moderator, story, teller):
    edit = story.get_latest_revision_as_object()
    edit.title = "Suntingan"
    edit.save_revision(user=teller)
    story.get_workflow().start(fresh(story), teller)
    report_story(story=story, reason="legal_request")
    decide_reports(story=story, moderator=moderator, decision="unpublish", note="Perintah hukum.")
    assert not fresh(story).live
    assert not WorkflowState.objects.for_instance(story).active().exists()


def test_decision__no_open_report__refused(moderator, story):
    with pytest.raises(DecisionRefused):
        decide_reports(story=story, moderator=moderator, decision="dismiss", note="Tidak ada.")


def test_decision__reports_arriving_later_stay_open(moderator, story):
    report_story(story=story, reason="other", details="Pertama.")
    decide_reports(story=story, moderator=moderator, decision="dismiss", note="Bukan masalah.")
    report_story(story=story, reason="other", details="Kedua.")
    assert StoryReport.objects.get(status=ReportStatus.OPEN).details == "Kedua."


# --- In Indonesian, and in the demo ----------------------------------------------------------


def test_form__in_indonesian(client, story):
    client.cookies["django_language"] = "id"
    body = client.get(report_url(story)).content.decode()
    assert "Laporkan cerita" in body and "Bukan cerita saya / penyalahgunaan identitas" in body
    body = client.post(report_url(story), {"reason": "other"}).content.decode()
    assert "Jelaskan apa yang salah jika Anda memilih “Lainnya”." in body
    post_report(client, story)
    assert StoryReport.objects.get().language == "id"
    assert "Laporkan cerita ini" in client.get(story.url).content.decode()


def test_demo__queue_shows_a_story_with_open_reports(client, staff_login, moderator):
    from demo.loader import load_demo
    from demo.moderation import ensure_reports

    load_demo()
    ensure_reports()  # what a second run does: no report is sent again
    reported = StoryPage.objects.get(external_id="dewi-reseller-skincare-tanpa-stok")
    assert reported.reports.filter(status=ReportStatus.OPEN).count() == 2
    assert StoryReport.objects.count() == 2
    staff_login(client, moderator)
    body = client.get(reverse("story_reports:index")).content.decode()
    assert reported.title in body
