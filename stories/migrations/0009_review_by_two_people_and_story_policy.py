"""Stories go live only through a completed review, and their rights come from the story policy.

1. The "Editorial approval" step of the "Story review" workflow becomes an EditorialApprovalTask,
   in place: the task keeps its id, so task states already started on it carry on.
2. Moderators get the story policy's model permissions (edit, unpublish, lock, unlock).
3. The stray grants go: Wagtail's initial data gives the "Moderators" and "Editors" groups
   publish permission on the root page, and earlier Terang versions granted moderators rights on
   the story index. Both groups keep (or get) their rights on the guides section.
4. Every live story needs a completed review of its live revision. A story that was published as
   verified or reviewed before reviews were recorded per revision gets a "legacy" review with its
   report as it stands; a live story that was never reviewed (published by hand through the hole
   this closes) is taken off the site.
"""

from django.db import migrations
from django.utils import timezone

MODERATOR_STORY_PERMISSIONS = [
    "view_storypage",
    "change_storypage",
    "unpublish_storypage",
    "lock_storypage",
    "unlock_storypage",
]
GUIDE_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]


def _create_permissions(apps):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def convert_editorial_tasks(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Task = apps.get_model("wagtailcore", "Task")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    EditorialApprovalTask = apps.get_model("stories", "EditorialApprovalTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")

    workflow = Workflow.objects.filter(name="Story review").first()
    if workflow is None:
        return
    editorial_type, _ = ContentType.objects.get_or_create(
        app_label="stories", model="editorialapprovaltask"
    )
    plain_type = ContentType.objects.get_for_model(GroupApprovalTask)
    tasks = Task.objects.filter(workflow_tasks__workflow=workflow, content_type=plain_type)
    quote = schema_editor.quote_name
    plain_table = GroupApprovalTask._meta.db_table
    plain_groups = GroupApprovalTask.groups.through._meta.db_table
    editorial_table = EditorialApprovalTask._meta.db_table
    editorial_groups = EditorialApprovalTask.groups.through._meta.db_table
    with schema_editor.connection.cursor() as cursor:
        for task in tasks:
            cursor.execute(
                f"INSERT INTO {quote(editorial_table)} (task_ptr_id) VALUES (%s)", [task.pk]
            )
            cursor.execute(
                f"INSERT INTO {quote(editorial_groups)} (editorialapprovaltask_id, group_id) "
                f"SELECT groupapprovaltask_id, group_id FROM {quote(plain_groups)} "
                "WHERE groupapprovaltask_id = %s",
                [task.pk],
            )
            cursor.execute(
                f"DELETE FROM {quote(plain_groups)} WHERE groupapprovaltask_id = %s", [task.pk]
            )
            cursor.execute(f"DELETE FROM {quote(plain_table)} WHERE task_ptr_id = %s", [task.pk])
            Task.objects.filter(pk=task.pk).update(content_type=editorial_type)


def grant_story_policy(apps, schema_editor):
    _create_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Page = apps.get_model("wagtailcore", "Page")
    StoryIndexPage = apps.get_model("stories", "StoryIndexPage")
    GuideIndexPage = apps.get_model("stories", "GuideIndexPage")

    moderators = Group.objects.filter(name="Moderators").first()
    if moderators is not None:
        moderators.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="stories", codename__in=MODERATOR_STORY_PERMISSIONS
            )
        )
    groups = Group.objects.filter(name__in=["Moderators", "Editors"])
    GroupPagePermission.objects.filter(group__in=groups, page__depth=1).delete()
    story_indexes = Page.objects.filter(pk__in=StoryIndexPage.objects.values("pk"))
    GroupPagePermission.objects.filter(page__in=story_indexes).delete()
    page_permissions = Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=GUIDE_PAGE_PERMISSIONS
    )
    for guide_index in GuideIndexPage.objects.all():
        for group in groups:
            for permission in page_permissions:
                GroupPagePermission.objects.get_or_create(
                    group=group, page_id=guide_index.pk, permission=permission
                )


def review_live_stories(apps, schema_editor):
    StoryPage = apps.get_model("stories", "StoryPage")
    StoryReview = apps.get_model("stories", "StoryReview")
    for story in StoryPage.objects.filter(live=True):
        reviewed = story.verification in ("verified", "reviewed") and story.live_revision_id
        if reviewed and not StoryReview.objects.filter(revision_id=story.live_revision_id).exists():
            StoryReview.objects.create(
                revision_id=story.live_revision_id,
                story=story,
                kind="legacy",
                two_people=False,
                verification=story.verification,
                checks=story.report_checks or {},
                note=story.report_note or "",
                reviewed_at=story.reviewed_at
                or timezone.localdate(story.last_published_at or timezone.now()),
            )
        elif not reviewed:
            StoryPage.objects.filter(pk=story.pk).update(
                live=False,
                has_unpublished_changes=True,
                live_revision=None,
                verification="",
                reviewed_at=None,
                report_checks={},
                report_note="",
            )


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0008_story_reviews_and_editorial_task"),
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(convert_editorial_tasks, migrations.RunPython.noop),
        migrations.RunPython(grant_story_policy, migrations.RunPython.noop),
        migrations.RunPython(review_live_stories, migrations.RunPython.noop),
    ]
