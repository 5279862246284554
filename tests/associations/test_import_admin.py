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
CSV_FORMAT = "1"  # core.imports.resources.IMPORT_FORMATS: xlsx, csv, xls, ods


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
    assert (result.records.unchanged, result.unchanged_rows, result.valid_rows()) == (2, 2, [])


@pytest.mark.django_db
def test_every_admin_with_imports_uses_the_resource_of_its_registered_kind(rf, staff):
    from django.contrib import admin as django_admin

    from associations.import_admin import RecordsImportExportMixin
    from core.imports import kind_names
    from core.imports.resources import resource_for

    request = rf.get("/")
    request.user = staff
    admins = [
        model_admin
        for model_admin in django_admin.site._registry.values()
        if isinstance(model_admin, RecordsImportExportMixin)
    ]

    assert {model_admin.records_kind for model_admin in admins} == set(kind_names())
    for model_admin in admins:
        classes = model_admin.get_resource_classes(request)
        assert classes == [resource_for(model_admin.records_kind)]
        assert classes[0].kind == model_admin.records_kind
    assert len({resource_for(kind) for kind in kind_names()}) == len(kind_names())


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "fmt"), [("members.xls", "2"), ("members.ods", "3")])
def test_admin_imports_old_excel_and_libreoffice_files(client, staff, name, fmt):
    from pathlib import Path

    union = UnionFactory(slug="thi-xa")
    for society in [
        "Hội KH&KT Trung tâm Y tế thị xã",
        "Hội KH&KT phường Bắc Hồng",
        "Hội KH&KT Trường THPT Hồng Lĩnh",
        "Hội KH&KT Công ty Cổ phần Cơ khí Hồng Lĩnh",
        "Hội KH&KT xã Thuận Lộc",
    ]:
        SocietyFactory(union=union, name=society)
    role_assign(user=staff, union=union, kind=RoleKind.STAFF)
    client.force_login(staff)
    data = (Path(__file__).resolve().parents[1] / "fixtures" / name).read_bytes()

    preview = client.post(
        reverse(IMPORT_URL),
        {"format": fmt, "union": union.pk, "import_file": SimpleUploadedFile(name, data)},
    )
    done = client.post(
        reverse("admin:members_member_process_import"), preview.context["confirm_form"].initial
    )

    assert done.status_code == 302
    assert sorted(Member.objects.filter(union=union).values_list("full_name", flat=True)) == [
        "Lê Quang Hải",
        "Nguyễn Thị Hương",
        "Phạm Thị Lan",
        "Trần Văn Minh",
    ]


@pytest.mark.django_db
def test_admin_preview_names_the_problem_in_vietnamese(client, staff, union):
    client.force_login(staff)
    rows = MEMBERS + [["Phạm Lan", "Hội Y tế", "31/02/2020", "HL3"]]

    response = upload(client, rows, union)

    (invalid,) = response.context["result"].invalid_rows
    assert invalid.number == 4
    assert invalid.error_dict == {
        "Ngày vào hội": [
            "ngày «31/02/2020» không hợp lệ (dùng định dạng dd/mm/yyyy hoặc yyyy-mm-dd)"
        ]
    }


def _waiting_uploads(settings):
    folder = settings.MEDIA_ROOT / "django-import-export"
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


@pytest.mark.django_db
def test_admin_rejected_preview_leaves_no_upload_behind(client, staff, union, settings):
    client.force_login(staff)
    rows = MEMBERS + [["Phạm Lan", "Hội không có", "01/09/2012", "HL3"]]

    response = upload(client, rows, union)

    assert response.context["result"].has_validation_errors()
    assert _waiting_uploads(settings) == []


@pytest.mark.django_db
def test_admin_upload_waits_for_confirmation_then_goes(client, staff, union, settings):
    client.force_login(staff)

    preview = upload(client, MEMBERS, union)
    waiting = _waiting_uploads(settings)
    client.post(
        reverse("admin:members_member_process_import"), preview.context["confirm_form"].initial
    )

    assert len(waiting) == 1
    assert _waiting_uploads(settings) == []


@pytest.mark.django_db
def test_admin_unconfirmed_previews_are_removed_once_stale(client, staff, union, settings):
    import os
    import time

    client.force_login(staff)
    upload(client, MEMBERS, union)
    (stale,) = _waiting_uploads(settings)
    path = settings.MEDIA_ROOT / "django-import-export" / stale
    old = time.time() - 7 * 3600
    os.utime(path, (old, old))

    upload(client, MEMBERS, union)

    waiting = _waiting_uploads(settings)
    assert stale not in waiting
    assert len(waiting) == 1
