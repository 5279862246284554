"""What a person's and a membership's data may be: one set of rules for forms, admin and imports.

Plain functions of the candidate values (no database access), returning the errors found keyed
by field name. `Member.clean()` and `Membership.clean()` raise them, so every model form (portal
and admin) applies them; the import checks each members row with the same functions and reports
the same Vietnamese messages with the row and column.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from associations.validators import Errors, past_date_error, raise_errors, show_date  # noqa: F401

BIRTH_YEAR_MIN = 1900
MIN_AGE = 15  # the youngest member is this old in the current year
RECOGNITION_YEAR_MIN = 1950


def birth_year_range(*, today: datetime.date | None = None) -> tuple[int, int]:
    """Birth years accepted: 1900 to this year minus MIN_AGE (computed, so it moves each year)."""
    return BIRTH_YEAR_MIN, (today or timezone.localdate()).year - MIN_AGE


def _year_error(year: int, first: int, last: int, code: str) -> ValidationError | None:
    if first <= year <= last:
        return None
    return ValidationError(
        _("Enter a year between %(first)s and %(last)s.") % {"first": first, "last": last},
        code=code,
    )


def person_errors(
    *,
    birth_year: int | None = None,
    typical_intellectual_year: int | None = None,
    today: datetime.date | None = None,
) -> Errors:
    today = today or timezone.localdate()
    errors: Errors = {}
    if birth_year is not None:
        error = _year_error(birth_year, *birth_year_range(today=today), "birth_year_range")
        if error:
            errors["birth_year"] = error
    if typical_intellectual_year is not None:
        this_year = today.year
        error = _year_error(
            typical_intellectual_year, RECOGNITION_YEAR_MIN, this_year, "recognition_year_range"
        )
        if error is None and birth_year is not None and typical_intellectual_year < birth_year:
            error = ValidationError(
                _("The year recognised is before the birth year."), code="before_birth"
            )
        if error:
            errors["typical_intellectual_year"] = error
    return errors


def membership_errors(
    *,
    joined_on: datetime.date | None,
    left_on: datetime.date | None = None,
    birth_year: int | None = None,
    today: datetime.date | None = None,
) -> Errors:
    """Joining and leaving have happened, in that order, and not before the person was born."""
    today = today or timezone.localdate()
    errors: Errors = {}
    error = past_date_error(joined_on, today=today)
    if error is None and joined_on is not None and birth_year and joined_on.year < birth_year:
        error = ValidationError(
            _("The date joined (%(date)s) is before the person's birth year (%(year)s).")
            % {"date": show_date(joined_on), "year": birth_year},
            code="before_birth",
        )
    if error:
        errors["joined_on"] = error
    error = past_date_error(left_on, today=today)
    if error is None and joined_on is not None and left_on is not None and left_on < joined_on:
        error = ValidationError(
            _("The date left (%(left)s) is before the date joined (%(joined)s).")
            % {"left": show_date(left_on), "joined": show_date(joined_on)},
            code="invalid_range",
        )
    if error:
        errors["left_on"] = error
    return errors


def member_row_errors(values: dict, *, today: datetime.date | None = None) -> Errors:
    """One import row of the `members` kind (a person and one membership), parsed values.

    An import passes `today`, worked out once for the whole file."""
    errors = person_errors(
        birth_year=values.get("birth_year"),
        typical_intellectual_year=values.get("typical_intellectual_year"),
        today=today,
    )
    birth_year = None if "birth_year" in errors else values.get("birth_year")
    errors.update(
        membership_errors(
            joined_on=values.get("joined_on"),
            left_on=values.get("left_on"),
            birth_year=birth_year,
            today=today,
        )
    )
    return errors
