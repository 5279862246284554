"""Columns of an import and the parsers that turn cells into values."""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email, validate_slug
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext

from core.text import fold

from .problems import CellError

# --- text helpers -----------------------------------------------------------------------------


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
    """A coded value of a model's choices: accepts the code or the label, and a few aliases.

    The labels are the model's, in English and in Vietnamese (the translation catalogue); the
    Vietnamese one, capitalised, is what templates and Vietnamese exports show. `aliases` maps a
    code to other spellings people write (abbreviations, labels of earlier exports).
    """

    empty = ""

    def __init__(self, model_choices: Any, aliases: dict[str, Iterable[str]] | None = None):
        self.model_choices = model_choices
        self.aliases = {code: tuple(names) for code, names in (aliases or {}).items()}
        self._tables: tuple | None = None

    def _build(self) -> tuple:
        # Built on first use: the translation catalogue is ready by then.
        with translation.override(settings.LANGUAGE_CODE):
            options = [
                (code, capfirst(str(label)), *self.aliases.get(code, ()))
                for code, label in self.model_choices.choices
            ]
        english = {}
        with translation.override("en"):
            for code, label in self.model_choices.choices:
                english[code] = str(label)
        lookup: dict[str, str] = {}
        folded: dict[str, set[str]] = {}
        for code, *names in options:
            for name in [code, *names, english[code]]:
                lookup.setdefault(norm(name), code)
                folded.setdefault(fold(name), set()).add(code)
        exact = {name: code for code, *names in options for name in (code, *names)}
        # Without diacritics ("Thac si") only where that stays unambiguous.
        unambiguous = {key: codes.pop() for key, codes in folded.items() if len(codes) == 1}
        labels = {option[0]: option[1] for option in options}
        return options, labels, lookup, exact, unambiguous

    @property
    def _data(self) -> tuple:
        if self._tables is None:
            self._tables = self._build()
        return self._tables

    @property
    def options(self) -> list[tuple[str, ...]]:
        """(code, Vietnamese label, *aliases) for each choice."""
        return self._data[0]

    @property
    def labels(self) -> dict[str, str]:
        return self._data[1]

    def parse(self, value: Any) -> str:
        options, _labels, lookup, exact, unambiguous = self._data
        text = as_text(value)
        code = exact.get(text)
        if code is not None:
            return code
        code = lookup.get(norm(text)) or unambiguous.get(fold(text))
        if code is None:
            accepted = ", ".join(f"{code} ({label})" for code, label, *_ in options)
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


# --- columns ------------------------------------------------------------------------


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
