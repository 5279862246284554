"""Route × role matrix rows of contests (see tests/route_matrix.py for the contract).

Judging's rows live in `matrix_judging.py` (its `ROWS`), merged here.
"""

from __future__ import annotations

import datetime

from tests.route_matrix import Row  # noqa: F401  (rows are added below)

from .factories import (
    AwardFactory,
    ContestFactory,
    CriterionFactory,
    EntryAttachmentFactory,
    EntryFactory,
    ForwardingFactory,
    InitiativeFactory,
    JudgeAssignmentFactory,
    ScoreFactory,
)

ROWS: dict = {}
FORGED_POSTS: dict = {}

try:
    from .matrix_judging import ROWS as JUDGING_ROWS
except ImportError:
    JUDGING_ROWS = {}
else:
    try:
        from .matrix_judging import FORGED_POSTS as JUDGING_FORGED_POSTS
    except ImportError:
        JUDGING_FORGED_POSTS = {}
    FORGED_POSTS |= JUDGING_FORGED_POSTS
ROWS |= JUDGING_ROWS


def _contest_records(ns, society) -> None:
    """An open contest with criteria and an entry of `society`, with what hangs on it."""
    ns.contest = ContestFactory(union=ns.union, closes_on=datetime.date(2099, 12, 31))
    ns.criteria = [CriterionFactory(contest=ns.contest) for _ in range(2)]
    ns.criterion = ns.criteria[0]
    ns.entry = EntryFactory(contest=ns.contest, union=ns.union, society=society)
    ns.entry_attachment = EntryAttachmentFactory(entry=ns.entry)
    ns.award = AwardFactory(entry=ns.entry)
    ns.forwarding = ForwardingFactory(entry=ns.entry)


def records(ns, *, users) -> None:
    _contest_records(ns, ns.society)
    ns.initiative = InitiativeFactory(union=ns.union, society=ns.society)
    if users is not None:
        ns.assignment = JudgeAssignmentFactory(
            contest=ns.contest, entry=ns.entry, judge=users["judge"]
        )
        ns.score = ScoreFactory(assignment=ns.assignment, criterion=ns.criterion)


def sibling_records(ns, *, users) -> None:
    """The second society's entry (in union A's contest) and initiative."""
    ns.union = ns.society.union
    ns.contest = ContestFactory(union=ns.union)
    ns.entry = EntryFactory(contest=ns.contest, union=ns.union, society=ns.society)
    ns.entry_attachment = EntryAttachmentFactory(entry=ns.entry)
    ns.award = AwardFactory(entry=ns.entry)
    ns.initiative = InitiativeFactory(union=ns.union, society=ns.society)


def state(ns) -> dict:
    """Union B's contest records a forged write could touch."""
    return {
        "contests": list(ns.union.contests.values()),
        "entries": list(ns.union.contest_entries.values()),
        "attachments": list(ns.entry.attachments.values_list("pk", "original_name")),
        "awards": list(ns.entry.awards.values()),
        "forwardings": list(ns.entry.forwardings.values()),
        "initiatives": list(ns.union.initiatives.values()),
    }
