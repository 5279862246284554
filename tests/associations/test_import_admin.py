"""Import and export in the admin: preview, all-or-nothing confirm, union scoping, templates."""

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from associations.accounts import role_assign
from associations.models import Activity, RoleKind
from members.models import Member

from ..factories import SocietyFactory, UnionFactory, UserFactory
from .import_helpers import csv_bytes, snapshot

MEMBERS = [
    ["Họ và tên", "Hội", "Ngày vào hội", "Mã hội viên"],
    ["Trần Minh", "Hội Y tế", "01/09/2012", "HL1"],
    ["Lê Hà", "Hội Y tế", "01/09/2012", "HL2"],
]
IMPORT_URL = "admin:members_member_import"
CSV_FORMAT = "1"  # associations.resources.IMPORT_FORMATS: xlsx, csv


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


def upload(client, rows, union, url=IMPORT_URL, name="members.csv"):
    return client.post(
        reverse(url),
        {
            "resource": "0",
            "format": CSV_FORMAT,
            "union": union.pk,
            "import_file": SimpleUploadedFile(name, csv_bytes(rows), content_type="text/csv"),
        },
    )


@pytest.mark.django_db
def test_admin_import_previews_then_imports_on_confirmation(client, staff, union):
    client.force_login(staff)
    before = snapshot()

    preview = upload(client, MEMBERS, union)

    assert preview.status_code == 200
    result = preview.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert [row.import_type for row in result.valid_rows()] == ["new", "new"]
    assert snapshot() == before  # the preview is a dry run
    confirm = preview.context["confirm_form"]

    done = client.post(reverse("admin:members_member_process_import"), confirm.initial)

    assert done.status_code == 302
    assert sorted(Member.objects.values_list("member_code", flat=True)) == ["HL1", "HL2"]
    assert {record.history_user for record in Member.history.all()} == {staff}


@pytest.mark.django_db
def test_admin_import_shows_every_error_by_row_and_column_and_saves_nothing(client, staff, union):
    client.force_login(staff)
    rows = MEMBERS + [["Phạm Lan", "Hội không có", "31/02/2020", "HL3"]]
    before = snapshot()

    response = upload(client, rows, union)

    result = response.context["result"]
    assert "confirm_form" not in response.context
    assert [(row.number, row.field_specific_errors.keys()) for row in result.invalid_rows] == [
        (4, {"Hội", "Ngày vào hội"}),
    ]
    assert "31/02/2020" in response.content.decode()
    assert snapshot() == before


@pytest.mark.django_db
def test_admin_import_file_level_error_is_shown(client, staff, union):
    client.force_login(staff)
    data = "Họ và tên,Hội,Ngày vào hội\r\nTrần Minh,Hội Y tế,2012-09-01\r\n".encode("utf-16")

    response = client.post(
        reverse(IMPORT_URL),
        {
            "format": CSV_FORMAT,
            "union": union.pk,
            "import_file": SimpleUploadedFile("members.csv", data),
        },
    )

    result = response.context["result"]
    assert [error.issue.code for error in result.base_errors] == ["bad_encoding"]
    assert Member.objects.count() == 0


@pytest.mark.django_db
def test_admin_import_into_another_union_is_refused(client, staff, union):
    other = UnionFactory(slug="nghi-xuan")
    SocietyFactory(union=other, name="Hội Y tế")
    client.force_login(staff)

    response = upload(client, MEMBERS, other)

    assert response.status_code == 200
    assert "union" in response.context["form"].errors
    assert "result" not in response.context
    assert Member.objects.count() == 0


@pytest.mark.django_db
def test_admin_confirm_with_a_forged_union_is_refused(client, staff, union):
    other = UnionFactory(slug="nghi-xuan")
    SocietyFactory(union=other, name="Hội Y tế")
    client.force_login(staff)
    confirm = upload(client, MEMBERS, union).context["confirm_form"]

    client.post(
        reverse("admin:members_member_process_import"), {**confirm.initial, "union": other.pk}
    )

    assert Member.objects.count() == 0


@pytest.mark.django_db
def test_admin_import_file_over_the_limit_is_refused(client, staff, union, settings):
    settings.UPLOAD_MAX_BYTES = 50
    client.force_login(staff)

    response = upload(client, MEMBERS, union)

    assert "import_file" in response.context["form"].errors
    assert Member.objects.count() == 0


@pytest.mark.django_db
def test_admin_staff_cannot_import_unions(client, staff):
    client.force_login(staff)

    response = client.get(reverse("admin:associations_union_import"))

    assert response.status_code == 403


@pytest.mark.django_db
def test_admin_template_has_the_vietnamese_headers(client, staff):
    client.force_login(staff)

    xlsx = client.get(reverse("admin:members_member_import_template"))
    csv = client.get(reverse("admin:members_member_import_template") + "?format=csv")

    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    headers = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    assert headers[:3] == ["Họ và tên", "Hội", "Ngày vào hội"]
    assert csv.content.decode("utf-8-sig").splitlines()[0].startswith("Họ và tên,Hội,Ngày vào hội")
    assert 'filename="mau-nhap-members.xlsx"' in xlsx["Content-Disposition"]


@pytest.mark.django_db
def test_admin_export_is_scoped_and_neutralises_formulas(client, staff, union):
    Activity.objects.create(
        union=union, kind="training", title='=HYPERLINK("x")', held_on="2022-01-15"
    )
    Activity.objects.create(
        union=UnionFactory(), kind="training", title="Của huyện khác", held_on="2022-01-15"
    )
    client.force_login(staff)

    response = client.post(reverse("admin:associations_activity_export"), {"format": "1"})

    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Tên hoạt động", "Loại hoạt động", "Ngày"]
    assert rows[1:] == [['\'=HYPERLINK("x")', "Tập huấn", "15/01/2022", "", "", "", "", ""]]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model",
    [
        "associations_union",
        "associations_term",
        "associations_society",
        "members_committeeseat",
        "associations_activity",
        "members_commendation",
        "members_member",
        "members_membership",
    ],
)
def test_admin_import_export_pages_of_every_registry_list(admin_client, union, model):
    changelist = admin_client.get(reverse(f"admin:{model}_changelist"))
    page = admin_client.get(reverse(f"admin:{model}_import"))
    template = admin_client.get(reverse(f"admin:{model}_import_template"))
    export = admin_client.post(reverse(f"admin:{model}_export"), {"format": "0"})

    assert changelist.status_code == 200
    assert reverse(f"admin:{model}_import") in changelist.content.decode()
    assert page.status_code == 200
    assert template.status_code == 200
    assert export.status_code == 200
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.mark.django_db
def test_admin_export_xlsx_reimports_unchanged(client, staff, union):
    client.force_login(staff)
    upload_response = upload(client, MEMBERS, union)
    client.post(
        reverse("admin:members_member_process_import"),
        upload_response.context["confirm_form"].initial,
    )

    exported = client.post(reverse("admin:members_member_export"), {"format": "0"})
    preview = client.post(
        reverse(IMPORT_URL),
        {
            "format": "0",
            "union": union.pk,
            "import_file": SimpleUploadedFile("export.xlsx", exported.content),
        },
    )

    result = preview.context["result"]
    assert [row.import_type for row in result.valid_rows()] == ["skip", "skip"]
