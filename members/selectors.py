"""Reads over members and memberships. Query counts do not grow with the data."""

import datetime
from collections.abc import Iterable

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from associations.models import LOCAL_KINDS

from .models import AcademicTitle, Gender, Member, Membership, Qualification


def _active_on(day: datetime.date) -> Q:
    return Q(joined_on__lte=day) & (Q(left_on__isnull=True) | Q(left_on__gt=day))


def _memberships(
    *, union_ids: Iterable[int] | None = None, society_ids: Iterable[int] | None = None
) -> QuerySet:
    qs = Membership.objects.all()
    if union_ids is not None:
        qs = qs.filter(society__union_id__in=list(union_ids))
    if society_ids is not None:
        qs = qs.filter(society_id__in=list(society_ids))
    return qs


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
    qs = _memberships(union_ids=union_ids, society_ids=society_ids)
    aggregates = {}
    for name, day in dates.items():
        aggregates[f"{name}__memberships"] = Count("id", filter=_active_on(day))
        aggregates[f"{name}__people"] = Count("member_id", filter=_active_on(day), distinct=True)
    row = qs.aggregate(**aggregates)
    return {
        name: {"memberships": row[f"{name}__memberships"], "people": row[f"{name}__people"]}
        for name in dates
    }


def membership_flows(
    *, union_ids: Iterable[int], after: datetime.date, until: datetime.date
) -> dict[str, dict[str, int]]:
    """Memberships that began and ended in the period after `after` up to `until` (inclusive).

    The period is half-open at its start so that the flows add up with `membership_counts`:
    count on `until` − count on `after` = joined − left. For a calendar year pass the last day of
    the year before as `after`; for a term, its start date. One query.

    >>> membership_flows(union_ids=[1], after=term.starts_on, until=term.ends_on)
    {"joined": {"memberships": 40, "people": 38}, "left": {"memberships": 18, "people": 18}}
    """
    joined = Q(joined_on__gt=after, joined_on__lte=until)
    left = Q(left_on__gt=after, left_on__lte=until)
    row = _memberships(union_ids=union_ids).aggregate(
        joined_memberships=Count("id", filter=joined),
        joined_people=Count("member_id", filter=joined, distinct=True),
        left_memberships=Count("id", filter=left),
        left_people=Count("member_id", filter=left, distinct=True),
    )
    return {
        "joined": {"memberships": row["joined_memberships"], "people": row["joined_people"]},
        "left": {"memberships": row["left_memberships"], "people": row["left_people"]},
    }


def _choice_counts(prefix: str, field: str, choices: Iterable[str]) -> dict[str, Count]:
    """One conditional Count per choice, and one for "not given" (the empty string)."""
    aggregates = {
        f"{prefix}__{value}": Count("id", filter=Q(**{field: value})) for value in choices
    }
    aggregates[f"{prefix}__"] = Count("id", filter=Q(**{field: ""}))
    return aggregates


def member_breakdown(*, union_ids: Iterable[int], on: datetime.date) -> dict:
    """Who the members are on a date. Three queries whatever the data.

    - `by_block`: memberships and distinct people in societies of each block (a person in a
      ward's society and in an agency's counts once in each block);
    - `by_qualification`, `by_gender`, `by_academic_title`: distinct people with at least one
      active membership, keyed by the choice code ("" = not given);
    - `by_field`: the same people by their free-text field, largest first.
    """
    union_ids = list(union_ids)
    local = Q(society__kind__in=LOCAL_KINDS)
    active = _active_on(on)
    blocks = _memberships(union_ids=union_ids).aggregate(
        institutional_memberships=Count("id", filter=active & ~local),
        institutional_people=Count("member_id", filter=active & ~local, distinct=True),
        local_memberships=Count("id", filter=active & local),
        local_people=Count("member_id", filter=active & local, distinct=True),
    )
    people = Member.objects.filter(
        Exists(
            Membership.objects.active_on(on).filter(
                member_id=OuterRef("pk"), society__union_id__in=union_ids
            )
        )
    )
    aggregates = {
        **_choice_counts("qualification", "qualification", Qualification.values),
        **_choice_counts("gender", "gender", Gender.values),
        **_choice_counts("academic_title", "academic_title", AcademicTitle.values),
    }
    row = people.aggregate(total=Count("id"), **aggregates)
    fields = people.values("field").annotate(people=Count("id")).order_by("-people", "field")

    def choices(prefix: str, values: Iterable[str]) -> dict[str, int]:
        return {value: row[f"{prefix}__{value}"] for value in [*values, ""]}

    return {
        "on": on.isoformat(),
        "people": row["total"],
        "by_block": {
            "institutional": {
                "memberships": blocks["institutional_memberships"],
                "people": blocks["institutional_people"],
            },
            "local": {
                "memberships": blocks["local_memberships"],
                "people": blocks["local_people"],
            },
        },
        "by_qualification": choices("qualification", Qualification.values),
        "by_gender": choices("gender", Gender.values),
        "by_academic_title": choices("academic_title", AcademicTitle.values),
        "by_field": [{"field": item["field"], "people": item["people"]} for item in fields],
    }


def overlapping_membership(
    *,
    member_id: int,
    society_id: int,
    joined_on: datetime.date,
    left_on: datetime.date | None,
    exclude_pk: int | None = None,
) -> Membership | None:
    """Another membership of the same person in the same society whose dates overlap these."""
    qs = Membership.objects.filter(member_id=member_id, society_id=society_id).filter(
        Q(left_on__isnull=True) | Q(left_on__gt=joined_on)
    )
    if left_on is not None:
        qs = qs.filter(joined_on__lt=left_on)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.order_by("joined_on").first()


def with_active_memberships(*, members: QuerySet, on: datetime.date) -> QuerySet:
    """Members with `active_memberships` (and their societies) on a date: one extra query."""
    return members.prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.active_on(on)
            .select_related("society")
            .order_by("society__name"),
            to_attr="active_memberships",
        )
    )
