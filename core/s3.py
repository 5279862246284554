"""The private bucket backend (see core/storage.py)."""

from storages.backends.s3 import S3Storage


class PrivateS3Storage(S3Storage):
    """django-storages' S3 backend, locked down: no public ACL, no overwrite, no URLs."""

    default_acl = None  # the bucket's own policy: private
    file_overwrite = False  # a second file with the same name gets a new one, like the disk
    querystring_auth = True

    def url(self, name, parameters=None, expire=None, http_method=None):
        raise ValueError("This file is not accessible via a URL.")
