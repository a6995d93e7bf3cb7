"""Terang's tasks that readers and members wait on run before Wagtail's housekeeping.

A real database queue and the database backend's own worker loop (the one terang.task_worker's
LeasedWorker runs), on SQLite and on PostgreSQL (the suite's PostgreSQL pass).
"""

import pytest
from django_tasks_db.models import DBTaskResult
from wagtail.tasks import update_reference_index_task

from search.tasks import retry_cluster_updates, update_story_index
from stories.notifications import send_story_notification
from stories.task_priority import BULK, HOUSEKEEPING, WAITED_ON
from tests.factories import StoryPageFactory, UserFactory, publish_reviewed
from tests.task_queue import run_queue_once

pytestmark = pytest.mark.django_db

WAGTAIL_HOUSEKEEPING = {
    "modelsearch.tasks.insert_or_update_object_task",
    "wagtail.tasks.update_reference_index_task",
}


def test_waited_on_tasks__claimed_before_wagtails_housekeeping(story_index, settings):
    settings.SEARCH_URL = ""
    member = UserFactory(email="rina@example.com")
    story = StoryPageFactory(title="Keripik tempe Malang", owner=member)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    DBTaskResult.objects.all().delete()

    # An operator's bulk reindex first; then a publish queues Wagtail's two tasks and our index
    # update; then more housekeeping, a notification and a cluster retry.
    update_story_index.using(priority=BULK).enqueue([story.pk])
    publish_reviewed(story)
    update_reference_index_task.enqueue("stories", "storypage", str(story.pk))
    send_story_notification.enqueue(user_id=member.pk, story_id=story.pk, event="published")
    retry_cluster_updates.enqueue()

    ran = run_queue_once("priority-test")
    assert {result.status for result in ran} == {"SUCCESSFUL"}
    assert len(ran) == DBTaskResult.objects.count()
    order = [(result.priority, result.task_path) for result in ran]
    priorities = [priority for priority, _ in order]
    assert priorities == sorted(priorities, reverse=True), order
    by_priority = {}
    for priority, path in order:
        by_priority.setdefault(priority, set()).add(path)
    assert by_priority[WAITED_ON] == {
        update_story_index.module_path,
        send_story_notification.module_path,
        retry_cluster_updates.module_path,
    }
    assert by_priority[HOUSEKEEPING] == WAGTAIL_HOUSEKEEPING
    assert by_priority[BULK] == {update_story_index.module_path}
    assert order[-1] == (BULK, update_story_index.module_path)
