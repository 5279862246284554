"""Reading uploaded files: XLSX, XLS and ODS through python-calamine, CSV with the csv module.

Every reader gives a `Table`: the header (the first non-empty row) and the data rows, each with
its number as the spreadsheet shows it (row 1 is the first row of the sheet). Cells are None when
empty, text is stripped and NFC-normalised; numbers, dates and booleans keep their type.

Before anything is parsed, the file's size, its uncompressed size (read from the zip directory
of XLSX and ODS files) and its number of rows are checked against the settings
`UPLOAD_MAX_BYTES`, `IMPORT_MAX_UNCOMPRESSED_BYTES` and `IMPORT_MAX_ROWS`.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import os
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext

from core.imports.columns import as_text, clean_text
from core.imports.problems import ImportIssue, ImportRejected
from core.text import vn_number

from . import checks


@dataclass
class Table:
    header_row: int
    headers: list[str]
    rows: list[tuple[int, list]]
    fmt: str


def file_issue(message: str, code: str, row: int | None = None) -> ImportRejected:
    return ImportRejected([ImportIssue(message, code, row)])


def _too_large(size: int) -> ImportRejected:
    return file_issue(
        gettext("the file is too large (%(size)s bytes; at most %(max)s)")
        % {"size": vn_number(size), "max": vn_number(settings.UPLOAD_MAX_BYTES)},
        "too_large",
    )


def load_bytes(file: Any, filename: str | None = None) -> tuple[bytes, str]:
    """The file's bytes (a path, bytes or an open/uploaded file), refusing files over the limit."""
    limit = settings.UPLOAD_MAX_BYTES
    if isinstance(file, str | os.PathLike):
        path = Path(file)
        name = filename or path.name
        size = path.stat().st_size
        if size > limit:
            raise _too_large(size)
        data = path.read_bytes()
    elif isinstance(file, bytes | bytearray):
        name = filename or ""
        data = bytes(file)
    else:
        name = filename or os.path.basename(getattr(file, "name", "") or "")
        size = getattr(file, "size", None)
        if isinstance(size, int) and size > limit:
            raise _too_large(size)
        if hasattr(file, "seek"):
            with contextlib.suppress(OSError, ValueError):
                file.seek(0)
        data = file.read(limit + 1)
        if isinstance(data, str):
            data = data.encode("utf-8")
    if len(data) > limit:
        raise _too_large(len(data))
    return data, name


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
EXTENSIONS = ("", ".xlsx", ".xls", ".ods", ".csv", ".txt")


def read_table(data: bytes, filename: str = "") -> Table:
    """Headers and rows of the file's first sheet; raises ImportRejected for unreadable files."""
    extension = os.path.splitext(filename)[1].lower()
    if not data.strip():
        raise file_issue(gettext("the file is empty"), "empty_file")
    if extension not in EXTENSIONS:
        raise file_issue(
            gettext("unsupported file type «%(ext)s»; use .xlsx, .xls, .ods or .csv")
            % {"ext": extension},
            "unsupported_format",
        )
    if data.startswith(ZIP_MAGIC) or extension in (".xlsx", ".ods"):
        return _read_zipped(data, extension)
    if data.startswith(OLE_MAGIC) or extension == ".xls":
        return _read_xls(data)
    return _read_csv(data)


def first_rows(rows: Iterable[tuple[int, list]], fmt: str) -> Table:
    header_row = None
    headers: list[str] = []
    body: list[tuple[int, list]] = []
    for number, values in rows:
        if not any(value is not None for value in values):
            continue
        if header_row is None:
            header_row = number
            headers = ["" if value is None else as_text(value).strip() for value in values]
            continue
        body.append((number, values))
    if header_row is None:
        raise file_issue(gettext("the file is empty"), "empty_file")
    if not body:
        raise file_issue(
            gettext("the file has a header row but no data rows"), "empty_file", header_row
        )
    return Table(header_row, headers, body, fmt)


def header_at(table: Table, index: int) -> str:
    if index < len(table.headers) and table.headers[index]:
        return table.headers[index]
    return column_letter(index)


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


# --- workbooks (python-calamine) ----------------------------------------------------------------


def _invalid(fmt: str) -> ImportRejected:
    names = {"xlsx": "Excel (.xlsx)", "xls": "Excel 97-2003 (.xls)", "ods": "OpenDocument (.ods)"}
    return file_issue(
        gettext("the file is not a valid %(format)s workbook") % {"format": names[fmt]},
        "invalid_file",
    )


def _read_zipped(data: bytes, extension: str) -> Table:
    fmt = "ods" if extension == ".ods" else "xlsx"
    try:
        book = zipfile.ZipFile(io.BytesIO(data))
        checks.check_uncompressed_size(book)
        if checks.is_ods(book):
            fmt = "ods"
        cells = checks.ods_cells(book) if fmt == "ods" else checks.xlsx_cells(book)
    except ImportRejected:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, EOFError, OSError, checks.NotAWorkbook):
        raise _invalid(fmt)
    table = _read_workbook(data, fmt)
    checks.reject_formulas(table, cells)
    return table


def _read_xls(data: bytes) -> Table:
    return _read_workbook(data, "xls")


def _read_workbook(data: bytes, fmt: str) -> Table:
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        with CalamineWorkbook.from_filelike(io.BytesIO(data)) as book:
            sheet = book.get_sheet_by_index(0)
            end = sheet.end
            checks.check_rows(end[0] + 1 if end else 0)
            grid = sheet.to_python(skip_empty_area=False)
    except ImportRejected:
        raise
    except (CalamineError, ValueError, OSError, IndexError):
        raise _invalid(fmt)
    rows = []
    clean = clean_text
    for number, values in enumerate(grid, start=1):
        cells = [
            (clean(value) if value.__class__ is str else value) if value != "" else None
            for value in values
        ]
        while cells and cells[-1] is None:
            cells.pop()
        rows.append((number, cells))
    return first_rows(rows, fmt)


# --- CSV ------------------------------------------------------------------------------------------


_SURROGATES = re.compile("[\udc80-\udcff]")
DELIMITERS = (",", ";", "\t")


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the same number (> 1) of fields.

    Excel writes `;` where the regional settings use a decimal comma (Vietnamese ones do).
    Among the candidates that do, the one giving the most fields in the header wins; without
    any, the one the header line holds most often; a comma by default.
    """
    sample = text[: 64 * 1024].splitlines()[:20]
    best, best_score = None, (0, 0)
    for delimiter in DELIMITERS:
        try:
            widths = [len(record) for record in csv.reader(sample, delimiter=delimiter)]
        except csv.Error:
            continue
        widths = [width for width in widths if width > 0]
        if not widths or widths[0] < 2:
            continue
        score = (sum(width == widths[0] for width in widths), widths[0])
        if score > best_score:
            best, best_score = delimiter, score
    if best is not None:
        return best
    first_line = sample[0] if sample else ""
    delimiter = max(DELIMITERS, key=first_line.count)
    return delimiter if first_line.count(delimiter) else ","


def _read_csv(data: bytes) -> Table:
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise file_issue(
            gettext("the file is encoded in UTF-32; save it as «CSV UTF-8»"), "bad_encoding"
        )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in data[:4096]:
        raise file_issue(
            gettext(
                "the file is encoded in UTF-16 (Excel's «Unicode Text»); save it as «CSV UTF-8»"
            ),
            "bad_encoding",
        )
    checks.check_rows(data.count(b"\n"))
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
        broken = False
    except UnicodeDecodeError:
        # Keep the undecodable bytes so the first bad cells can be named, then refuse the file.
        text = data.decode("utf-8", "surrogateescape")
        broken = True
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    rows = []
    try:
        for number, record in enumerate(reader, start=1):
            rows.append((number, [clean_text(cell) for cell in record]))
    except csv.Error as exc:
        raise file_issue(
            gettext("the CSV file is malformed: %(error)s") % {"error": exc},
            "malformed",
            reader.line_num or None,
        )
    table = first_rows(rows, "csv")
    if broken:
        _reject_legacy_encoding(table)
    return table


def _reject_legacy_encoding(table: Table) -> None:
    def shown(text: str) -> str:
        # The header as the user probably wrote it: legacy Vietnamese files are mostly cp1258.
        raw = text.encode("utf-8", "surrogateescape")
        return raw.decode("cp1258", "replace")

    message = gettext(
        "the text is not UTF-8: the file seems to be saved in an old Vietnamese encoding "
        "(Windows-1258, TCVN3/ABC or VNI); open it in Excel and save it as «CSV UTF-8»"
    )
    issues = []
    for header in table.headers:
        if _SURROGATES.search(header):
            issues.append(ImportIssue(message, "bad_encoding", table.header_row, shown(header)))
            break
    for number, values in table.rows:
        for index, value in enumerate(values):
            if isinstance(value, str) and _SURROGATES.search(value):
                header = table.headers[index] if index < len(table.headers) else ""
                issues.append(
                    ImportIssue(message, "bad_encoding", number, shown(header) or str(index + 1))
                )
                break
        if len(issues) >= 20:
            break
    if not issues:
        issues.append(ImportIssue(message, "bad_encoding"))
    raise ImportRejected(issues)
