"""Fixtures of the story tests."""

import pytest
from django.urls import reverse
from wagtail.models import WorkflowState


@pytest.fixture
def act(django_capture_on_commit_callbacks):
    """Take a workflow action through the admin, as the logged-in client, committing as it goes."""

    def take(client, story, action, data):
        state = WorkflowState.objects.for_instance(story).active().get()
        url = reverse(
            "wagtailadmin_pages:workflow_action",
            args=(story.pk, action, state.current_task_state.pk),
        )
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data)

    return take
