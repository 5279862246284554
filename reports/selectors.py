"""The term report's figures, computed from live data in a fixed number of queries.

Everything returned is plain JSON-serialisable data: it is frozen into each generated version.
"""

import datetime

from django.db.models import Case, Count, Q, Value, When
from django.utils import timezone

from associations.models import LOCAL_KINDS, Block, Society, Term, Union
from associations.selectors import society_block_counts
from consultations.report import consultation_term_figures
from contests.selectors import contest_term_figures
from members.committee_selectors import committee_changes
from members.models import MembershipQuerySet
from members.selectors import member_breakdown, membership_counts
from submissions.selectors import submission_figures


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


def term_report_figures(*, union: Union, term: Term, next_term: Term | None = None) -> dict:
    """Every figure the term report prints. Query count is constant (see tests)."""
    as_of = term_as_of(term)
    parent_name = union.parent.name if union.parent_id else ""
    members = membership_counts(union_ids=[union.id], dates={"start": term.starts_on, "end": as_of})
    return {
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
        "term": _term_data(term),
        "next_term": _term_data(next_term),
        "as_of": as_of.isoformat(),
        "societies": society_block_counts(union_ids=[union.id], on=as_of),
        "members": {
            "start": members["start"],
            "end": members["end"],
            "change": members["end"]["memberships"] - members["start"]["memberships"],
        },
        "committee": committee_changes(term=term, as_of=as_of),
        "structure": member_breakdown(union_ids=[union.id], on=as_of, by_field=False),
        "annex_societies": society_member_table(union=union, start=term.starts_on, end=as_of),
        "contests": contest_term_figures(union_id=union.id, start=term.starts_on, end=term.ends_on),
        "consultations": consultation_term_figures(
            union_id=union.id, start=term.starts_on, end=as_of
        ),
        "submissions": submission_figures(union_ids=[union.id], start=term.starts_on, end=as_of),
    }


def society_member_table(*, union: Union, start: datetime.date, end: datetime.date) -> list[dict]:
    """Annex: every society active at the start or the end, with its members then. One query.

    Institutional societies first, then wards and communes, each by name in Vietnamese order
    (the stored sort key, as every list of societies).
    """
    active_at = (Q(founded_on__isnull=True) | Q(founded_on__lte=end)) & (
        Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=start)
    )
    rows = (
        Society.objects.filter(active_at, union=union)
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
