"""A local S3 server (moto's server mode, on loopback) for the tests that use a bucket.

    def test_x(s3_bucket):           # settings.STORAGES["default"] is now a fresh private bucket
        s3_bucket.keys()              # the objects' keys, read with boto3
        s3_bucket.env                 # the AWS_* variables for a subprocess (gunicorn, celery)

The server is one per test session (a thread of this process, a free port on 127.0.0.1); every
test gets a bucket of its own.
"""

from __future__ import annotations

import logging
import socket
import uuid
from dataclasses import dataclass

import pytest

from core.storage import s3_options

ACCESS_KEY = "testing"
SECRET_KEY = "testing"
REGION = "us-east-1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Bucket:
    name: str
    endpoint: str

    @property
    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name=REGION,
        )

    def keys(self) -> list[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.name)
        return sorted(obj["Key"] for page in pages for obj in page.get("Contents", []))

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()

    @property
    def env(self) -> dict[str, str]:
        return {
            "AWS_STORAGE_BUCKET_NAME": self.name,
            "AWS_S3_ENDPOINT_URL": self.endpoint,
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
            "AWS_S3_REGION_NAME": REGION,
            "AWS_S3_ADDRESSING_STYLE": "path",
        }

    @property
    def storage_setting(self) -> dict:
        return {
            "BACKEND": "core.s3.PrivateS3Storage",
            "OPTIONS": s3_options(
                bucket=self.name,
                endpoint_url=self.endpoint,
                access_key=ACCESS_KEY,
                secret_key=SECRET_KEY,
                region_name=REGION,
                addressing_style="path",
            ),
        }

    def create(self) -> Bucket:
        self.client.create_bucket(Bucket=self.name)
        return self


@pytest.fixture(scope="session")
def s3_endpoint():
    """The URL of a moto S3 server on loopback, for the whole session."""
    pytest.importorskip("moto")
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one line per request otherwise
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def new_bucket(s3_endpoint):
    """Make another empty bucket: `new_bucket()` -> Bucket."""
    return lambda: Bucket(name=f"lhh-{uuid.uuid4().hex[:12]}", endpoint=s3_endpoint).create()


@pytest.fixture
def s3_bucket(settings, new_bucket):
    """This test's files go to a fresh private bucket on the local S3 server."""
    bucket = new_bucket()
    settings.STORAGES = {**settings.STORAGES, "default": bucket.storage_setting}
    return bucket
