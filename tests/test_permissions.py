"""Who may open what: one assertion per cell, with real groups and real users.

Outcomes: "ok" (200 with the private content), "login" (sent to a login page, no content),
"dashboard" (a logged-in member sent to their dashboard, no content), "404" (indistinguishable from
a page that does not exist).
"""

import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from community.services import member_delete
from stories.models import EvidenceFile
from tests.factories import (
    ModeratorFactory,
    StoryPageFactory,
    UserFactory,
    png_bytes,
    uploaded_image,
)

pytestmark = pytest.mark.django_db

SECRET = "Rahasia draf Sari"
ROLES = ["anonymous", "owner", "other_member", "moderator", "administrator"]

MATRIX = {
    "draft_page": {
        "anonymous": "404",
        "owner": "404",
        "other_member": "404",
        "moderator": "404",
        "administrator": "404",
    },
    "evidence": {
        "anonymous": "404",
        "owner": "404",
        "other_member": "404",
        "moderator": "ok",
        "administrator": "ok",
    },
    "dashboard": {
        "anonymous": "login",
        "owner": "ok",
        "other_member": "not_listed",
        "moderator": "not_listed",
        "administrator": "not_listed",
    },
    "edit_form": {
        "anonymous": "login",
        "owner": "ok",
        "other_member": "404",
        "moderator": "404",
        "administrator": "404",
    },
    "check_page": {
        "anonymous": "login",
        "owner": "ok",
        "other_member": "404",
        "moderator": "404",
        "administrator": "404",
    },
    "withdraw": {
        "anonymous": "login",
        "owner": "ok",
        "other_member": "404",
        "moderator": "404",
        "administrator": "404",
    },
    "story_readers": {
        "anonymous": "login",
        "owner": "ok",
        "other_member": "404",
        "moderator": "404",
        "administrator": "404",
    },
    "data_export": {
        "anonymous": "login",
        "owner": "ok",
        "other_member": "not_listed",
        "moderator": "not_listed",
        "administrator": "not_listed",
    },
    "admin_home": {
        "anonymous": "login",
        "owner": "dashboard",
        "other_member": "dashboard",
        "moderator": "ok",
        "administrator": "ok",
    },
    "admin_edit_story": {
        "anonymous": "login",
        "owner": "dashboard",
        "other_member": "dashboard",
        "moderator": "ok",
        "administrator": "ok",
    },
    # Image files (originals; renditions follow their image): "ok" is 200 with the file's bytes.
    "draft_image": {
        "anonymous": "404",
        "owner": "ok",
        "other_member": "404",
        "moderator": "ok",
        "administrator": "ok",
    },
    "published_image": {
        "anonymous": "ok",
        "owner": "ok",
        "other_member": "ok",
        "moderator": "ok",
        "administrator": "ok",
    },
    "deleted_member_image": {
        "anonymous": "404",
        "owner": "404",
        "other_member": "404",
        "moderator": "404",
        "administrator": "404",
    },
}
# The colour each image cell's file is drawn in, so "ok" can compare bytes.
IMAGE_COLOURS = {"draft_image": "orange", "published_image": "teal", "deleted_member_image": "red"}


@pytest.fixture
def world(story_index):
    owner = UserFactory(display_name="Sari")
    story = StoryPageFactory(owner=owner, title=SECRET, verification="", reviewed_at=None)
    story.unpublish()
    story.save_revision(user=owner)
    evidence = EvidenceFile(
        story=story,
        original_name="slip-gaji.pdf",
        content_type="application/pdf",
        size=20,
        uploaded_by=owner,
    )
    evidence.file.save("slip-gaji.pdf", ContentFile(b"%PDF-1.4 " + SECRET.encode()))
    users = {
        "anonymous": None,
        "owner": owner,
        "other_member": UserFactory(),
        "moderator": ModeratorFactory(),
        "administrator": UserFactory(is_superuser=True, is_staff=True),
    }
    urls = {
        "draft_page": f"/stories/{story.slug}/",
        "evidence": reverse("stories:evidence", args=(evidence.pk,)),
        "dashboard": reverse("community:dashboard"),
        "edit_form": reverse("community:story_edit", args=(story.pk,)),
        "check_page": reverse("community:story_check", args=(story.pk,)),
        "withdraw": reverse("community:story_withdraw", args=(story.pk,)),
        "story_readers": reverse("community:story_readers", args=(story.pk,)),
        "data_export": reverse("community:data_export"),
        "admin_home": reverse("wagtailadmin_home"),
        "admin_edit_story": reverse("wagtailadmin_pages:edit", args=(story.pk,)),
    }
    return users, urls


def image_url(view, owner, django_capture_on_commit_callbacks) -> str:
    """The address of the original of the cell's image, in the state the cell names."""
    if view == "draft_image":
        image = uploaded_image(owner, color=IMAGE_COLOURS[view])
        draft = StoryPageFactory(owner=owner, verification="", hero_image=image)
        draft.save_revision(user=owner)
        return image.file.url
    member = owner if view == "published_image" else UserFactory()
    image = uploaded_image(member, color=IMAGE_COLOURS[view])
    StoryPageFactory(owner=member, hero_image=image)
    if view == "deleted_member_image":
        with django_capture_on_commit_callbacks(execute=True):
            member_delete(member=member)
    return image.file.url


def content_of(response) -> bytes:
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    if response.get("Content-Type") == "application/zip":
        archive = zipfile.ZipFile(io.BytesIO(content))
        content = b"".join(archive.read(name) for name in archive.namelist())
    return content


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("view", list(MATRIX))
def test_permission_matrix(
    client, world, view, role, django_capture_on_commit_callbacks, staff_login
):
    users, urls = world
    if view in IMAGE_COLOURS:
        urls[view] = image_url(view, users["owner"], django_capture_on_commit_callbacks)
    if role in ("moderator", "administrator"):
        staff_login(client, users[role])
    elif users[role] is not None:
        client.force_login(users[role])
    response = client.get(urls[view])
    expected = MATRIX[view][role]
    content = content_of(response)
    body = content.decode(errors="replace")
    if expected == "ok" and view in IMAGE_COLOURS:
        assert response.status_code == 200
        assert content == png_bytes(IMAGE_COLOURS[view])
    elif expected == "ok":
        assert response.status_code == 200
        if view not in ("admin_home",):
            assert SECRET in body or "slip-gaji.pdf" in response.get("Content-Disposition", "")
    elif expected == "not_listed":
        assert response.status_code == 200
        assert SECRET not in body
    elif expected == "login":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
        assert SECRET not in body
    elif expected == "dashboard":
        assert response.status_code == 302
        assert response["Location"] == reverse("community:dashboard")
        assert SECRET not in body
    else:
        assert response.status_code == 404
        assert SECRET not in body
        if view in IMAGE_COLOURS:
            assert png_bytes(IMAGE_COLOURS[view]) not in content


# --- Readers' reports: anyone reports a published story; only moderators see and decide --------

REPORT_SECRET = "Laporan rahasia tentang cerita Sari"
REPORT_MATRIX = {
    "report_form": {
        "anonymous": "ok",
        "owner": "ok",
        "other_member": "ok",
        "moderator": "ok",
        "administrator": "ok",
    },
    "report_queue": {
        "anonymous": "login",
        "owner": "dashboard",
        "other_member": "dashboard",
        "moderator": "ok",
        "administrator": "ok",
    },
    "report_decision": {
        "anonymous": "login",
        "owner": "dashboard",
        "other_member": "dashboard",
        "moderator": "ok",
        "administrator": "ok",
    },
    # POST: "ok" decides (the report is closed); anything else leaves it open.
    "report_decide": {
        "anonymous": "login",
        "owner": "dashboard",
        "other_member": "dashboard",
        "moderator": "ok",
        "administrator": "ok",
    },
}


@pytest.fixture
def reported_world(story_index):
    from stories.reports import report_story

    owner = UserFactory(display_name="Sari")
    story = StoryPageFactory(owner=owner, title="Cerita Sari yang dilaporkan")
    report = report_story(
        story=story, reason="other", details=REPORT_SECRET, email="pelapor@example.com"
    )
    users = {
        "anonymous": None,
        "owner": owner,
        "other_member": UserFactory(),
        "moderator": ModeratorFactory(),
        "administrator": UserFactory(is_superuser=True, is_staff=True),
    }
    urls = {
        "report_form": reverse("reports:story", args=(story.pk,)),
        "report_queue": reverse("story_reports:index"),
        "report_decision": reverse("story_reports:decide", args=(story.pk,)),
        "report_decide": reverse("story_reports:decide", args=(story.pk,)),
    }
    return users, urls, report


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("view", list(REPORT_MATRIX))
def test_report_permission_matrix(client, reported_world, view, role, staff_login):
    from stories.choices import ReportStatus

    users, urls, report = reported_world
    if role in ("moderator", "administrator"):
        staff_login(client, users[role])
    elif users[role] is not None:
        client.force_login(users[role])
    if view == "report_decide":
        response = client.post(urls[view], {"decision": "dismiss", "note": "Tidak melanggar."})
    else:
        response = client.get(urls[view])
    expected = REPORT_MATRIX[view][role]
    body = response.content.decode()
    report.refresh_from_db()
    assert "pelapor@example.com" not in body
    if view == "report_decide":
        decided = report.status != ReportStatus.OPEN
        assert decided == (expected == "ok")
    if expected == "ok" and view == "report_decide":
        assert response.status_code == 302
        assert response["Location"] == reverse("story_reports:index")
    elif expected == "ok":
        assert response.status_code == 200
        if view == "report_form":
            assert "Report a story" in body and REPORT_SECRET not in body
        else:
            assert REPORT_SECRET in body or "Cerita Sari yang dilaporkan" in body
    elif expected == "login":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
        assert REPORT_SECRET not in body
    else:
        assert response.status_code == 302
        assert response["Location"] == reverse("community:dashboard")
        assert REPORT_SECRET not in body


def test_report_queue__a_moderator_without_the_report_permission__refused(
    client, reported_world, staff_login
):
    """The queue follows the report permissions, not staff status alone."""
    from django.contrib.auth.models import Group, Permission

    users, urls, _report = reported_world
    editors = Group.objects.get_or_create(name="Report-less staff")[0]
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    staff = UserFactory(is_staff=True)
    staff.groups.add(editors)
    staff_login(client, staff)
    for view in ("report_queue", "report_decision"):
        response = client.get(urls[view])
        assert response.status_code in (302, 403)
        assert REPORT_SECRET not in response.content.decode()


# --- The review queue: only reviewers (a review task's groups, administrators) --------------

QUEUE_SECRET = "Cerita Sari di antrean tinjauan"
REVIEW_MATRIX = {
    "review_queue": {
        "anonymous": "login",
        "owner": "dashboard",
        "other_member": "dashboard",
        "moderator": "ok",
        "administrator": "ok",
    },
    "review_screen": {
        "anonymous": "login",
        "owner": "dashboard",
        "other_member": "dashboard",
        "moderator": "ok",
        "administrator": "ok",
    },
    # POST: "ok" takes the story (Wagtail's page lock, held by that user).
    "review_take": {
        "anonymous": "login",
        "owner": "dashboard",
        "other_member": "dashboard",
        "moderator": "ok",
        "administrator": "ok",
    },
    # POST: "ok" sends the story back with the reason (a recorded decision).
    "review_bulk_request_changes": {
        "anonymous": "login",
        "owner": "dashboard",
        "other_member": "dashboard",
        "moderator": "ok",
        "administrator": "ok",
    },
}


@pytest.fixture
def queued_world(story_index, django_capture_on_commit_callbacks):
    owner = UserFactory(display_name="Sari")
    story = StoryPageFactory(owner=owner, title=QUEUE_SECRET, verification="", reviewed_at=None)
    story.unpublish()
    story.save_revision(user=owner)
    with django_capture_on_commit_callbacks(execute=True):
        story.get_workflow().start(story, owner)
    users = {
        "anonymous": None,
        "owner": owner,
        "other_member": UserFactory(),
        "moderator": ModeratorFactory(),
        "administrator": UserFactory(is_superuser=True, is_staff=True),
    }
    bulk = reverse("wagtail_bulk_action", args=("stories", "storypage", "review_request_changes"))
    urls = {
        "review_queue": reverse("review_queue:index"),
        "review_screen": reverse("review_queue:story", args=(story.pk,)),
        "review_take": reverse("review_queue:story", args=(story.pk,)),
        "review_bulk_request_changes": f"{bulk}?id={story.pk}",
    }
    return users, urls, story


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("view", list(REVIEW_MATRIX))
def test_review_queue_permission_matrix(
    client, queued_world, view, role, staff_login, django_capture_on_commit_callbacks
):
    from stories.models import ReviewDecision, StoryPage

    users, urls, story = queued_world
    if role in ("moderator", "administrator"):
        staff_login(client, users[role])
    elif users[role] is not None:
        client.force_login(users[role])
    with django_capture_on_commit_callbacks(execute=True):
        if view == "review_take":
            response = client.post(urls[view], {"action": "take"})
        elif view == "review_bulk_request_changes":
            response = client.post(
                urls[view], {"reason": "income_without_evidence", "comment": "Mana buktinya?"}
            )
        else:
            response = client.get(urls[view])
    expected = REVIEW_MATRIX[view][role]
    body = response.content.decode()
    locked_by = StoryPage.objects.get(pk=story.pk).locked_by
    decided = ReviewDecision.objects.filter(story=story).exists()
    if view == "review_take":
        assert (locked_by is not None and locked_by == users[role]) == (expected == "ok")
    else:
        assert locked_by is None
    if view == "review_bulk_request_changes":
        assert decided == (expected == "ok")
    else:
        assert not decided
    if expected == "ok" and view in ("review_take", "review_bulk_request_changes"):
        assert response.status_code == 302
    elif expected == "ok":
        assert response.status_code == 200
        assert QUEUE_SECRET in body
    elif expected == "login":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
        assert QUEUE_SECRET not in body
    else:
        assert response.status_code == 302
        assert response["Location"] == reverse("community:dashboard")
        assert QUEUE_SECRET not in body


def test_review_queue__staff_outside_the_review_groups__refused(client, queued_world, staff_login):
    """The queue follows the review tasks' groups (the view's permission policy), not staff
    status alone; nor does its menu item show."""
    from django.contrib.auth.models import Group, Permission

    users, urls, story = queued_world
    group = Group.objects.get_or_create(name="Review-less staff")[0]
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    staff = UserFactory(is_staff=True)
    staff.groups.add(group)
    staff_login(client, staff)
    for view in ("review_queue", "review_screen"):
        response = client.get(urls[view])
        assert response.status_code in (302, 403)
        assert QUEUE_SECRET not in response.content.decode()
    client.post(urls["review_take"], {"action": "take"})
    client.post(
        urls["review_bulk_request_changes"],
        {"reason": "income_without_evidence", "comment": "x"},
    )
    story.refresh_from_db()
    assert not story.locked
    assert not story.review_decisions.exists()
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("review_queue:index") not in home


def test_review_screen__a_member_cannot_tell_a_story_id_from_a_missing_one(client, queued_world):
    users, urls, story = queued_world
    client.force_login(users["other_member"])
    existing = client.get(urls["review_screen"])
    missing = client.get(reverse("review_queue:story", args=(story.pk + 1000,)))
    assert existing.status_code == missing.status_code == 302
    assert existing["Location"] == missing["Location"] == reverse("community:dashboard")
