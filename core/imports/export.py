"""Exports with the import's columns (so they re-import unchanged) and downloadable templates."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.text import capfirst
from django.utils.translation import gettext

from core import spreadsheets

from .columns import Choice, Column, Date, Integer
from .registry import get_kind


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
        return spreadsheets.write_csv(headers, rows, style=style)
    return spreadsheets.write_xlsx(
        headers, rows, required=required_headers(kind, style), title=sheet_title(kind)
    )


def template_file(kind: str, fmt: str = "xlsx") -> bytes:
    """An empty file with the Vietnamese headers (and, in xlsx, a sheet explaining them)."""
    spec = get_kind(kind)
    headers = [column.label for column in spec.columns]
    if fmt == "csv":
        return spreadsheets.write_csv(headers, [])
    guide = [
        [
            column.label,
            column.key,
            gettext("yes") if column.required else "",
            _describe(column),
        ]
        for column in spec.columns
    ]
    return spreadsheets.write_xlsx(
        headers, [], required=required_headers(kind, "vi"), guide=guide, title=sheet_title(kind)
    )


def sheet_title(kind: str) -> str:
    """The data sheet's name: what the kind holds ("Hội viên")."""
    spec = get_kind(kind)
    name = spec.verbose_name or (spec.model._meta.verbose_name_plural if spec.model else kind)
    return capfirst(str(name))


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
