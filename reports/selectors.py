"""The term report's figures, computed from live data in a fixed number of queries.

Everything returned is plain JSON-serialisable data: it is frozen into each generated version.
"""

import datetime

from django.utils import timezone

from associations.models import Term, Union
from associations.selectors import society_block_counts
from members.selectors import membership_counts


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
    }
