"""Writing CSV and XLSX files, every cell a spreadsheet could run as a formula neutralised."""

from __future__ import annotations

import codecs
import csv
import datetime
import io
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext

from core.imports.columns import format_date

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"

# What a spreadsheet may run as a formula (OWASP "CSV injection"): these first characters, and a
# tab or carriage return that some programs skip before one. Every file the portal writes uses
# this one set.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula gets a leading single quote."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def unescape_cell(value: str) -> str:
    """What escape_formula added on export comes off on import, so an export re-imports as is."""
    if len(value) > 1 and value[0] == "'" and value[1] in FORMULA_PREFIXES:
        return value[1:]
    return value


def _cell_text(value: Any, style: str) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat() if style == "code" else format_date(value)
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(escape_formula(value))


def write_csv(headers: list[str], rows: Iterable[list[Any]], *, style: str = "vi") -> bytes:
    """CSV UTF-8 with a BOM (so Excel shows Vietnamese correctly), formulas neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_cell_text(header, style) for header in headers])
    for row in rows:
        writer.writerow([_cell_text(value, style) for value in row])
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")


def write_xlsx(
    headers: list[str],
    rows: Iterable[list[Any]],
    *,
    required: set[str] | None = None,
    guide: list[list[str]] | None = None,
) -> bytes:
    """An xlsx workbook: dates as date cells, text that looks like a formula quoted."""
    import warnings

    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    required = required or set()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        book = Workbook(write_only=True)
        sheet = book.create_sheet(gettext("Data"))
        bold = Font(bold=True)
        widths = [max(12, min(40, len(str(header)) + 4)) for header in headers]
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "A2"
        header_cells = []
        for header in headers:
            cell = WriteOnlyCell(sheet, value=escape_formula(header))
            if header in required:
                cell.font = bold
            header_cells.append(cell)
        sheet.append(header_cells)
        for row in rows:
            out = []
            for value in row:
                if isinstance(value, datetime.date):
                    cell = WriteOnlyCell(sheet, value=value)
                    cell.number_format = "DD/MM/YYYY"
                    out.append(cell)
                elif value is None or value == "":
                    out.append(None)
                else:
                    out.append(escape_formula(value))
            sheet.append(out)
        if guide:
            notes = book.create_sheet(gettext("Guide"))
            for letter, width in zip("ABCD", (30, 24, 10, 90), strict=True):
                notes.column_dimensions[letter].width = width
            notes.append(
                [
                    WriteOnlyCell(notes, value=text)
                    for text in (
                        gettext("Column (Vietnamese header)"),
                        gettext("Column (English name)"),
                        gettext("Required"),
                        gettext("Accepted values"),
                    )
                ]
            )
            for line in guide:
                notes.append([escape_formula(text) for text in line])
        buffer = io.BytesIO()
        book.save(buffer)
    return buffer.getvalue()
