"""Writing files: exports with the import's columns, and templates; formulas neutralised."""

from __future__ import annotations

import codecs
import csv
import datetime
import io
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext

from .base import Choice, Column, Date, Integer, escape_formula, format_date, get_kind

# --- writing files (export and templates) -----------------------------------------------------

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


def export_raw(kind: str, *, union=None, queryset=None) -> list[list[Any]]:
    """Rows of an export as Python values (codes, dates), in the kind's column order."""
    spec = get_kind(kind)
    if queryset is None:
        queryset = spec.export_queryset(union)
    keys = [column.key for column in spec.columns]
    return [[record.get(key) for key in keys] for record in spec.export_rows(queryset)]


def render_table(kind: str, rows: Iterable[list[Any]], style: str = "vi"):
    """Headers and rows for a file: Vietnamese headers and labels ("vi") or names and codes."""
    spec = get_kind(kind)
    headers = [column.header(style) for column in spec.columns]
    renderers = [column.parser.render for column in spec.columns]
    rendered = [
        [render(value, style) for value, render in zip(row, renderers, strict=True)] for row in rows
    ]
    return headers, rendered


def export_table(
    kind: str, *, union=None, queryset=None, style: str = "vi"
) -> tuple[list[str], list[list[Any]]]:
    """Headers and rows of an export: the import's columns, so the file re-imports unchanged."""
    return render_table(kind, export_raw(kind, union=union, queryset=queryset), style)


def export_records(
    kind: str, *, union=None, queryset=None, fmt: str = "xlsx", style: str = "vi"
) -> bytes:
    """An export file of `kind` (the union's records, or `queryset`), formulas neutralised."""
    headers, rows = export_table(kind, union=union, queryset=queryset, style=style)
    if fmt == "csv":
        return write_csv(headers, rows, style=style)
    return write_xlsx(headers, rows, required=required_headers(kind, style))


def template_file(kind: str, fmt: str = "xlsx") -> bytes:
    """An empty file with the Vietnamese headers (and, in xlsx, a sheet explaining them)."""
    spec = get_kind(kind)
    headers = [column.label for column in spec.columns]
    if fmt == "csv":
        return write_csv(headers, [])
    guide = [
        [
            column.label,
            column.key,
            gettext("yes") if column.required else "",
            _describe(column),
        ]
        for column in spec.columns
    ]
    return write_xlsx(headers, [], required=required_headers(kind, "vi"), guide=guide)


def required_headers(kind: str, style: str) -> set[str]:
    spec = get_kind(kind)
    keys = {column.key for column in spec.columns if column.required}
    for group in spec.required_any:
        keys.update(group)
    return {column.header(style) for column in spec.columns if column.key in keys}


def _describe(column: Column) -> str:
    parser = column.parser
    if isinstance(parser, Choice):
        return "; ".join(f"{code} = {label}" for code, label, *_ in parser.options)
    if isinstance(parser, Date):
        return "dd/mm/yyyy, yyyy-mm-dd"
    if isinstance(parser, Integer):
        return gettext("whole number")
    return ""


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
