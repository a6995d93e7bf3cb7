"""The database stops answering (PostgreSQL restarting) in the middle of a request.

On PostgreSQL the fault is real: another connection ends this one (pg_terminate_backend), as a
restart does. The answer is a clean 503 with Retry-After, never a 500; a step of the submission form
comes back with what the member typed, and the files it had already written leave storage.
"""

import psycopg
import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connection
from django.db.models.signals import post_save
from django.test import Client
from django.urls import reverse

from stories.models import CustomImage, EvidenceFile, StoryPage
from tests.community.conftest import (
    PDF,
    claims_data,
    images_data,
    png,
    start_story,
    step_url,
    story_data,
)
from tests.factories import UserFactory

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: the fault is pg_terminate_backend on the request's connection",
)


def end_this_connection() -> None:
    """What a PostgreSQL restart does to an app server's connection, done from another one."""
    settings = connection.settings_dict
    pid = connection.connection.info.backend_pid
    with psycopg.connect(
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        user=settings["USER"],
        password=settings["PASSWORD"],
        dbname=settings["NAME"],
        autocommit=True,
    ) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])


@pytest.fixture
def outage_client(story_index):
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory())
    yield client
    if connection.connection is not None and not connection.is_usable():
        # The request's connection was ended: the next test (and the flush) opens a fresh one.
        connection.close()


@pytest.fixture
def fault_after_file_written():
    """Break the database right after a model's file reached storage; yields the stored names."""
    stored: list[tuple[str, str]] = []

    def connect(model, alias, fault):
        def receiver(sender, instance, **kwargs):
            stored.append((alias, instance.file.name))
            fault()

        post_save.connect(receiver, sender=model, weak=False)
        return receiver

    receivers = []

    def arm(model, alias, fault):
        receivers.append((model, connect(model, alias, fault)))

    yield arm, stored
    for model, receiver in receivers:
        post_save.disconnect(receiver, sender=model)


def raise_gone_away():
    raise OperationalError("server closed the connection unexpectedly")


def assert_clean_503(response):
    assert response.status_code == 503
    assert response["Retry-After"].isdigit()
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "briefly unavailable" in html
    return html


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@needs_postgres
def test_page__database_connection_ended__503_with_retry_after(outage_client, story_index):
    end_this_connection()
    response = outage_client.get("/stories/")
    html = assert_clean_503(response)
    assert 'href="/stories/"' in html


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@needs_postgres
def test_images_step__database_ends_after_the_file_is_stored__503_form_back_file_removed(
    outage_client, fault_after_file_written
):
    story = start_story(outage_client)
    arm, stored = fault_after_file_written
    arm(CustomImage, "images", end_this_connection)
    response = outage_client.post(
        step_url("images", story),
        images_data(
            hero_image=SimpleUploadedFile("dapur.png", png()), hero_alt_text="Dapur Sari di pagi"
        ),
    )
    html = assert_clean_503(response)
    # The form comes back with what was posted, to send again (the same address).
    assert f'action="{step_url("images", story)}"' in html
    assert 'value="Dapur Sari di pagi"' in html
    assert "choose them again" in html
    connection.close()
    assert stored
    for alias, name in stored:
        assert not storages[alias].exists(name)
    assert not CustomImage.objects.exists()
    assert StoryPage.objects.get(pk=story.pk).revisions.count() == 1


@pytest.mark.django_db
def test_claims_step__database_fails_after_evidence_stored__503_typed_text_back_nothing_kept(
    outage_client, fault_after_file_written
):
    story = start_story(outage_client)
    arm, stored = fault_after_file_written
    arm(EvidenceFile, "private", raise_gone_away)
    response = outage_client.post(
        step_url("claims", story),
        claims_data(
            **{
                "claims-0-statement": "Omzet naik dua kali lipat dalam setahun.",
                "claims-0-evidence_files": SimpleUploadedFile("rekening.pdf", PDF),
            }
        ),
    )
    html = assert_clean_503(response)
    assert "Omzet naik dua kali lipat dalam setahun." in html
    assert stored
    for alias, name in stored:
        assert not storages[alias].exists(name)
    assert not EvidenceFile.objects.exists()
    story = StoryPage.objects.get(pk=story.pk)
    assert story.revisions.count() == 1
    assert not story.get_latest_revision_as_object().claims.all()


@pytest.mark.django_db
def test_images_step__fault_then_resent__saved_once(outage_client, fault_after_file_written):
    story = start_story(outage_client)
    arm, stored = fault_after_file_written
    calls = []

    def first_time_only():
        calls.append(1)
        if len(calls) == 1:
            raise_gone_away()

    arm(CustomImage, "images", first_time_only)
    data = images_data(
        hero_image=SimpleUploadedFile("dapur.png", png()), hero_alt_text="Dapur Sari"
    )
    assert outage_client.post(step_url("images", story), data).status_code == 503
    data["hero_image"] = SimpleUploadedFile("dapur.png", png())
    assert outage_client.post(step_url("images", story), data).status_code == 302
    assert CustomImage.objects.count() == 1
    (image,) = CustomImage.objects.all()
    assert storages["images"].exists(image.file.name)
    assert not storages["images"].exists(stored[0][1])


@pytest.mark.django_db
def test_first_step__a_bug_not_an_outage__the_plain_500(outage_client):
    def broken(sender, instance, **kwargs):
        raise ValueError("a bug, not an outage")

    post_save.connect(broken, sender=StoryPage, weak=False)
    try:
        response = outage_client.post(reverse("community:story_create"), story_data())
    finally:
        post_save.disconnect(broken, sender=StoryPage)
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert not StoryPage.objects.exists()
