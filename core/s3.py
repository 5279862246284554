"""The private bucket backend (see core/storage.py)."""

from __future__ import annotations

import io

from botocore.config import Config
from botocore.exceptions import ClientError
from django.core.files.base import File
from storages.backends.s3 import S3Storage, _filter_download_params
from storages.utils import clean_name

# How much of an object is asked of the bucket at a time while it is read.
READ_BUFFER_BYTES = 64 * 1024
# A bucket that does not answer fails a request in seconds, not after boto3's default minutes
# (60 s to connect, 60 s per read, five attempts): an app server's workers stay free.
TIMEOUTS = Config(
    connect_timeout=5, read_timeout=30, retries={"max_attempts": 3, "mode": "standard"}
)


def _not_found(error: ClientError) -> bool:
    return error.response.get("ResponseMetadata", {}).get("HTTPStatusCode") == 404


class StreamedObject(io.RawIOBase):
    """The body of one GET, read as it arrives: never the whole object in memory or on disk."""

    def __init__(self, body):
        self._body = body

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self._body.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        if not self.closed:
            self._body.close()  # gives the connection back (or drops it when not read to the end)
        super().close()


class BucketFile(File):
    """An object opened for reading: a forward-only stream with its size known from the GET.

    django-storages' own S3File downloads the whole object into memory before the first byte
    can be read; a download view would then hold every file it serves in its process.
    """

    def __init__(self, storage: PrivateS3Storage, name: str):
        super().__init__(None, name=name)
        self._storage = storage
        self.mode = "rb"
        self.open()

    def open(self, mode=None):
        if mode not in (None, "rb"):
            raise ValueError("A bucket object opens for reading only ('rb').")
        if self.file is not None:
            self.file.close()
        body, self.size = self._storage.get_body(self.name)
        self.file = io.BufferedReader(StreamedObject(body), buffer_size=READ_BUFFER_BYTES)
        return self


class PrivateS3Storage(S3Storage):
    """django-storages' S3 backend, locked down: no public ACL, no overwrite, no URLs."""

    default_acl = None  # the bucket's own policy: private
    file_overwrite = False  # a second file with the same name gets a new one, like the disk
    querystring_auth = True

    def __init__(self, **settings):
        super().__init__(**settings)
        self.client_config = self.client_config.merge(TIMEOUTS)

    def url(self, name, parameters=None, expire=None, http_method=None):
        raise ValueError("This file is not accessible via a URL.")

    def _open(self, name, mode="rb"):
        if mode != "rb":
            return super()._open(name, mode)  # writing: django-storages' multipart S3File
        return BucketFile(self, name)

    def get_modified_time(self, name):
        try:
            return super().get_modified_time(name)
        except ClientError as error:
            if _not_found(error):
                raise FileNotFoundError(f"File does not exist: {name}") from error
            raise

    def get_body(self, name: str) -> tuple:
        """(the streaming body of `name`, its size in bytes); FileNotFoundError if missing."""
        key = self._normalize_name(clean_name(name))
        params = _filter_download_params(self.get_object_parameters(name))
        try:
            answer = self.bucket.Object(key).get(**params)
        except ClientError as error:
            if _not_found(error):
                raise FileNotFoundError(f"File does not exist: {name}") from error
            raise
        return answer["Body"], answer["ContentLength"]
