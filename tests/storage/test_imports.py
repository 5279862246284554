"""The admin import with the bucket: the uploaded file waits for its confirmation in the
bucket (every app server sees it), goes once confirmed, once stale, or once it names a person
who is erased."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from associations.accounts import role_assign
from associations.import_admin import UPLOAD_FOLDER, remove_stale_uploads
from associations.models import RoleKind
from members.models import Member
from members.privacy.anonymise import member_anonymise
from tests.associations.import_helpers import csv_bytes
from tests.factories import MemberFactory, SocietyFactory, UnionFactory, UserFactory

from .helpers import public_grants, shows_bucket

pytestmark = pytest.mark.django_db

MEMBERS = [
    ["Họ và tên", "Hội", "Ngày vào hội", "Mã hội viên"],
    ["Trần Minh", "Hội Y tế", "01/09/2012", "HL1"],
    ["Lê Hà", "Hội Y tế", "01/09/2012", "HL2"],
]


@pytest.fixture
def union():
    union = UnionFactory(slug="hong-linh")
    SocietyFactory(union=union, name="Hội Y tế")
    return union


@pytest.fixture
def staff(union):
    user = UserFactory()
    role_assign(user=user, union=union, kind=RoleKind.STAFF)
    return user


def preview(client, union):
    return client.post(
        reverse("admin:members_member_import"),
        {
            "resource": "0",
            "format": "1",  # CSV
            "union": union.pk,
            "import_file": SimpleUploadedFile(
                "hv.csv", csv_bytes(MEMBERS), content_type="text/csv"
            ),
        },
    )


def waiting(bucket) -> list[str]:
    keys = bucket.keys()
    return [key for key in keys if key.startswith(f"{UPLOAD_FOLDER}/")]


def test_an_admin_import_waits_in_the_bucket_then_imports_on_confirmation(
    client, staff, union, s3_bucket
):
    client.force_login(staff)

    shown = preview(client, union)
    pending = waiting(s3_bucket)
    grants, data = public_grants(s3_bucket, pending[0]), s3_bucket.read(pending[0])
    done = client.post(
        reverse("admin:members_member_process_import"), shown.context["confirm_form"].initial
    )

    assert (shown.status_code, shows_bucket(shown.content, s3_bucket)) == (200, [])
    assert len(pending) == 1
    assert (grants, data) == ([], csv_bytes(MEMBERS))
    assert done.status_code == 302
    assert sorted(Member.objects.values_list("member_code", flat=True)) == ["HL1", "HL2"]
    assert s3_bucket.keys() == []


def test_unconfirmed_uploads_are_removed_from_the_bucket_once_stale(
    client, staff, union, s3_bucket
):
    client.force_login(staff)
    preview(client, union)
    preview(client, union)

    kept = remove_stale_uploads()
    removed = remove_stale_uploads(older_than=-60)  # as if every one were a minute older

    assert (kept, removed, s3_bucket.keys()) == (0, 2, [])


def test_erasing_a_person_deletes_the_waiting_upload_that_names_them(staff, union, s3_bucket):
    member = MemberFactory(union=union, full_name="Nguyễn Thị Xoá")
    default_storage.save(f"{UPLOAD_FOLDER}/a", ContentFile("Họ và tên\nNguyễn Thị Xoá\n".encode()))
    other = default_storage.save(f"{UPLOAD_FOLDER}/b", ContentFile("Họ và tên\nLê Hà\n".encode()))
    before = s3_bucket.keys()

    member_anonymise(member=member, user=staff, reason="Theo yêu cầu")

    assert before == [f"{UPLOAD_FOLDER}/a", other]
    assert s3_bucket.keys() == [other]
