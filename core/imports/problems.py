"""What an import reports: problems (row, column, what) and the result of a run."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext

MAX_ISSUES = 500


@dataclass(frozen=True)
class ImportIssue:
    """One problem: where it is (row as the spreadsheet shows it, column as written) and what.

    `row` is None for a problem with the whole file, `column` None for one with a whole row.
    `code` is a stable identifier of the kind of problem (tests and tools match on it; `message`
    is the translated text shown to people).
    """

    message: str
    code: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        if self.row is not None and self.column:
            return gettext("Row %(row)d, column «%(column)s»: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        if self.row is not None:
            return gettext("Row %(row)d: %(message)s") % {"row": self.row, "message": self.message}
        if self.column:
            return gettext("Column «%(column)s»: %(message)s") % {
                "column": self.column,
                "message": self.message,
            }
        return str(self.message)


class CellError(Exception):
    """Raised by a column parser; the engine adds the row and the column."""

    def __init__(self, message: str, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.code = code


class ImportRejected(Exception):
    """The file cannot be imported; `issues` says why."""

    def __init__(self, issues: list[ImportIssue]):
        super().__init__(issues)
        self.issues = issues


class TooManyIssues(Exception):
    pass


@dataclass
class RowOutcome:
    number: int
    action: str  # "new", "update" or "skip" (unchanged)
    values: list


@dataclass
class ImportResult:
    kind: str
    dry_run: bool
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[ImportIssue] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    rows: list[RowOutcome] = field(default_factory=list)
    details: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged

    def summary(self) -> str:
        from .registry import kind_label  # the registry's kinds use these problems

        text = gettext(
            "%(kind)s: %(created)d created, %(updated)d updated, %(unchanged)d unchanged."
        ) % {
            "kind": kind_label(self.kind),
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }
        if self.dry_run:
            text += " " + gettext("Dry run: nothing was saved.")
        return text
