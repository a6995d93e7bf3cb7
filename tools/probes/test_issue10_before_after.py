"""Issue 10 probes: one test per hole the issue names, written to run unchanged on the commit
before the work (0d5bf6c) and on main. Each asserts the promise, not the implementation.

Not part of the suite (it lives outside tests/). To see before and after:

    git worktree add /tmp/before 0d5bf6c
    cp tools/probes/test_issue10_before_after.py /tmp/before/tests/
    (cd /tmp/before && ../path/to/.venv/bin/python -m pytest tests/test_issue10_before_after.py)
    cp tools/probes/test_issue10_before_after.py tests/ && .venv/bin/python -m pytest \
        tests/test_issue10_before_after.py; rm tests/test_issue10_before_after.py

On 2026-12-02: 17 failed before, 17 passed after.
"""

import contextlib
import io
import os

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from wagtail.models import GroupPagePermission, Page, WorkflowState

from stories.checklist import CHECKS
from stories.models import StoryPage
from tests.factories import ModeratorFactory, StoryPageFactory, UserFactory

pytestmark = pytest.mark.django_db

CHECKLIST = {check.code: "passed" for check in CHECKS}


def admin_login(client, user):
    """Log in for the admin: with the two-factor step where the code has one."""
    try:
        from allauth.mfa.base.internal.flows import post_authentication
        from django.test import RequestFactory

        from tests.conftest import staff_login  # noqa: F401
        from tests.factories import give_authenticator_app
    except ImportError:
        client.force_login(user)
        return client
    authenticator = give_authenticator_app(user)
    client.force_login(user)
    request = RequestFactory().get("/")
    request.user = user
    request.session = client.session
    post_authentication(request, authenticator)
    request.session.save()
    return client


def draft_story(owner=None):
    story = StoryPageFactory(live=False, verification="", owner=owner)
    story = StoryPage.objects.get(pk=story.pk)
    story.save_revision(user=owner)
    return StoryPage.objects.get(pk=story.pk)


def is_live(story):
    return StoryPage.objects.get(pk=story.pk).live


def bulk_publish(client, story):
    url = f"/admin/bulk/wagtailcore/page/publish/?id={story.pk}"
    client.get(url)
    return client.post(url, {"include_descendants": ""})


def test_moderator_bulk_publish_leaves_an_unreviewed_story_unpublished(client, story_index):
    story = draft_story(UserFactory())
    admin_login(client, ModeratorFactory())
    bulk_publish(client, story)
    assert not is_live(story)


def test_administrator_bulk_publish_leaves_an_unreviewed_story_unpublished(client, story_index):
    story = draft_story(UserFactory())
    admin_login(client, UserFactory(is_superuser=True, is_staff=True))
    bulk_publish(client, story)
    assert not is_live(story)


def test_revision_publish_refuses_an_unreviewed_revision(story_index):
    story = draft_story(UserFactory())
    with contextlib.suppress(PermissionDenied, ValidationError):
        story.get_latest_revision().publish(user=UserFactory(is_superuser=True))
    assert not is_live(story)


def test_no_group_holds_publish_on_the_root(story_index):
    grants = GroupPagePermission.objects.filter(
        page__depth=1, group__name__in=["Moderators", "Editors"]
    )
    codenames = {
        getattr(grant, "permission_type", None) or grant.permission.codename for grant in grants
    }
    assert not codenames & {"publish", "publish_page"}


def _act(story, user):
    task_state = WorkflowState.objects.for_instance(story).active().get().current_task_state
    data = {"checks": CHECKLIST} if task_state.task.name == "Transparency review" else {}
    task_state.task.specific.on_action(task_state, user, "approve", comment="", **data)


def _in_review(author):
    story = draft_story(author)
    story.get_workflow().start(story, author)
    return StoryPage.objects.get(pk=story.pk)


def test_one_moderator_cannot_complete_both_steps(story_index):
    story = _in_review(UserFactory())
    moderator = ModeratorFactory()
    _act(story, moderator)
    with contextlib.suppress(PermissionDenied):
        _act(story, moderator)
    assert not is_live(story)


def test_a_moderator_cannot_approve_the_editorial_step_of_their_own_story(story_index):
    author = ModeratorFactory()
    story = _in_review(author)
    _act(story, ModeratorFactory())
    with contextlib.suppress(PermissionDenied):
        _act(story, author)
    assert not is_live(story)


def test_verification_is_not_carried_by_an_unreviewed_revision(story_index):
    story = StoryPageFactory()
    revision = StoryPage.objects.get(pk=story.pk).save_revision(user=story.owner)
    assert "verification" not in revision.content


def _admin_login_attempt(client, username, password):
    return client.post("/admin/login/", {"username": username, "password": password})


def test_admin_login_is_throttled(client, story_index):
    user = UserFactory(is_superuser=True, is_staff=True)
    for _ in range(20):
        _admin_login_attempt(client, user.username, "wrong-password")
    _admin_login_attempt(client, user.username, "correct-horse-battery")
    assert "_auth_user_id" not in client.session


def test_admin_login_answers_a_members_right_password_like_a_wrong_one(client, story_index):
    member = UserFactory()
    wrong = _admin_login_attempt(client, member.username, "wrong-password")
    right = _admin_login_attempt(client, member.username, "correct-horse-battery")
    assert wrong.status_code == right.status_code
    if wrong.status_code == 200:
        assert wrong.context["form"].errors == right.context["form"].errors


def test_public_pages_send_csp_and_permissions_policy(client, story_index):
    response = client.get("/")
    assert "default-src" in response.headers.get("Content-Security-Policy", "")
    assert response.headers.get("Permissions-Policy")


def _png(name="foto.png"):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "orange").save(buffer, "PNG")
    return ImageFile(io.BytesIO(buffer.getvalue()), name=name)


def _image(owner):
    from wagtail.images import get_image_model

    return get_image_model().objects.create(title="Foto toko", file=_png(), uploaded_by_user=owner)


def test_a_drafts_image_is_not_served_from_the_public_media_folder(client, story_index):
    owner = UserFactory()
    image = _image(owner)
    story = draft_story(owner)
    story.hero_image = image
    story.save_revision(user=owner)
    path = os.path.realpath(image.file.path)
    assert not path.startswith(os.path.realpath(settings.MEDIA_ROOT) + os.sep)
    assert client.get(image.file.url).status_code == 404


def test_deleting_an_account_erases_its_images(story_index):
    from community.services import member_delete

    member = UserFactory()
    image = _image(member)
    storage, name = image.file.storage, image.file.name
    from django.db import transaction

    with transaction.atomic():
        member_delete(member=member)
    # Erasure runs after commit in the code; the test transaction never commits, so run hooks.
    from django.db import connection

    for _, callback, *_ in list(connection.run_on_commit):
        callback()
    assert not storage.exists(name)


def test_the_export_includes_the_members_images(story_index):
    from community.services import member_export

    member = UserFactory()
    _image(member)
    exported = member_export(member=member)
    assert exported.get("images")


def test_search_snippets_are_escaped_once(client, story_index):
    from wagtail.rich_text import RichText

    story = draft_story(UserFactory())
    story.body = [("paragraph", RichText('<p data-block-key="k1">Tom &amp; Jerry &gt; others</p>'))]
    try:
        from tests.factories import publish_reviewed
    except ImportError:
        story.save_revision().publish()
    else:
        story.save()
        publish_reviewed(story)
    body = client.get("/search/", {"q": "Jerry"}).content.decode()
    assert "Jerry" in body
    assert "&amp;amp;" not in body
    assert "Jerry" not in client.get("/search/", {"q": "amp"}).content.decode()


def _pdf(hostile):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if hostile == "javascript":
        from pypdf.generic import DictionaryObject, NameObject, TextStringObject

        action = DictionaryObject(
            {
                NameObject("/S"): NameObject("/JavaScript"),
                NameObject("/JS"): TextStringObject("app.alert('hi');"),
            }
        )
        writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    elif hostile == "encrypted":
        writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("hostile", ["javascript", "encrypted"])
def test_hostile_evidence_pdfs_are_refused(hostile):
    from community.uploads import check_evidence

    upload = SimpleUploadedFile("bukti.pdf", _pdf(hostile), content_type="application/pdf")
    with pytest.raises(ValidationError):
        check_evidence(upload)


def test_search_index_check_is_clean_for_backdated_stories(story_index):
    import datetime

    story = StoryPageFactory()
    past = datetime.datetime(2021, 3, 1, tzinfo=datetime.UTC)
    Page.objects.filter(pk=story.pk).update(
        first_published_at=past, last_published_at=past, latest_revision_created_at=past
    )
    out = io.StringIO()
    try:
        call_command("search_index", "--check", stdout=out, stderr=out)
    except Exception as error:  # a CommandError when it reports staleness
        pytest.fail(f"{error}: {out.getvalue()}")
    import re

    stale = [int(n) for n in re.findall(r"stale (\d+)", out.getvalue())]
    assert stale and not any(stale), out.getvalue()
