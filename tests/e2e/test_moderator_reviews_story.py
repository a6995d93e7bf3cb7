import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from playwright.sync_api import expect
from wagtail.models import WorkflowState

from community.services import ClaimDraft, StoryDraft, story_save_draft, story_submit
from stories.checklist import CHECKS
from stories.choices import CheckResult, ReviewOutcome, ReviewReason, StoryStatus, Verification
from stories.models import Industry, ReviewDecision, StoryPage
from tests.e2e.harness import DESKTOP, PHONE, translated
from tests.factories import ModeratorFactory, UserFactory, give_authenticator_app, totp_code

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "correct-horse-battery"
TITLE = "Katering sehat Bu Dewi untuk kantor di Bandung"
CLAIM = "Rata-rata Rp 4 juta per bulan sepanjang 2025."
EVIDENCE_NOTE = "Buku kas dan mutasi rekening Januari sampai Desember 2025"
COMMENT = "Tolong jelaskan bukti untuk klaim penghasilan, misalnya buku kas atau rekening koran."


def _submitted_story(member) -> StoryPage:
    draft = StoryDraft(
        title=TITLE,
        subject_kind="person",
        subject_name="Dewi Lestari",
        language="id",
        summary="Bu Dewi memasak makan siang sehat untuk tiga kantor di Bandung.",
        industries=(Industry.objects.get(slug="food-beverage"),),
        sections={
            "background": "Saya mulai memasak untuk tetangga pada 2022.",
            "actions": "Saya menawarkan menu mingguan ke kantor di dekat rumah.",
            "results": "Sekarang tiga kantor memesan setiap hari kerja.",
        },
        product_or_service="Katering makan siang",
        no_material_connection=True,
        agree_to_publish=True,
        claims=(ClaimDraft(kind="income", statement=CLAIM),),
    )
    story = story_save_draft(member=member, story=None, data=draft)
    return story_submit(member=member, story=story)


def _path_in_mail(address: str, text: str) -> str:
    """The site path of the link in the newest e-mail to ``address`` that mentions ``text``."""
    messages = [m for m in mail.outbox if address in m.to and text in m.body]
    assert messages, [(m.to, m.subject) for m in mail.outbox]
    match = re.search(r"https?://[^/\s]+(/\S*)", messages[-1].body)
    assert match, messages[-1].body
    return match.group(1)


def _awaiting_review(moderator):
    moderator.goto("/admin/")
    row = (
        moderator.get_by_role("region", name="Awaiting your review")
        .get_by_role("row")
        .filter(has_text=TITLE)
    )
    expect(row).to_have_count(1)
    return row


def _row_action(moderator, name: str, *, role: str = "button"):
    """Take ``name`` from the story's Actions menu in "Awaiting your review" on the dashboard."""
    row = _awaiting_review(moderator)
    row.get_by_role("button", name="Actions").click()
    row.get_by_role(role, name=name, exact=True).click()


def _row_action_dialog(moderator, name: str):
    _row_action(moderator, name)
    dialog = moderator.get_by_role("dialog")
    expect(dialog.locator("form")).to_be_visible()
    return dialog


def _answer_checklist(dialog, answers: dict[str, str]) -> None:
    for check in CHECKS:
        expect(dialog.get_by_text(str(check.label)).first).to_be_visible()
        result = answers.get(check.code, CheckResult.PASSED)
        dialog.locator(f"input[name=check_{check.code}][value={result}]").check()


def _moderator(username: str, **kwargs):
    """A moderator with a verified address and an authenticator app (secret STAFF_TOTP_SECRET)."""
    user = ModeratorFactory(username=username, **kwargs)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    give_authenticator_app(user)
    return user


def _admin_login(journey, username: str):
    """The admin's login address leads to the site's one login form (by username), then to the
    two-factor step, where the moderator types the code their authenticator app shows."""
    moderator = journey.person(viewport=DESKTOP, locale="en-US")
    moderator.goto("/admin/login/")
    expect(moderator).to_have_url(re.compile(r"/accounts/login/\?next=%2Fadmin%2F$"))
    journey.checkpoint(moderator, f"admin login ({username})")
    moderator.locator("input[name=login]").fill(username)
    moderator.locator("input[name=password]").fill(PASSWORD)
    moderator.locator("main form").get_by_role("button").click()
    expect(moderator).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
    journey.checkpoint(moderator, f"two-factor code ({username})")
    moderator.locator("input[name=code]").fill(totp_code())
    moderator.get_by_role("button", name=translated("en", "Continue")).click()
    expect(moderator).to_have_url(re.compile(r"/admin/$"))
    return moderator


def test_moderator_requests_changes_member_resubmits_moderator_approves(journey):
    en = "en"
    member_user = UserFactory(email="dewi@example.com", display_name="Dewi Lestari")
    EmailAddress.objects.create(
        user=member_user, email=member_user.email, verified=True, primary=True
    )
    _moderator("moderator-rina", first_name="Rina")
    _moderator("moderator-budi", first_name="Budi")
    story = _submitted_story(member_user)
    mail.outbox.clear()

    moderator = _admin_login(journey, "moderator-rina")
    expect(moderator.get_by_role("region", name="Awaiting your review")).to_contain_text(TITLE)
    journey.checkpoint(moderator, "admin dashboard", public=False)

    _awaiting_review(moderator).get_by_role("link", name=TITLE).click()
    expect(moderator).to_have_url(re.compile(rf"/admin/pages/{story.pk}/edit/$"))
    expect(moderator.locator("#id_summary")).to_have_value(story.summary)
    journey.checkpoint(moderator, "story opened in the editor", public=False)

    dialog = _row_action_dialog(moderator, "Complete the checklist and approve")
    expect(dialog).to_contain_text(CLAIM)
    _answer_checklist(dialog, {"income_claims": CheckResult.FAILED})
    dialog.get_by_role("button", name="Complete the checklist and approve").click()
    expect(dialog).to_contain_text("cannot be approved")
    journey.checkpoint(moderator, "checklist: a failed check cannot be approved", public=False)
    dialog.get_by_role("button", name="Close").click()
    expect(dialog).to_be_hidden()
    assert not ReviewDecision.objects.filter(story=story).exists()

    dialog = _row_action_dialog(moderator, "Request changes")
    dialog.locator("select[name=reason]").select_option(ReviewReason.INCOME_WITHOUT_EVIDENCE.value)
    dialog.locator("textarea[name=comment]").fill(COMMENT)
    journey.checkpoint(moderator, "request changes with a coded reason", public=False)
    dialog.get_by_role("button", name="Request changes").click()
    expect(dialog).to_be_hidden()
    expect(moderator).to_have_url(re.compile(r"/admin/$"))
    expect(moderator.get_by_role("link", name=TITLE)).to_have_count(0)
    journey.checkpoint(moderator, "changes requested", public=False)

    decision = ReviewDecision.objects.get(story=story)
    assert decision.outcome == ReviewOutcome.CHANGES_REQUESTED
    assert decision.reason == ReviewReason.INCOME_WITHOUT_EVIDENCE
    assert decision.comment == COMMENT
    state = WorkflowState.objects.for_instance(story).get()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES

    member = journey.person(viewport=PHONE, locale="en-US")
    reason_in_mail = translated(member_user.preferred_language, decision.get_reason_display())
    member.goto(_path_in_mail(member_user.email, reason_in_mail))
    expect(member).to_have_url(re.compile(r"/accounts/login/"))
    member.locator("input[name=login]").fill(member_user.email)
    member.locator("input[name=password]").fill(PASSWORD)
    member.locator("main form").get_by_role("button").click()
    expect(member).to_have_url(re.compile(r"/me/$"))
    card = member.locator(f"#story-{story.pk}")
    expect(card.locator(".status")).to_have_text(
        translated(en, StoryStatus.CHANGES_REQUESTED.label)
    )
    expect(card).to_contain_text(translated(en, ReviewReason.INCOME_WITHOUT_EVIDENCE.label))
    expect(card).to_contain_text(COMMENT)
    journey.checkpoint(member, "member sees the reason")

    card.get_by_role("link", name=translated(en, "Edit and submit")).click()
    expect(member).to_have_url(re.compile(rf"/submit/{story.pk}/$"))
    steps = member.get_by_role("navigation", name=translated(en, "Steps of the form"))
    steps.get_by_role("link", name=translated(en, "Claims and evidence")).click()
    expect(member).to_have_url(re.compile(rf"/submit/{story.pk}/claims/$"))
    claim = member.locator("#claim-1")
    claim.get_by_label(re.compile("^" + translated(en, "What backs it"))).fill(EVIDENCE_NOTE)
    journey.checkpoint(member, "member adds the evidence")
    member.get_by_role("button", name=translated(en, "Save and continue")).click()
    expect(member).to_have_url(re.compile(rf"/submit/{story.pk}/images/$"))
    steps.get_by_role("link", name=translated(en, "Check and submit")).click()
    expect(member).to_have_url(re.compile(rf"/submit/{story.pk}/check/$"))
    member.get_by_role("button", name=translated(en, "Submit for review")).click()
    expect(member.locator(".message").first).to_be_visible()
    journey.checkpoint(member, "member resubmits")

    _row_action(moderator, "Compare with previous version", role="link")
    expect(moderator.locator("main")).to_contain_text(EVIDENCE_NOTE)
    journey.checkpoint(moderator, "what the member changed", public=False)

    dialog = _row_action_dialog(moderator, "Complete the checklist and approve")
    expect(dialog).to_contain_text(EVIDENCE_NOTE)
    _answer_checklist(dialog, {})
    dialog.locator("textarea[name=comment]").fill("Terima kasih, buktinya jelas.")
    journey.checkpoint(moderator, "checklist complete", public=False)
    dialog.get_by_role("button", name="Complete the checklist and approve").click()
    expect(dialog).to_be_hidden()
    state = WorkflowState.objects.for_instance(story).get(status=WorkflowState.STATUS_IN_PROGRESS)
    assert state.current_task_state.task.name == "Editorial approval"
    # Rina completed the transparency review: the editorial approval is for someone else.
    moderator.goto("/admin/")
    expect(moderator.get_by_role("link", name=TITLE)).to_have_count(0)
    journey.checkpoint(moderator, "the second step waits for a second moderator", public=False)

    second = _admin_login(journey, "moderator-budi")
    dialog = _row_action_dialog(second, "Approve and publish")
    dialog.get_by_role("button", name="Approve and publish").click()
    expect(second).to_have_url(re.compile(r"/admin/$"))
    expect(second.get_by_role("link", name=TITLE)).to_have_count(0)
    journey.checkpoint(second, "editorial approval by a second moderator: published", public=False)

    story.refresh_from_db()
    assert story.live
    assert story.verification == Verification.VERIFIED
    assert story.report_checks == {check.code: CheckResult.PASSED for check in CHECKS}

    member.goto(_path_in_mail(member_user.email, story.url))
    expect(member.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(member.locator(".story__header .badge--verified")).to_be_visible()
    report = member.locator(".transparency-report")
    expect(report.locator(".report-status--verified")).to_be_visible()
    expect(report).to_contain_text(EVIDENCE_NOTE)
    journey.checkpoint(member, "published story from the e-mail")

    member.goto("/me/")
    expect(member.locator(f"#story-{story.pk} .status")).to_have_text(
        translated(en, StoryStatus.PUBLISHED.label)
    )
    journey.checkpoint(member, "dashboard: published")

    journey.finish()


def test_moderator_approves_checklist_in_the_editor__story_moves_to_editorial_approval(journey):
    member_user = UserFactory(email="dewi@example.com")
    _moderator("moderator-rina")
    story = _submitted_story(member_user)

    moderator = _admin_login(journey, "moderator-rina")
    _awaiting_review(moderator).get_by_role("link", name=TITLE).click()
    footer = moderator.get_by_role("navigation", name="Actions (footer)")
    footer.get_by_role("button", name="More actions").click()
    footer.get_by_role("button", name="Complete the checklist and approve").click()
    dialog = moderator.get_by_role("dialog")
    _answer_checklist(dialog, {})
    dialog.get_by_role("button", name="Complete the checklist and approve").click()
    expect(moderator).not_to_have_url(re.compile(r"/edit/$"))

    state = WorkflowState.objects.for_instance(story).get(status=WorkflowState.STATUS_IN_PROGRESS)
    assert state.current_task_state.task.name == "Editorial approval"
    # No checkpoints here, but the editor and its dialog still must break no policy.
    journey.finish()
