from botocore.exceptions import ClientError
from storages.backends.s3 import S3Storage
from storages.utils import clean_name

from stories.storage import image_url


class _StreamingS3Storage(S3Storage):
    def open_stream(self, name):
        """The object's body, read as it arrives (``open()`` would first copy the whole object
        into memory), and its size in bytes. FileNotFoundError when there is no such object."""
        key = self._normalize_name(clean_name(name))
        try:
            found = self.bucket.Object(key).get()
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in {"NoSuchKey", "404"}:
                raise FileNotFoundError(name) from error
            raise
        return found["Body"], found["ContentLength"]


class PrivateS3Storage(_StreamingS3Storage):
    """Evidence files in a bucket that blocks public access. No URL, signed or not: files are
    read through the storage and served by the permission-checked evidence view."""

    def url(self, name, parameters=None, expire=None, http_method=None):
        raise ValueError("Private files have no URL; serve them through the evidence view.")


class ImageS3Storage(_StreamingS3Storage):
    """Images and renditions under a prefix of the private bucket (public access blocked).

    Their URLs lead to Terang's image view, never to the bucket: the view checks who may see the
    file and streams it, with public cache headers only for images a live, public page shows, so
    a CDN in front of Terang caches those and nothing else.
    """

    def url(self, name, parameters=None, expire=None, http_method=None):
        return image_url(name)
