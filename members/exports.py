"""The member directory as a spreadsheet: pure functions from rows to bytes.

Cells that a spreadsheet would run as a formula are prefixed with a single quote so they stay text
(core.spreadsheets.escape_formula, the rule every export follows).
"""

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook

from core.spreadsheets import escape_formula

from .models import PERSON_DETAIL_FIELDS, Member

EXPORT_FIELDS = ("member_code", "full_name", *PERSON_DETAIL_FIELDS)
CHOICE_FIELDS = {"gender", "qualification", "academic_title"}


def neutralise(value: Any) -> Any:
    return escape_formula(value)


def member_header() -> list[str]:
    labels = [str(Member._meta.get_field(name).verbose_name) for name in EXPORT_FIELDS]
    return [*labels, _("societies")]


def member_row(member: Member) -> list[Any]:
    """One row; expects `active_memberships` prefetched (members.selectors)."""
    values = []
    for name in EXPORT_FIELDS:
        if name in CHOICE_FIELDS:
            values.append(getattr(member, f"get_{name}_display")())
        else:
            value = getattr(member, name)
            values.append("" if value is None else value)
    societies = "; ".join(m.society.name for m in member.active_memberships)
    return [*values, societies]


def to_xlsx(header: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([neutralise(cell) for cell in header])
    for row in rows:
        sheet.append([neutralise(cell) for cell in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel opens Vietnamese text correctly."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([neutralise(cell) for cell in header])
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
