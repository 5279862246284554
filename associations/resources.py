"""django-import-export resources and formats for the registry (design §6).

The admin keeps django-import-export's screens (upload, dry-run preview, confirm, export form),
but reading, checking and writing are the engine's (`associations.imports`), the same code the
`import_records` command runs: the formats below hand the uploaded bytes to the engine untouched
(no tablib parsing, so encodings, formulas and dates are judged in one place), and exports are
written by the engine with formulas neutralised.
"""

from __future__ import annotations

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _
from import_export import resources
from import_export.fields import Field
from import_export.formats.base_formats import Format
from import_export.results import Error, InvalidRow, Result, RowResult

from .imports import (
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    ImportResult,
    export_raw,
    get_kind,
    records_import,
    render_table,
    write_csv,
    write_xlsx,
)

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
        try:
            get_kind(kind)
        except ValueError:
            headers, rows = list(dataset.headers or []), [list(row) for row in dataset]
        else:
            headers, rows = render_table(kind, [list(row) for row in dataset], self.style)
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
        return True


class XLSXFormat(RecordsFormat):
    extension = "xlsx"
    title = "xlsx"
    content_type = XLSX_CONTENT_TYPE

    def write(self, headers, rows):
        return write_xlsx(headers, rows)


class CSVFormat(RecordsFormat):
    extension = "csv"
    title = "csv"
    content_type = CSV_CONTENT_TYPE

    def write(self, headers, rows):
        return write_csv(headers, rows, style=self.style)


class CSVCodesFormat(CSVFormat):
    """CSV with the English column names and codes, for scripts and other systems."""

    title = _("CSV (column names and codes for other software)")
    style = "code"

    def can_import(self):
        return False


IMPORT_FORMATS = [XLSXFormat, CSVFormat]
EXPORT_FORMATS = [XLSXFormat, CSVFormat, CSVCodesFormat]


class IssueError(Error):
    """An engine issue shown in django-import-export's error list (without a traceback)."""

    traceback = ""

    def __init__(self, issue):
        super().__init__(str(issue))
        self.issue = issue


def to_result(outcome: ImportResult, preview_rows: int = PREVIEW_ROWS) -> Result:
    """The engine's ImportResult in the shape django-import-export's admin templates expect."""
    result = Result()
    result.records = outcome
    result.totals[RowResult.IMPORT_TYPE_NEW] = outcome.created
    result.totals[RowResult.IMPORT_TYPE_UPDATE] = outcome.updated
    result.totals[RowResult.IMPORT_TYPE_SKIP] = outcome.unchanged
    result.total_rows = outcome.total
    if not outcome.ok:
        if any(issue.row is None for issue in outcome.errors):
            for issue in outcome.errors:
                result.append_base_error(IssueError(issue))
            return result
        by_row: dict[int, dict[str, list[str]]] = {}
        for issue in outcome.errors:
            column = issue.column or NON_FIELD_ERRORS
            by_row.setdefault(issue.row, {}).setdefault(column, []).append(issue.message)
        for number, errors in by_row.items():
            result.invalid_rows.append(
                InvalidRow(number=number, validation_error=ValidationError(errors), values=())
            )
        result.totals[RowResult.IMPORT_TYPE_INVALID] = len(by_row)
        return result
    result.diff_headers = [_("Row"), *outcome.headers]
    for row in outcome.rows[:preview_rows]:
        row_result = RowResult()
        row_result.import_type = row.action
        row_result.diff = [row.number, *("" if value is None else value for value in row.values)]
        result.append_row_result(row_result)
    return result


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

    def get_user_visible_fields(self):
        spec = get_kind(self.kind)
        required = {column.key for column in spec.columns if column.required}
        for group in spec.required_any:
            required.update(group)
        fields = []
        for column in spec.columns:
            mark = " *" if column.key in required else ""
            fields.append(
                Field(attribute=column.key, column_name=f"{column.label} ({column.key}){mark}")
            )
        return fields

    def get_export_headers(self, selected_fields=None):
        return [column.key for column in get_kind(self.kind).columns]

    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        data = dataset.data if isinstance(dataset, UploadedData) else dataset
        extension = getattr(dataset, "extension", "")
        filename = kwargs.get("file_name") or f"upload.{extension}"
        outcome = records_import(
            kind=self.kind,
            file=data,
            filename=filename,
            union=self.union,
            dry_run=dry_run,
            user=kwargs.get("user") or self.user,
        )
        return to_result(outcome)

    def export(self, queryset=None, **kwargs):
        rows = export_raw(self.kind, union=self.union, queryset=queryset)
        dataset = tablib.Dataset(headers=self.get_export_headers())
        dataset.title = self.kind
        for row in rows:
            dataset.append(row)
        return dataset


class UnionResource(RecordsResource):
    kind = "unions"


class TermResource(RecordsResource):
    kind = "terms"


class SocietyResource(RecordsResource):
    kind = "societies"


class CommitteeSeatResource(RecordsResource):
    kind = "committee"


class ActivityResource(RecordsResource):
    kind = "activities"


class CommendationResource(RecordsResource):
    kind = "commendations"
