"""Personal data with the bucket: the processing record says where files are (the bucket and its
server, never a key), and a person's own data export is made for the download, stored nowhere."""

import pytest
from django.urls import reverse

from tests.conftest import make_user
from tests.factories import MemberFactory, UnionFactory

pytestmark = pytest.mark.django_db

ACCESS_KEY, SECRET_KEY = "AKIA-PORTAL-7QX", "s3cr3t-9f2b-never-shown"


@pytest.fixture
def bucket_with_keys(settings, s3_bucket):
    """The test's bucket, reached with keys of its own (the page must show neither)."""
    options = {**s3_bucket.storage_setting["OPTIONS"], "access_key": ACCESS_KEY}
    options["secret_key"] = SECRET_KEY
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**s3_bucket.storage_setting, "OPTIONS": options},
    }
    return s3_bucket


def test_the_processing_record_names_the_bucket_and_its_server_only(client, bucket_with_keys):
    client.force_login(make_user("staff", UnionFactory()))

    page = client.get("/privacy/record/").content.decode()

    assert f"S3 · {bucket_with_keys.name} · 127.0.0.1" in page
    assert (ACCESS_KEY in page, SECRET_KEY in page) == (False, False)


def test_the_processing_record_without_a_bucket_names_the_directory(client, settings):
    client.force_login(make_user("staff", UnionFactory()))

    page = client.get("/privacy/record/").content.decode()

    assert f"FileSystemStorage · {settings.MEDIA_ROOT}" in page


@pytest.mark.parametrize("fmt", ["pdf", "xlsx"])
def test_a_persons_data_export_is_stored_nowhere(client, settings, s3_bucket, fmt):
    member = MemberFactory()
    client.force_login(make_user("staff", member.union))

    response = client.get(reverse("members:privacy_subject_export", args=[member.pk, fmt]))

    assert response.status_code == 200
    assert len(response.content) > 0
    assert s3_bucket.keys() == []
    assert not settings.MEDIA_ROOT.exists() or list(settings.MEDIA_ROOT.rglob("*")) == []
