"""Where uploaded files live, and how their addresses are made.

No upload is ever served by the web server from disk or straight from a bucket:

- Evidence files ("private") have no URL at all; the evidence view streams them to moderators.
- Wagtail images and their renditions ("images") live outside MEDIA_ROOT (locally) or in the
  private bucket (S3). Their URL is ``/images/<name>``, answered by the image view
  (stories.views.image_file), which decides per request who may see the file: everyone when a
  live, public page shows the image, otherwise only its uploader and moderators.
"""

import logging
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.db import transaction
from django.dispatch import receiver
from django.urls import reverse
from django.utils.functional import LazyObject, empty

logger = logging.getLogger(__name__)


def image_url(name: str) -> str:
    """The address of an image file (an original or a rendition): the checked image view."""
    return reverse("image_file", kwargs={"name": name})


class _StreamingFileSystemStorage(FileSystemStorage):
    def open_stream(self, name):
        """The file, open for reading, and its size in bytes. FileNotFoundError when missing."""
        handle = self.open(name, "rb")
        return handle, handle.size


class PrivateFileSystemStorage(_StreamingFileSystemStorage):
    """Evidence files on local disk. They have no URL: only the checked evidence view serves them."""

    def url(self, name):
        raise ValueError("Private files have no public URL; serve them through the evidence view.")


class ImageFileSystemStorage(_StreamingFileSystemStorage):
    """Images and renditions on a local disk no web server serves (PRIVATE_MEDIA_ROOT/images).

    Their URLs lead to the image view, which checks who may see each file.
    """

    def url(self, name):
        return image_url(name)


class _AliasedStorage(LazyObject):
    """The storage configured under ``alias`` in settings.STORAGES, looked up on first use.

    A model's FileField keeps its storage object for the life of the process; this proxy lets a
    test that overrides STORAGES (e.g. to point at an S3 server) move the field's files too.
    """

    alias = ""

    def _setup(self):
        self._wrapped = storages[self.alias]


class _ImageStorage(_AliasedStorage):
    alias = "images"


class _EvidenceStorage(_AliasedStorage):
    alias = "private"


_image_storage = _ImageStorage()
_evidence_storage = _EvidenceStorage()


def image_storage():
    """The storage of CustomImage.file and CustomRendition.file (a callable, for migrations)."""
    return _image_storage


def evidence_storage():
    """The storage of EvidenceFile.file."""
    return _evidence_storage


@receiver(setting_changed)
def _forget_storages(*, setting, **kwargs):
    if setting == "STORAGES":
        _image_storage._wrapped = empty
        _evidence_storage._wrapped = empty


def move_files(names, *, source, target) -> int:
    """Move each named file from one storage to the other, keeping its name. Returns how many.

    Idempotent: a file already in ``target`` is only deleted from ``source``; a file in neither
    is skipped (the image view answers 404 for it, as for any missing file).
    """
    moved = 0
    for name in names:
        if not name or not source.exists(name):
            continue
        if not target.exists(name):
            with source.open(name, "rb") as handle:
                saved = target.save(name, handle)
            if saved != name:
                raise RuntimeError(f"{name} was stored as {saved}")
        source.delete(name)
        moved += 1
    return moved


def move_image_files(image_model, rendition_model, *, back: bool = False) -> int:
    """Move every image and rendition file between the default storage (MEDIA_ROOT or the media
    bucket, where Wagtail kept them before) and the image storage; ``back`` reverses it."""
    old, new = storages["default"], storages["images"]
    source, target = (new, old) if back else (old, new)
    moved = 0
    for model in (image_model, rendition_model):
        names = model.objects.order_by("pk").values_list("file", flat=True).iterator()
        moved += move_files(names, source=source, target=target)
    return moved


_written: ContextVar[list | None] = ContextVar("stories_files_written", default=None)


def note_stored(field_file) -> None:
    """Note a file that saving its model wrote to storage, whether or not the row was written:
    inside ``files_removed_unless_committed`` it is removed again if the transaction fails."""
    written = _written.get()
    if written is not None and field_file and getattr(field_file, "_committed", False):
        written.append((field_file.storage, field_file.name))


@contextmanager
def files_removed_unless_committed():
    """A transaction (``atomic``) whose stored files (``note_stored``) leave storage again when it
    fails, the commit included (a database restarting), so a failed save leaves no orphan file.

    Nested, an inner block that succeeded hands its files to the outer one, whose commit decides.
    """
    outer = _written.get()
    written: list = []
    token = _written.set(written)
    try:
        with transaction.atomic():
            yield
    except BaseException:
        for storage, name in written:
            try:
                storage.delete(name)
            except Exception:
                logger.exception("A file of a failed save could not be removed: %s", name)
        raise
    finally:
        _written.reset(token)
    if outer is not None:
        outer.extend(written)
