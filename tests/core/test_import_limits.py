"""Files too big to read safely are refused before they are parsed, with a clear message."""

import io
import zipfile
from pathlib import Path

import pytest

from core.imports import ImportRejected
from core.spreadsheets import read_table
from tests.associations.import_helpers import csv_bytes, xlsx_bytes

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def rows(count):
    return [["name", "kind"]] + [[f"Hội {number}", "ward"] for number in range(count)]


def refusal(data, name):
    with pytest.raises(ImportRejected) as caught:
        read_table(data, name)
    (issue,) = caught.value.issues
    return issue


@pytest.mark.parametrize(
    ("name", "make"), [("x.csv", csv_bytes), ("x.xlsx", xlsx_bytes)], ids=["csv", "xlsx"]
)
def test_a_file_over_the_row_limit_is_refused(settings, name, make):
    settings.IMPORT_MAX_ROWS = 20

    accepted = read_table(make(rows(20)), name)
    issue = refusal(make(rows(21)), name)

    assert len(accepted.rows) == 20
    assert (issue.code, issue.row) == ("too_many_rows", None)
    assert issue.message == (
        "tệp có khoảng 21 dòng; mỗi lần chỉ nhập được tối đa 20 dòng; "
        "hãy chia thành nhiều tệp nhỏ hơn"
    )


@pytest.mark.parametrize("name", ["members.ods", "members.xls"])
def test_row_limit_holds_for_libreoffice_and_old_excel_files(settings, name):
    data = (FIXTURES / name).read_bytes()
    settings.IMPORT_MAX_ROWS = 5
    accepted = read_table(data, name)
    settings.IMPORT_MAX_ROWS = 4

    issue = refusal(data, name)

    assert len(accepted.rows) == 5
    assert issue.code == "too_many_rows"


def test_a_workbook_that_expands_too_much_is_refused_from_its_zip_directory(settings):
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes(rows(3))))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in source.infolist():
            bomb.writestr(info.filename, source.read(info.filename))
        bomb.writestr("xl/media/padding.bin", b"\0" * 3_000_000)
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 2_000_000

    issue = refusal(buffer.getvalue(), "x.xlsx")

    assert len(buffer.getvalue()) < 100_000
    assert (issue.code, issue.row) == ("too_large", None)
    assert issue.message.startswith("tệp khi mở ra có ")
