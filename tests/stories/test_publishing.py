"""No path publishes an unreviewed story: every way to change a story's live state, for every role.

Each publishing path starts from a live, reviewed story with a pending, unreviewed edit (or from a
draft that was never reviewed) and tries to make it live. One assertion per cell: the pending
edit never becomes the live version. Taking a story off the site is for moderators and
administrators only.
"""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.actions.move_page import MovePageAction
from wagtail.models import GroupPagePermission, Page, PageLogEntry, Revision, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from community.auth import may_use_admin
from stories.choices import ReviewKind, Verification
from stories.models import GuideIndexPage, StoryPage, StoryReview, UnreviewedStory
from tests.factories import ModeratorFactory, StoryPageFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "author", "moderator", "second_moderator", "administrator"]
PUBLISHED = "Versi yang sudah ditinjau"
PENDING = "Suntingan yang belum ditinjau"


@pytest.fixture
def people(story_index):
    return {
        "anonymous": None,
        "member": UserFactory(),
        "author": UserFactory(display_name="Sari"),
        "moderator": ModeratorFactory(),
        "second_moderator": ModeratorFactory(),
        "administrator": UserFactory(is_superuser=True, is_staff=True),
    }


@pytest.fixture
def story(people):
    """Live and reviewed, with a newer edit by its author that nobody has reviewed."""
    story = StoryPageFactory(title=PUBLISHED, owner=people["author"])
    edit = story.get_latest_revision_as_object()
    edit.title = PENDING
    edit.save_revision(user=people["author"])
    return StoryPage.objects.get(pk=story.pk)


@pytest.fixture
def draft(people):
    """Never reviewed, never published."""
    draft = StoryPageFactory(title=PENDING, owner=people["author"], verification="")
    draft.save_revision(user=people["author"])
    return StoryPage.objects.get(pk=draft.pk)


@pytest.fixture
def client_for(staff_login):
    """``client_for(client, people, role)``: the client logged in as that person (staff as the
    admin requires, with two-factor authentication passed)."""

    def log_in(client, people, role):
        user = people[role]
        if user is None:
            return client
        if may_use_admin(user):
            return staff_login(client, user)
        client.force_login(user)
        return client

    return log_in


def assert_pending_edit_not_live(story):
    story = StoryPage.objects.get(pk=story.pk)
    if story.live:
        assert story.title == PUBLISHED
        assert StoryReview.objects.filter(revision_id=story.live_revision_id).exists()
    assert not StoryPage.objects.filter(title=PENDING, live=True).exists()


def edit_form_data(story, **extra):
    page = story.get_latest_revision_as_object()
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "subject_kind": page.subject_kind,
            "subject_name": page.subject_name,
            "organization": "",
            "language": page.language,
            "industries": ", ".join(i.name for i in page.industries.all()),
            "summary": page.summary,
            "hero_image": "",
            "product_or_service": page.product_or_service,
            "product_description": page.product_description,
            "body": streamfield([("paragraph", rich_text("<p>Isi cerita.</p>"))]),
            "material_connection": page.material_connection,
            "claims": inline_formset([]),
            "comments": inline_formset([]),
            "seo_title": "",
            "search_description": "",
            "go_live_at": "",
            "expire_at": "",
            **extra,
        }
    )


# --- publishing paths: refused for everyone ------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_editor_publish__pending_edit__never_goes_live(client, people, story, role, client_for):
    client_for(client, people, role).post(
        reverse("wagtailadmin_pages:edit", args=(story.pk,)),
        edit_form_data(story, **{"action-publish": "action-publish"}),
    )
    assert_pending_edit_not_live(story)


@pytest.mark.parametrize("role", ["moderator", "second_moderator", "administrator"])
def test_editor__nobody_sees_a_publish_button_for_a_story(client, people, story, role, client_for):
    html = client_for(client, people, role).get(
        reverse("wagtailadmin_pages:edit", args=(story.pk,))
    )
    assert html.status_code == 200
    assert 'name="action-publish"' not in html.content.decode()


def test_editor__form_data_is_valid_so_the_refusal_is_real(client, people, story, client_for):
    """The same form data saves a draft: the editor path is exercised, not a broken form."""
    client_for(client, people, "administrator").post(
        reverse("wagtailadmin_pages:edit", args=(story.pk,)),
        edit_form_data(story, title="Saved by the editor"),
    )
    latest = StoryPage.objects.get(pk=story.pk).get_latest_revision()
    assert latest.as_object().title == "Saved by the editor"


@pytest.mark.parametrize("role", ROLES)
def test_revert_and_publish__old_version__needs_a_new_review(
    client, people, story, role, client_for
):
    reviewed = story.live_revision
    client_for(client, people, role).post(
        reverse("wagtailadmin_pages:edit", args=(story.pk,)),
        edit_form_data(story, revision=reviewed.pk, **{"action-publish": "action-publish"}),
    )
    after = StoryPage.objects.get(pk=story.pk)
    assert after.live_revision_id == reviewed.pk
    assert_pending_edit_not_live(story)


@pytest.mark.parametrize("role", ROLES)
def test_bulk_publish__story__refused(client, people, story, draft, role, client_for):
    client_for(client, people, role).post(
        reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
        + f"?id={story.pk}&id={draft.pk}",
        {"include_descendants": ""},
    )
    assert_pending_edit_not_live(story)
    assert not StoryPage.objects.get(pk=draft.pk).live


@pytest.mark.parametrize("role", ROLES)
def test_bulk_publish__story_index_with_descendants__publishes_no_story(
    client, people, story, draft, story_index, role, client_for
):
    client_for(client, people, role).post(
        reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
        + f"?id={story_index.pk}",
        {"include_descendants": "on"},
    )
    assert_pending_edit_not_live(story)
    assert not StoryPage.objects.get(pk=draft.pk).live


@pytest.mark.parametrize("role", ROLES)
def test_copy_with_publish_copies__copy_is_never_live(
    client, people, story, story_index, role, client_for
):
    client_for(client, people, role).post(
        reverse("wagtailadmin_pages:copy", args=(story.pk,)),
        {
            "new_title": "Versi salinan",
            "new_slug": "versi-salinan",
            "new_parent_page": story_index.pk,
            "copy_subpages": "",
            "publish_copies": "on",
        },
    )
    assert not StoryPage.objects.filter(slug="versi-salinan", live=True).exists()
    assert_pending_edit_not_live(story)


@pytest.mark.parametrize("role", ROLES)
def test_copy_as_alias__no_live_alias(client, people, story, story_index, role, client_for):
    client_for(client, people, role).post(
        reverse("wagtailadmin_pages:copy", args=(story.pk,)),
        {
            "new_title": "Versi alias",
            "new_slug": "versi-alias",
            "new_parent_page": story_index.pk,
            "alias": "on",
        },
    )
    assert not StoryPage.objects.filter(alias_of=story).exists()


@pytest.mark.parametrize("role", ROLES)
def test_move__out_of_the_story_index__refused(client, people, story, role, client_for):
    guides = GuideIndexPage.objects.get()
    client_for(client, people, role).post(
        reverse("wagtailadmin_pages:move_confirm", args=(story.pk, guides.pk))
    )
    assert StoryPage.objects.get(pk=story.pk).get_parent().specific_class.__name__ == (
        "StoryIndexPage"
    )
    assert_pending_edit_not_live(story)


def test_move__within_the_tree__keeps_the_reviewed_version_live(people, story, story_index):
    MovePageAction(story, story_index, pos="last-child", user=people["administrator"]).execute()
    story = StoryPage.objects.get(pk=story.pk)
    assert story.live and story.title == PUBLISHED
    assert story.verification == Verification.VERIFIED


@pytest.mark.parametrize("role", ROLES)
def test_publish_permission_on_the_root__gives_no_right_over_stories(people, story, role):
    """A stray grant on a subtree (Wagtail's initial data had one) confers nothing on stories."""
    user = people[role]
    if user is None:
        return
    from django.contrib.auth.models import Group, Permission

    group, _ = Group.objects.get_or_create(name="Stray publishers")
    GroupPagePermission.objects.create(
        group=group,
        page=Page.get_first_root_node(),
        permission=Permission.objects.get(codename="publish_page"),
    )
    user.groups.add(group)
    user = type(user).objects.get(pk=user.pk)
    permissions = story.permissions_for_user(user)
    assert not permissions.can_publish()
    assert not story.get_parent().permissions_for_user(user).can_publish_subpage()


# --- code paths ----------------------------------------------------------------------------------


def test_direct_revision_publish__unreviewed__refused(story):
    with pytest.raises(UnreviewedStory):
        story.get_latest_revision().publish(skip_permission_checks=True)
    assert_pending_edit_not_live(story)


def test_direct_save_live__unreviewed_draft__refused(draft):
    draft.live = True
    with pytest.raises(UnreviewedStory):
        draft.save()
    assert not StoryPage.objects.get(pk=draft.pk).live


def test_copy_keep_live_in_code__refused(story, story_index):
    with pytest.raises(UnreviewedStory):
        story.copy(to=story_index, update_attrs={"slug": "salinan-kode"}, keep_live=True)
    assert not StoryPage.objects.filter(slug="salinan-kode").exists()


def test_create_alias_in_code__refused(story, story_index):
    with pytest.raises(UnreviewedStory):
        story.create_alias(parent=story_index, update_slug="alias-kode")
    assert not StoryPage.objects.filter(slug="alias-kode").exists()


def test_scheduled_publishing__unreviewed_revision__refused(story):
    pending = story.get_latest_revision()
    Revision.objects.filter(pk=pending.pk).update(
        approved_go_live_at=timezone.now() - dt.timedelta(minutes=1)
    )
    with pytest.raises(UnreviewedStory):
        call_command("publish_scheduled")
    assert_pending_edit_not_live(story)


def test_scheduled_publishing__cannot_be_scheduled_without_a_review(story):
    page = story.get_latest_revision_as_object()
    page.go_live_at = timezone.now() + dt.timedelta(days=1)
    revision = page.save_revision()
    with pytest.raises(UnreviewedStory):
        revision.publish(skip_permission_checks=True)
    assert Revision.objects.get(pk=revision.pk).approved_go_live_at is None


# --- taking a story off the site: moderators and administrators ---------------------------------

MAY_UNPUBLISH = {"moderator", "second_moderator", "administrator"}


@pytest.mark.parametrize("role", ROLES)
def test_unpublish_view__moderators_and_administrators_only(
    client, people, story, role, client_for
):
    client_for(client, people, role).post(reverse("wagtailadmin_pages:unpublish", args=(story.pk,)))
    assert StoryPage.objects.get(pk=story.pk).live is (role not in MAY_UNPUBLISH)


@pytest.mark.parametrize("role", ROLES)
def test_bulk_unpublish__moderators_and_administrators_only(
    client, people, story, role, client_for
):
    client_for(client, people, role).post(
        reverse("wagtail_bulk_action", args=("wagtailcore", "page", "unpublish"))
        + f"?id={story.pk}",
        {"include_descendants": ""},
    )
    assert StoryPage.objects.get(pk=story.pk).live is (role not in MAY_UNPUBLISH)


@pytest.mark.parametrize("role", ROLES)
def test_delete__administrators_only(client, people, story, role, client_for):
    client_for(client, people, role).post(reverse("wagtailadmin_pages:delete", args=(story.pk,)))
    assert StoryPage.objects.filter(pk=story.pk).exists() is (role != "administrator")


# --- the one documented exception ---------------------------------------------------------------


def test_import_publish__is_the_documented_exception_and_is_logged(story_index, tmp_path):
    line = (
        '{"external_id": "x1", "title": "Impor", "subject": {"kind": "person", "name": "Ani",'
        ' "organization": null}, "industries": ["technology"], "language": "id",'
        ' "summary": "Ringkas.", "body": "Isi."}'
    )
    path = tmp_path / "one.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    call_command("import_stories", str(path), "--publish")
    story = StoryPage.objects.get(external_id="x1")
    review = story.live_review()
    assert story.live and review.kind == ReviewKind.IMPORT
    assert story.verification == Verification.REVIEWED
    assert PageLogEntry.objects.filter(page=story, action="terang.import").exists()


def test_workflow__story_goes_live_only_through_both_steps(people, draft):
    from stories.checklist import CHECKS

    author = people["author"]
    draft.get_workflow().start(draft, author)
    checks = {check.code: "passed" for check in CHECKS}
    state = WorkflowState.objects.for_instance(draft).get()
    state.current_task_state.task.specific.on_action(
        state.current_task_state, people["moderator"], "approve", checks=checks
    )
    assert not StoryPage.objects.get(pk=draft.pk).live
    state.refresh_from_db()
    state.current_task_state.task.specific.on_action(
        state.current_task_state, people["second_moderator"], "approve"
    )
    story = StoryPage.objects.get(pk=draft.pk)
    assert story.live and story.title == PENDING
    review = story.live_review()
    assert (review.transparency.moderator, review.editorial.moderator) == (
        people["moderator"],
        people["second_moderator"],
    )


# --- verification belongs to the reviewed revision ----------------------------------------------


def test_pending_edit__preview_carries_no_badge(story):
    preview = story.get_latest_revision_as_object().make_preview_request()
    html = preview.render().content.decode() if hasattr(preview, "render") else preview.content
    html = html.decode() if isinstance(html, bytes) else html
    assert PENDING in html
    assert "badge--verified" not in html and "report-status--verified" not in html


def test_pending_edit__revision_preview_in_the_admin_carries_no_badge(
    client, people, story, staff_login
):
    staff_login(client, people["moderator"])
    pending = StoryPage.objects.get(pk=story.pk).get_latest_revision()
    html = client.get(
        reverse("wagtailadmin_pages:revisions_view", args=(story.pk, pending.pk))
    ).content.decode()
    assert PENDING in html
    assert "badge--verified" not in html


def test_pending_edit__public_keeps_the_reviewed_version_with_its_badge(client, story):
    html = client.get(story.url).content.decode()
    assert PUBLISHED in html and PENDING not in html
    assert "badge--verified" in html


def test_pending_edit__revision_content_carries_no_report(story):
    pending = StoryPage.objects.get(pk=story.pk).get_latest_revision()
    assert not {"verification", "report_checks", "reviewed_at", "report_note"} & set(
        pending.content
    )


@pytest.mark.parametrize("role", ["moderator", "administrator"])
def test_story_listing__moderators_find_every_story_without_tree_grants(
    client, people, story, draft, role, client_for
):
    html = client_for(client, people, role).get(reverse("story_listing:index")).content.decode()
    for page in (story, draft):
        assert reverse("wagtailadmin_pages:edit", args=(page.pk,)) in html


@pytest.mark.parametrize("role", ["member", "author"])
def test_story_listing__members_have_no_admin(client, people, story, role, client_for):
    response = client_for(client, people, role).get(reverse("story_listing:index"))
    assert response.status_code == 302
