"""A person's history of changes, read from django-simple-history, as plain data for a page.

The person's own records and those of the memberships the reader may see are merged into one
timeline, newest first. Each entry says who changed what, from which value to which, in the
words the forms use (field labels, choice labels, dd/mm/yyyy dates).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import models
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .models import Member, Membership

EMPTY = "—"
# Fields of a person that are bookkeeping rather than details a reader would follow.
_HIDDEN_FIELDS = {"id", "union", "search_text"}


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime.datetime
    who: str
    subject: str
    action: str
    changes: list[FieldChange] = field(default_factory=list)
    reason: str = ""


def _display(model_field: models.Field, value) -> str:
    if value is None or value == "":
        return EMPTY
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, datetime.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    return str(value)  # numbers unlocalised: a birth year is 1970, not 1.970


def _entries(records: list, *, model, subject) -> list[HistoryEntry]:
    """`records` of one object, oldest first."""
    actions = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}
    entries = []
    previous = None
    for record in records:
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            for change in delta.changes:
                if change.field in _HIDDEN_FIELDS:
                    continue
                model_field = model._meta.get_field(change.field)
                changes.append(
                    FieldChange(
                        label=capfirst(str(model_field.verbose_name)),
                        old=_display(model_field, change.old),
                        new=_display(model_field, change.new),
                    )
                )
        # A change with nothing to compare against (the first record kept) still shows.
        if record.history_type != "~" or changes or previous is None:
            entries.append(
                HistoryEntry(
                    when=record.history_date,
                    who=str(record.history_user) if record.history_user_id else "",
                    subject=subject(record),
                    action=actions.get(record.history_type, record.history_type),
                    changes=changes,
                    reason=record.history_change_reason or "",
                )
            )
        previous = record
    return entries


def member_history(*, member: Member, memberships: list[Membership]) -> list[HistoryEntry]:
    """The person's changes and those of `memberships` (already scoped to the reader): two
    queries, whatever the number of changes."""
    person = list(
        Member.history.filter(id=member.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    societies = {membership.pk: membership.society.name for membership in memberships}
    by_membership: dict[int, list] = {}
    for record in (
        Membership.history.filter(id__in=list(societies))
        .select_related("history_user")
        .order_by("history_date", "history_id")
    ):
        by_membership.setdefault(record.id, []).append(record)

    entries = _entries(person, model=Member, subject=lambda record: _("Personal details"))
    for membership_id, records in by_membership.items():
        name = societies[membership_id]
        entries += _entries(
            records,
            model=Membership,
            subject=lambda record, name=name: _("Membership of %(society)s") % {"society": name},
        )
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries
