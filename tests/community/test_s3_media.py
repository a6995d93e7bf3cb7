"""The S3 path, against a real S3 API: moto's server mode, reached through django-storages with the
very storages `terang.settings.production` builds for MEDIA_STORAGE=s3."""

import importlib
import io
import json
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
import zipfile
from types import SimpleNamespace

import boto3
import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.test import override_settings
from django.urls import reverse

from community.services import member_delete
from search.document import HERO_SPEC
from stories.models import CustomImage, CustomRendition, EvidenceFile
from stories.storage import move_image_files
from tests.factories import StoryPageFactory, UserFactory, png_bytes, uploaded_image
from tests.terang.test_production_settings import COMPLETE_ENV, production_settings

pytestmark = pytest.mark.django_db

move_migration = importlib.import_module("stories.migrations.0011_move_image_files")
CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}


@pytest.fixture(scope="module")
def s3_endpoint():
    """A moto S3 server on a free loopback port, for this module."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(endpoint, timeout=1).close()  # noqa: S310
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail("moto_server did not start")
            time.sleep(0.2)
    yield endpoint
    server.terminate()
    server.wait(timeout=20)


@pytest.fixture
def s3(s3_endpoint, monkeypatch):
    """Fresh buckets; STORAGES as production builds them for those buckets on this server."""
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    client = boto3.client("s3", endpoint_url=s3_endpoint)
    suffix = uuid.uuid4().hex[:8]
    media, private = f"terang-media-{suffix}", f"terang-private-{suffix}"
    for bucket in (media, private):
        client.create_bucket(Bucket=bucket)
    production = production_settings(
        {
            **COMPLETE_ENV,
            **CREDENTIALS,
            "MEDIA_STORAGE": "s3",
            "S3_ENDPOINT_URL": s3_endpoint,
            "S3_REGION": "us-east-1",
            "S3_ADDRESSING_STYLE": "path",
            "S3_MEDIA_BUCKET": media,
            "S3_PRIVATE_BUCKET": private,
        }
    )
    storages = {
        **production["STORAGES"],
        "staticfiles": {"BACKEND": "whitenoise.storage.StaticFilesStorage"},
    }

    def keys(bucket):
        listing = client.list_objects_v2(Bucket=bucket)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    with override_settings(STORAGES=storages):
        yield SimpleNamespace(client=client, media=media, private=private, keys=keys)


def test_member_deletion__images_renditions_and_evidence_leave_the_bucket(
    client, story_index, s3, django_capture_on_commit_callbacks
):
    member = UserFactory()
    photo = uploaded_image(member)
    story = StoryPageFactory(owner=member, hero_image=photo)
    rendition = photo.get_rendition("fill-100x100")
    # Publishing indexed the story, and its search document drew the story card's rendition.
    card = photo.get_rendition(HERO_SPEC)
    unpublished = uploaded_image(member, color="green")
    evidence = EvidenceFile(
        story=story, original_name="slip.pdf", content_type="application/pdf", size=8
    )
    evidence.file.save("slip.pdf", ContentFile(b"%PDF-1.4"))

    assert s3.keys(s3.private) == sorted(
        [
            f"images/{photo.file.name}",
            f"images/{rendition.file.name}",
            f"images/{card.file.name}",
            f"images/{unpublished.file.name}",
            evidence.file.name,
        ]
    )
    assert s3.keys(s3.media) == []
    public = client.get(photo.file.url)
    assert public.status_code == 200
    assert public["Cache-Control"].startswith("public, max-age=")
    assert b"".join(public.streaming_content) == png_bytes()
    assert client.get(rendition.url).status_code == 200
    assert client.get(unpublished.file.url).status_code == 404
    client.force_login(member)
    export = client.get(reverse("community:data_export"))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(export.streaming_content)))
    entries = json.loads(archive.read("data.json"))
    assert [archive.read(image["file"]) for image in entries["images"]] == [png_bytes()] + [
        png_bytes("green")
    ]
    assert archive.read(entries["evidence_files"][0]["file"]) == b"%PDF-1.4"
    client.logout()

    with django_capture_on_commit_callbacks(execute=True):
        member_delete(member=member)

    assert s3.keys(s3.private) == []
    for url in (photo.file.url, rendition.url, unpublished.file.url):
        assert client.get(url).status_code == 404
    assert not CustomImage.objects.exists()


def test_migration__moves_images_from_the_media_bucket_to_the_private_one(client, story_index, s3):
    photo = uploaded_image(UserFactory())
    StoryPageFactory(hero_image=photo)
    rendition = photo.get_rendition("width-20")
    card = photo.get_rendition(HERO_SPEC)  # drawn when the story was indexed
    names = [photo.file.name, rendition.file.name, card.file.name]
    # Before this release the images sat in the (public) media bucket under the same names.
    move_image_files(CustomImage, CustomRendition, back=True)
    assert s3.keys(s3.media) == sorted(names)

    move_migration.forwards(apps, None)

    assert s3.keys(s3.media) == []
    assert s3.keys(s3.private) == sorted(f"images/{name}" for name in names)
    assert b"".join(client.get(photo.file.url).streaming_content) == png_bytes()
    # An object missing from the bucket answers like any missing file.
    s3.client.delete_object(Bucket=s3.private, Key=f"images/{rendition.file.name}")
    assert client.get(rendition.url).status_code == 404
