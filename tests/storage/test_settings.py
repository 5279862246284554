"""core.storage: the disk without bucket settings, the private bucket with them."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, storages

from core.s3 import PrivateS3Storage
from core.storage import file_storage, storage_place, uses_bucket


class FakeEnv:
    """django-environ's `env(name, default=...)` over a plain dict."""

    def __init__(self, **values):
        self.values = values

    def __call__(self, name, default=None):
        return self.values.get(name, default)


def test_file_storage_without_a_bucket_is_the_local_disk():
    setting = file_storage(FakeEnv(AWS_S3_ENDPOINT_URL="http://127.0.0.1:9000"))

    assert setting == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_file_storage_with_a_bucket_is_the_private_backend_with_only_the_options_given():
    env = FakeEnv(
        AWS_STORAGE_BUCKET_NAME="lhh-files",
        AWS_S3_ENDPOINT_URL="https://s3.example.vn",
        AWS_ACCESS_KEY_ID="key",
        AWS_SECRET_ACCESS_KEY="secret",
        AWS_S3_REGION_NAME="",
    )

    setting = file_storage(env)

    assert setting == {
        "BACKEND": "core.s3.PrivateS3Storage",
        "OPTIONS": {
            "bucket_name": "lhh-files",
            "endpoint_url": "https://s3.example.vn",
            "access_key": "key",
            "secret_key": "secret",
        },
    }


def test_uses_bucket_tells_the_disk_from_the_bucket():
    disk = FileSystemStorage(location="/tmp/x")
    bucket = PrivateS3Storage(bucket_name="lhh-files")

    assert (uses_bucket(disk), uses_bucket(bucket)) == (False, True)


def test_storage_place_names_the_bucket_and_host_never_the_credentials():
    bucket = PrivateS3Storage(
        bucket_name="lhh-files",
        endpoint_url="https://user:pass@minio.huyen.vn:9000",
        access_key="AKIAEXAMPLE",
        secret_key="very-secret",
    )

    place = storage_place(bucket)

    assert place == "S3 · lhh-files · minio.huyen.vn"


def test_storage_place_without_an_endpoint_is_amazon_s3():
    assert storage_place(PrivateS3Storage(bucket_name="lhh-files")) == (
        "S3 · lhh-files · s3.amazonaws.com"
    )


def test_storage_place_of_the_disk_is_its_directory(tmp_path):
    assert storage_place(FileSystemStorage(location=tmp_path)) == (
        f"FileSystemStorage · {tmp_path}"
    )


@pytest.mark.django_db
def test_without_bucket_settings_files_are_written_under_media_root(settings):
    name = storages["default"].save("reports/1/v1.pdf", ContentFile(b"%PDF-"))

    assert (settings.MEDIA_ROOT / name).read_bytes() == b"%PDF-"
