"""Reads over societies, terms, committees, activities and commendations.

Report figures come back as plain, JSON-serialisable data; none of them issues more queries when
the data grows.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear

from members.models import Membership

from .models import (
    LOCAL_KINDS,
    Activity,
    ActivityKind,
    Commendation,
    CommitteeBody,
    CommitteeSeat,
    LeaveReason,
    Society,
    Term,
)


def society_block_counts(*, union_ids: Iterable[int], on: datetime.date) -> dict[str, int]:
    """Member societies active on a date, by block. One query."""
    counts = (
        Society.objects.filter(union_id__in=list(union_ids))
        .active_on(on)
        .aggregate(
            total=Count("id"),
            local=Count("id", filter=Q(kind__in=LOCAL_KINDS)),
        )
    )
    return {
        "total": counts["total"],
        "institutional": counts["total"] - counts["local"],
        "local": counts["local"],
    }


def current_term(*, union_id: int, on: datetime.date) -> Term | None:
    """The term running on a date, else the latest one that started before it."""
    terms = Term.objects.filter(union_id=union_id, starts_on__lte=on).order_by("-starts_on")
    return terms.filter(ends_on__gte=on).first() or terms.first()


def societies_with_member_counts(*, societies: QuerySet, on: datetime.date) -> QuerySet:
    """Societies annotated with `members_now`: their memberships active on a date.

    Takes an already scoped queryset; the result is evaluated in one query.
    """
    active = Q(memberships__joined_on__lte=on) & (
        Q(memberships__left_on__isnull=True) | Q(memberships__left_on__gt=on)
    )
    return societies.select_related("union").annotate(
        members_now=Count("memberships", filter=active),
    )


# --- committees ---------------------------------------------------------------------------------


def committee_changes(*, term: Term, as_of: datetime.date | None = None) -> dict:
    """How the committees changed during a term. One query.

    A seat's `ended_on` is the last day served, so a seat is held on `as_of` when it started on
    or before it and has not ended before it.

    - `bch_seats_at_end` / `bch_people_at_end`: the union's own BCH (seats of this term with no
      society) held on `as_of` (the term's end by default);
    - `bch_ended`: union BCH seats of this term that ended during the term, before `as_of`,
      with `bch_ended_by_reason` keyed by the LeaveReason code ("" = no reason recorded);
    - `societies_refilled_bch`: member societies of the union that filled a BCH post during the
      term (a society BCH seat that started after the term's start, up to `as_of`).
    """
    end = as_of or term.ends_on
    union_bch = Q(term=term, society__isnull=True, body=CommitteeBody.BCH)
    held_at_end = Q(started_on__lte=end) & (Q(ended_on__isnull=True) | Q(ended_on__gte=end))
    ended = union_bch & Q(ended_on__gte=term.starts_on, ended_on__lt=end)
    refilled = Q(
        society__isnull=False,
        body=CommitteeBody.BCH,
        started_on__gt=term.starts_on,
        started_on__lte=end,
    )
    reasons = [*LeaveReason.values, ""]
    row = CommitteeSeat.objects.filter(
        Q(term=term, society__isnull=True) | Q(society__union_id=term.union_id)
    ).aggregate(
        seats_at_end=Count("id", filter=union_bch & held_at_end),
        people_at_end=Count("member_id", filter=union_bch & held_at_end, distinct=True),
        ended=Count("id", filter=ended),
        refilled=Count("society_id", filter=refilled, distinct=True),
        **{f"reason__{code}": Count("id", filter=ended & Q(leave_reason=code)) for code in reasons},
    )
    return {
        "as_of": end.isoformat(),
        "bch_seats_at_end": row["seats_at_end"],
        "bch_people_at_end": row["people_at_end"],
        "bch_ended": row["ended"],
        "bch_ended_by_reason": {code: row[f"reason__{code}"] for code in reasons},
        "societies_refilled_bch": row["refilled"],
    }


# --- activities ---------------------------------------------------------------------------------


def _activity_totals() -> dict[str, int]:
    return {"count": 0, "participants": 0, "amount_vnd": 0}


def activity_figures(
    *, union_ids: Iterable[int], starts_on: datetime.date, ends_on: datetime.date
) -> dict:
    """Activities held from `starts_on` to `ends_on` (both inclusive), union-level ones included.

    Counts, participants and money raised (VND): in total, by kind (every ActivityKind code is
    present), by year and by kind and year. One query.
    """
    rows = (
        Activity.objects.filter(union_id__in=list(union_ids), held_on__range=(starts_on, ends_on))
        .annotate(year=ExtractYear("held_on"))
        .values("kind", "year")
        .annotate(
            count=Count("id"),
            participants=Sum("participants", default=0),
            amount_vnd=Sum("amount_vnd", default=0),
        )
        .order_by("year", "kind")
    )
    total = _activity_totals()
    by_kind = {kind: _activity_totals() for kind in ActivityKind.values}
    by_year: dict[int, dict[str, int]] = defaultdict(_activity_totals)
    by_kind_year = []
    for row in rows:
        values = {key: int(row[key]) for key in ("count", "participants", "amount_vnd")}
        by_kind_year.append({"kind": row["kind"], "year": row["year"], **values})
        for bucket in (
            total,
            by_kind.setdefault(row["kind"], _activity_totals()),
            by_year[row["year"]],
        ):
            for key, value in values.items():
                bucket[key] += value
    return {
        "total": total,
        "by_kind": by_kind,
        "by_year": [{"year": year, **by_year[year]} for year in sorted(by_year)],
        "by_kind_year": by_kind_year,
    }


# --- commendations ------------------------------------------------------------------------------


def commendation_figures(*, union_ids: Iterable[int], year_from: int, year_to: int) -> dict:
    """Commendations from `year_from` to `year_to` (inclusive). One query.

    `rows` keeps every (recipient type, form, issuer, year) with its count, so a sentence such as
    "03 lần được ... tặng Bằng khen (năm 2018, 2021, 2023)" can be written from it; `by_form`,
    `by_issuer`, `by_year` and `by_recipient_type` are the roll-ups.
    """
    rows = list(
        Commendation.objects.filter(union_id__in=list(union_ids), year__range=(year_from, year_to))
        .values("recipient_type", "form", "issuer", "year")
        .annotate(count=Count("id"))
        .order_by("year", "form", "issuer", "recipient_type")
    )
    by_form: dict[str, int] = defaultdict(int)
    by_issuer: dict[str, int] = defaultdict(int)
    by_year: dict[int, int] = defaultdict(int)
    by_recipient_type: dict[str, int] = defaultdict(int)
    for row in rows:
        by_form[row["form"]] += row["count"]
        by_issuer[row["issuer"]] += row["count"]
        by_year[row["year"]] += row["count"]
        by_recipient_type[row["recipient_type"]] += row["count"]
    return {
        "total": sum(row["count"] for row in rows),
        "by_form": dict(by_form),
        "by_issuer": dict(by_issuer),
        "by_year": [{"year": year, "count": by_year[year]} for year in sorted(by_year)],
        "by_recipient_type": dict(by_recipient_type),
        "rows": [dict(row) for row in rows],
    }


def society_commendations(*, society: Society) -> QuerySet:
    """Commendations of a society and of the people who are or were its members."""
    return (
        Commendation.objects.filter(union_id=society.union_id)
        .filter(
            Q(society=society)
            | Exists(Membership.objects.filter(member_id=OuterRef("member_id"), society=society))
        )
        .select_related("society", "member")
        .order_by("-year", "form", "pk")
    )
