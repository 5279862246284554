"""Reads of the reporting rounds: status boards, the scorecard, the report's figures.

The figures of a submission are the registry's records of its society over its round's period,
counted live in the database (one subquery per kind), so a query count never grows with the
number of societies or rounds.
"""

from __future__ import annotations

import datetime

from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from associations.models import Activity, Term
from contests.models import Entry, Initiative
from core.models import SentReminder
from members.models import Membership

from .models import HANDED_IN, Round, Submission, SubmissionStatus

COUNTS = ("members_joined", "members_left", "activities", "initiatives", "entries")


def reminder_prefix(submission: Submission) -> str:
    """The key prefix of a submission's reminders (core.reminders)."""
    return f"submissions.round:{submission.round_id}:submission:{submission.pk}:"


def round_reminder_prefix(round_id: int) -> str:
    return f"submissions.round:{round_id}:"


def _count(qs: QuerySet) -> Coalesce:
    """The number of rows of `qs` (already correlated with the outer submission)."""
    counted = qs.order_by().values("society_id").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def with_counts(qs: QuerySet) -> QuerySet:
    """Submissions annotated with what their society recorded in the round's period."""
    society = OuterRef("society_id")
    start, end = OuterRef("round__period_start"), OuterRef("round__period_end")
    year = OuterRef("round__year")
    return qs.annotate(
        members_joined=_count(
            Membership.objects.filter(society_id=society, joined_on__gte=start, joined_on__lte=end)
        ),
        members_left=_count(
            Membership.objects.filter(society_id=society, left_on__gte=start, left_on__lte=end)
        ),
        activities=_count(
            Activity.objects.filter(society_id=society, held_on__gte=start, held_on__lte=end)
        ),
        initiatives=_count(Initiative.objects.filter(society_id=society, year=year)),
        entries=_count(Entry.objects.filter(society_id=society, contest__year=year)),
    )


def submission_with_counts(*, submission_id: int) -> Submission:
    return with_counts(
        Submission.objects.select_related("round", "round__union", "society").filter(
            pk=submission_id
        )
    ).get()


def round_board(*, round_: Round, today: datetime.date | None = None) -> dict:
    """The status board of a round: every society's submission, counts by status, late ones.

    Three queries, whatever the number of societies: submissions (with their society and live
    counts), and the reminders recorded for the round.
    """
    today = today or timezone.localdate()
    submissions = list(
        with_counts(
            Submission.objects.filter(round=round_)
            .select_related("society")
            .order_by("society__sort_name", "id")
        )
    )
    last_reminded: dict[int, datetime.datetime] = {}
    reminded: dict[int, int] = {}
    prefix = round_reminder_prefix(round_.pk)
    for key, sent_at in SentReminder.objects.filter(key__startswith=prefix).values_list(
        "key", "sent_at"
    ):
        pk = int(key[len(prefix) :].split(":")[1])
        reminded[pk] = reminded.get(pk, 0) + 1
        if pk not in last_reminded or sent_at > last_reminded[pk]:
            last_reminded[pk] = sent_at
    by_status = {status: 0 for status in SubmissionStatus.values}
    rows = []
    late = 0
    for submission in submissions:
        submission.round = round_
        by_status[submission.status] += 1
        is_late = submission.is_late(today)
        late += is_late
        rows.append(
            {
                "submission": submission,
                "late": is_late,
                "reminders": reminded.get(submission.pk, 0),
                "last_reminded": last_reminded.get(submission.pk),
            }
        )
    return {
        "rows": rows,
        "by_status": [
            {"status": status, "label": label, "count": by_status[status]}
            for status, label in SubmissionStatus.choices
        ],
        "late": late,
        "total": len(rows),
    }


def rounds_with_counts(*, rounds: QuerySet) -> QuerySet:
    """Rounds with their number of submissions, handed in and accepted (one query)."""
    return rounds.annotate(
        n_submissions=Count("submissions"),
        n_handed_in=Count("submissions", filter=Q(submissions__status__in=HANDED_IN)),
        n_accepted=Count("submissions", filter=Q(submissions__status=SubmissionStatus.ACCEPTED)),
    ).order_by("-period_start", "-id")


def society_submissions(*, submissions: QuerySet) -> list[Submission]:
    """An officer's submissions (already scoped), newest round first, with live counts."""
    return list(
        with_counts(
            submissions.select_related("round", "society").order_by(
                "-round__period_start", "society__sort_name", "id"
            )
        )
    )


def _rounds_within(union_ids, start: datetime.date, end: datetime.date) -> QuerySet:
    return Round.objects.filter(
        union_id__in=list(union_ids), period_start__gte=start, period_end__lte=end
    )


def submission_figures(*, union_ids, start: datetime.date, end: datetime.date) -> dict:
    """The rounds of a period and what their accepted submissions stand for. Plain JSON.

    Rounds whose period lies within [start, end]; their submissions, how many were handed in
    by the deadline (on time) and accepted; and, for the accepted ones, the society's records
    of the round's period counted from the registry. Two queries.
    """
    rounds = list(
        _rounds_within(union_ids, start, end)
        .annotate(
            n_submissions=Count("submissions"),
            n_accepted=Count(
                "submissions", filter=Q(submissions__status=SubmissionStatus.ACCEPTED)
            ),
        )
        .order_by("period_start", "id")
    )
    submissions = list(
        with_counts(
            Submission.objects.filter(
                round__in=_rounds_within(union_ids, start, end),
            ).select_related("society", "round")
        ).order_by("round__period_start", "society__sort_name", "id")
    )
    on_time_by_round: dict[int, int] = {}
    totals = dict.fromkeys(COUNTS, 0)
    societies = []
    for submission in submissions:
        if submission.on_time():
            on_time_by_round[submission.round_id] = on_time_by_round.get(submission.round_id, 0) + 1
        if submission.status != SubmissionStatus.ACCEPTED:
            continue
        for name in COUNTS:
            totals[name] += getattr(submission, name)
        societies.append(
            {
                "round": submission.round.title,
                "society": submission.society.name,
                "on_time": bool(submission.on_time()),
                **{name: getattr(submission, name) for name in COUNTS},
            }
        )
    n_submissions = sum(r.n_submissions for r in rounds)
    n_on_time = sum(on_time_by_round.values())
    return {
        "rounds": len(rounds),
        "round_list": [
            {
                "title": r.title,
                "year": r.year,
                "half": r.half,
                "deadline": r.deadline.isoformat(),
                "submissions": r.n_submissions,
                "accepted": r.n_accepted,
                "on_time": on_time_by_round.get(r.pk, 0),
            }
            for r in rounds
        ],
        "submissions": n_submissions,
        "accepted": sum(r.n_accepted for r in rounds),
        "on_time": n_on_time,
        "on_time_share": round(100 * n_on_time / n_submissions) if n_submissions else None,
        **totals,
        "societies": societies,
    }


def term_scorecard(*, union_id: int, term: Term | None, today: datetime.date | None = None):
    """Each society's on-time record over the rounds of a term: on time, late, missing.

    A cell is "on_time" (first handed in by the deadline), "late" (handed in after it),
    "missing" (the deadline passed and nothing handed in) or "pending" (the round is open).
    Two queries.
    """
    today = today or timezone.localdate()
    if term is None:
        return {"rounds": [], "rows": []}
    rounds = list(
        Round.objects.filter(
            union_id=union_id, period_start__gte=term.starts_on, period_end__lte=term.ends_on
        ).order_by("period_start", "id")
    )
    by_society: dict[int, dict] = {}
    submissions = (
        Submission.objects.filter(round__in=rounds)
        .select_related("society")
        .order_by("society__sort_name", "society_id")
    )
    rounds_by_id = {r.pk: r for r in rounds}
    for submission in submissions:
        submission.round = rounds_by_id[submission.round_id]
        row = by_society.setdefault(
            submission.society_id,
            {"society": submission.society, "cells": {}, "on_time": 0, "late": 0, "missing": 0},
        )
        on_time = submission.on_time()
        if on_time is True:
            cell = "on_time"
        elif on_time is False:
            cell = "late"
        elif today > submission.round.deadline:
            cell = "missing"
        else:
            cell = "pending"
        if cell in row:
            row[cell] += 1
        row["cells"][submission.round_id] = {"kind": cell, "submission": submission}
    rows = []
    for row in by_society.values():
        row["cells"] = [row["cells"].get(r.pk) for r in rounds]
        rows.append(row)
    return {"rounds": rounds, "rows": rows}


def narrative_material(*, union_id: int, start: datetime.date, end: datetime.date) -> list[dict]:
    """Accepted submissions' narratives of rounds within the period, grouped by society."""
    submissions = (
        Submission.objects.filter(
            round__union_id=union_id,
            round__period_start__gte=start,
            round__period_end__lte=end,
            status=SubmissionStatus.ACCEPTED,
        )
        .select_related("society", "round")
        .order_by("society__sort_name", "society_id", "round__period_start")
    )
    groups: dict[int, dict] = {}
    for submission in submissions:
        if not (submission.results or submission.difficulties or submission.proposals):
            continue
        group = groups.setdefault(
            submission.society_id, {"society": submission.society.name, "items": []}
        )
        group["items"].append(
            {
                "round": submission.round.title,
                "results": submission.results,
                "difficulties": submission.difficulties,
                "proposals": submission.proposals,
            }
        )
    return list(groups.values())


__all__ = [
    "HANDED_IN",
    "narrative_material",
    "round_board",
    "submission_figures",
    "term_scorecard",
    "with_counts",
]
