"""Reads over societies, terms and activities.

Report figures come back as plain, JSON-serialisable data; none of them issues more queries when
the data grows.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear

from core.text import sort_key

from .models import (
    LOCAL_KINDS,
    Activity,
    ActivityKind,
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


# Kinds whose activities the report names one by one (models, publications, cooperation,
# fundraising), at most this many of each: the figures stay small at province scale.
LISTED_ACTIVITY_KINDS = (
    ActivityKind.DEMONSTRATION,
    ActivityKind.PUBLICATION,
    ActivityKind.COOPERATION,
    ActivityKind.FUNDRAISING,
)
LISTED_ACTIVITIES_MAX = 12


def activity_listing(
    *,
    union_ids: Iterable[int],
    starts_on: datetime.date,
    ends_on: datetime.date,
    limit: int = LISTED_ACTIVITIES_MAX,
) -> dict:
    """The named activities of the period, by kind (`LISTED_ACTIVITY_KINDS`), oldest first, up
    to `limit` of each, and the cooperation partners (most frequent first). One query.

    Each row: title, date, society name ("" for the union's own), partners, participants,
    amount raised.
    """
    rows = (
        Activity.objects.filter(
            union_id__in=list(union_ids),
            held_on__range=(starts_on, ends_on),
            kind__in=LISTED_ACTIVITY_KINDS,
        )
        .order_by("held_on", "id")
        .values_list(
            "kind", "title", "held_on", "society__name", "partners", "participants", "amount_vnd"
        )
    )
    listed: dict[str, list[dict]] = {kind: [] for kind in LISTED_ACTIVITY_KINDS}
    partners: dict[str, int] = {}
    for kind, title, held_on, society, partner_text, participants, amount in rows:
        if kind == ActivityKind.COOPERATION:
            for partner in partner_text.split(";"):
                partner = partner.strip()
                if partner:
                    partners[partner] = partners.get(partner, 0) + 1
        if len(listed[kind]) < limit:
            listed[kind].append(
                {
                    "title": title,
                    "held_on": held_on.isoformat(),
                    "society": society or "",
                    "partners": partner_text,
                    "participants": participants or 0,
                    "amount_vnd": amount or 0,
                }
            )
    return {
        **listed,
        "cooperation_partners": sorted(
            partners, key=lambda name: (-partners[name], sort_key(name))
        ),
    }
