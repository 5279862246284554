"""core.s3.PrivateS3Storage against the local S3 server: private, never a URL, read as a stream."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages

from core.http import attachment_response
from core.s3 import PrivateS3Storage

from .helpers import public_grants

BIG = bytes(range(256)) * 4096 * 3  # 3 MiB: many reads of the stream


def test_saved_objects_have_no_public_grant(s3_bucket):
    name = storages["default"].save("activities/1/a.pdf", ContentFile(b"%PDF-1.7"))

    assert (s3_bucket.keys(), public_grants(s3_bucket, name)) == (["activities/1/a.pdf"], [])


def test_public_grants_sees_an_object_anyone_may_read(s3_bucket):
    s3_bucket.client.put_object(Bucket=s3_bucket.name, Key="open", Body=b"x", ACL="public-read")

    assert [g["Permission"] for g in public_grants(s3_bucket, "open")] == ["READ"]


def test_url_is_refused(s3_bucket):
    name = storages["default"].save("a.pdf", ContentFile(b"%PDF-1.7"))

    with pytest.raises(ValueError, match="not accessible via a URL"):
        storages["default"].url(name)


def test_a_second_file_with_the_same_name_gets_its_own_key(s3_bucket):
    storage = storages["default"]

    first = storage.save("reports/1/v1.pdf", ContentFile(b"one"))
    second = storage.save("reports/1/v1.pdf", ContentFile(b"two"))

    assert first == "reports/1/v1.pdf"
    assert second != first
    assert (s3_bucket.read(first), s3_bucket.read(second)) == (b"one", b"two")


def test_an_object_opens_as_a_stream_with_its_size(s3_bucket):
    storage = storages["default"]
    name = storage.save("big.bin", ContentFile(BIG))

    with storage.open(name, "rb") as handle:
        seekable, size = handle.seekable(), handle.size
        head = handle.read(10)
        rest = b"".join(handle.chunks())

    assert (seekable, size) == (False, len(BIG))
    assert head + rest == BIG
    assert handle.closed


def test_an_object_reopened_is_read_from_the_start(s3_bucket):
    storage = storages["default"]
    name = storage.save("a.txt", ContentFile(b"abcdef"))
    handle = storage.open(name, "rb")
    handle.read(3)

    handle.open()

    assert handle.read() == b"abcdef"
    handle.close()


def test_a_missing_object_is_file_not_found(s3_bucket):
    storage = storages["default"]

    with pytest.raises(FileNotFoundError):
        storage.open("activities/1/none.pdf", "rb")
    with pytest.raises(FileNotFoundError):
        storage.get_modified_time("activities/1/none.pdf")


@pytest.mark.django_db  # closing a response ends the request: Django then checks its connections
def test_a_download_streams_the_object_with_its_length_and_closes_it(s3_bucket):
    storage = storages["default"]
    name = storage.save("big.bin", ContentFile(BIG))
    handle = storage.open(name, "rb")

    response = attachment_response(handle, filename="Báo cáo.bin")
    first = next(iter(response.streaming_content))
    received = first + b"".join(response.streaming_content)
    response.close()

    assert len(first) < len(BIG)
    assert (int(response["Content-Length"]), received) == (len(BIG), BIG)
    assert handle.closed


def test_deleting_an_object_removes_it_from_the_bucket(s3_bucket):
    storage = storages["default"]
    name = storage.save("django-import-export/abc", ContentFile(b"x"))

    storage.delete(name)

    assert (s3_bucket.keys(), storage.exists(name)) == ([], False)


def test_requests_to_the_bucket_time_out_in_seconds():
    config = PrivateS3Storage(bucket_name="lhh-x").client_config

    assert (config.connect_timeout, config.read_timeout, config.retries["max_attempts"]) == (
        5,
        30,
        3,
    )
