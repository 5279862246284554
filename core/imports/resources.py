"""django-import-export resources and formats, one resource per registered kind (design §6).

The admin keeps django-import-export's screens (upload, dry-run preview, confirm, export form),
but reading, checking and writing are the engine's, the same code the `import_records` command
runs: the formats hand the uploaded bytes to the engine untouched (no tablib parsing, so
encodings, formulas and dates are judged in one place), and exports are written by the engine
with formulas neutralised. The engine's result reaches the admin's templates through the
library's own result classes and their public methods.
"""

from __future__ import annotations

import functools

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _
from import_export import resources
from import_export.fields import Field
from import_export.formats.base_formats import Format
from import_export.results import Error, Result

from core import spreadsheets

from .columns import as_text
from .export import export_raw, render_table
from .problems import ImportIssue, ImportResult
from .registry import get_kind, kind_names
from .service import records_import

# Rows shown in the admin's preview (the counts cover every row).
PREVIEW_ROWS = 500


class UploadedData:
    """What our formats' create_dataset returns: the raw bytes, for the engine to read."""

    def __init__(self, data: bytes, extension: str):
        self.data = data
        self.extension = extension

    def __bool__(self) -> bool:
        return True


class RecordsFormat(Format):
    extension = ""
    title = ""
    content_type = "application/octet-stream"
    style = "vi"
    exports = True

    def __init__(self, encoding=None):
        # django-import-export passes an encoding; the engine decides it (UTF-8) on its own.
        self.encoding = encoding

    def get_title(self):
        return self.title

    def create_dataset(self, in_stream):
        if isinstance(in_stream, str):
            in_stream = in_stream.encode("utf-8")
        return UploadedData(in_stream, self.extension)

    def export_data(self, dataset, **kwargs):
        kind = getattr(dataset, "title", None)
        if kind in kind_names():
            headers, rows = render_table(kind, [list(row) for row in dataset], self.style)
        else:
            headers, rows = list(dataset.headers or []), [list(row) for row in dataset]
        return self.write(headers, rows)

    def write(self, headers, rows) -> bytes:
        raise NotImplementedError

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def get_extension(self):
        return self.extension

    def get_content_type(self):
        return self.content_type

    def can_import(self):
        return True

    def can_export(self):
        return self.exports


class XLSXFormat(RecordsFormat):
    extension = "xlsx"
    title = "xlsx"
    content_type = spreadsheets.XLSX_CONTENT_TYPE

    def write(self, headers, rows):
        return spreadsheets.write_xlsx(headers, rows)


class CSVFormat(RecordsFormat):
    extension = "csv"
    title = "csv"
    content_type = spreadsheets.CSV_CONTENT_TYPE

    def write(self, headers, rows):
        return spreadsheets.write_csv(headers, rows, style=self.style)


class CSVCodesFormat(CSVFormat):
    """CSV with the English column names and codes, for scripts and other systems."""

    title = _("CSV (column names and codes for other software)")
    style = "code"

    def can_import(self):
        return False


class XLSFormat(RecordsFormat):
    """Excel 97-2003 workbooks, read only (exports are xlsx)."""

    extension = "xls"
    title = "xls (Excel 97-2003)"
    exports = False


class ODSFormat(RecordsFormat):
    """OpenDocument spreadsheets (LibreOffice), read only (exports are xlsx)."""

    extension = "ods"
    title = "ods (LibreOffice)"
    exports = False


IMPORT_FORMATS = [XLSXFormat, CSVFormat, XLSFormat, ODSFormat]
EXPORT_FORMATS = [XLSXFormat, CSVFormat, CSVCodesFormat]


class IssueError(Error):
    """An engine issue shown in django-import-export's error list (without a traceback)."""

    traceback = ""

    def __init__(self, issue: ImportIssue):
        super().__init__(str(issue))
        self.issue = issue


class RecordsResult(Result):
    """The library's result, carrying the engine's (counts, details, issues) for the admin."""

    records: ImportResult | None = None
    changed_rows = 0  # new and updated rows, all of them
    unchanged_rows = 0  # counted, not shown
    hidden_changes = 0  # changed rows beyond the preview's limit

    def issues_by_row(self) -> list[ImportIssue]:
        """The engine's row problems in file order, for the preview's list of errors."""
        if self.records is None:
            return []
        return sorted(
            (issue for issue in self.records.errors if issue.row is not None),
            key=lambda issue: issue.row,
        )


def preview_text(value) -> str:
    """A value as the preview shows it: as a file writes it, not localised ("1970", not
    "1.970"; "15/06/2022", not "00:00 15/06/2022")."""
    if value is None:
        return ""
    return as_text(value)


class RecordsResource(resources.Resource):
    """A kind of record (design §6) for django-import-export's admin screens."""

    kind = ""

    def __init__(self, union=None, user=None, **kwargs):
        super().__init__(**kwargs)
        self.union = union
        self.user = user

    @classmethod
    def get_display_name(cls):
        return cls.kind

    def get_result_class(self):
        return RecordsResult

    def get_error_result_class(self):
        return IssueError

    def get_user_visible_fields(self):
        spec = get_kind(self.kind)
        required = {column.key for column in spec.columns if column.required}
        for group in spec.required_any:
            required.update(group)
        fields = []
        for column in spec.columns:
            mark = " *" if column.key in required else ""
            fields.append(Field(attribute=column.key, column_name=f"{column.label}{mark}"))
        return fields

    def get_export_headers(self, selected_fields=None):
        return [column.key for column in get_kind(self.kind).columns]

    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        """Run the engine on the uploaded bytes; all or nothing, whatever the library's options."""
        data = dataset.data if isinstance(dataset, UploadedData) else dataset
        extension = getattr(dataset, "extension", "")
        outcome = records_import(
            kind=self.kind,
            file=data,
            filename=kwargs.get("file_name") or f"upload.{extension}",
            union=self.union,
            dry_run=dry_run,
            user=kwargs.get("user") or self.user,
        )
        return self.engine_result(outcome)

    def engine_result(self, outcome: ImportResult, preview_rows: int = PREVIEW_ROWS) -> Result:
        """The engine's ImportResult as the library's Result, built with its public methods."""
        result = self.get_result_class()()
        result.records = outcome
        result.total_rows = outcome.total
        if not outcome.ok:
            if any(issue.row is None for issue in outcome.errors):
                for issue in outcome.errors:
                    result.append_base_error(self.get_error_result_class()(issue))
                return result
            by_row: dict[int, dict[str, list[str]]] = {}
            for issue in outcome.errors:
                column = issue.column or NON_FIELD_ERRORS
                by_row.setdefault(issue.row, {}).setdefault(column, []).append(issue.message)
            for number, errors in by_row.items():
                result.append_invalid_row(number, {}, ValidationError(errors))
                row_result = self.get_row_result_class()()
                row_result.import_type = row_result.IMPORT_TYPE_INVALID
                result.increment_row_result_total(row_result)
            return result
        # The preview shows what the import changes: new and updated rows, as text the way the
        # file writes them (15/06/2022, 1970), in the columns that hold something. Unchanged
        # rows are only counted (a re-imported export would otherwise print every row).
        shown: list[tuple] = []
        for row in outcome.rows:
            row_result = self.get_row_result_class()()
            row_result.import_type = row.action
            result.increment_row_result_total(row_result)
            if row.action != "skip" and len(shown) < preview_rows:
                shown.append((row_result, row.number, [preview_text(v) for v in row.values]))
        used = [
            index
            for index in range(len(outcome.headers))
            if any(index < len(values) and values[index] for _r, _n, values in shown)
        ]
        result.diff_headers = [str(_("Row")), *(outcome.headers[index] for index in used)]
        for row_result, number, values in shown:
            row_result.diff = [number, *(values[i] if i < len(values) else "" for i in used)]
            # (header, value) of the cells that hold something: the preview lists them row by
            # row, so any number of columns fits the page.
            cells = zip(result.diff_headers[1:], row_result.diff[1:], strict=True)
            row_result.preview_cells = [(header, value) for header, value in cells if value]
            result.append_row_result(row_result)
        result.unchanged_rows = outcome.unchanged
        result.changed_rows = outcome.created + outcome.updated
        result.hidden_changes = result.changed_rows - len(shown)
        return result

    def export(self, queryset=None, **kwargs):
        rows = export_raw(self.kind, union=self.union, queryset=queryset)
        dataset = tablib.Dataset(headers=self.get_export_headers())
        dataset.title = self.kind
        for row in rows:
            dataset.append(row)
        return dataset


@functools.cache
def resource_for(kind: str) -> type[RecordsResource]:
    """The django-import-export resource of a registered kind (one class per kind)."""
    spec = get_kind(kind)
    name = "".join(part.capitalize() for part in kind.split("_")) + "Resource"
    return type(name, (RecordsResource,), {"kind": spec.name, "__module__": __name__})
