"""Rules about dates that cannot be true, shared by the models, forms, admin and imports.

Each rule is a plain function of the candidate values returning the errors found, keyed by field
name, so a model's `clean()`, a form and an import row check all say the same thing in the same
words. Members' rules (birth years, memberships) build on these in `members/validators.py`.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

# Nothing the portal records happened before this day.
EARLIEST_DATE = datetime.date(1950, 1, 1)

Errors = dict[str, ValidationError]


def show_date(day: datetime.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def past_date_error(
    day: datetime.date | None, *, today: datetime.date | None = None
) -> ValidationError | None:
    """A day that has happened: not in the future, not before EARLIEST_DATE.

    `today` lets a caller checking many rows (an import) work it out once."""
    if day is None:
        return None
    if day > (today or timezone.localdate()):
        return ValidationError(
            _("%(date)s is in the future.") % {"date": show_date(day)}, code="future"
        )
    if day < EARLIEST_DATE:
        return ValidationError(
            _("Enter a date from %(date)s on.") % {"date": show_date(EARLIEST_DATE)},
            code="too_early",
        )
    return None


def raise_errors(errors: Errors) -> None:
    """Raise the errors found (a model's `clean()`), keyed by field; nothing when none."""
    if errors:
        raise ValidationError(errors)


def activity_errors(*, held_on: datetime.date | None) -> Errors:
    """An activity is recorded once it has been held."""
    if held_on is not None and held_on > timezone.localdate():
        return {
            "held_on": ValidationError(
                _("An activity is recorded once it has been held; %(date)s is in the future.")
                % {"date": show_date(held_on)},
                code="future",
            )
        }
    error = past_date_error(held_on)
    return {"held_on": error} if error else {}


def period_errors(
    *,
    start: datetime.date | None,
    end: datetime.date | None,
    end_field: str,
    same_day: bool = True,
) -> Errors:
    """A period (a committee seat, a term) does not end before it starts (nor on its first day,
    with `same_day=False`)."""
    if start is None or end is None or end > start or (end == start and same_day):
        return {}
    if end < start:
        message = _("The end (%(end)s) is before the start (%(start)s).")
    else:
        message = _("The end (%(end)s) is the same day as the start.")
    return {
        end_field: ValidationError(
            message % {"end": show_date(end), "start": show_date(start)}, code="end_before_start"
        )
    }
