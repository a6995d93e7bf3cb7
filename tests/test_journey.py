"""The whole story journey through the test client: sign-up to a published transparency report."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from wagtail.models import WorkflowState

from stories.checklist import CHECKS
from tests.community.conftest import create_story, post_step
from tests.factories import ModeratorFactory

pytestmark = pytest.mark.django_db

PASSWORD = "kebun-kopi-di-lereng-2026"
ALL_PASSED = {f"check_{check.code}": "passed" for check in CHECKS}


def moderate(client, story, action, data):
    state = WorkflowState.objects.for_instance(story).active().get()
    url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=(story.pk, action, state.current_task_state.pk),
    )
    return client.post(url, data)


def test_member_to_published_story(
    client, story_index, django_capture_on_commit_callbacks, staff_login
):
    client.cookies["django_language"] = "en"
    # Sign up and confirm the address.
    client.post(
        reverse("account_signup"),
        {
            "email": "siti@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "display_name": "Siti Rahma",
        },
    )
    # The code from the e-mail, typed where the member signed up, signs them in.
    code = re.search(r"^ {4}(\S+)$", mail.outbox[-1].body, re.MULTILINE).group(1)
    response = client.post(reverse("account_email_verification_sent"), {"code": code})
    assert response["Location"] == reverse("community:dashboard")

    # Write the story, step by step; the check (the last step) shows the red flag with its guide.
    story = create_story(client, section_results="Pasti untung Rp 3 juta sebulan.")
    check = client.get(reverse("community:story_check", args=(story.pk,))).content.decode()
    assert "guaranteed_income" in check or "pasti untung" in check.lower()
    assert "/learn/" in check

    # Fix the wording, then submit for review.
    member = story.owner
    post_step(
        client,
        member,
        story,
        "story",
        section_results="Rata-rata Rp 3 juta sebulan, tidak dijamin.",
    )
    story.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("community:story_submit", args=(story.pk,)),
            {"revision": story.latest_revision_id},
        )
    assert WorkflowState.objects.for_instance(story).get().status == "in_progress"
    assert "In review" in client.get(reverse("community:dashboard")).content.decode()

    # A moderator asks for evidence with a coded reason.
    moderator_client = Client()
    staff_login(moderator_client, ModeratorFactory())
    with django_capture_on_commit_callbacks(execute=True):
        moderate(
            moderator_client,
            story,
            "reject",
            {"reason": "income_without_evidence", "comment": "Lampirkan rekening koran."},
        )
    dashboard = client.get(reverse("community:dashboard")).content.decode()
    assert "Changes requested" in dashboard
    assert "Lampirkan rekening koran." in dashboard
    assert any("Lampirkan rekening koran." in m.body for m in mail.outbox if m.to == [member.email])

    # The member adds the evidence note and resubmits; the review resumes.
    story.refresh_from_db()
    post_step(
        client, member, story, "claims", **{"claims-0-evidence_note": "Rekening koran Jan–Des 2025"}
    )
    story.refresh_from_db()
    client.post(
        reverse("community:story_submit", args=(story.pk,)),
        {"revision": story.latest_revision_id},
    )
    assert WorkflowState.objects.for_instance(story).active().get().status == "in_progress"

    # The checklist, then editorial approval, publish the story.
    with django_capture_on_commit_callbacks(execute=True):
        moderate(moderator_client, story, "approve", ALL_PASSED)
        # The editorial approval needs a second moderator.
        second_client = Client()
        staff_login(second_client, ModeratorFactory())
        moderate(second_client, story, "approve", {"comment": ""})
    story.refresh_from_db()
    assert story.live
    assert story.verification == "verified"
    assert any("is published" in m.subject for m in mail.outbox if m.to == [member.email])

    # The public reads the report: checks, evidence kind, the verified mark; never the file.
    public = Client()
    public.cookies["django_language"] = "en"
    page = public.get(story.url).content.decode()
    assert "Verified: every check passed" in page
    assert "Rekening koran Jan–Des 2025" in page
    assert "Income claims are typical and backed by evidence: <strong>Passed</strong>" in page
