"""Image files: private until a live, public page shows them; erased with the story that used them.

Real database, real storage (the test settings' folders), requests through the real views.
"""

import importlib
import json
import re

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.test import override_settings
from django.urls import reverse
from wagtail.models import PageViewRestriction

from stories.models import CustomImage, CustomRendition, EvidenceFile, StoryPage
from stories.storage import move_image_files
from tests.factories import (
    ModeratorFactory,
    StoryPageFactory,
    UserFactory,
    publish_reviewed,
    uploaded_image,
)

pytestmark = pytest.mark.django_db

move_migration = importlib.import_module("stories.migrations.0011_move_image_files")
PUBLIC = f"public, max-age={settings.TERANG_PUBLIC_IMAGE_MAX_AGE}"


def content_of(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def without_csrf_token(response) -> str:
    """The page, less the CSRF token (masked afresh in every response)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


def stored(name: str) -> bytes:
    with storages["images"].open(name, "rb") as handle:
        return handle.read()


def image_block(image) -> str:
    return json.dumps([{"type": "image", "value": {"image": image.pk, "caption": ""}}])


@pytest.fixture
def owner():
    return UserFactory(display_name="Sari")


@pytest.fixture
def draft(story_index, owner):
    """A story never published, with a hero image and a body image its owner uploaded."""
    hero, figure = uploaded_image(owner), uploaded_image(owner, color="teal")
    story = StoryPageFactory(
        owner=owner, verification="", hero_image=hero, body=image_block(figure)
    )
    story.save_revision(user=owner)
    return StoryPage.objects.get(pk=story.pk)


def files_of(image) -> dict[str, str]:
    """The address of the original and of one rendition, by name."""
    return {"original": image.file.url, "rendition": image.get_rendition("fill-100x100").url}


def figure_of(story) -> CustomImage:
    return CustomImage.objects.get(pk=story.body.raw_data[0]["value"]["image"])


@pytest.mark.parametrize("which", ["original", "rendition"])
def test_draft_image__only_its_uploader_and_moderators_see_it(client, draft, owner, which):
    url = files_of(draft.hero_image)[which]
    name = url.removeprefix("/images/")

    assert client.get(url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    for viewer in (owner, ModeratorFactory(), UserFactory(is_superuser=True, is_staff=True)):
        client.force_login(viewer)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-store"
        assert response["Content-Type"] == "image/png"
        assert content_of(response) == stored(name)


def test_draft_image__editors_who_choose_images_in_the_admin_see_it(client, draft):
    editor = UserFactory()
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    assert client.get(draft.hero_image.file.url).status_code == 200


def test_private_image__answers_exactly_like_a_missing_file(client, draft):
    url = draft.hero_image.file.url
    private = client.get(url)
    CustomImage.objects.filter(pk=draft.hero_image_id).delete()
    missing = client.get(url)
    assert private.status_code == missing.status_code == 404
    assert without_csrf_token(private) == without_csrf_token(missing)
    assert private["Cache-Control"] == missing["Cache-Control"] == "private, no-store"


def test_image_files__live_outside_media_root_and_old_addresses_redirect(client, draft):
    image = draft.hero_image
    assert image.file.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not image.file.path.startswith(str(settings.MEDIA_ROOT))
    assert image.file.url == f"/images/{image.file.name}"
    response = client.get(f"{settings.MEDIA_URL}{image.file.name}")
    assert response.status_code == 301
    assert response["Location"] == image.file.url
    assert client.get(response["Location"]).status_code == 404


def test_published_then_unpublished__public_with_cache_headers_then_private_again(
    client, draft, owner
):
    urls = [*files_of(draft.hero_image).values(), *files_of(figure_of(draft)).values()]
    publish_reviewed(draft)

    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == PUBLIC
        assert response["Last-Modified"]
        assert "Cookie" not in response.get("Vary", "")
        assert content_of(response) == stored(url.removeprefix("/images/"))
        unchanged = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
        assert unchanged.status_code == 304
        assert unchanged["Cache-Control"] == PUBLIC

    StoryPage.objects.get(pk=draft.pk).unpublish()
    for url in urls:
        assert client.get(url).status_code == 404, url
    client.force_login(owner)
    assert client.get(urls[0])["Cache-Control"] == "private, no-store"


def test_published_story__a_new_draft_image_stays_private_until_that_version_is_published(
    client, draft, owner
):
    story = publish_reviewed(draft)
    first = story.hero_image
    edit = story.get_latest_revision_as_object()
    edit.hero_image = uploaded_image(owner, color="purple")
    revision = edit.save_revision(user=owner)
    second = edit.hero_image

    assert client.get(first.file.url).status_code == 200
    assert client.get(second.file.url).status_code == 404

    publish_reviewed(StoryPage.objects.get(pk=story.pk), revision=revision)
    assert client.get(second.file.url).status_code == 200
    # The live version no longer shows the first image: it is private again.
    assert client.get(first.file.url).status_code == 404


def test_publish__images_public_at_once_even_while_the_task_queue_waits(client, story_index, owner):
    story = StoryPageFactory(owner=owner, verification="")
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    ):
        edit = story.get_latest_revision_as_object()
        edit.hero_image = uploaded_image(owner)
        publish_reviewed(story, revision=edit.save_revision(user=owner))
    assert client.get(edit.hero_image.file.url).status_code == 200


def test_live_page_behind_a_view_restriction__its_images_stay_private(client, draft):
    story = publish_reviewed(draft)
    PageViewRestriction.objects.create(page=story, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(story.hero_image.file.url).status_code == 404


def test_admin_deletes_a_story__its_evidence_and_the_images_only_it_used_are_erased(
    client, story_index, owner, django_capture_on_commit_callbacks, staff_login
):
    own, shared, in_draft = (uploaded_image(owner, color=c) for c in ("red", "blue", "green"))
    story = StoryPageFactory(owner=owner, hero_image=own, body=image_block(shared))
    StoryPageFactory(owner=UserFactory(), hero_image=shared)
    edit = story.get_latest_revision_as_object()
    edit.hero_image = in_draft
    edit.save_revision(user=owner)
    evidence = EvidenceFile(
        story=story, original_name="slip.pdf", content_type="application/pdf", size=8
    )
    evidence.file.save("slip.pdf", ContentFile(b"%PDF-1.4"))
    erased = [
        name
        for image in (own, in_draft)
        for name in (image.file.name, image.get_rendition("width-20").file.name)
    ]
    kept = [shared.file.name, shared.get_rendition("width-20").file.name]
    assert all(storages["images"].exists(name) for name in erased + kept)

    staff_login(client, UserFactory(is_superuser=True, is_staff=True))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("wagtailadmin_pages:delete", args=(story.pk,)))

    assert response.status_code == 302
    assert not StoryPage.objects.filter(pk=story.pk).exists()
    assert not EvidenceFile.objects.exists()
    assert not storages["private"].exists(evidence.file.name)
    assert list(CustomImage.objects.values_list("pk", flat=True)) == [shared.pk]
    assert not CustomRendition.objects.exclude(image=shared).exists()
    assert not any(storages["images"].exists(name) for name in erased)
    assert all(storages["images"].exists(name) for name in kept)
    client.logout()
    assert client.get(shared.file.url).status_code == 200


def test_migration__moves_existing_files_out_of_media_root(client, draft):
    image = publish_reviewed(draft).hero_image
    names = [image.file.name, image.get_rendition("width-20").file.name]
    content = [stored(name) for name in names]
    # The layout before this release: Wagtail kept images in the default storage (MEDIA_ROOT).
    move_image_files(CustomImage, CustomRendition, back=True)
    assert all(storages["default"].exists(name) for name in names)
    assert not any(storages["images"].exists(name) for name in names)

    move_migration.forwards(apps, None)
    move_migration.forwards(apps, None)  # again: nothing left to move, nothing lost

    assert not any(storages["default"].exists(name) for name in names)
    assert [stored(name) for name in names] == content
    assert content_of(client.get(image.file.url)) == content[0]
