"""Spreadsheets in and out: XLSX, XLS, ODS (python-calamine) and CSV read, XLSX and CSV written.

Every file the portal writes goes through `escape_formula`, so a cell a spreadsheet would run as a
formula stays text; imports take the added quote off again (`unescape_cell`).

Modules: `reading` (uploads to a `Table`), `checks` (size, rows, formulas and error cells, looked
at before parsing), `writing` (files out).
"""

from .reading import Table, column_letter, load_bytes, read_table, sniff_delimiter
from .writing import (
    CSV_CONTENT_TYPE,
    FORMULA_PREFIXES,
    XLSX_CONTENT_TYPE,
    escape_formula,
    unescape_cell,
    write_csv,
    write_xlsx,
)

__all__ = [
    "CSV_CONTENT_TYPE",
    "FORMULA_PREFIXES",
    "XLSX_CONTENT_TYPE",
    "Table",
    "column_letter",
    "escape_formula",
    "load_bytes",
    "read_table",
    "sniff_delimiter",
    "unescape_cell",
    "write_csv",
    "write_xlsx",
]
