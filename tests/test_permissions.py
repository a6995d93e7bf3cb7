"""Who may open what: one assertion per cell, with real groups and real users.

Outcomes: "ok" (200 with the private content), "login" (sent to a login page, no content),
"404" (indistinguishable from a page that does not exist).
"""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from stories.models import EvidenceFile
from tests.factories import ModeratorFactory, StoryPageFactory, UserFactory

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
    "data_export": {
        "anonymous": "login",
        "owner": "ok",
        "other_member": "not_listed",
        "moderator": "not_listed",
        "administrator": "not_listed",
    },
    "admin_home": {
        "anonymous": "login",
        "owner": "login",
        "other_member": "login",
        "moderator": "ok",
        "administrator": "ok",
    },
    "admin_edit_story": {
        "anonymous": "login",
        "owner": "login",
        "other_member": "login",
        "moderator": "ok",
        "administrator": "ok",
    },
}


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
        "data_export": reverse("community:data_export"),
        "admin_home": reverse("wagtailadmin_home"),
        "admin_edit_story": reverse("wagtailadmin_pages:edit", args=(story.pk,)),
    }
    return users, urls


def body_of(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("view", list(MATRIX))
def test_permission_matrix(client, world, view, role):
    users, urls = world
    if users[role] is not None:
        client.force_login(users[role])
    response = client.get(urls[view])
    expected = MATRIX[view][role]
    body = body_of(response)
    if expected == "ok":
        assert response.status_code == 200
        if view not in ("admin_home",):
            assert SECRET in body or "slip-gaji.pdf" in response.get("Content-Disposition", "")
    elif expected == "not_listed":
        assert response.status_code == 200
        assert SECRET not in body
    elif expected == "login":
        assert response.status_code == 302
        assert "login" in response["Location"]
        assert SECRET not in body
    else:
        assert response.status_code == 404
        assert SECRET not in body
