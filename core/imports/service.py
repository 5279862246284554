"""The import service: headers, cells, the kind's checks, and the all-or-nothing write."""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import DatabaseError, IntegrityError, transaction
from django.utils.translation import gettext

from core import spreadsheets

from .columns import norm
from .kinds import Context, Kind, Row
from .problems import (
    MAX_ISSUES,
    CellError,
    ImportIssue,
    ImportRejected,
    ImportResult,
    RowOutcome,
    TooManyIssues,
)
from .registry import get_kind

# --- mapping headers and parsing rows ---------------------------------------------------------


def map_headers(ctx: Context, table: spreadsheets.Table) -> dict[str, int]:
    """Column key -> index in the row; adds issues for unknown, repeated and missing columns."""
    kind = ctx.kind
    lookup = kind.header_lookup
    mapping: dict[str, int] = {}
    for index, header in enumerate(table.headers):
        if not header:
            continue
        key = lookup.get(norm(header.rstrip("*").strip()))
        if key is None:
            ctx.add(
                ImportIssue(
                    gettext("unknown column; the columns of «%(kind)s» are: %(columns)s")
                    % {
                        "kind": kind.name,
                        "columns": ", ".join(
                            f"{column.key} ({column.label})" for column in kind.columns
                        ),
                    },
                    "unknown_column",
                    table.header_row,
                    header,
                )
            )
            continue
        if key in mapping:
            ctx.add(
                ImportIssue(
                    gettext("the column appears twice (also «%(other)s»)")
                    % {"other": table.headers[mapping[key]]},
                    "duplicate_column",
                    table.header_row,
                    header,
                )
            )
            continue
        mapping[key] = index
        ctx.headers[key] = header
        ctx.present.add(key)
    for column in kind.columns:
        if column.required and column.key not in mapping:
            ctx.add(
                ImportIssue(
                    gettext("required column is missing (header «%(key)s» or «%(label)s»)")
                    % {"key": column.key, "label": column.label},
                    "missing_column",
                    table.header_row,
                    column.key,
                )
            )
    for group in kind.required_any:
        if not any(key in mapping for key in group):
            names = " / ".join(f"{key} ({kind.column(key).label})" for key in group)
            ctx.add(
                ImportIssue(
                    gettext("one of these columns is required: %(names)s") % {"names": names},
                    "missing_column",
                    table.header_row,
                    group[0],
                )
            )
    # Values under a blank header would be silently lost.
    headers = table.headers
    for number, values in table.rows:
        for index, value in enumerate(values):
            if value is not None and (index >= len(headers) or not headers[index]):
                ctx.add(
                    ImportIssue(
                        gettext("a value in a column without a header"),
                        "unknown_column",
                        number,
                        spreadsheets.column_letter(index),
                    )
                )
                return mapping
    return mapping


def parse_rows(ctx: Context, table: spreadsheets.Table, mapping: dict[str, int]) -> list[Row]:
    kind = ctx.kind
    plan: list[tuple[str, int, Callable[[Any], Any], Any, bool, str]] = []
    for key, index in mapping.items():
        column = kind.column(key)
        required = column.required and not column.blank_ok
        plan.append(
            (key, index, column.parser.parse, column.parser.empty, required, ctx.headers[key])
        )
    is_csv = table.fmt == "csv"
    rows = []
    required_message = gettext("a value is required")
    formula_message = gettext("formulas are not accepted; paste the values instead")
    for number, raw in table.rows:
        width = len(raw)
        values: dict[str, Any] = {}
        for key, index, parse, empty, required, header in plan:
            value = raw[index] if index < width else None
            if value is None:
                if required:
                    ctx.add(ImportIssue(required_message, "required", number, header))
                values[key] = empty
                continue
            if isinstance(value, str):
                if value[0] == "=" and is_csv:
                    ctx.add(ImportIssue(formula_message, "formula", number, header))
                    values[key] = empty
                    continue
                if value[0] == "'":
                    value = spreadsheets.unescape_cell(value)
            try:
                values[key] = parse(value)
            except CellError as exc:
                ctx.add(ImportIssue(exc.message, exc.code, number, header))
                values[key] = empty
        rows.append(Row(number, values, raw))
    return rows


# --- the service ------------------------------------------------------------------------------


def records_import(
    *,
    kind: str,
    file: Any,
    union=None,
    dry_run: bool = False,
    user=None,
    filename: str | None = None,
) -> ImportResult:
    """Import one file of `kind` into `union`, all or nothing. Never raises for bad input.

    `file` is a path, bytes, or an open or uploaded file. With `dry_run` every check runs and
    the result tells what would change, but nothing is written.
    """
    spec = get_kind(kind)
    if spec.needs_union and union is None:
        raise ValueError(f"importing {kind} needs a union")
    with _gc_paused():
        return _records_import(spec, file, union, dry_run, user, filename)


@contextlib.contextmanager
def _gc_paused():
    """Pause the cyclic garbage collector while rows are read and checked.

    An import allocates hundreds of thousands of small containers (XML elements, rows, dicts)
    and no reference cycles; the collector's passes over them cost ~40 % of the time.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _records_import(spec: Kind, file, union, dry_run: bool, user, filename) -> ImportResult:
    kind = spec.name
    result = ImportResult(kind=kind, dry_run=dry_run)
    ctx = Context(kind=spec, union=union, user=user, filename=filename or "", dry_run=dry_run)
    try:
        data, name = spreadsheets.load_bytes(file, filename)
        ctx.filename = name
        table = _read_table_cached(data, name, dry_run=dry_run)
        result.headers = table.headers
        mapping = map_headers(ctx, table)
        if ctx.issues:
            raise ImportRejected(ctx.issues)
        rows = parse_rows(ctx, table, mapping)
        with transaction.atomic():
            if union is not None and not dry_run:
                # One import at a time per union: checks and writes see the same data.
                list(type(union).objects.select_for_update().filter(pk=union.pk).values("pk"))
            plan = spec.prepare(ctx, rows)
            if ctx.issues:
                raise ImportRejected(ctx.issues)
            if not dry_run:
                spec.apply(ctx, plan)
    except ImportRejected as exc:
        result.errors = sorted(exc.issues, key=_issue_order)
        return result
    except TooManyIssues:
        result.errors = sorted(ctx.issues, key=_issue_order)
        result.errors.append(
            ImportIssue(
                gettext("too many errors; stopped after %(count)d") % {"count": MAX_ISSUES},
                "too_many_errors",
            )
        )
        return result
    except (IntegrityError, DatabaseError) as exc:
        result.errors = [
            ImportIssue(
                gettext("the database refused the changes (%(error)s); nothing was saved")
                % {"error": exc},
                "database",
            )
        ]
        return result
    for row, action in plan.outcomes:
        if action == "new":
            result.created += 1
        elif action == "update":
            result.updated += 1
        else:
            result.unchanged += 1
        result.rows.append(RowOutcome(row.number, action, row.raw))
    result.details = plan.details
    return result


# How long a dry run's reading of a file is kept for the import that usually follows it.
TABLE_CACHE_SECONDS = 15 * 60


def _read_table_cached(data: bytes, name: str, *, dry_run: bool) -> spreadsheets.Table:
    """read_table, remembered from a dry run (the admin's preview) for the import that follows.

    The key is the file's content, so a hit is always right; the cache only saves reading the
    same file twice (~0.3 s for 10,000 rows). The database checks always run again.
    """
    extension = os.path.splitext(name)[1].lower()
    key = f"records-import:table:{hashlib.sha256(data).hexdigest()}:{extension}"
    try:
        table = cache.get(key)
    except Exception:  # an unavailable cache only costs time
        table = None
    if table is not None:
        return table
    table = spreadsheets.read_table(data, name)
    if dry_run:
        with contextlib.suppress(Exception):
            cache.set(key, table, TABLE_CACHE_SECONDS)
    return table


def _issue_order(issue: ImportIssue) -> tuple[int, int]:
    return (issue.row or 0, 0)
