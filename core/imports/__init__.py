"""Import and export of records from Excel, LibreOffice and CSV files (design §6).

One engine serves the admin (through `core.imports.resources`), the shell (`import_records`) and
the views:

    records_import(kind=..., file=..., union=..., dry_run=...) -> ImportResult
    export_records(kind, union=..., queryset=..., fmt="xlsx"|"csv", style="vi"|"code") -> bytes
    template_file(kind, fmt="xlsx"|"csv") -> bytes

An import reads the whole file, checks every row against the file and the database and writes
nothing unless every row is valid (all-or-nothing, in one transaction). Each problem is an
`ImportIssue` naming the row as the spreadsheet shows it (header = row 1), the column as written in
the file and the problem.

Speed (10,000 member rows in ≤ 2 s, dry-run preview included, design §7): the sheet is read by
python-calamine (`core.spreadsheets`); the garbage collector is paused while rows are read and
checked; foreign keys are resolved from dicts loaded once; rows are written in bulk (multi-row
INSERTs, COPY on PostgreSQL) together with their django-simple-history records, so the audit
trail (who, when, why) is kept.

Modules: `problems` (issues, results), `columns` (column parsers), `kinds` (what a kind is made
of), `registry` (the kinds the apps register), `service` (`records_import`), `bulk` (fast inserts
with history), `export` (files out). Core names no app: each app declares its kinds in its own
`imports` module, found when the apps are ready.
"""

from .bulk import insert_with_history, record_history, update_with_history
from .columns import (
    Choice,
    Column,
    Date,
    Email,
    Integer,
    Ordinal,
    Slug,
    Text,
    Year,
    as_text,
    clean_text,
    fold,
    format_date,
    norm,
)
from .export import (
    export_raw,
    export_records,
    export_table,
    render_table,
    required_headers,
    template_file,
)
from .kinds import Context, KeyedKind, Kind, Plan, Row, duplicate_error, pick, save_bulk
from .problems import CellError, ImportIssue, ImportRejected, ImportResult, RowOutcome
from .registry import get_kind, kind_names, register
from .service import records_import

__all__ = [
    "CellError",
    "Choice",
    "Column",
    "Context",
    "Date",
    "Email",
    "ImportIssue",
    "ImportRejected",
    "ImportResult",
    "Integer",
    "KeyedKind",
    "Kind",
    "Ordinal",
    "Plan",
    "Row",
    "RowOutcome",
    "Slug",
    "Text",
    "Year",
    "as_text",
    "clean_text",
    "duplicate_error",
    "export_raw",
    "export_records",
    "export_table",
    "fold",
    "format_date",
    "get_kind",
    "insert_with_history",
    "kind_names",
    "norm",
    "pick",
    "record_history",
    "records_import",
    "register",
    "render_table",
    "required_headers",
    "save_bulk",
    "template_file",
    "update_with_history",
]
