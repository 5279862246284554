"""The import engine: reading files, headers, cell formats and file-level problems (design §6)."""

import datetime
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from core.imports import ImportRejected, get_kind, records_import
from core.spreadsheets import escape_formula, read_table, write_xlsx
from tests.associations.import_helpers import csv_bytes, only_issue, snapshot, xlsx_bytes
from tests.factories import SocietyFactory, UnionFactory

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _renamed_part(data: bytes, old: str, new: str) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            name = new if info.filename == old else info.filename
            target.writestr(name, source.read(info.filename))
    return buffer.getvalue()


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
        (2, ["Hội A", datetime.date(2010, 5, 1), 12]),
        (4, ["Hội B"]),
    ]


def test_read_table_xlsx_formula_cells_are_reported_with_row_and_column():
    data = xlsx_bytes([["name", "kind"], ["Hội A", "=1+1"]])

    with pytest.raises(ImportRejected) as caught:
        read_table(data, "x.xlsx")

    assert [(i.code, i.row, i.column) for i in caught.value.issues] == [("formula", 2, "kind")]
    assert caught.value.issues[0].message == (
        "không chấp nhận công thức; vui lòng dán giá trị thay cho công thức"
    )


def test_read_table_ods_formula_cells_are_reported_with_row_and_column():
    data = (FIXTURES / "societies-formula.ods").read_bytes()

    with pytest.raises(ImportRejected) as caught:
        read_table(data, "societies.ods")

    assert [(i.code, i.row, i.column) for i in caught.value.issues] == [("formula", 4, "contact")]


def test_read_table_reads_xls_and_ods_like_csv():
    expected = read_table((FIXTURES / "members-semicolon.csv").read_bytes(), "m.csv")

    for name in ("members.xls", "members.ods"):
        table = read_table((FIXTURES / name).read_bytes(), name)

        assert table.headers == expected.headers
        assert [number for number, _ in table.rows] == [number for number, _ in expected.rows]
        first = dict(zip(table.headers, table.rows[0][1], strict=False))
        assert (first["full_name"], first["joined_on"], first["birth_year"]) == (
            "Nguyễn Thị Hương",
            datetime.date(2015, 3, 1),
            1978,
        )


@pytest.mark.parametrize(
    ("delimiter", "rows"),
    [
        (";", [["Tên hội", "Liên hệ"], ["Hội A", "Phòng 1, tầng 2"]]),
        (",", [["Tên hội", "Liên hệ"], ["Hội A", "0239; 0912"]]),
        ("\t", [["Tên hội", "Liên hệ"], ["Hội A", "a, b; c"]]),
    ],
)
def test_csv_delimiter_is_sniffed_from_the_first_lines(delimiter, rows):
    table = read_table(csv_bytes(rows, delimiter=delimiter), "x.csv")

    assert table.headers == rows[0]
    assert table.rows == [(2, rows[1])]


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
        _renamed_part(xlsx_bytes([["name"], ["A"]]), "xl/workbook.xml", "xl/notabook.xml"),
    ],
)
def test_xlsx_that_is_something_else_is_rejected(union, data):
    before = snapshot()

    result = societies(union, data, name="societies.xlsx")

    issue = only_issue(result)
    assert (issue.code, issue.row) == ("invalid_file", None)
    assert snapshot() == before


@pytest.mark.django_db
def test_broken_xls_ods_and_unknown_extensions_are_rejected(union):
    broken_xls = only_issue(societies(union, b"\xd0\xcf\x11\xe0rest", name="a.xls"))
    broken_ods = only_issue(societies(union, b"name,kind\nA,ward\n", name="a.ods"))
    other = only_issue(societies(union, b"name,kind\nA,ward\n", name="a.pdf"))

    assert (broken_xls.code, broken_ods.code, other.code) == (
        "invalid_file",
        "invalid_file",
        "unsupported_format",
    )


@pytest.mark.django_db
def test_xlsx_excel_error_value_is_rejected(union):
    book = openpyxl.Workbook()
    book.active.append(["name", "kind"])
    book.active.append(["Hội A"])
    book.active["B2"] = "#N/A"
    book.active["B2"].data_type = "e"
    buffer = io.BytesIO()
    book.save(buffer)

    result = societies(union, buffer.getvalue(), name="s.xlsx")

    issue = only_issue(result)
    assert (issue.code, issue.row, issue.column) == ("formula", 2, "kind")
    assert "#N/A" in issue.message


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
    from core.imports import CellError

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
    [
        ("=1+1", "'=1+1"),
        ("+84", "'+84"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Hội", "Hội"),
    ],
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


@pytest.mark.django_db
def test_import_after_a_dry_run_reads_the_file_once_but_checks_the_database_again(
    union, monkeypatch
):
    from core import spreadsheets

    calls = []
    original = spreadsheets.read_table
    monkeypatch.setattr(spreadsheets, "read_table", lambda *a: calls.append(a) or original(*a))
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


def test_every_export_neutralises_with_the_same_prefixes():
    from members.exports import neutralise

    values = ["=1", "+1", "-1", "@A1", "\t=1", "\r=1", "1", "a=b"]

    assert [neutralise(value) for value in values] == [escape_formula(v) for v in values]
    assert [escape_formula(value)[0] == "'" for value in values] == [True] * 6 + [False] * 2
