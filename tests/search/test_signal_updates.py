"""Every path that changes a story's search document queues its index update in the same
transaction (the task row commits or rolls back with the change), one update per change, and the
update it queues makes the search answer right. The queue is the real database backend; its tasks
are then run as a worker would.
"""

import pytest
from django.db import transaction
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from wagtail.actions.move_page import MovePageAction
from wagtail.models import PageViewRestriction, WorkflowState

from search.query import StoryQuery
from search.services import search_stories
from search.tasks import update_story_index
from stories.checklist import CHECKS
from stories.choices import Verification
from stories.models import StoryIndexPage, StoryPage
from tests.factories import (
    ModeratorFactory,
    StoryPageFactory,
    UserFactory,
    publish_reviewed,
    uploaded_image,
)

pytestmark = pytest.mark.django_db
ALL_PASSED = {f"check_{check.code}": "passed" for check in CHECKS}


@pytest.fixture
def batched(settings, django_capture_on_commit_callbacks):
    """``with batched():`` one change, committed (its on-commit callbacks run, as Wagtail sends
    some signals only then); yields the page-id lists of the index updates it queued."""
    settings.SEARCH_URL = ""

    class Queued:
        def __init__(self):
            self.updates = None

        def __enter__(self):
            settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
            DBTaskResult.objects.all().delete()
            self.capture = django_capture_on_commit_callbacks(execute=True)
            self.capture.__enter__()
            return self

        def __exit__(self, *exc):
            self.capture.__exit__(*exc)
            settings.TASKS = {
                "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
            }
            queued = DBTaskResult.objects.filter(task_path=update_story_index.module_path).order_by(
                "enqueued_at"
            )
            self.updates = [row.args_kwargs["args"][0] for row in queued]
            for ids in self.updates:  # as a worker would
                update_story_index.call(ids)

    return Queued


def _titles(client, q) -> list[str]:
    return [hit["title"] for hit in client.get("/api/search/", {"q": q}).json()["results"]]


def _act(client, story, action, data):
    state = WorkflowState.objects.for_instance(story).active().get()
    url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=(story.pk, action, state.current_task_state.pk),
    )
    return client.post(url, data)


def test_publish_through_the_workflow__queues_one_update(
    client, story_index, batched, staff_login, django_capture_on_commit_callbacks, settings
):
    settings.SEARCH_URL = ""
    member = UserFactory()
    story = StoryPageFactory(
        title="Kopi luwak Lampung", owner=member, verification=Verification.UNREVIEWED
    )
    story.unpublish()
    story.save_revision(user=member)
    with django_capture_on_commit_callbacks(execute=True):
        story.get_workflow().start(story, member)
    staff_login(client, ModeratorFactory())
    with django_capture_on_commit_callbacks(execute=True):
        _act(client, story, "approve", {**ALL_PASSED, "comment": ""})
    assert _titles(client, "luwak") == []
    staff_login(client, ModeratorFactory())

    with batched() as publish:
        response = _act(client, story, "approve", {"comment": ""})
    assert response.status_code == 302
    assert StoryPage.objects.get(pk=story.pk).live
    assert publish.updates == [[story.pk]]
    assert _titles(client, "luwak") == ["Kopi luwak Lampung"]


def test_unpublish_delete_and_restriction__one_update_each(client, story_index, batched):
    hidden, deleted, private = (
        StoryPageFactory(title=f"Tenun ikat {name}") for name in ("Sumba", "Flores", "Timor")
    )
    assert len(_titles(client, "tenun")) == 3

    with batched() as unpublish:
        StoryPage.objects.get(pk=hidden.pk).unpublish()
    with batched() as delete:
        StoryPage.objects.get(pk=deleted.pk).delete()
    with batched() as restrict:
        PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    assert unpublish.updates == [[hidden.pk]]
    assert delete.updates == [[deleted.pk]]
    assert restrict.updates == [[private.pk]]
    assert _titles(client, "tenun") == []


def test_move_and_slug_change__one_update_for_every_story_below(client, story_index, batched):
    stories = [StoryPageFactory(title=f"Batik tulis {n}") for n in range(3)]
    ids = sorted(story.pk for story in stories)
    with batched() as rename:
        index = StoryIndexPage.objects.get(pk=story_index.pk)
        index.slug = "kisah-sukses"
        index.save_revision().publish()
    assert rename.updates == [ids]
    assert all("/kisah-sukses/" in hit["url"] for hit in _hits(client, "batik"))

    other = StoryIndexPage(title="Arsip", slug="arsip")
    index.get_parent().add_child(instance=other)
    with batched() as move:
        MovePageAction(StoryPage.objects.get(pk=ids[0]), other, pos="last-child").execute()
    assert move.updates == [[ids[0]]]
    assert sum("/arsip/" in hit["url"] for hit in _hits(client, "batik")) == 1


def _hits(client, q) -> list[dict]:
    return client.get("/api/search/", {"q": q}).json()["results"]


def _heroes(text) -> set[str]:
    results = search_stories(StoryQuery(text=text))
    return {hit.story.hero_url for hit in results.hits}


def test_image_change__one_update_for_its_stories(client, story_index, batched):
    image = uploaded_image(title="Madu")
    stories = [StoryPageFactory(title=f"Madu hutan {n}") for n in range(2)]
    for story in stories:
        story.hero_image = image
        publish_reviewed(story)
    before = _heroes("madu")

    with batched() as focal:
        image.focal_point_x, image.focal_point_y = 5, 5
        image.focal_point_width, image.focal_point_height = 4, 4
        image.save()
    assert focal.updates == [sorted(story.pk for story in stories)]
    assert _heroes("madu") != before

    with batched() as delete:
        image.delete()
    assert delete.updates == [sorted(story.pk for story in stories)]
    assert _heroes("madu") == {""}


def test_bulk_unpublish_in_the_admin__one_update_for_all(client, story_index, batched, staff_login):
    """The bulk action unpublishes plain Pages: StoryPage's post_save never fires, and before a
    plain Page's save was listened to, the stories stayed in the search results."""
    stories = [StoryPageFactory(title=f"Rendang kering {n}") for n in range(3)]
    admin = UserFactory(is_superuser=True, is_staff=True)
    staff_login(client, admin)
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "unpublish"))
    query = "&".join(f"id={story.pk}" for story in stories)
    with batched() as bulk:
        response = client.post(f"{url}?{query}", {"include_descendants": ""})
    assert response.status_code == 302
    assert sorted(bulk.updates) == sorted([story.pk] for story in stories)
    assert _titles(client, "rendang") == []


def test_rolled_back_savepoint__its_update_goes_with_it(story_index, batched):
    story = StoryPageFactory(title="Sambal roa")
    with batched() as rolled:
        try:
            with transaction.atomic():
                StoryPage.objects.get(pk=story.pk).unpublish()
                raise RuntimeError("the request failed")
        except RuntimeError:
            pass
    assert rolled.updates == []
    assert StoryPage.objects.get(pk=story.pk).live
