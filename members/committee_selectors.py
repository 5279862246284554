"""Reads over committee seats and commendations (they name people, so they live here).

Report figures come back as plain, JSON-serialisable data; none of them issues more queries when
the data grows.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from associations.models import Society, Term

from .models import (
    Commendation,
    CommitteeBody,
    CommitteeSeat,
    LeaveReason,
    Membership,
    RecipientType,
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


def commendation_recipients(
    *, union_ids: Iterable[int], year_from: int, year_to: int
) -> list[dict]:
    """How many distinct societies and people received each form from each issuer, from
    `year_from` to `year_to` (inclusive): "03 cá nhân được ... tặng Bằng khen". One query.

    The union's own commendations, year by year, are in `commendation_figures`' rows.
    """
    rows = (
        Commendation.objects.filter(
            union_id__in=list(union_ids),
            year__range=(year_from, year_to),
            recipient_type__in=[RecipientType.SOCIETY, RecipientType.MEMBER],
        )
        .values("recipient_type", "form", "issuer")
        .annotate(
            count=Count("id"),
            people=Count("member_id", distinct=True),
            societies=Count("society_id", distinct=True),
        )
        .order_by("recipient_type", "form", "issuer")
    )
    return [
        {
            "recipient_type": row["recipient_type"],
            "form": row["form"],
            "issuer": row["issuer"],
            "count": row["count"],
            "recipients": row["people"]
            if row["recipient_type"] == RecipientType.MEMBER
            else row["societies"],
        }
        for row in rows
    ]


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
