"""The data migration that brings existing sites under the review invariant and the story policy."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import connection
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Page,
    Task,
    Workflow,
    WorkflowTask,
)

from stories.models import EditorialApprovalTask, GuideIndexPage, StoryPage, StoryReview
from tests.factories import StoryPageFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("stories.migrations.0009_review_by_two_people_and_story_policy")


def run(function):
    # The functions use only the editor's connection and quoting; SQLite cannot open a real
    # schema editor inside the test's transaction.
    # They are given the live app registry, not a migration's historical one, and the migration
    # sets `models_module` on the app configs it gets (to None afterwards, as historical ones
    # are): put the live values back, or later `migrate` runs send post_migrate to no app.
    models_modules = {config.label: config.models_module for config in apps.get_app_configs()}
    try:
        function(apps, SimpleNamespace(connection=connection, quote_name=connection.ops.quote_name))
    finally:
        for config in apps.get_app_configs():
            config.models_module = models_modules[config.label]


def test_editorial_step__becomes_an_editorial_task_in_place(story_index):
    workflow = Workflow.objects.get(name="Story review")
    current = EditorialApprovalTask.objects.get()
    moderators = Group.objects.get(name="Moderators")
    plain = GroupApprovalTask.objects.create(name="Old editorial step")
    plain.groups.add(moderators)
    WorkflowTask.objects.filter(task=current).update(task=plain)

    run(migration.convert_editorial_tasks)

    task = Task.objects.get(pk=plain.pk).specific
    assert isinstance(task, EditorialApprovalTask)
    assert list(task.groups.all()) == [moderators]
    assert WorkflowTask.objects.filter(workflow=workflow, task_id=plain.pk).exists()
    assert not GroupApprovalTask.objects.filter(pk=plain.pk).exists()


def test_stray_grants__root_and_story_index__removed_guides_kept(story_index):
    root = Page.get_first_root_node()
    publish = Permission.objects.get(codename="publish_page")
    editors, _ = Group.objects.get_or_create(name="Editors")
    moderators = Group.objects.get(name="Moderators")
    for group, page in ((editors, root), (moderators, root), (moderators, story_index)):
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=publish)

    run(migration.grant_story_policy)

    assert not GroupPagePermission.objects.filter(page=root, group__in=[editors, moderators])
    assert not GroupPagePermission.objects.filter(page=story_index).exists()
    guides = GuideIndexPage.objects.get()
    for group in (editors, moderators):
        assert GroupPagePermission.objects.filter(
            group=group, page=guides, permission=publish
        ).exists()
    assert moderators.permissions.filter(codename="unpublish_storypage").exists()
    assert not moderators.permissions.filter(codename__startswith="publish").exists()


def test_live_stories__reviewed_get_a_legacy_review__unreviewed_go_offline(story_index):
    reviewed = StoryPageFactory(title="Reviewed before")
    StoryReview.objects.all().delete()
    unreviewed = StoryPageFactory(title="Published by hand", verification="")
    revision = unreviewed.save_revision()
    StoryPage.objects.filter(pk=unreviewed.pk).update(live=True, live_revision=revision)

    run(migration.review_live_stories)

    review = StoryPage.objects.get(pk=reviewed.pk).live_review()
    assert review.kind == "legacy" and review.verification == "verified"
    assert StoryPage.objects.get(pk=reviewed.pk).live
    offline = StoryPage.objects.get(pk=unreviewed.pk)
    assert not offline.live and offline.live_revision_id is None
