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


# Column widths (in characters) an xlsx file opens with: wide enough for the longest value of
# the first rows, within bounds so that a long note does not push the other columns off screen.
MIN_WIDTH, MAX_WIDTH, WIDTH_SAMPLE = 8, 60, 1000
DATE_FORMAT, DATETIME_FORMAT = "DD/MM/YYYY", "DD/MM/YYYY HH:MM"
_SHEET_TITLE_FORBIDDEN = str.maketrans({char: " " for char in "[]:*?/\\"})


def _display_width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime.datetime):
        return 16
    if isinstance(value, datetime.date):
        return 10
    return max((len(line) for line in str(value).splitlines()), default=0)


def column_widths(headers: list[str], rows: list[list[Any]]) -> list[int]:
    """Widths that show each header and the values of the first WIDTH_SAMPLE rows."""
    widths = [_display_width(header) + 4 for header in headers]  # bold text and the filter button
    for row in rows[:WIDTH_SAMPLE]:
        for index, value in enumerate(row[: len(widths)]):
            widths[index] = max(widths[index], _display_width(value) + 2)
    return [max(MIN_WIDTH, min(MAX_WIDTH, width)) for width in widths]


def write_xlsx(
    headers: list[str],
    rows: Iterable[list[Any]],
    *,
    required: set[str] | None = None,
    guide: list[list[str]] | None = None,
    title: str | None = None,
) -> bytes:
    """An xlsx workbook, the one every export and template of the portal is written with.

    The header row is bold (required columns also shaded), frozen and has an autofilter;
    columns are as wide as their contents (within bounds); dates are date cells shown as
    dd/mm/yyyy; text that looks like a formula is quoted. `guide` adds a sheet explaining the
    columns; `title` names the data sheet.
    """
    import warnings

    from django.utils import timezone
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    required = required or set()
    rows = [list(row) for row in rows]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        book = Workbook(write_only=True)
        sheet_title = (title or gettext("Data")).translate(_SHEET_TITLE_FORBIDDEN)[:31]
        sheet = book.create_sheet(sheet_title.strip() or gettext("Data"))
        bold = Font(bold=True)
        shaded = PatternFill("solid", fgColor="FFF2CC")
        for index, width in enumerate(column_widths(headers, rows), start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "A2"
        header_cells = []
        for header in headers:
            cell = WriteOnlyCell(sheet, value=escape_formula(header))
            cell.font = bold
            if header in required:
                cell.fill = shaded
            header_cells.append(cell)
        sheet.append(header_cells)
        for row in rows:
            out = []
            for value in row:
                if isinstance(value, datetime.datetime):
                    if timezone.is_aware(value):
                        value = timezone.make_naive(value)
                    cell = WriteOnlyCell(sheet, value=value)
                    cell.number_format = DATETIME_FORMAT
                    out.append(cell)
                elif isinstance(value, datetime.date):
                    cell = WriteOnlyCell(sheet, value=value)
                    cell.number_format = DATE_FORMAT
                    out.append(cell)
                elif value is None or value == "":
                    out.append(None)
                else:
                    out.append(escape_formula(value))
            sheet.append(out)
        if headers:
            last = f"{get_column_letter(len(headers))}{len(rows) + 1}"
            sheet.auto_filter.ref = f"A1:{last}"
        if guide:
            notes = book.create_sheet(gettext("Guide"))
            for letter, width in zip("ABCD", (30, 24, 10, 90), strict=True):
                notes.column_dimensions[letter].width = width
            notes.freeze_panes = "A2"
            notes.append(
                [
                    _bold_cell(notes, text, bold)
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


def _bold_cell(sheet, value: Any, font):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=escape_formula(value))
    cell.font = font
    return cell
