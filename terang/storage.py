from storages.backends.s3 import S3Storage


class PrivateS3Storage(S3Storage):
    """Evidence files in a bucket that blocks public access. No URL, signed or not: files are
    read through the storage and served by the permission-checked evidence view."""

    def url(self, name, parameters=None, expire=None, http_method=None):
        raise ValueError("Private files have no URL; serve them through the evidence view.")
