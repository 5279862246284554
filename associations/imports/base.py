"""The parts every kind of import is made of: problems, results, column parsers, kinds."""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email, validate_slug
from django.utils import translation
from django.utils.translation import gettext

from core.text import fold

# --- problems ---------------------------------------------------------------------------------

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
        text = gettext(
            "%(kind)s: %(created)d created, %(updated)d updated, %(unchanged)d unchanged."
        ) % {
            "kind": self.kind,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }
        if self.dry_run:
            text += " " + gettext("Dry run: nothing was saved.")
        return text


# --- text helpers -----------------------------------------------------------------------------

_SPACES = re.compile(r"\s+")


def norm(text: Any) -> str:
    """Key for tolerant matching: NFC, whitespace collapsed, case-folded."""
    return " ".join(unicodedata.normalize("NFC", str(text)).split()).casefold()


def clean_text(value: str) -> str | None:
    value = value.strip()
    if not value:
        return None
    if not value.isascii():
        value = unicodedata.normalize("NFC", value)
    return value


def format_date(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


FORMULA_PREFIXES = ("=", "+", "-", "@")


def escape_formula(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula gets a leading single quote."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def unescape_cell(value: str) -> str:
    # What escape_formula added on export comes off on import, so an export re-imports as is.
    if len(value) > 1 and value[0] == "'" and value[1] in "=+-@":
        return value[1:]
    return value


# --- column parsers ---------------------------------------------------------------------------


class Parser:
    """Turns a non-empty cell into a Python value; `empty` is the value of an empty cell."""

    empty: Any = None

    def parse(self, value: Any) -> Any:
        raise NotImplementedError

    def render(self, value: Any, style: str) -> Any:
        return value


def as_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0):
            return format_date(value.date())
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return format_date(value)
    return str(value)


class Text(Parser):
    empty = ""

    def __init__(self, max_length: int | None = None):
        self.max_length = max_length

    def parse(self, value: Any) -> str:
        text = as_text(value)
        if self.max_length and len(text) > self.max_length:
            raise CellError(
                gettext("too long: %(length)d characters (at most %(max)d)")
                % {"length": len(text), "max": self.max_length},
                "too_long",
            )
        return text


class Slug(Text):
    def parse(self, value: Any) -> str:
        text = super().parse(value)
        try:
            validate_slug(text)
        except ValidationError:
            raise CellError(
                gettext("«%(value)s» is not a valid code (letters, digits, - and _ only)")
                % {"value": text},
                "invalid_slug",
            )
        return text


# Plain addresses (most of them) skip Django's validator, which accepts a superset of these.
_PLAIN_EMAIL = re.compile(
    r"^[A-Za-z0-9_%+-]+(?:\.[A-Za-z0-9_%+-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+"
    r"[A-Za-z]{2,63}$"
)


class Email(Text):
    def __init__(self):
        super().__init__(254)

    def parse(self, value: Any) -> str:
        text = super().parse(value)
        if _PLAIN_EMAIL.match(text):
            return text
        try:
            validate_email(text)
        except ValidationError:
            raise CellError(
                gettext("invalid e-mail address «%(value)s»") % {"value": text}, "invalid_email"
            )
        return text


_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00(?:\.0+)?)?)?$")
_VN_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


class Date(Parser):
    def parse(self, value: Any) -> datetime.date:
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, str):
            match = _ISO_DATE.match(value)
            if match:
                year, month, day = match.groups()
            else:
                match = _VN_DATE.match(value)
                if match:
                    day, month, year = match.groups()
            if match:
                try:
                    day_value = datetime.date(int(year), int(month), int(day))
                except ValueError:
                    pass
                else:
                    if 1900 <= day_value.year <= 2100:
                        return day_value
        raise CellError(
            gettext("invalid date «%(value)s» (use dd/mm/yyyy or yyyy-mm-dd)")
            % {"value": as_text(value)},
            "invalid_date",
        )

    def render(self, value: Any, style: str) -> Any:
        return value


_GROUPED = re.compile(r"^\d{1,3}(?:[.,]\d{3})+$")


class Integer(Parser):
    def __init__(self, min_value: int = 0, max_value: int | None = None, grouping: bool = False):
        self.min_value = min_value
        self.max_value = max_value
        self.grouping = grouping

    def parse(self, value: Any) -> int:
        number: int | None = None
        if isinstance(value, bool):
            number = None
        elif isinstance(value, int):
            number = value
        elif isinstance(value, float) and value.is_integer():
            number = int(value)
        elif isinstance(value, str):
            text = value.replace(" ", "").replace("\u00a0", "")
            if self.grouping and _GROUPED.match(text):
                text = text.replace(".", "").replace(",", "")
            if text.isdigit():
                number = int(text)
        if number is None:
            raise CellError(
                gettext("«%(value)s» is not a whole number") % {"value": as_text(value)},
                "invalid_number",
            )
        if number < self.min_value or (self.max_value is not None and number > self.max_value):
            if self.max_value is None:
                message = gettext("%(value)d is too small (at least %(min)d)")
            else:
                message = gettext("%(value)d is out of range (%(min)d to %(max)d)")
            raise CellError(
                message % {"value": number, "min": self.min_value, "max": self.max_value},
                "out_of_range",
            )
        return number


class Year(Integer):
    def __init__(self):
        super().__init__(1900, 2100)


_ROMAN = re.compile(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


class Ordinal(Integer):
    """A congress number: 4 or IV."""

    def __init__(self):
        super().__init__(1, 100)

    def parse(self, value: Any) -> int:
        if isinstance(value, str) and value.strip() and _ROMAN.match(value.strip().upper()):
            letters = value.strip().upper()
            total = 0
            for index, letter in enumerate(letters):
                amount = _ROMAN_VALUES[letter]
                following = letters[index + 1] if index + 1 < len(letters) else None
                if following and _ROMAN_VALUES[following] > amount:
                    total -= amount
                else:
                    total += amount
            value = total
        return super().parse(value)


class Choice(Parser):
    """A coded value: accepts the code, the Vietnamese label and a few usual aliases.

    `options` is a list of (code, Vietnamese label, *aliases).
    """

    empty = ""

    def __init__(self, options: Iterable[tuple[str, ...]], model_choices: Any = None):
        self.options = [tuple(option) for option in options]
        self.labels = {option[0]: option[1] for option in self.options}
        self.lookup: dict[str, str] = {}
        folded: dict[str, set[str]] = {}
        extra: dict[str, list[str]] = {}
        if model_choices is not None:
            # The model's labels too, in English and as translated (whatever language is active).
            for language in ("en", settings.LANGUAGE_CODE):
                with translation.override(language):
                    for value, label in model_choices.choices:
                        extra.setdefault(value, []).append(str(label))
        for code, *names in self.options:
            for name in [code, *names, *extra.get(code, [])]:
                self.lookup.setdefault(norm(name), code)
                folded.setdefault(fold(name), set()).add(code)
        self.exact = {name: code for code, *names in self.options for name in (code, *names)}
        # Without diacritics ("Thac si") only where that stays unambiguous.
        self.folded = {key: codes.pop() for key, codes in folded.items() if len(codes) == 1}

    def parse(self, value: Any) -> str:
        text = as_text(value)
        code = self.exact.get(text)
        if code is not None:
            return code
        code = self.lookup.get(norm(text)) or self.folded.get(fold(text))
        if code is None:
            accepted = ", ".join(f"{code} ({label})" for code, label, *_ in self.options)
            raise CellError(
                gettext("unknown value «%(value)s»; accepted: %(accepted)s")
                % {"value": text, "accepted": accepted},
                "invalid_choice",
            )
        return code

    def render(self, value: Any, style: str) -> Any:
        if not value:
            return ""
        return self.labels.get(value, value) if style == "vi" else value


# --- columns and kinds ------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str  # the English snake_case name of design §6
    label: str  # the Vietnamese header of the downloadable template
    parser: Parser
    required: bool = False
    aliases: tuple[str, ...] = ()
    # A required column whose cells may be empty (the kind decides what an empty cell means).
    blank_ok: bool = False

    def header(self, style: str) -> str:
        return self.label if style == "vi" else self.key


@dataclass
class Row:
    number: int
    values: dict[str, Any]
    raw: list


@dataclass
class Plan:
    """What an import would do; `apply` writes it."""

    outcomes: list[tuple[Row, str]] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    details: dict[str, int] = field(default_factory=dict)


class Context:
    """One import run: scope, the columns found, and the problems collected so far."""

    def __init__(self, *, kind: Kind, union, user, filename: str, dry_run: bool):
        self.kind = kind
        self.union = union
        self.user = user
        self.filename = filename
        self.dry_run = dry_run
        self.issues: list[ImportIssue] = []
        self.headers: dict[str, str] = {}  # column key -> header as written in the file
        self.present: set[str] = set()  # keys of the columns the file has
        self.bad_rows: set[int] = set()

    @property
    def change_reason(self) -> str:
        return (gettext("Import from %(file)s") % {"file": self.filename or "-"})[:100]

    def column_name(self, key: str | None) -> str | None:
        if key is None:
            return None
        return self.headers.get(key, key)

    def error(self, row: int | None, key: str | None, message: str, code: str) -> None:
        self.add(ImportIssue(message, code, row, self.column_name(key)))

    def add(self, issue: ImportIssue) -> None:
        if issue.row is not None:
            self.bad_rows.add(issue.row)
        self.issues.append(issue)
        if len(self.issues) >= MAX_ISSUES:
            raise TooManyIssues


class Kind:
    """A kind of record that imports and exports (one per row of design §6's table)."""

    name: str = ""
    model: Any = None
    columns: list[Column] = []
    # Groups of columns of which at least one must be present, e.g. member_code or full_name.
    required_any: tuple[tuple[str, ...], ...] = ()
    needs_union: bool = True

    def column(self, key: str) -> Column:
        return self.by_key[key]

    @property
    def by_key(self) -> dict[str, Column]:
        return {column.key: column for column in self.columns}

    @property
    def header_lookup(self) -> dict[str, str]:
        lookup: dict[str, str] = {}
        for column in self.columns:
            for name in (column.key, column.label, *column.aliases):
                lookup.setdefault(norm(name), column.key)
        return lookup

    def prepare(self, ctx: Context, rows: list[Row]) -> Plan:
        raise NotImplementedError

    def apply(self, ctx: Context, plan: Plan) -> None:
        raise NotImplementedError

    def export_queryset(self, union):
        raise NotImplementedError

    def export_rows(self, queryset) -> Iterable[dict[str, Any]]:
        raise NotImplementedError


_KINDS: dict[str, Kind] = {}


def register(kind_class: type[Kind]) -> type[Kind]:
    _KINDS[kind_class.name] = kind_class()
    return kind_class


def _load_kinds() -> None:
    if not _KINDS:
        import associations.imports.kinds  # noqa: F401
        import members.imports  # noqa: F401


def get_kind(name: str) -> Kind:
    _load_kinds()
    try:
        return _KINDS[name]
    except KeyError:
        raise ValueError(f"unknown kind {name!r}; expected one of {', '.join(KIND_NAMES)}")


# The order in which an empty database is filled (each kind refers to the ones before it).
KIND_NAMES = (
    "unions",
    "terms",
    "societies",
    "members",
    "committee",
    "activities",
    "commendations",
)
