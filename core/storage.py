"""Where uploaded and generated files live: the local disk, or a private S3-compatible bucket.

`settings.STORAGES["default"]` is `file_storage()` below: a bucket when `AWS_STORAGE_BUCKET_NAME`
is set (every app server and worker then sees the same files), else `MEDIA_ROOT` on this host.
Either way files are private: the portal streams them through its permission-checked views and
never hands out a URL to them (`url()` refuses, as the disk storage does with no MEDIA_URL).
The bucket's backend is `core.s3.PrivateS3Storage` (kept apart so that settings load no boto3).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from urllib.parse import urlsplit

# Where the bucket is when AWS_S3_ENDPOINT_URL is not set: Amazon's own S3.
AMAZON_S3_HOST = "s3.amazonaws.com"


def file_storage(env) -> dict:
    """The default storage's entry in settings.STORAGES, from the environment."""
    bucket = env("AWS_STORAGE_BUCKET_NAME", default="")
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    return {
        "BACKEND": "core.s3.PrivateS3Storage",
        "OPTIONS": s3_options(
            bucket=bucket,
            endpoint_url=env("AWS_S3_ENDPOINT_URL", default=None),
            access_key=env("AWS_ACCESS_KEY_ID", default=None),
            secret_key=env("AWS_SECRET_ACCESS_KEY", default=None),
            region_name=env("AWS_S3_REGION_NAME", default=None),
            addressing_style=env("AWS_S3_ADDRESSING_STYLE", default=None),
        ),
    }


def s3_options(*, bucket: str, **options) -> dict:
    """S3Storage options; None values are left to boto3's own defaults."""
    return {"bucket_name": bucket, **{k: v for k, v in options.items() if v}}


def uses_bucket(storage) -> bool:
    """True when `storage` is a bucket rather than this host's disk."""
    return hasattr(storage, "bucket_name")


def storage_place(storage) -> str:
    """Where `storage` keeps files, for people: "S3 · lhh-files · s3.example.vn" (the bucket and
    its endpoint's host, never a credential) or the directory on this host."""
    if not uses_bucket(storage):
        return f"{type(storage).__name__} · {storage.location}"
    host = urlsplit(storage.endpoint_url or "").hostname or AMAZON_S3_HOST
    return f"S3 · {storage.bucket_name} · {host}"


CHUNK = 1024 * 1024


def stored_chunks(storage, name: str) -> Iterator[bytes]:
    """The bytes of the file `name` as `storage` holds it, block by block (a bucket's object is
    streamed: core/s3.py)."""
    with storage.open(name, "rb") as handle:
        yield from handle.chunks(CHUNK)


def digest(chunks: Iterable[bytes], out=None) -> tuple[int, str]:
    """(size, sha256) of the chunks, written to `out` on the way when given."""
    hasher, size = hashlib.sha256(), 0
    for chunk in chunks:
        hasher.update(chunk)
        size += len(chunk)
        if out is not None:
            out.write(chunk)
    return size, hasher.hexdigest()


def stored_sha256(storage, name: str) -> str:
    """The SHA-256 of the file `name` as `storage` holds it, read block by block."""
    return digest(stored_chunks(storage, name))[1]
