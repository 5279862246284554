"""The import engine: reading files, headers, cell formats and file-level problems (design §6)."""

import datetime
import io
import zipfile

import pytest
from django.utils import translation

from associations.imports import (
    ImportIssue,
    ImportRejected,
    escape_formula,
    get_kind,
    read_table,
    records_import,
    write_xlsx,
)

from ..factories import SocietyFactory, UnionFactory
from .import_helpers import csv_bytes, only_issue, snapshot, xlsx_bytes

SOCIETIES_HEADER = ["name", "kind", "founded_on", "dissolved_on", "contact"]


@pytest.fixture
def union():
    return UnionFactory(slug="hong-linh")


def societies(union, data, name="societies.csv", **kwargs):
    return records_import(kind="societies", file=data, filename=name, union=union, **kwargs)


# --- reading --------------------------------------------------------------------------------------


def test_read_table_csv_keeps_row_numbers_and_skips_blank_rows():
    data = csv_bytes([["name", "kind"], ["A", "ward"], ["", ""], ["B", "commune"]])

    table = read_table(data, "x.csv")

    assert table.headers == ["name", "kind"]
    assert [number for number, _ in table.rows] == [2, 4]


def test_read_table_xlsx_reads_types_and_row_numbers():
    data = xlsx_bytes(
        [["name", "founded_on", "count"], ["Hội A", datetime.date(2010, 5, 1), 12], [], ["Hội B"]]
    )

    table = read_table(data, "x.xlsx")

    assert table.headers == ["name", "founded_on", "count"]
    assert table.rows == [
        (2, ["Hội A", datetime.datetime(2010, 5, 1), 12]),
        (4, ["Hội B"]),
    ]


def _minimal_xlsx(sheet_xml: str, shared: list[str], date_style: bool = True) -> bytes:
    """A workbook as Excel writes it: shared strings, a styles part with a date format."""
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as book:
        book.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{pkg}"><Relationship Id="rId1" '
            f'Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        book.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{ns}" xmlns:r="{rel}"><sheets>'
            f'<sheet name="Dữ liệu" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        book.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{pkg}"><Relationship Id="rId1" Type="{rel}/worksheet" '
            f'Target="worksheets/sheet1.xml"/></Relationships>',
        )
        items = "".join(f"<si><t>{text}</t></si>" for text in shared)
        book.writestr("xl/sharedStrings.xml", f'<sst xmlns="{ns}">{items}</sst>')
        book.writestr(
            "xl/styles.xml",
            f'<styleSheet xmlns="{ns}"><numFmts><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/>'
            f'</numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="{164 if date_style else 0}"/>'
            "</cellXfs></styleSheet>",
        )
        book.writestr(
            "xl/worksheets/sheet1.xml",
            f'<x:worksheet xmlns:x="{ns}"><x:sheetData>{sheet_xml}</x:sheetData></x:worksheet>',
        )
    return buffer.getvalue()


def test_read_table_xlsx_with_shared_strings_prefixes_and_date_styles():
    sheet = (
        '<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="C1" t="s"><x:v>1</x:v></x:c>'
        "</x:row>"
        '<x:row r="3"><x:c r="A3" t="s"><x:v>2</x:v></x:c><x:c r="C3" s="1"><x:v>43831</x:v>'
        "</x:c></x:row>"
    )
    data = _minimal_xlsx(sheet, ["Tên hội", "Ngày thành lập", " Hội  Y tế "])

    table = read_table(data, "x.xlsx")

    assert table.headers == ["Tên hội", "", "Ngày thành lập"]
    assert table.rows == [(3, ["Hội  Y tế", None, datetime.datetime(2020, 1, 1)])]


def test_read_table_xlsx_formula_cells_are_reported_with_row_and_column():
    sheet = (
        '<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="s"><x:v>1</x:v></x:c>'
        "</x:row>"
        '<x:row r="2"><x:c r="A2" t="s"><x:v>0</x:v></x:c><x:c r="B2"><x:f>1+1</x:f><x:v>2</x:v>'
        "</x:c></x:row>"
    )
    data = _minimal_xlsx(sheet, ["name", "kind"], date_style=False)

    with translation.override("en"), pytest.raises(ImportRejected) as caught:
        read_table(data, "x.xlsx")

    assert caught.value.issues == [
        ImportIssue("formulas are not accepted; paste the values instead", "formula", 2, "kind"),
    ]


# --- headers ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_headers_tolerate_case_spaces_and_vietnamese(union):
    data = csv_bytes([["  TÊN HỘI ", "loại hình", " Contact "], ["Hội Y tế", "Y tế", "0239"]])

    result = societies(union, data)

    assert result.ok, result.errors
    society = union.societies.get()
    assert (society.name, society.kind, society.contact) == ("Hội Y tế", "health", "0239")


@pytest.mark.django_db
def test_unknown_column_is_rejected(union):
    before = snapshot()

    result = societies(union, csv_bytes([["name", "kind", "ghi chú"], ["Hội", "ward", "x"]]))

    issue = only_issue(result)
    assert (issue.code, issue.row, issue.column) == ("unknown_column", 1, "ghi chú")
    assert snapshot() == before


@pytest.mark.django_db
def test_column_given_twice_is_rejected(union):
    result = societies(union, csv_bytes([["name", "Tên hội", "kind"], ["A", "A", "ward"]]))

    issue = only_issue(result)
    assert (issue.code, issue.row, issue.column) == ("duplicate_column", 1, "Tên hội")


@pytest.mark.django_db
def test_value_under_a_blank_header_is_rejected(union):
    result = societies(union, csv_bytes([["name", "kind", ""], ["A", "ward", "lạc chỗ"]]))

    issue = only_issue(result)
    assert (issue.code, issue.row, issue.column) == ("unknown_column", 2, "C")


@pytest.mark.django_db
def test_required_cell_left_empty_is_rejected(union):
    result = societies(union, csv_bytes([SOCIETIES_HEADER, ["Hội A", "", "", "", ""]]))

    issue = only_issue(result)
    assert (issue.code, issue.row, issue.column) == ("required", 2, "kind")


# --- file-level problems ------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("data", [b"", b"  \r\n", b"\xef\xbb\xbf"])
def test_empty_file_is_rejected(union, data):
    before = snapshot()

    result = societies(union, data)

    assert only_issue(result).code == "empty_file"
    assert snapshot() == before


@pytest.mark.django_db
def test_header_without_rows_is_rejected(union):
    result = societies(union, csv_bytes([SOCIETIES_HEADER]))

    issue = only_issue(result)
    assert (issue.code, issue.row) == ("empty_file", 1)


@pytest.mark.django_db
def test_file_over_the_size_limit_is_rejected(union, settings, tmp_path):
    settings.UPLOAD_MAX_BYTES = 1000
    path = tmp_path / "societies.csv"
    path.write_bytes(
        csv_bytes([SOCIETIES_HEADER] + [[f"Hội {i}", "ward", "", "", ""] for i in range(100)])
    )
    before = snapshot()

    from_path = records_import(kind="societies", file=path, union=union)
    from_bytes = societies(union, path.read_bytes())
    with path.open("rb") as handle:
        from_handle = records_import(kind="societies", file=handle, union=union)

    for result in (from_path, from_bytes, from_handle):
        assert only_issue(result).code == "too_large"
    assert snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        csv_bytes([SOCIETIES_HEADER, ["Hội", "ward", "", "", ""]]),  # a CSV named .xlsx
        b"%PDF-1.4 not a workbook",
        b"PK\x03\x04 truncated zip",
        _minimal_xlsx("", []).replace(b"xl/workbook.xml", b"xl/notabook.xml"),
    ],
)
def test_xlsx_that_is_something_else_is_rejected(union, data):
    before = snapshot()

    result = societies(union, data, name="societies.xlsx")

    issue = only_issue(result)
    assert (issue.code, issue.row) == ("invalid_file", None)
    assert snapshot() == before


@pytest.mark.django_db
def test_old_xls_and_unknown_extensions_are_rejected(union):
    assert only_issue(societies(union, b"\xd0\xcf\x11\xe0rest", name="a.xls")).code == (
        "unsupported_format"
    )
    assert only_issue(societies(union, b"name,kind\nA,ward\n", name="a.ods")).code == (
        "unsupported_format"
    )


@pytest.mark.django_db
def test_xlsx_excel_error_value_is_rejected(union):
    sheet = (
        '<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="s"><x:v>1</x:v></x:c>'
        '</x:row><x:row r="2"><x:c r="A2" t="s"><x:v>0</x:v></x:c><x:c r="B2" t="e">'
        "<x:v>#N/A</x:v></x:c></x:row>"
    )

    result = societies(union, _minimal_xlsx(sheet, ["name", "kind"], False), name="s.xlsx")

    issue = only_issue(result)
    assert (issue.code, issue.row, issue.column) == ("formula", 2, "kind")


@pytest.mark.django_db
def test_every_row_problem_is_reported_not_only_the_first(union):
    rows = [SOCIETIES_HEADER, ["A", "chợ", "", "", ""], ["B", "ward", "32/01/2020", "", ""]]

    result = societies(union, csv_bytes(rows))

    assert [(i.row, i.column, i.code) for i in result.errors] == [
        (2, "kind", "invalid_choice"),
        (3, "founded_on", "invalid_date"),
    ]


@pytest.mark.django_db
def test_errors_stop_at_a_limit(union):
    rows = [SOCIETIES_HEADER] + [[f"Hội {i}", "chợ", "", "", ""] for i in range(700)]

    result = societies(union, csv_bytes(rows))

    assert len(result.errors) == 501
    assert result.errors[-1].code == "too_many_errors"


# --- values -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020-02-29", datetime.date(2020, 2, 29)),
        ("29/02/2020", datetime.date(2020, 2, 29)),
        ("1/2/2020", datetime.date(2020, 2, 1)),
        ("2020-02-29 00:00:00", datetime.date(2020, 2, 29)),
    ],
)
def test_dates_accept_iso_and_vietnamese_forms(text, expected):
    parser = get_kind("societies").column("founded_on").parser

    assert parser.parse(text) == expected


@pytest.mark.parametrize("text", ["31/02/2020", "2020-13-01", "02/29/2020", "hôm qua", "43831"])
def test_dates_reject_impossible_or_other_forms(text):
    from associations.imports import CellError

    parser = get_kind("societies").column("founded_on").parser

    with pytest.raises(CellError):
        parser.parse(text)


@pytest.mark.django_db
def test_leading_quote_added_by_export_comes_off_on_import(union):
    rows = [SOCIETIES_HEADER, ["'=Hội lạ", "ward", "", "", "'+84 912 345 678"]]

    result = societies(union, csv_bytes(rows))

    assert result.ok, result.errors
    society = union.societies.get()
    assert (society.name, society.contact) == ("=Hội lạ", "+84 912 345 678")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("=1+1", "'=1+1"), ("+84", "'+84"), ("-5", "'-5"), ("@SUM(A1)", "'@SUM(A1)"), ("Hội", "Hội")],
)
def test_escape_formula(value, expected):
    assert escape_formula(value) == expected


def test_write_xlsx_neutralises_formulas_and_keeps_dates():
    import openpyxl

    data = write_xlsx(["a", "b"], [['=HYPERLINK("x")', datetime.date(2020, 1, 2)], [-3, "-3"]])

    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    assert sheet["A2"].value == '\'=HYPERLINK("x")'
    assert sheet["A2"].data_type == "s"
    assert sheet["B2"].value == datetime.datetime(2020, 1, 2)
    assert (sheet["A3"].value, sheet["B3"].value) == (-3, "'-3")


@pytest.mark.django_db
def test_import_into_union_is_required_for_scoped_kinds():
    with pytest.raises(ValueError):
        records_import(kind="societies", file=b"name,kind\nA,ward\n", filename="a.csv")


@pytest.mark.django_db
def test_unknown_kind_is_a_programming_error(union):
    with pytest.raises(ValueError):
        records_import(kind="planets", file=b"", union=union)


@pytest.mark.django_db
def test_societies_of_another_union_are_not_touched(union):
    other = SocietyFactory(name="Hội Y tế", kind="agency")

    result = societies(union, csv_bytes([["name", "kind"], ["Hội Y tế", "health"]]))

    assert result.created == 1
    other.refresh_from_db()
    assert other.kind == "agency"


def test_read_table_xlsx_falls_back_to_streaming_when_slicing_fails(monkeypatch):
    from xml.etree.ElementTree import ParseError

    from associations.imports.files import _XlsxReader

    def refuse(self, data):
        raise ParseError("cannot slice")
        yield

    data = xlsx_bytes([["name", "kind"], ["Hội A", "ward"], ["=1+1", "ward"]])
    monkeypatch.setattr(_XlsxReader, "_chunked_rows", refuse)

    with pytest.raises(ImportRejected) as caught:
        read_table(data, "x.xlsx")

    assert [(i.code, i.row, i.column) for i in caught.value.issues] == [("formula", 3, "name")]


@pytest.mark.django_db
def test_import_after_a_dry_run_reads_the_file_once_but_checks_the_database_again(
    union, monkeypatch
):
    from associations.imports import service

    calls = []
    original = service.read_table
    monkeypatch.setattr(service, "read_table", lambda *a: calls.append(a) or original(*a))
    society = SocietyFactory(union=union, name="Hội Y tế")
    data = csv_bytes(
        [["full_name", "society", "joined_on"], ["Trần Minh", "Hội Y tế", "2012-09-01"]]
    )

    preview = records_import(kind="members", file=data, filename="m.csv", union=union, dry_run=True)
    society.delete()
    result = records_import(kind="members", file=data, filename="m.csv", union=union)

    assert preview.ok and preview.created == 1
    assert len(calls) == 1
    assert [(i.code, i.row, i.column) for i in result.errors] == [("unknown_society", 2, "society")]
