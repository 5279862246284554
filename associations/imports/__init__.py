"""Import and export of the registry from Excel and CSV files (design §6).

One engine serves the admin (through `resources.py`), the shell (`import_records`) and the views:

    records_import(kind=..., file=..., union=..., dry_run=...) -> ImportResult
    export_records(kind, union=..., queryset=..., fmt="xlsx"|"csv", style="vi"|"code") -> bytes
    template_file(kind, fmt="xlsx"|"csv") -> bytes

An import reads the whole file, checks every row against the file and the database and writes
nothing unless every row is valid (all-or-nothing, in one transaction). Each problem is an
`ImportIssue` naming the row as the spreadsheet shows it (header = row 1), the column as written in
the file and the problem.

Speed (10,000 member rows in ≤ 2 s, dry-run preview included, design §7): the xlsx sheet is parsed
by the standard library's C expat parser in slices of rows (openpyxl's read-only mode spends ~1.4 s
on the 150,000 cells of such a file; this reader ~0.3 s), with openpyxl used only for what it knows
best (which number formats are dates, Excel serial dates); the garbage collector is paused while
rows are read and checked; foreign keys are resolved from dicts loaded once; rows are written in
bulk (multi-row INSERTs, COPY on PostgreSQL) together with their django-simple-history records,
so the audit trail (who, when, why) is kept.

Modules: `base` (problems, results, column parsers, kinds), `files` (reading), `service`
(`records_import`), `bulk` (fast inserts with history), `export` (files out); the association
kinds are in `kinds` (with `lookups`), the members kind in `members/imports.py`.
"""

from .base import (
    KIND_NAMES,
    CellError,
    Choice,
    Column,
    Context,
    Date,
    Email,
    ImportIssue,
    ImportRejected,
    ImportResult,
    Integer,
    Kind,
    Ordinal,
    Plan,
    Row,
    RowOutcome,
    Slug,
    Text,
    Year,
    escape_formula,
    format_date,
    get_kind,
    norm,
    register,
)
from .bulk import insert_with_history, record_history, update_with_history
from .export import (
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    export_raw,
    export_records,
    export_table,
    render_table,
    required_headers,
    template_file,
    write_csv,
    write_xlsx,
)
from .files import load_bytes, read_table
from .service import records_import

__all__ = [
    "CSV_CONTENT_TYPE",
    "KIND_NAMES",
    "XLSX_CONTENT_TYPE",
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
    "Kind",
    "Ordinal",
    "Plan",
    "Row",
    "RowOutcome",
    "Slug",
    "Text",
    "Year",
    "escape_formula",
    "export_raw",
    "export_records",
    "export_table",
    "format_date",
    "get_kind",
    "insert_with_history",
    "load_bytes",
    "norm",
    "read_table",
    "record_history",
    "records_import",
    "register",
    "render_table",
    "required_headers",
    "template_file",
    "update_with_history",
    "write_csv",
    "write_xlsx",
]
