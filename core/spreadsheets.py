"""Spreadsheets in and out: reading uploads (size limit, CSV, XLSX) and writing CSV and XLSX.

Every file the portal writes goes through `escape_formula`, so a cell a spreadsheet would run as a
formula stays text; imports take the added quote off again (`unescape_cell`).
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime
import io
import os
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError, fromstring, iterparse

from django.conf import settings
from django.utils.translation import gettext

from core.imports.columns import as_text, clean_text, format_date
from core.imports.problems import ImportIssue, ImportRejected

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"

# --- formulas ---------------------------------------------------------------------------------

# What a spreadsheet may run as a formula (OWASP "CSV injection"): these first characters, and a
# tab or carriage return that some programs skip before one.
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


# --- reading files ----------------------------------------------------------------------------


@dataclass
class Table:
    header_row: int
    headers: list[str]
    rows: list[tuple[int, list]]
    fmt: str


def _file_issue(message: str, code: str, row: int | None = None) -> ImportRejected:
    return ImportRejected([ImportIssue(message, code, row)])


def _too_large(size: int) -> ImportRejected:
    def dotted(number: int) -> str:
        return f"{number:,}".replace(",", ".")

    return _file_issue(
        gettext("the file is too large (%(size)s bytes; at most %(max)s)")
        % {"size": dotted(size), "max": dotted(settings.UPLOAD_MAX_BYTES)},
        "too_large",
    )


def load_bytes(file: Any, filename: str | None = None) -> tuple[bytes, str]:
    """The file's bytes (a path, bytes or an open/uploaded file), refusing files over the limit."""
    limit = settings.UPLOAD_MAX_BYTES
    if isinstance(file, str | os.PathLike):
        path = Path(file)
        name = filename or path.name
        size = path.stat().st_size
        if size > limit:
            raise _too_large(size)
        data = path.read_bytes()
    elif isinstance(file, bytes | bytearray):
        name = filename or ""
        data = bytes(file)
    else:
        name = filename or os.path.basename(getattr(file, "name", "") or "")
        size = getattr(file, "size", None)
        if isinstance(size, int) and size > limit:
            raise _too_large(size)
        if hasattr(file, "seek"):
            with contextlib.suppress(OSError, ValueError):
                file.seek(0)
        data = file.read(limit + 1)
        if isinstance(data, str):
            data = data.encode("utf-8")
    if len(data) > limit:
        raise _too_large(len(data))
    return data, name


def read_table(data: bytes, filename: str = "") -> Table:
    """Headers and rows of the file's first sheet; raises ImportRejected for unreadable files."""
    extension = os.path.splitext(filename)[1].lower()
    if not data.strip():
        raise _file_issue(gettext("the file is empty"), "empty_file")
    if extension == ".xls" or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _file_issue(
            gettext("this is an old Excel 97-2003 (.xls) file; save it as .xlsx or CSV UTF-8"),
            "unsupported_format",
        )
    if extension not in ("", ".xlsx", ".csv", ".txt"):
        raise _file_issue(
            gettext("unsupported file type «%(ext)s»; use .xlsx or .csv") % {"ext": extension},
            "unsupported_format",
        )
    if extension == ".xlsx" or data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data)
    return _read_csv(data)


def _first_rows(rows: Iterable[tuple[int, list]], fmt: str) -> Table:
    header_row = None
    headers: list[str] = []
    body: list[tuple[int, list]] = []
    for number, values in rows:
        if not any(value is not None for value in values):
            continue
        if header_row is None:
            header_row = number
            headers = ["" if value is None else as_text(value).strip() for value in values]
            continue
        body.append((number, values))
    if header_row is None:
        raise _file_issue(gettext("the file is empty"), "empty_file")
    if not body:
        raise _file_issue(
            gettext("the file has a header row but no data rows"), "empty_file", header_row
        )
    return Table(header_row, headers, body, fmt)


# CSV


_SURROGATES = re.compile("[\udc80-\udcff]")


def _read_csv(data: bytes) -> Table:
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise _file_issue(
            gettext("the file is encoded in UTF-32; save it as «CSV UTF-8»"), "bad_encoding"
        )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in data[:4096]:
        raise _file_issue(
            gettext(
                "the file is encoded in UTF-16 (Excel's «Unicode Text»); save it as «CSV UTF-8»"
            ),
            "bad_encoding",
        )
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
        broken = False
    except UnicodeDecodeError:
        # Keep the undecodable bytes so the first bad cells can be named, then refuse the file.
        text = data.decode("utf-8", "surrogateescape")
        broken = True
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    if not first_line.count(delimiter):
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    try:
        for number, record in enumerate(reader, start=1):
            rows.append((number, [clean_text(cell) for cell in record]))
    except csv.Error as exc:
        raise _file_issue(
            gettext("the CSV file is malformed: %(error)s") % {"error": exc},
            "malformed",
            reader.line_num or None,
        )
    table = _first_rows(rows, "csv")
    if broken:
        _reject_legacy_encoding(table)
    return table


def _reject_legacy_encoding(table: Table) -> None:
    def shown(text: str) -> str:
        # The header as the user probably wrote it: legacy Vietnamese files are mostly cp1258.
        raw = text.encode("utf-8", "surrogateescape")
        return raw.decode("cp1258", "replace")

    message = gettext(
        "the text is not UTF-8: the file seems to be saved in an old Vietnamese encoding "
        "(Windows-1258, TCVN3/ABC or VNI); open it in Excel and save it as «CSV UTF-8»"
    )
    issues = []
    for header in table.headers:
        if _SURROGATES.search(header):
            issues.append(ImportIssue(message, "bad_encoding", table.header_row, shown(header)))
            break
    for number, values in table.rows:
        for index, value in enumerate(values):
            if isinstance(value, str) and _SURROGATES.search(value):
                header = table.headers[index] if index < len(table.headers) else ""
                issues.append(
                    ImportIssue(message, "bad_encoding", number, shown(header) or str(index + 1))
                )
                break
        if len(issues) >= 20:
            break
    if not issues:
        issues.append(ImportIssue(message, "bad_encoding"))
    raise ImportRejected(issues)


# XLSX


_MAIN_NS = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
)
_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_REL_NS = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
)
_XML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
MAX_UNCOMPRESSED_FACTOR = 30


class _NotXlsx(Exception):
    pass


def _not_xlsx() -> ImportRejected:
    return _file_issue(gettext("the file is not a valid Excel (.xlsx) workbook"), "invalid_file")


def _read_xlsx(data: bytes) -> Table:
    if not data.startswith(b"PK\x03\x04"):
        raise _not_xlsx()
    try:
        book = zipfile.ZipFile(io.BytesIO(data))
        total = sum(info.file_size for info in book.infolist())
        if total > max(MAX_UNCOMPRESSED_FACTOR * settings.UPLOAD_MAX_BYTES, 50_000_000):
            raise _too_large(total)
        reader = _XlsxReader(book)
        rows = list(reader.rows())
    except ImportRejected:
        raise
    except (zipfile.BadZipFile, KeyError, ParseError, _NotXlsx, ValueError, EOFError, OSError):
        raise _not_xlsx()
    table = _first_rows(rows, "xlsx")
    if reader.formula_cells or reader.error_cells:
        issues = []
        for number, column in reader.formula_cells[:50]:
            issues.append(
                ImportIssue(
                    gettext("formulas are not accepted; paste the values instead"),
                    "formula",
                    number,
                    _header_at(table, column),
                )
            )
        for number, column, value in reader.error_cells[:50]:
            issues.append(
                ImportIssue(
                    gettext("the cell holds an Excel error «%(value)s»") % {"value": value},
                    "formula",
                    number,
                    _header_at(table, column),
                )
            )
        raise ImportRejected(issues)
    return table


def _header_at(table: Table, index: int) -> str:
    if index < len(table.headers) and table.headers[index]:
        return table.headers[index]
    return column_letter(index)


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


class _XlsxReader:
    """The first worksheet's cell values, streamed with expat (no third-party parser)."""

    def __init__(self, book: zipfile.ZipFile):
        self.book = book
        self.names = set(book.namelist())
        self.formula_cells: list[tuple[int, int]] = []
        self.error_cells: list[tuple[int, int, str]] = []
        self.last_row = 0
        workbook_path = self._office_document()
        sheet_path, self.date1904 = self._first_sheet(workbook_path)
        base = workbook_path.rsplit("/", 1)[0] + "/" if "/" in workbook_path else ""
        self.sheet_path = sheet_path
        self.shared = self._shared_strings(base)
        self.date_styles = self._date_styles(base)

    def _read(self, path: str) -> bytes:
        path = path.lstrip("/")
        if path not in self.names:
            raise _NotXlsx(path)
        data = self.book.read(path)
        # Workbook parts never declare a DTD; refusing one rules out entity tricks (expat 2.4+
        # also limits entity expansion, and ElementTree never fetches external entities).
        if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
            raise _NotXlsx(path)
        return data

    def _parse(self, path: str, events=("end",)):
        return iterparse(io.BytesIO(self._read(path)), events=events)  # noqa: S314 (see _read)

    @staticmethod
    def _resolve(base: str, target: str) -> str:
        if target.startswith("/"):
            return target.lstrip("/")
        parts: list[str] = []
        for part in (base + target).split("/"):
            if part == "..":
                if parts:
                    parts.pop()
            elif part and part != ".":
                parts.append(part)
        return "/".join(parts)

    def _relationships(self, path: str) -> dict[str, str]:
        rels = {}
        if path not in self.names:
            return rels
        for _event, element in self._parse(path):
            if element.tag == f"{{{_REL_NS}}}Relationship":
                target = element.get("Target", "")
                rels[element.get("Id")] = target
                rels["type:" + element.get("Type", "").rsplit("/", 1)[-1]] = target
        return rels

    def _office_document(self) -> str:
        rels = self._relationships("_rels/.rels")
        target = rels.get("type:officeDocument")
        if target:
            return self._resolve("", target)
        if "xl/workbook.xml" in self.names:
            return "xl/workbook.xml"
        raise _NotXlsx("workbook")

    def _first_sheet(self, workbook_path: str) -> tuple[str, bool]:
        directory, _, name = workbook_path.rpartition("/")
        base = directory + "/" if directory else ""
        rels = self._relationships(f"{base}_rels/{name}.rels")
        first_rid = None
        date1904 = False
        for _event, element in self._parse(workbook_path):
            local = element.tag.rpartition("}")[2]
            if local == "workbookPr":
                date1904 = element.get("date1904", "").lower() in ("1", "true")
            elif local == "sheet" and first_rid is None:
                for ns in _OFFICE_REL_NS:
                    first_rid = first_rid or element.get(f"{{{ns}}}id")
        if not first_rid or first_rid not in rels:
            raise _NotXlsx("sheet")
        return self._resolve(base, rels[first_rid]), date1904

    @staticmethod
    def _text(element) -> str:
        parts = []
        for child in element:
            local = child.tag.rpartition("}")[2]
            if local == "t":
                parts.append(child.text or "")
            elif local == "r":
                for grandchild in child:
                    if grandchild.tag.rpartition("}")[2] == "t":
                        parts.append(grandchild.text or "")
        text = "".join(parts)
        if "_x" in text:
            text = _XML_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
        return text

    def _shared_strings(self, base: str) -> list:
        path = next(
            (p for p in (f"{base}sharedStrings.xml", "xl/sharedStrings.xml") if p in self.names),
            None,
        )
        if path is None:
            return []
        strings: list = []
        for _event, element in self._parse(path):
            if element.tag.endswith("}si"):
                strings.append(clean_text(self._text(element)))
                element.clear()
        return strings

    def _date_styles(self, base: str) -> set[str]:
        from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

        path = f"{base}styles.xml"
        if path not in self.names:
            return set()
        custom: dict[int, str] = {}
        formats: list[int] = []
        in_cell_xfs = False
        for event, element in self._parse(path, events=("start", "end")):
            local = element.tag.rpartition("}")[2]
            if local == "cellXfs":
                in_cell_xfs = event == "start"
            elif event == "end" and local == "numFmt":
                custom[int(element.get("numFmtId", "0"))] = element.get("formatCode", "")
            elif event == "start" and local == "xf" and in_cell_xfs:
                formats.append(int(element.get("numFmtId", "0")))
        dates = set()
        for index, format_id in enumerate(formats):
            code = custom.get(format_id) or BUILTIN_FORMATS.get(format_id, "General")
            if is_date_format(code):
                dates.add(str(index))
        return dates

    def rows(self) -> list[tuple[int, list]]:
        from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

        self.from_excel = from_excel

        self.epoch = CALENDAR_MAC_1904 if self.date1904 else CALENDAR_WINDOWS_1900
        self.letters_cache: dict[str, int] = {}
        data = self._read(self.sheet_path)
        ns = _MAIN_NS[1] if _MAIN_NS[1].encode() in data[:4096] else _MAIN_NS[0]
        self.tags = {name: f"{{{ns}}}{name}" for name in ("row", "c", "v", "f", "is", "t")}
        try:
            rows = [self._row(element) for element in self._chunked_rows(data)]
        except ParseError:
            self.formula_cells, self.error_cells = [], []
            self.last_row = 0
            rows = []
            for _event, element in iterparse(io.BytesIO(data)):  # noqa: S314 (see _read)
                if element.tag == self.tags["row"]:
                    rows.append(self._row(element))
                    element.clear()
        return [row for row in rows if row[1]]

    def _chunked_rows(self, data: bytes):
        """The <row> elements, parsed in C a few hundred kilobytes at a time.

        Pulling every element through iterparse costs ~1 µs of Python each (0.3 s for 10,000
        rows); parsing slices cut after a closing </row> and walking the rows is ~4x faster.
        """
        start = re.search(rb"<(\w+:)?sheetData\b[^>]*?(/?)>", data)
        root = re.search(rb"<(?:\w+:)?worksheet\b[^>]*>", data)
        if start is None or root is None or data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            raise ParseError("not a plain worksheet")
        if start.group(2):
            return
        prefix = start.group(1) or b""
        end = data.rfind(b"</" + prefix + b"sheetData>")
        if end < start.end():
            raise ParseError("no end of sheetData")
        declarations = b" ".join(re.findall(rb'xmlns(?::\w+)?="[^"]*"', root.group(0)))
        body = data[start.end() : end]
        close = b"</" + prefix + b"row>"
        row_tag = self.tags["row"]
        position = 0
        while position < len(body):
            cut = body.find(close, position + 256 * 1024)
            cut = len(body) if cut < 0 else cut + len(close)
            xml = b"<chunk " + declarations + b">" + body[position:cut] + b"</chunk>"
            chunk = fromstring(xml)  # noqa: S314 (see _read)
            for element in chunk:
                if element.tag == row_tag:
                    yield element
            position = cut

    def _row(self, row_element) -> tuple[int, list]:
        from_excel = self.from_excel
        tags = self.tags
        cell_tag, value_tag, formula_tag = tags["c"], tags["v"], tags["f"]
        inline_tag, text_tag = tags["is"], tags["t"]
        shared = self.shared
        date_styles = self.date_styles
        letters_cache = self.letters_cache
        number_attr = row_element.get("r")
        row_number = int(number_attr) if number_attr else self.last_row + 1
        self.last_row = row_number
        cells: list[tuple[int, Any]] = []
        next_column = 0
        width = 0
        for element in row_element:
            if element.tag != cell_tag:
                continue
            ref = element.get("r")
            if ref:
                letters = ref.rstrip("0123456789")
                column = letters_cache.get(letters)
                if column is None:
                    column = 0
                    for char in letters:
                        column = column * 26 + ord(char) - 64
                    column -= 1
                    letters_cache[letters] = column
            else:
                column = next_column
            next_column = column + 1
            kind = element.get("t", "n")
            raw = None
            inline = None
            formula = False
            for child in element:
                child_tag = child.tag
                if child_tag == value_tag:
                    raw = child.text
                elif child_tag == inline_tag:
                    inline = child
                elif child_tag == formula_tag:
                    formula = True
                    self.formula_cells.append((row_number, column))
            value: Any = None
            if kind == "s":
                if raw is not None:
                    value = shared[int(raw)]
            elif kind == "inlineStr":
                if inline is not None:
                    if len(inline) == 1 and inline[0].tag == text_tag:
                        text = inline[0].text or ""
                        if "_x" in text:
                            text = self._text(inline)
                    else:
                        text = self._text(inline)
                    value = clean_text(text)
            elif kind == "n":
                if raw is not None:
                    if "." in raw or "E" in raw or "e" in raw:
                        number: float | int = float(raw)
                    else:
                        number = int(raw)
                    if element.get("s") in date_styles:
                        value = from_excel(number, self.epoch)
                    else:
                        value = number
            elif kind == "str":
                value = clean_text(raw) if raw else None
            elif kind == "b":
                value = raw in ("1", "true")
            elif kind == "e" and raw and not formula:
                self.error_cells.append((row_number, column, raw))
            elif kind == "d" and raw:
                value = datetime.datetime.fromisoformat(raw.rstrip("Z"))
            if value is not None:
                cells.append((column, value))
                if column >= width:
                    width = column + 1
        if not cells:
            return row_number, []
        values: list[Any] = [None] * width
        for column, value in cells:
            values[column] = value
        return row_number, values


# --- writing files ---------------------------------------------------------------------------


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
