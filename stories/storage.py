from django.core.files.storage import FileSystemStorage


class PrivateFileSystemStorage(FileSystemStorage):
    """Evidence files on local disk. They have no URL: only the checked evidence view serves them."""

    def url(self, name):
        raise ValueError("Private files have no public URL; serve them through the evidence view.")
