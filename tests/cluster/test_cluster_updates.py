"""Pending cluster updates are never lost, nor overtaken by an older version of the story.

On a real OpenSearch node. The other worker's steps are run where they would fall in time: inside
the first worker's bulk send, by wrapping the engine's own ``update_documents`` (which still
sends).
"""

import threading
import time

import pytest
from django.db import connection

from search import tasks
from search.document import documents_for
from search.engines import cluster
from search.models import PendingClusterUpdate
from tests.factories import StoryPageFactory, publish_reviewed

WAIT = 60


def _titles_in_cluster(page_id) -> list[str]:
    body = {"query": {"ids": {"values": [str(page_id)]}}}
    hits = cluster.call("search", index=cluster.alias_name(), body=body)["hits"]["hits"]
    return [hit["_source"]["title"] for hit in hits]


def _retitle(story, title):
    story.title = title
    story.save_revision(user=story.owner)
    publish_reviewed(story)


def _in_the_middle_of_the_send(monkeypatch, action):
    """Run ``action`` once, when the first bulk send of the test is about to go."""
    send = cluster.update_documents
    done = []

    def update_documents(page_ids, documents=None):
        if not done:
            done.append(True)
            action()
        return send(page_ids, documents)

    monkeypatch.setattr(cluster, "update_documents", update_documents)


@pytest.mark.django_db
def test_flush__a_newer_publish_queued_during_the_send__is_not_dropped(
    cluster_engine, story_index, settings, monkeypatch
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    story = StoryPageFactory(title="Kopi versi satu")
    tasks.update_story_index.call([story.pk])
    assert _titles_in_cluster(story.pk) == ["Kopi versi satu"]

    other_worker = {}

    def newer_publish():
        # The second worker, running the newer publish's task, queues its update (and builds its
        # document) while the first worker's older document is on its way.
        _retitle(story, "Kopi versi dua")
        other_worker["queued"] = tasks.queue_cluster_updates([story.pk])
        other_worker["built"] = {doc.page_id: doc for doc in documents_for([story.pk])}

    _in_the_middle_of_the_send(monkeypatch, newer_publish)
    tasks.flush_cluster_updates(*_first_worker_queues(story))
    # The second worker's send comes after the first one's.
    tasks.flush_cluster_updates(other_worker["built"], other_worker["queued"])

    assert _titles_in_cluster(story.pk) == ["Kopi versi dua"]
    assert not PendingClusterUpdate.objects.exists()


def _first_worker_queues(story):
    queued = tasks.queue_cluster_updates([story.pk])
    return {doc.page_id: doc for doc in documents_for([story.pk])}, queued


def _waits_for_the_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
        return cursor.fetchone()[0] > 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers__the_older_send_held_up__never_lands_after_the_newer_one(
    cluster_engine, story_index, settings, monkeypatch
):
    if connection.vendor != "postgresql":
        pytest.skip("workers take turns by PostgreSQL's advisory lock; SQLite runs one worker")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    story = StoryPageFactory(title="Madu versi satu")
    older_on_its_way, let_it_go = threading.Event(), threading.Event()

    def hold_up():
        older_on_its_way.set()
        let_it_go.wait(WAIT)

    _in_the_middle_of_the_send(monkeypatch, hold_up)
    errors = []

    def worker():
        try:
            tasks.update_story_index.call([story.pk])
        except Exception as error:  # noqa: BLE001 - reported by the test below
            errors.append(error)
        finally:
            connection.close()

    first = threading.Thread(target=worker)
    first.start()
    assert older_on_its_way.wait(WAIT)

    _retitle(story, "Madu versi dua")
    second = threading.Thread(target=worker)
    second.start()
    # The second worker either finishes (nothing makes it wait its turn) or waits for the lock.
    deadline = time.monotonic() + WAIT
    while second.is_alive() and not _waits_for_the_lock() and time.monotonic() < deadline:
        time.sleep(0.05)
    let_it_go.set()
    for thread in (first, second):
        thread.join(WAIT)
        assert not thread.is_alive()
    assert not errors

    assert _titles_in_cluster(story.pk) == ["Madu versi dua"]
    assert not PendingClusterUpdate.objects.exists()
