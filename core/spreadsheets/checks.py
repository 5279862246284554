"""What is checked in a workbook before python-calamine reads it, and what calamine does not say.

- the size: the uncompressed size of an XLSX or ODS file is read from its zip directory, and the
  rows are counted in the sheet's XML, so a file that would take the worker's memory is refused
  before it is parsed;
- formulas and error cells: calamine gives a formula's last computed value and an error cell as
  empty, so the first sheet's XML is looked at for them (imports take values, never formulas).
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from xml.etree.ElementTree import ParseError, iterparse

from django.conf import settings
from django.utils.translation import gettext

from core.imports.problems import ImportIssue, ImportRejected
from core.text import vn_number

# Formula and error cells: where they are (row number, column index) and, for errors, the value.
Cells = tuple[list[tuple[int, int]], list[tuple[int, int, str]]]


class NotAWorkbook(Exception):
    pass


def check_uncompressed_size(book: zipfile.ZipFile) -> None:
    total = sum(info.file_size for info in book.infolist())
    limit = settings.IMPORT_MAX_UNCOMPRESSED_BYTES
    if total > limit:
        raise ImportRejected(
            [
                ImportIssue(
                    gettext(
                        "the file expands to %(size)s bytes when opened (at most %(max)s); "
                        "split it into smaller files"
                    )
                    % {"size": vn_number(total), "max": vn_number(limit)},
                    "too_large",
                )
            ]
        )


def check_rows(count: int) -> None:
    """Refuse a sheet of more than IMPORT_MAX_ROWS rows (besides the header)."""
    limit = settings.IMPORT_MAX_ROWS
    if count > limit + 1:
        raise ImportRejected(
            [
                ImportIssue(
                    gettext(
                        "the file has about %(rows)s rows; at most %(max)s rows are imported at "
                        "once; split it into smaller files"
                    )
                    % {"rows": vn_number(count - 1), "max": vn_number(limit)},
                    "too_many_rows",
                )
            ]
        )


def _read(book: zipfile.ZipFile, path: str) -> bytes:
    try:
        data = book.read(path)
    except KeyError:
        raise NotAWorkbook(path)
    # Workbook parts never declare a DTD; refusing one rules out entity tricks (expat 2.4+
    # also limits entity expansion, and ElementTree never fetches external entities).
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data[:4096]:
        raise NotAWorkbook(path)
    return data


# --- XLSX -----------------------------------------------------------------------------------------

_ATTRIBUTE = r'\b{}\s*=\s*"([^"]*)"'
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>")
_SHEET = re.compile(rb"<(?:\w+:)?sheet\b[^>]*>")
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)<")
_REF = re.compile(rb"^([A-Z]+)(\d+)$")


def _attribute(element: bytes, name: str) -> str | None:
    match = re.search(_ATTRIBUTE.format(name).encode(), element)
    return match.group(1).decode() if match else None


def _relationships(book: zipfile.ZipFile, path: str) -> dict[str, str]:
    """Relationship id (and "type:<last part of the type>") -> target, for a part's .rels file."""
    directory, name = posixpath.split(path)
    rels_path = posixpath.join(directory, "_rels", name + ".rels")
    if rels_path not in book.namelist():
        return {}
    targets = {}
    for element in _RELATIONSHIP.findall(_read(book, rels_path)):
        target = _attribute(element, "Target") or ""
        if not target.startswith("/"):
            target = posixpath.normpath(posixpath.join(directory, target))
        target = target.lstrip("/")
        targets[_attribute(element, "Id") or ""] = target
        targets["type:" + (_attribute(element, "Type") or "").rsplit("/", 1)[-1]] = target
    return targets


def first_sheet_part(book: zipfile.ZipFile) -> str:
    workbook = _relationships(book, "").get("type:officeDocument", "xl/workbook.xml")
    sheets = _SHEET.findall(_read(book, workbook))
    if not sheets:
        raise NotAWorkbook(workbook)
    match = re.search(rb'\b(?:\w+:)?id\s*=\s*"([^"]*)"', sheets[0])
    target = _relationships(book, workbook).get(match.group(1).decode() if match else "")
    if not target:
        raise NotAWorkbook(workbook)
    return target


def _column(letters: bytes) -> int:
    column = 0
    for char in letters:
        column = column * 26 + char - 64
    return column - 1


_SHEET_DATA = re.compile(rb"<(\w+:)?sheetData\b")


def xlsx_cells(book: zipfile.ZipFile) -> Cells:
    """Count the first sheet's rows (refusing too many), then find its formula and error cells."""
    xml = _read(book, first_sheet_part(book))
    start = _SHEET_DATA.search(xml)
    prefix = (start.group(1) or b"") if start else b""
    # Plain byte counts and searches: a full regex pass over a 10,000-row sheet costs ~0.2 s.
    check_rows(xml.count(b"<" + prefix + b"row ") + xml.count(b"<" + prefix + b"row>"))
    formulas: list[tuple[int, int]] = []
    errors: list[tuple[int, int, str]] = []
    tag = b"<" + prefix + b"f"
    has_formula = any(tag + end in xml for end in (b">", b" ", b"/"))
    if not has_formula and b't="e"' not in xml:
        return formulas, errors
    for match in _CELL.finditer(xml):
        attributes, body = match.group(1), match.group(2) or b""
        ref = _REF.match((_attribute(attributes, "r") or "").encode())
        if ref is None:
            continue
        row, column = int(ref.group(2)), _column(ref.group(1))
        if _FORMULA.search(body):
            formulas.append((row, column))
        elif _attribute(attributes, "t") == "e":
            value = _VALUE.search(body)
            errors.append((row, column, value.group(1).decode() if value else "#N/A"))
    return formulas, errors


# --- ODS ------------------------------------------------------------------------------------------

_TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"


def is_ods(book: zipfile.ZipFile) -> bool:
    if "mimetype" not in book.namelist():
        return False
    return book.read("mimetype").startswith(b"application/vnd.oasis.opendocument.spreadsheet")


def ods_cells(book: zipfile.ZipFile) -> Cells:
    """Count the rows (refusing too many), then find the first table's formula cells.

    An error in an ODS sheet is always the result of a formula, so formulas cover both.
    """
    xml = _read(book, "content.xml")
    check_rows(xml.count(b"<table:table-row ") + xml.count(b"<table:table-row>"))
    formulas: list[tuple[int, int]] = []
    if b"table:formula=" not in xml:
        return formulas, []
    table, row_tag = f"{{{_TABLE_NS}}}table", f"{{{_TABLE_NS}}}table-row"
    cell_tags = {f"{{{_TABLE_NS}}}table-cell", f"{{{_TABLE_NS}}}covered-table-cell"}
    formula, rows_repeated = f"{{{_TABLE_NS}}}formula", f"{{{_TABLE_NS}}}number-rows-repeated"
    columns_repeated = f"{{{_TABLE_NS}}}number-columns-repeated"
    row = column = 0
    try:
        for event, element in iterparse(io.BytesIO(xml), events=("start", "end")):  # noqa: S314
            tag = element.tag
            if event == "start":
                if tag == row_tag:
                    column = 0
                continue
            if tag in cell_tags:
                if element.get(formula):
                    formulas.append((row + 1, column))
                column += int(element.get(columns_repeated, "1"))
            elif tag == row_tag:
                row += int(element.get(rows_repeated, "1"))
                element.clear()
            elif tag == table:
                break
    except ParseError:
        raise NotAWorkbook("content.xml")
    return formulas, []


# --- refusing them ----------------------------------------------------------------------------


def reject_formulas(table, cells: Cells) -> None:
    from .reading import header_at

    formulas, errors = cells
    issues = [
        ImportIssue(
            gettext("formulas are not accepted; paste the values instead"),
            "formula",
            number,
            header_at(table, column),
        )
        for number, column in formulas[:50]
    ]
    issues += [
        ImportIssue(
            gettext("the cell holds an Excel error «%(value)s»") % {"value": value},
            "formula",
            number,
            header_at(table, column),
        )
        for number, column, value in errors[:50]
    ]
    if issues:
        raise ImportRejected(issues)
