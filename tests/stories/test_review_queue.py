"""The admin's review queue, its one screen per story, taking a story (the page lock) and the bulk
actions: against the real workflow and the real database."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.models import PageLogEntry, WorkflowState
from wagtail.users.models import UserProfile

from community.models import RequestLink
from stories.checklist import CHECKS
from stories.choices import ReviewOutcome, ReviewReason, Verification
from stories.models import ReviewDecision, ScanFeedback, StoryPage
from stories.reports import report_story
from stories.review_locks import take
from stories.review_screen import shown_parts
from tests.factories import ModeratorFactory, OrganizationFactory, StoryPageFactory, UserFactory

pytestmark = pytest.mark.django_db

CHECKLIST = {f"approve-check_{check.code}": "passed" for check in CHECKS}
FLAGGED = "Ikut paket ini pasti untung, dijamin balik modal dalam 30 hari <b>sekarang</b>."


@pytest.fixture
def member():
    return UserFactory(email="sari@example.com")


@pytest.fixture
def moderator():
    return ModeratorFactory(username="rina", first_name="Rina")


@pytest.fixture
def second_moderator():
    return ModeratorFactory(username="budi", first_name="Budi")


@pytest.fixture
def submit(story_index, member, django_capture_on_commit_callbacks):
    def submit_story(title="Kisah Sari", *, days_ago=0, summary=None, **fields):
        story = StoryPageFactory(
            title=title,
            owner=member,
            verification=Verification.UNREVIEWED,
            reviewed_at=None,
            **({"summary": summary} if summary else {}),
            **fields,
        )
        story.unpublish()
        story.save_revision(user=member)
        with django_capture_on_commit_callbacks(execute=True):
            state = story.get_workflow().start(story, member)
        if days_ago:
            WorkflowState.objects.filter(pk=state.pk).update(
                created_at=timezone.now() - dt.timedelta(days=days_ago)
            )
        return StoryPage.objects.get(pk=story.pk)

    return submit_story


def queue_titles(client, **params) -> list[str]:
    response = client.get(reverse("review_queue:index"), params)
    assert response.status_code == 200
    return [story.title for story in response.context["object_list"]]


def screen(pk) -> str:
    return reverse("review_queue:story", args=(pk,))


def take_on_screen(client, story):
    return client.post(screen(story.pk), {"action": "take"})


def decide(client, story, name, data, django_capture_on_commit_callbacks):
    state = StoryPage.objects.get(pk=story.pk).current_workflow_task_state
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(screen(story.pk), {"action": name, "task_state": state.pk, **data})


# --- The queue -----------------------------------------------------------------------------


def test_queue__lists_waiting_stories_oldest_first_with_overdue_marked(
    client, submit, moderator, staff_login, settings
):
    settings.TERANG_REVIEW_OVERDUE_DAYS = 2
    submit("Baru saja", days_ago=0)
    submit("Lima hari menunggu", days_ago=5)
    StoryPageFactory(title="Sudah terbit")
    staff_login(client, moderator)
    assert queue_titles(client) == ["Lima hari menunggu", "Baru saja"]
    assert queue_titles(client, ordering="-submitted_at") == ["Baru saja", "Lima hari menunggu"]
    body = client.get(reverse("review_queue:index")).content.decode()
    assert body.count("review-age--overdue") == 1
    assert "Overdue" in body
    assert queue_titles(client, overdue="true") == ["Lima hari menunggu"]


def test_queue__the_moderators_own_work_comes_first(
    client, submit, moderator, second_moderator, staff_login
):
    submit("Tertua, diambil Budi", days_ago=9)
    submit("Tua", days_ago=6)
    mine = submit("Terbaru, diambil Rina", days_ago=1)
    take(StoryPage.objects.get(title="Tertua, diambil Budi"), second_moderator)
    take(mine, moderator)
    staff_login(client, moderator)
    assert queue_titles(client) == ["Terbaru, diambil Rina", "Tua", "Tertua, diambil Budi"]
    assert "Budi" in client.get(reverse("review_queue:index")).content.decode()


def test_queue__filters(client, submit, moderator, staff_login, django_capture_on_commit_callbacks):
    from community.models import Organization

    organization = Organization.objects.create(name="PT Maju Bersama", verified=False)
    submit("Cerita bahasa Inggris", language="en", industries=["technology"])
    submit("Cerita bendera", summary=FLAGGED, organization=organization)
    plain = submit("Cerita biasa")
    staff_login(client, moderator)
    assert queue_titles(client, language="en") == ["Cerita bahasa Inggris"]
    industry = plain.industries.get()
    assert set(queue_titles(client, industry=industry.pk)) == {"Cerita bendera", "Cerita biasa"}
    assert queue_titles(client, flag="guaranteed_income") == ["Cerita bendera"]
    assert queue_titles(client, organization=organization.pk) == ["Cerita bendera"]
    assert set(queue_titles(client, tier="new")) == {
        "Cerita bahasa Inggris",
        "Cerita bendera",
        "Cerita biasa",
    }
    assert queue_titles(client, tier="verified") == []


def test_queue__flag_filter_follows_an_edit_after_submission(
    client, submit, moderator, staff_login
):
    story = submit("Cerita bendera", summary=FLAGGED)
    submit("Cerita biasa")
    staff_login(client, moderator)
    assert queue_titles(client, flag="guaranteed_income") == ["Cerita bendera"]

    story.summary = "Penjualan naik pelan-pelan setelah dua tahun berjualan di pasar."
    story.save_revision(user=story.owner)
    assert queue_titles(client, flag="guaranteed_income") == []

    story.summary = FLAGGED
    story.save_revision(user=story.owner)
    assert queue_titles(client, flag="guaranteed_income") == ["Cerita bendera"]


def test_queue__flag_filter_reads_the_scan_stored_with_the_revision(
    client, submit, moderator, staff_login
):
    from stories.models import StoryScan, StoryScanFlag

    story = submit("Cerita biasa")
    scan = StoryScan.objects.get(revision=story.latest_revision)
    assert scan.codes == []
    # A stored finding is what the filter reads: the text itself is not scanned again.
    StoryScanFlag.objects.create(scan=scan, code="upfront_fee")
    staff_login(client, moderator)
    assert queue_titles(client, flag="upfront_fee") == ["Cerita biasa"]


def test_queue__flag_filter_scans_a_revision_stored_without_a_scan_or_by_an_older_scanner(
    client, submit, moderator, staff_login
):
    from stories.models import StoryScan, StoryScanFlag

    missing = submit("Tanpa pindaian", summary=FLAGGED)
    StoryScan.objects.filter(revision=missing.latest_revision).delete()
    older = submit("Pindaian lama", summary=FLAGGED)
    scan = StoryScan.objects.get(revision=older.latest_revision)
    scan.flags.all().delete()
    StoryScanFlag.objects.create(scan=scan, code="upfront_fee")
    StoryScan.objects.filter(pk=scan.pk).update(scanner="an older scanner")
    staff_login(client, moderator)
    assert set(queue_titles(client, flag="guaranteed_income")) == {
        "Tanpa pindaian",
        "Pindaian lama",
    }
    assert queue_titles(client, flag="upfront_fee") == []
    assert "guaranteed_income" in StoryScan.objects.get(revision=missing.latest_revision).codes


def test_queue__reports_and_due_rereviews(
    client, story_index, moderator, staff_login, django_capture_on_commit_callbacks
):
    from stories.renewal import start_rereview

    reported = StoryPageFactory(title="Dilaporkan", reviewed_at=dt.date(2020, 1, 1))
    report_story(story=reported, reason="other", details="Aneh.", email="")
    due = StoryPageFactory(title="Jatuh tempo", reviewed_at=dt.date(2020, 1, 1))
    with django_capture_on_commit_callbacks(execute=True):
        start_rereview(reported, moderator=moderator)
        start_rereview(due, moderator=moderator)
    staff_login(client, moderator)
    assert set(queue_titles(client, rereview="true")) == {"Dilaporkan", "Jatuh tempo"}
    assert queue_titles(client, reports="true") == ["Dilaporkan"]
    assert queue_titles(client, reports="false") == ["Jatuh tempo"]
    assert set(queue_titles(client, tier="verified")) == {"Dilaporkan", "Jatuh tempo"}


def test_queue__bad_filter_values__no_error(client, submit, moderator, staff_login):
    submit("Kisah")
    staff_login(client, moderator)
    for params in ({"industry": "abc"}, {"flag": "nope"}, {"tier": "x"}, {"ordering": "pk"}):
        response = client.get(reverse("review_queue:index"), params)
        assert response.status_code == 200


# --- Bulk actions --------------------------------------------------------------------------


def bulk_url(action, stories):
    ids = "&".join(f"id={story.pk}" for story in stories)
    return reverse("wagtail_bulk_action", args=("stories", "storypage", action)) + "?" + ids


def test_bulk__request_changes_for_several__each_through_its_task_and_logged(
    client, submit, moderator, staff_login, django_capture_on_commit_callbacks
):
    stories = [submit("Satu"), submit("Dua")]
    staff_login(client, moderator)
    page = client.get(bulk_url("review_request_changes", stories))
    assert page.status_code == 200
    assert "Satu" in page.content.decode() and "Dua" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            bulk_url("review_request_changes", stories),
            {"reason": ReviewReason.INCOME_WITHOUT_EVIDENCE, "comment": "Tambahkan buktinya."},
        )
    assert response.status_code == 302
    for story in stories:
        state = WorkflowState.objects.for_instance(story).get()
        assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
        decision = ReviewDecision.objects.get(story=story)
        assert decision.outcome == ReviewOutcome.CHANGES_REQUESTED
        assert decision.moderator == moderator
        assert decision.comment == "Tambahkan buktinya."
        assert PageLogEntry.objects.filter(
            page=story, action="terang.review.changes_requested"
        ).exists()


def test_bulk__reject__cancels_each_workflow(
    client, submit, moderator, staff_login, django_capture_on_commit_callbacks
):
    stories = [submit("Satu"), submit("Dua")]
    staff_login(client, moderator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            bulk_url("review_reject", stories),
            {"reason": ReviewReason.GUARANTEED_RETURNS, "comment": "Menjanjikan untung pasti."},
        )
    for story in stories:
        assert WorkflowState.objects.for_instance(story).get().status == "cancelled"
        assert ReviewDecision.objects.get(story=story).outcome == ReviewOutcome.REJECTED


def test_bulk__needs_a_reason_and_a_comment__nothing_changes(
    client, submit, moderator, staff_login
):
    story = submit("Satu")
    staff_login(client, moderator)
    response = client.post(
        bulk_url("review_request_changes", [story]), {"reason": "", "comment": ""}
    )
    assert response.status_code == 200
    assert not ReviewDecision.objects.exists()


def test_bulk__never_approves(client, submit, moderator, staff_login):
    story = submit("Satu")
    actions = {
        a.action_type
        for a in bulk_action_registry.get_bulk_actions_for_model("stories", "storypage")
    }
    assert actions == {"review_request_changes", "review_reject"}
    staff_login(client, moderator)
    for action in ("approve", "review_approve", "publish"):
        response = client.post(bulk_url(action, [story]), CHECKLIST)
        assert response.status_code == 404
    state = WorkflowState.objects.for_instance(story).get()
    assert state.current_task_state.task.name == "Transparency review"
    assert not ReviewDecision.objects.exists()


def test_bulk__leaves_out_a_story_taken_by_another_moderator_and_the_own_story(
    client, submit, moderator, second_moderator, staff_login, django_capture_on_commit_callbacks
):
    free, taken = submit("Bebas"), submit("Diambil")
    own = StoryPageFactory(owner=moderator, verification="", reviewed_at=None, title="Milik Rina")
    own.save_revision(user=moderator)
    own.get_workflow().start(own, moderator)
    take(taken, second_moderator)
    staff_login(client, moderator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            bulk_url("review_reject", [free, taken, own]),
            {"reason": ReviewReason.GUARANTEED_RETURNS, "comment": "Tidak bisa diterbitkan."},
        )
    assert list(ReviewDecision.objects.values_list("story__title", flat=True)) == ["Bebas"]


def test_bulk__a_member__refused(client, submit, member):
    story = submit("Satu")
    client.force_login(UserFactory())
    response = client.post(
        bulk_url("review_reject", [story]),
        {"reason": ReviewReason.GUARANTEED_RETURNS, "comment": "x"},
    )
    assert response.status_code in (302, 403)
    assert not ReviewDecision.objects.exists()


# --- Taking a story (the page lock) --------------------------------------------------------


def test_take__locks_with_wagtails_page_lock_and_logs_it(client, submit, moderator, staff_login):
    story = submit("Kisah")
    staff_login(client, moderator)
    response = take_on_screen(client, story)
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.locked and story.locked_by == moderator
    assert PageLogEntry.objects.filter(page=story, action="wagtail.lock", user=moderator).exists()


def test_take__a_second_moderator_cannot_take_or_decide(
    client,
    submit,
    moderator,
    second_moderator,
    staff_login,
    act,
    django_capture_on_commit_callbacks,
):
    story = submit("Kisah")
    take(story, moderator)
    staff_login(client, second_moderator)
    take_on_screen(client, story)
    story.refresh_from_db()
    assert story.locked_by == moderator
    body = client.get(screen(story.pk)).content.decode()
    assert "Rina took this story" in body
    assert 'value="approve"' in body and "Complete the checklist and approve</button>" not in body
    # Neither on the screen nor through Wagtail's own workflow action.
    decide(client, story, "approve", CHECKLIST, django_capture_on_commit_callbacks)
    response = act(client, story, "approve", {k.split("-", 1)[1]: v for k, v in CHECKLIST.items()})
    assert response.status_code in (302, 403)
    decide(
        client,
        story,
        "changes",
        {"changes-reason": ReviewReason.INCOME_WITHOUT_EVIDENCE, "changes-comment": "x"},
        django_capture_on_commit_callbacks,
    )
    assert not ReviewDecision.objects.exists()
    state = WorkflowState.objects.for_instance(story).get()
    assert state.current_task_state.task.name == "Transparency review"


def test_take__release_lets_another_take_it(
    client, submit, moderator, second_moderator, staff_login
):
    story = submit("Kisah")
    staff_login(client, moderator)
    take_on_screen(client, story)
    client.post(screen(story.pk), {"action": "release"})
    story.refresh_from_db()
    assert not story.locked
    assert take(story, second_moderator)


# --- The one screen ------------------------------------------------------------------------


def test_screen__flags_marked_in_place_escaped_and_beside_their_checks(
    client, submit, moderator, staff_login
):
    story = submit("Kisah", summary=FLAGGED)
    staff_login(client, moderator)
    with override("en"):
        body = client.get(screen(story.pk)).content.decode()
    assert 'id="flag-1"' in body
    assert "<mark" in body and "pasti untung" in body
    assert "&lt;b&gt;sekarang&lt;/b&gt;" in body and "<b>sekarang</b>" not in body
    # Human wording in the admin's language, the code as a secondary label, the guide linked.
    assert "Guaranteed income" in body
    assert '<code class="review-code">guaranteed_income</code>' in body
    assert "/learn/reading-an-income-claim/" in body
    assert "No honest business can promise certain or risk-free income" in body


def test_screen__shows_the_scan_stored_with_the_revision_under_review(
    client, submit, moderator, staff_login
):
    from stories.models import StoryScan

    story = submit("Kisah", summary=FLAGGED)
    scan = StoryScan.objects.get(revision=story.latest_revision)
    stored = sorted(scan.codes)
    assert "guaranteed_income" in stored
    # What the screen marks is what was stored for this revision, not a new scan of its text.
    scan.flags.filter(code="guaranteed_income").delete()
    staff_login(client, moderator)
    response = client.get(screen(story.pk))
    shown = sorted({flag.code for flag in response.context["flags"]})
    assert shown == [code for code in stored if code != "guaranteed_income"]
    for flag in response.context["flags"]:
        part = response.context["parts"][flag.part]
        assert part.text[flag.start : flag.end] == flag.match


def test_screen__a_revision_without_a_fitting_scan__scanned_now_and_stored(
    client, submit, moderator, staff_login
):
    from stories.models import StoryScan

    missing = submit("Tanpa pindaian", summary=FLAGGED)
    StoryScan.objects.filter(revision=missing.latest_revision).delete()
    older = submit("Pindaian lama", summary=FLAGGED)
    scan = StoryScan.objects.get(revision=older.latest_revision)
    scan.flags.filter(code="guaranteed_income").delete()
    StoryScan.objects.filter(pk=scan.pk).update(scanner="an older scanner")
    staff_login(client, moderator)
    for story in (missing, older):
        response = client.get(screen(story.pk))
        assert "guaranteed_income" in {flag.code for flag in response.context["flags"]}
        assert "guaranteed_income" in StoryScan.objects.get(revision=story.latest_revision).codes


def test_screen__in_indonesian__explanations_and_guides_in_indonesian(
    client, submit, moderator, staff_login
):
    story = submit("Kisah", summary=FLAGGED, language="id")
    moderator.wagtail_userprofile.preferred_language = "id"
    moderator.wagtail_userprofile.save()
    staff_login(client, moderator)
    body = client.get(screen(story.pk), HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "Tidak ada usaha jujur yang bisa menjanjikan penghasilan pasti" in body
    assert "/learn/membaca-klaim-penghasilan/" in body


def test_screen__two_steps_by_two_moderators_then_published_and_next_story(
    client, submit, moderator, second_moderator, staff_login, django_capture_on_commit_callbacks
):
    first = submit("Pertama", days_ago=3)
    second = submit("Kedua", days_ago=1)
    staff_login(client, moderator)
    take_on_screen(client, first)
    response = decide(client, first, "approve", CHECKLIST, django_capture_on_commit_callbacks)
    # The next story in the queue, for Rina: the other one (the first waits for someone else).
    assert response.status_code == 302
    assert response["Location"] == screen(second.pk)
    first.refresh_from_db()
    assert not first.locked
    state = WorkflowState.objects.for_instance(first).get(status="in_progress")
    assert state.current_task_state.task.name == "Editorial approval"
    # Rina completed the checklist: the editorial approval is not hers.
    take_on_screen(client, first)
    assert not StoryPage.objects.get(pk=first.pk).locked

    client.logout()
    staff_login(client, second_moderator)
    body = client.get(screen(first.pk)).content.decode()
    assert "Transparency review by" in body and "Take this story" in body
    take_on_screen(client, first)
    decide(
        client,
        first,
        "approve",
        {"approve-comment": "Terima kasih."},
        django_capture_on_commit_callbacks,
    )
    first.refresh_from_db()
    assert first.live
    assert first.verification == Verification.VERIFIED


def test_screen__incomplete_checklist__refused_with_the_form_and_nothing_moves(
    client, submit, moderator, staff_login, django_capture_on_commit_callbacks
):
    story = submit("Kisah")
    staff_login(client, moderator)
    take_on_screen(client, story)
    partial = dict(CHECKLIST)
    partial.pop("approve-check_identity")
    response = decide(client, story, "approve", partial, django_capture_on_commit_callbacks)
    assert response.status_code == 400
    assert not ReviewDecision.objects.exists()


def test_screen__request_changes_and_reject_through_the_task(
    client, submit, moderator, staff_login, django_capture_on_commit_callbacks
):
    back, out = submit("Kembali"), submit("Ditolak")
    staff_login(client, moderator)
    take_on_screen(client, back)
    decide(
        client,
        back,
        "changes",
        {"changes-reason": ReviewReason.INCOME_WITHOUT_EVIDENCE, "changes-comment": "Bukti?"},
        django_capture_on_commit_callbacks,
    )
    take_on_screen(client, out)
    decide(
        client,
        out,
        "reject",
        {"reject-reason": ReviewReason.GUARANTEED_RETURNS, "reject-comment": "Tidak."},
        django_capture_on_commit_callbacks,
    )
    assert WorkflowState.objects.for_instance(back).get().status == "needs_changes"
    assert WorkflowState.objects.for_instance(out).get().status == "cancelled"


def test_screen__stale_task_state__nothing_changes(
    client, submit, moderator, staff_login, django_capture_on_commit_callbacks
):
    story = submit("Kisah")
    staff_login(client, moderator)
    take_on_screen(client, story)
    response = client.post(screen(story.pk), {"action": "approve", "task_state": "0", **CHECKLIST})
    assert response.status_code == 302
    assert not ReviewDecision.objects.exists()


def test_screen__mark_a_flag_wrong_and_add_a_missed_one(client, submit, moderator, staff_login):
    story = submit("Kisah", summary=FLAGGED)
    staff_login(client, moderator)
    parts = shown_parts(story.get_latest_revision_as_object())
    flag = next(flag for part in parts for flag in part.flags)
    client.post(
        screen(story.pk),
        {
            "action": "correction",
            "verdict": "wrong",
            "code": flag.code,
            "part": flag.part,
            "start": flag.start,
            "end": flag.end,
            "reason": "Kutipan orang lain.",
        },
    )
    summary_part = parts[flag.part]
    client.post(
        screen(story.pk),
        {
            "action": "correction",
            "verdict": "missed",
            "code": "upfront_fee",
            "part": summary_part.index,
            "phrase": "Ikut paket ini",
            "reason": "Wajib beli paket.",
        },
    )
    wrong = ScanFeedback.objects.get(verdict="wrong")
    assert wrong.phrase == flag.match and wrong.moderator == moderator
    assert wrong.passage[wrong.start : wrong.end] == flag.match
    missed = ScanFeedback.objects.get(verdict="missed")
    assert missed.phrase == "Ikut paket ini" and missed.code == "upfront_fee"
    # Words that are not in the story are refused with a message, and nothing is stored.
    response = client.post(
        screen(story.pk),
        {
            "action": "correction",
            "verdict": "missed",
            "code": "upfront_fee",
            "part": summary_part.index,
            "phrase": "tidak ada di cerita",
            "reason": "x",
        },
    )
    assert response.status_code == 400
    assert ScanFeedback.objects.count() == 2


def test_screen__unknown_story__404(client, story_index, moderator, staff_login):
    staff_login(client, moderator)
    assert client.get(screen(999999)).status_code == 404


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Invited by PT Kasir Jujur via a request link"),
        ("id", "Diundang oleh PT Kasir Jujur lewat tautan permintaan"),
    ],
)
def test_screen__story_from_a_request_link__names_the_inviting_organisation(
    client, submit, moderator, staff_login, language, expected
):
    organization = OrganizationFactory(name="PT Kasir Jujur", slug="kasir-jujur", verified=True)
    link = RequestLink.objects.create(organization=organization, message="Ceritakan.")
    invited = submit("Kisah diundang", organization=organization, request_link=link)
    plain = submit("Kisah biasa", organization=organization)
    profile = UserProfile.get_for_user(moderator)
    profile.preferred_language = language
    profile.save()
    staff_login(client, moderator)

    body = client.get(screen(invited.pk)).content.decode()
    assert body.count(expected) == 2  # in the status line and beside the material-connection check
    assert "Kasir Jujur via" not in client.get(screen(plain.pk)).content.decode()
    assert "Kasir Jujur lewat" not in client.get(screen(plain.pk)).content.decode()
