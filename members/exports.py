"""The member directory as a spreadsheet: pure functions from rows to bytes.

Headers and choice labels are those of the `members` import template ("Họ và tên", "Thạc sĩ"),
and the files are written by core.spreadsheets like every export: cells that a spreadsheet would
run as a formula are quoted, the xlsx header row is bold, frozen and filtered.
"""

from collections.abc import Iterable, Sequence
from typing import Any

from core import spreadsheets
from core.imports import get_kind

from .models import PERSON_DETAIL_FIELDS, Member

EXPORT_FIELDS = ("member_code", "full_name", *PERSON_DETAIL_FIELDS)
SOCIETIES_COLUMN = "society"  # the active memberships' societies, under the template's "Hội"


def _columns() -> dict:
    return {column.key: column for column in get_kind("members").columns}


def neutralise(value: Any) -> Any:
    return spreadsheets.escape_formula(value)


def member_header() -> list[str]:
    columns = _columns()
    return [columns[name].label for name in (*EXPORT_FIELDS, SOCIETIES_COLUMN)]


def member_row(member: Member) -> list[Any]:
    """One row; expects `active_memberships` prefetched (members.selectors)."""
    columns = _columns()
    values = [columns[name].parser.render(getattr(member, name), "vi") for name in EXPORT_FIELDS]
    societies = "; ".join(m.society.name for m in member.active_memberships)
    return [*values, societies]


def to_xlsx(header: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str) -> bytes:
    return spreadsheets.write_xlsx(list(header), (list(row) for row in rows), title=title)


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel opens Vietnamese text correctly."""
    return spreadsheets.write_csv(list(header), (list(row) for row in rows))
