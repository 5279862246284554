"""The term report's figures, computed from live data in a fixed number of queries.

Everything returned is plain JSON-serialisable data: it is frozen into each generated version.
"""

import datetime

from django.db.models import Case, Count, Q, Value, When
from django.utils import timezone

from associations.models import LOCAL_KINDS, Block, Society, Term, Union
from associations.selectors import activity_figures, activity_listing, society_block_counts
from consultations.report import consultation_term_figures
from contests.selectors import contest_term_figures
from members.committee_selectors import (
    commendation_figures,
    commendation_recipients,
    committee_changes,
)
from members.models import MembershipQuerySet
from members.selectors import member_breakdown, membership_counts
from submissions.selectors import submission_figures

from .charts import chart_data, member_chart_dates


def term_as_of(term: Term, today: datetime.date | None = None) -> datetime.date:
    """The "now" of a term report: the end of the term, or today while it is still running."""
    today = today or timezone.localdate()
    return min(term.ends_on, today)


def _term_data(term: Term | None) -> dict | None:
    if term is None:
        return None
    return {
        "label": term.label,
        "congress_number": term.congress_number,
        "congress_roman": term.congress_roman,
        "starts_on": term.starts_on.isoformat(),
        "ends_on": term.ends_on.isoformat(),
    }


def period_data(
    *, kind: str, start: datetime.date, end: datetime.date, term: Term | None = None
) -> dict:
    """The period a report covers, as its sentences need it (plain JSON).

    `years`: a term's length by its label's years ("2018 - 2023": 05), a mid-term review's
    years elapsed (rounded), 1 for a year; `label`: "2018 - 2023", "2024".
    """
    if kind == "year":
        years = 1
        label = str(start.year)
    elif kind == "midterm":
        years = max(1, int(((end - start).days + 1) / 365.25 + 0.5))
        label = term.label if term else f"{start.year} - {end.year}"
    else:
        years = max(1, end.year - start.year)
        label = term.label if term else f"{start.year} - {end.year}"
    return {
        "kind": kind,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "years": years,
        "year": start.year if kind == "year" else None,
        "label": label,
    }


def report_figures(
    *,
    union: Union,
    start: datetime.date,
    end: datetime.date,
    kind: str = "term",
    term: Term | None = None,
    next_term: Term | None = None,
    union_ids: list[int] | None = None,
) -> dict:
    """Every figure a report prints for the period from `start` to `end` (a term, a calendar
    year, a running term up to a date). Query count is constant (see tests).

    `union_ids` (default: the union alone) are the unions whose data is summed: a parent
    union's roll-up passes its own and its children's. The committee figures are the union's
    own, for `term`.
    """
    ids = [union.id] if union_ids is None else list(union_ids)
    as_of = min(end, timezone.localdate())
    parent_name = union.parent.name if union.parent_id else ""
    # The members at the start and the end, and on the members chart's days (memberships
    # only), in one query.
    members = membership_counts(
        union_ids=ids,
        dates={**member_chart_dates(start, as_of), "end": as_of},
        people=("start", "end"),
    )
    figures = {
        "union": {
            "name": union.name,
            "short_name": union.short_name,
            "locality_word": union.locality_word,
            "district": union.district,
            "province": union.province,
            "parent_name": parent_name,
            "superior_body": union.superior_body or parent_name,
            "uses_national_motto": union.uses_national_motto,
        },
        "union_count": len(ids),
        "period": period_data(kind=kind, start=start, end=end, term=term),
        "term": _term_data(term),
        "next_term": _term_data(next_term),
        "as_of": as_of.isoformat(),
        "societies": society_block_counts(union_ids=ids, on=as_of),
        "members": {
            "start": members["start"],
            "end": members["end"],
            "change": members["end"]["memberships"] - members["start"]["memberships"],
        },
        "committee": committee_changes(term=term, as_of=as_of) if term else None,
        "structure": member_breakdown(union_ids=ids, on=as_of, by_field=False),
        "annex_societies": society_member_table(union_ids=ids, start=start, end=as_of),
        "contests": contest_term_figures(union_ids=ids, start=start, end=end),
        "consultations": consultation_term_figures(union_ids=ids, start=start, end=as_of),
        "activities": activity_figures(union_ids=ids, starts_on=start, ends_on=as_of),
        "activity_lists": activity_listing(union_ids=ids, starts_on=start, ends_on=as_of),
        "commendations": commendation_figures(
            union_ids=ids, year_from=start.year, year_to=end.year
        ),
        "commendation_recipients": commendation_recipients(
            union_ids=ids, year_from=start.year, year_to=end.year
        ),
    }
    # The charts from the figures above (awards, consultations, activities, members): no query.
    figures["charts"] = chart_data(
        union_ids=ids,
        start=start,
        end=as_of,
        figures=figures,
        member_counts=members,
        start_label="Đầu năm" if kind == "year" else "Đầu NK",
    )
    figures["submissions"] = submission_figures(union_ids=ids, start=start, end=as_of)
    return figures


def term_report_figures(*, union: Union, term: Term, next_term: Term | None = None) -> dict:
    """The term report's figures: the whole term, up to today while it is still running."""
    return report_figures(
        union=union,
        start=term.starts_on,
        end=term.ends_on,
        kind="term",
        term=term,
        next_term=next_term,
    )


def society_member_table(
    *,
    start: datetime.date,
    end: datetime.date,
    union: Union | None = None,
    union_ids: list[int] | None = None,
) -> list[dict]:
    """Annex: every society active at the start or the end, with its members then. One query.

    Institutional societies first, then wards and communes, each by name in Vietnamese order
    (the stored sort key, as every list of societies).
    """
    active_at = (Q(founded_on__isnull=True) | Q(founded_on__lte=end)) & (
        Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=start)
    )
    rows = (
        Society.objects.filter(
            active_at, union_id__in=[union.id] if union_ids is None else list(union_ids)
        )
        .annotate(
            at_start=Count(
                "memberships", filter=MembershipQuerySet.active_on_q(start, "memberships__")
            ),
            at_end=Count(
                "memberships", filter=MembershipQuerySet.active_on_q(end, "memberships__")
            ),
        )
        .values("name", "kind", "founded_on", "dissolved_on", "at_start", "at_end")
        .order_by(
            Case(When(kind__in=LOCAL_KINDS, then=Value(1)), default=Value(0)), "sort_name", "id"
        )
    )
    return [
        {
            "name": row["name"],
            "block": Block.LOCAL if row["kind"] in LOCAL_KINDS else Block.INSTITUTIONAL,
            "at_start": row["at_start"],
            "at_end": row["at_end"],
            "dissolved": bool(row["dissolved_on"] and row["dissolved_on"] <= end),
        }
        for row in rows
    ]
