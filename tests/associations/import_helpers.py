"""Helpers for the import tests: files in memory, database snapshots, finding issues."""

import csv
import io
import unicodedata

import openpyxl

from associations.models import (
    Activity,
    Society,
    Term,
    Union,
)
from members.models import Commendation, CommitteeSeat, Member, Membership

MEMBER_HEADER = ["full_name", "society", "joined_on", "member_code", "birth_year", "email"]

MODELS = [Union, Term, Society, Member, Membership, CommitteeSeat, Activity, Commendation]


def csv_bytes(rows, *, bom=False, delimiter=",") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    data = buffer.getvalue().encode("utf-8")
    return (b"\xef\xbb\xbf" + data) if bom else data


def xlsx_bytes(rows) -> bytes:
    """An ordinary workbook (strings starting with = become formulas, as typed in Excel)."""
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def cp1258_bytes(text: str) -> bytes:
    """Text as Windows-1258 stores Vietnamese: base letters precomposed, tone marks combining."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        tones = "".join(c for c in parts if c in _TONES)
        out.append(base + tones)
    return "".join(out).encode("cp1258")


def snapshot() -> dict:
    """Row counts of every registry table and of their history tables."""
    counts = {}
    for model in MODELS:
        counts[model.__name__] = model.objects.count()
        counts[f"{model.__name__}.history"] = model.history.count()
    return counts


def issues(result, code):
    found = [issue for issue in result.errors if issue.code == code]
    assert found, f"no {code!r} issue in {[(i.code, i.row, i.column) for i in result.errors]}"
    return found


def only_issue(result):
    assert len(result.errors) == 1, [(i.code, i.row, i.column, i.message) for i in result.errors]
    return result.errors[0]
