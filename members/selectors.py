"""Reads over members and memberships. Query counts do not grow with the data."""

import datetime
from collections.abc import Iterable

from django.db.models import Count, Q

from .models import Membership


def _active_on(day: datetime.date) -> Q:
    return Q(joined_on__lte=day) & (Q(left_on__isnull=True) | Q(left_on__gt=day))


def membership_counts(
    *,
    union_ids: Iterable[int] | None = None,
    society_ids: Iterable[int] | None = None,
    dates: dict[str, datetime.date],
) -> dict[str, dict[str, int]]:
    """For each named date: memberships active then and distinct people holding them. One query.

    >>> membership_counts(union_ids=[1], dates={"start": d1, "end": d2})
    {"start": {"memberships": 1678, "people": 1660}, "end": {...}}
    """
    qs = Membership.objects.all()
    if union_ids is not None:
        qs = qs.filter(society__union_id__in=list(union_ids))
    if society_ids is not None:
        qs = qs.filter(society_id__in=list(society_ids))
    aggregates = {}
    for name, day in dates.items():
        aggregates[f"{name}__memberships"] = Count("id", filter=_active_on(day))
        aggregates[f"{name}__people"] = Count("member_id", filter=_active_on(day), distinct=True)
    row = qs.aggregate(**aggregates)
    return {
        name: {"memberships": row[f"{name}__memberships"], "people": row[f"{name}__people"]}
        for name in dates
    }
