"""Exported and template spreadsheets, reopened with openpyxl: what someone opening them sees.

One writer (core.spreadsheets.write_xlsx) makes every xlsx file: the member directory export,
the import engine's exports and its templates.
"""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core import spreadsheets
from core.imports import export_records, get_kind, records_import, template_file
from members.models import Member, Membership, Qualification
from tests.conftest import make_user

from ..factories import MembershipFactory, SocietyFactory, UnionFactory

JOINED = datetime.date(2019, 5, 20)


def reopen(data: bytes):
    return load_workbook(io.BytesIO(data)).worksheets[0]


def header_of(sheet) -> list:
    return [cell.value for cell in sheet[1]]


def assert_readable(sheet, headers: list[str], rows: int) -> None:
    """Bold frozen header row with an autofilter over the data; every header fits its column."""
    assert header_of(sheet) == headers
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    last = sheet.cell(row=1, column=len(headers)).column_letter
    assert sheet.auto_filter.ref == f"A1:{last}{rows + 1}"
    for cell in sheet[1]:
        width = sheet.column_dimensions[cell.column_letter].width
        assert len(cell.value) < width <= spreadsheets.writing.MAX_WIDTH


@pytest.fixture
def union():
    union = UnionFactory()
    society = SocietyFactory(union=union, name="Hội KH&KT phường Đậu Liêu")
    MembershipFactory(
        society=society,
        joined_on=JOINED,
        member__union=union,
        member__full_name="Nguyễn Thị Ánh Tuyết",
        member__qualification=Qualification.MASTER,
        member__workplace="Trường THCS Trung Lương, thị xã Hồng Lĩnh",
    )
    return union


def test_write_xlsx_writes_dates_as_dates_and_sizes_columns():
    headers = ["Ngày", "Ghi chú", "Số"]
    rows = [[datetime.date(2024, 3, 9), "x" * 200, 7], [None, "", 12]]

    sheet = reopen(spreadsheets.write_xlsx(headers, rows, required={"Ngày"}, title="Danh sách"))

    assert_readable(sheet, headers, rows=2)
    assert sheet.title == "Danh sách"
    date_cell = sheet["A2"]
    assert date_cell.is_date and date_cell.value == datetime.datetime(2024, 3, 9)
    assert date_cell.number_format == "DD/MM/YYYY"
    assert sheet.column_dimensions["B"].width == spreadsheets.writing.MAX_WIDTH
    assert sheet["A1"].fill.fgColor.rgb.endswith("FFF2CC") and sheet["B1"].fill.fill_type is None
    assert [sheet["C2"].value, sheet["C3"].value, sheet["B3"].value] == [7, 12, None]


@pytest.mark.django_db
def test_directory_export_has_the_templates_headers_and_labels(client, union):
    client.force_login(make_user("staff", union))

    response = client.get(reverse("members:export", args=["xlsx"]))

    sheet = reopen(response.content)
    headers = header_of(sheet)
    assert headers[:2] == ["Mã hội viên", "Họ và tên"]
    assert set(headers) <= {column.label for column in get_kind("members").columns}
    assert_readable(sheet, headers, rows=1)
    row = dict(zip(headers, [cell.value for cell in sheet[2]], strict=True))
    assert row["Họ và tên"] == "Nguyễn Thị Ánh Tuyết"
    assert row["Trình độ"] == "Thạc sĩ"
    assert row["Hội"] == "Hội KH&KT phường Đậu Liêu"
    workplace = sheet.cell(row=1, column=headers.index("Nơi công tác") + 1).column_letter
    assert sheet.column_dimensions[workplace].width > len(row["Nơi công tác"])


@pytest.mark.django_db
def test_directory_export_csv_has_the_templates_headers(client, union):
    client.force_login(make_user("staff", union))

    response = client.get(reverse("members:export", args=["csv"]))

    first_line = response.content.decode("utf-8-sig").splitlines()[0]
    assert first_line.startswith("Mã hội viên,Họ và tên,Giới tính,Năm sinh,Trình độ")


@pytest.mark.django_db
def test_records_export_is_readable_with_dates_as_dates_and_reimports_unchanged(union):
    data = export_records("members", union=union)

    sheet = reopen(data)
    headers = header_of(sheet)
    assert sheet.title == "Hội viên"
    assert headers == [column.label for column in get_kind("members").columns]
    assert_readable(sheet, headers, rows=1)
    joined = sheet.cell(row=2, column=headers.index("Ngày vào hội") + 1)
    assert joined.is_date and joined.value.date() == JOINED
    assert joined.number_format == "DD/MM/YYYY"
    before = (Member.objects.count(), Membership.objects.count())

    result = records_import(kind="members", file=data, filename="export.xlsx", union=union)

    assert result.ok, result.errors
    assert (result.created, result.updated) == (0, 0)
    assert (Member.objects.count(), Membership.objects.count()) == before


@pytest.mark.parametrize("kind", ["members", "societies", "activities"])
def test_templates_are_readable_and_explain_their_columns(kind):
    book = load_workbook(io.BytesIO(template_file(kind)))

    sheet, guide = book.worksheets
    headers = [column.label for column in get_kind(kind).columns]
    assert_readable(sheet, headers, rows=0)
    assert guide.freeze_panes == "A2" and all(cell.font.bold for cell in guide[1])
    assert [row[0].value for row in guide.iter_rows(min_row=2)] == headers
