"""copy_media_to_bucket: an installation's files move from MEDIA_ROOT into the bucket under the
same names, once; the records that name them then download from the bucket."""

from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from associations.models import ActivityAttachment
from tests.conftest import make_user
from tests.factories import ActivityFactory

from .helpers import PDF, body, public_grants

FILES = {
    "activities/1/a1b2.pdf": PDF,
    "reports/3/v1.pdf": b"%PDF-1.7 report",
    "consultations/documents/2/tờ trình.pdf": b"%PDF-1.7 to trinh",
}


@pytest.fixture
def media(settings):
    """Files on this host's disk, as an installation without a bucket keeps them."""
    for name, data in FILES.items():
        path = settings.MEDIA_ROOT / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return settings.MEDIA_ROOT


def copy(**options) -> str:
    out = StringIO()
    call_command("copy_media_to_bucket", stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def test_every_file_is_copied_under_its_name_and_private(media, s3_bucket):
    output = copy()

    assert s3_bucket.keys() == sorted(FILES)
    assert {name: s3_bucket.read(name) for name in FILES} == FILES
    assert [public_grants(s3_bucket, name) for name in sorted(FILES)] == [[], [], []]
    assert output.splitlines()[-1] == "3 copied, 0 already in the bucket, 0 different"


def test_a_second_run_copies_only_what_is_new(media, s3_bucket):
    copy()
    (media / "reports/3/v2.pdf").write_bytes(b"%PDF-1.7 v2")

    output = copy()

    assert output.splitlines()[1:] == [
        "copied reports/3/v2.pdf",
        "1 copied, 3 already in the bucket, 0 different",
    ]
    assert s3_bucket.read("reports/3/v2.pdf") == b"%PDF-1.7 v2"


def test_a_name_the_bucket_holds_with_other_bytes_is_reported_not_overwritten(media, s3_bucket):
    s3_bucket.client.put_object(Bucket=s3_bucket.name, Key="reports/3/v1.pdf", Body=b"other")
    errors = StringIO()

    with pytest.raises(CommandError, match="1 file"):
        call_command("copy_media_to_bucket", stdout=StringIO(), stderr=errors)

    assert s3_bucket.read("reports/3/v1.pdf") == b"other"
    assert s3_bucket.keys() == sorted(FILES)  # the others were copied
    assert "reports/3/v1.pdf" in errors.getvalue()


def test_a_dry_run_copies_nothing(media, s3_bucket):
    output = copy(dry_run=True)

    assert s3_bucket.keys() == []
    assert output.splitlines()[-1] == "3 to copy, 0 already in the bucket, 0 different"


def test_without_a_bucket_nothing_is_done(media):
    with pytest.raises(CommandError, match="AWS_STORAGE_BUCKET_NAME"):
        copy()


@pytest.mark.django_db
def test_a_record_stored_on_disk_downloads_from_the_bucket_after_the_copy(
    client, settings, new_bucket
):
    activity = ActivityFactory()
    attachment = ActivityAttachment(activity=activity, original_name="bb.pdf", size=len(PDF))
    attachment.file.save("bb.pdf", ContentFile(PDF), save=True)  # on the disk
    bucket = new_bucket()
    settings.STORAGES = {**settings.STORAGES, "default": bucket.storage_setting}
    copy()
    (settings.MEDIA_ROOT / attachment.file.name).unlink()  # the disk is gone: only the bucket
    client.force_login(make_user("staff", activity.union))

    response = client.get(
        reverse("attachment_download", args=[activity.society_id, activity.pk, attachment.pk])
    )

    assert bucket.keys() == [attachment.file.name]
    assert (response.status_code, body(response)) == (200, PDF)
