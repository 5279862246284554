"""Reads for judging: judges and their own societies, a judge's sheets, the full score sheet.

Every function returns plain data in a fixed number of queries, whatever the number of entries,
judges or criteria. What a judge reads is blind: entry codes, titles, fields and summaries, never
the authors, unit, society or attachments.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import salted_hmac

from associations.models import Role, RoleKind
from core.text import sort_key
from members.models import Membership, MembershipQuerySet

from . import judging
from .models import (
    Contest,
    ContestStatus,
    Criterion,
    Entry,
    JudgeAssignment,
    JudgeConflict,
    Score,
)

_SHEET_SALT = "contests.judging.sheet"


def entry_label(*, code: str, pk: int) -> str:
    """How an entry is named to judges and in messages: its code, or its number before codes."""
    return code or f"#{pk}"


# --- judges and their own societies -------------------------------------------------------------


def union_judges(*, union_id: int) -> list:
    """Users holding the judge role in the union, by name."""
    users = get_user_model().objects.filter(
        roles__union_id=union_id, roles__kind=RoleKind.JUDGE, is_active=True
    )
    return sorted(users.distinct(), key=lambda user: (sort_key(str(user)), user.pk))


def judges_society_ids(
    *, judges: list, union_id: int, day: datetime.date | None = None
) -> dict[int, set[int]]:
    """Each judge's own societies in the union (two queries for any number of judges): those
    they keep as an officer, and those where the member with their e-mail is active on `day`."""
    day = day or timezone.localdate()
    found: dict[int, set[int]] = {judge.pk: set() for judge in judges}
    officer = (
        Role.objects.filter(
            user_id__in=list(found),
            union_id=union_id,
            kind=RoleKind.OFFICER,
            societies__union_id=union_id,
        )
        .order_by()
        .values_list("user_id", "societies__id")
    )
    for user_id, society_id in officer:
        found[user_id].add(society_id)
    by_email: dict[str, list[int]] = defaultdict(list)
    for judge in judges:
        if judge.email:
            by_email[judge.email.casefold()].append(judge.pk)
    if by_email:
        memberships = (
            Membership.objects.filter(MembershipQuerySet.active_on_q(day))
            .annotate(email_lower=Lower("member__email"))
            .filter(member__union_id=union_id, email_lower__in=list(by_email))
            .order_by()
            .values_list("email_lower", "society_id")
        )
        for email, society_id in memberships:
            for user_id in by_email.get(email.casefold(), ()):
                found[user_id].add(society_id)
    return found


def judge_society_ids(*, judge, union_id: int, day: datetime.date | None = None) -> set[int]:
    """The judge's own societies in the union (see `judges_society_ids`)."""
    return judges_society_ids(judges=[judge], union_id=union_id, day=day)[judge.pk]


def contest_conflicts(*, contest: Contest, judges: list) -> set[tuple[int, int]]:
    """(judge id, entry id) pairs a judge must not get: declared or recorded conflicts, and
    entries of the judge's own societies."""
    pairs = set(JudgeConflict.objects.filter(contest=contest).values_list("judge_id", "entry_id"))
    own = judges_society_ids(judges=judges, union_id=contest.union_id)
    by_society: dict[int, list[int]] = defaultdict(list)
    for entry_id, society_id in contest.entries.order_by().values_list("id", "society_id"):
        by_society[society_id].append(entry_id)
    for judge_id, societies in own.items():
        for society_id in societies:
            pairs.update((judge_id, entry_id) for entry_id in by_society.get(society_id, ()))
    return pairs


def conflict_reason(*, contest: Contest, judge, entry: Entry) -> str | None:
    """Why `judge` may not score `entry` ("declared", "own_society"), or None."""
    if JudgeConflict.objects.filter(judge=judge, entry=entry).exists():
        return "declared"
    if entry.society_id in judge_society_ids(judge=judge, union_id=contest.union_id):
        return "own_society"
    return None


# --- a judge's sheets ---------------------------------------------------------------------------


def judge_assignments(*, assignments: QuerySet) -> list[dict]:
    """A judge's sheets (from an already scoped queryset), blind, in one query."""
    criteria = (
        Criterion.objects.filter(contest_id=OuterRef("contest_id"))
        .order_by()
        .values("contest_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    rows = (
        assignments.annotate(scored=Count("scores"), criteria=Subquery(criteria))
        .order_by("-contest__year", "contest__name", "entry__code", "entry_id")
        .values(
            "id",
            "submitted_at",
            "scored",
            "criteria",
            "contest__name",
            "contest__year",
            "contest__status",
            "contest__scoring_due_on",
            "entry_id",
            "entry__code",
            "entry__field",
        )
    )
    return [
        {
            "id": row["id"],
            "submitted_at": row["submitted_at"],
            "scored": row["scored"],
            "criteria": row["criteria"] or 0,
            "contest": row["contest__name"],
            "year": row["contest__year"],
            "status": row["contest__status"],
            "due_on": row["contest__scoring_due_on"],
            "code": entry_label(code=row["entry__code"], pk=row["entry_id"]),
            "field": row["entry__field"],
        }
        for row in rows
    ]


def blind_entry(*, entry_id: int) -> dict:
    """What a judge may read of an entry: code, title, field, summary (one query)."""
    row = Entry.objects.filter(pk=entry_id).values("id", "code", "title", "field", "summary").get()
    return {**row, "label": entry_label(code=row["code"], pk=row["id"])}


def sheet_scores(*, assignment_id: int) -> dict[int, dict]:
    """The sheet's scores by criterion id: {"value", "comment"} (one query)."""
    return {
        row["criterion_id"]: {"value": row["value"], "comment": row["comment"]}
        for row in Score.objects.filter(assignment_id=assignment_id).values(
            "criterion_id", "value", "comment"
        )
    }


def sheet_version(*, assignment_id: int) -> str:
    """The version of a score sheet: its submission and every score and comment on it."""
    submitted = (
        JudgeAssignment.objects.filter(pk=assignment_id).values_list("submitted_at", flat=True)
    ).first()
    scores = sorted(
        Score.objects.filter(assignment_id=assignment_id).values_list(
            "criterion_id", "value", "comment"
        )
    )
    payload = repr(
        (
            submitted.isoformat() if submitted else "",
            [(criterion, str(value), comment) for criterion, value, comment in scores],
        )
    )
    return salted_hmac(_SHEET_SALT, f"{assignment_id}:{payload}").hexdigest()[:40]


def entry_mean_after_submission(*, assignment: JudgeAssignment, criteria: list[Criterion]) -> dict:
    """For a judge who has submitted: the mean of the submitted sheets of the entry, without
    names ({"mean": float | None, "sheets": int}); two queries."""
    weights = {c.pk: (c.weight, c.max_score) for c in criteria}
    sheets: dict[int, dict] = defaultdict(dict)
    for assignment_id, criterion_id, value in Score.objects.filter(
        assignment__entry_id=assignment.entry_id, assignment__submitted_at__isnull=False
    ).values_list("assignment_id", "criterion_id", "value"):
        sheets[assignment_id][criterion_id] = value
    totals = [judging.judge_total(values, weights) for values in sheets.values()]
    totals = [total for total in totals if total is not None]
    mean = round(sum(totals) / len(totals), 2) if totals else None
    return {"mean": mean, "sheets": len(totals)}


# --- the full score sheet (staff) ---------------------------------------------------------------


@dataclass
class SheetJudgeLine:
    assignment_id: int
    judge_id: int
    judge: str
    submitted: bool
    values: list[Decimal | None]  # by criterion, in the criteria's order
    comments: list[str]
    total: float | None  # the judge's total on the 100 scale (complete sheets only)


@dataclass
class SheetEntryRow:
    entry_id: int
    code: str
    title: str
    society: str
    unit: str
    lines: list[SheetJudgeLine] = field(default_factory=list)
    raw: float | None = None
    normalised: float | None = None
    raw_rank: int | None = None
    normalised_rank: int | None = None

    @property
    def submitted(self) -> int:
        return sum(1 for line in self.lines if line.submitted)


@dataclass
class ScoreSheet:
    contest_id: int
    normalise: bool
    per_entry: int
    criteria: list[dict]
    rows: list[SheetEntryRow]  # in ranking order (normalised when the contest says so)

    @property
    def complete(self) -> bool:
        return all(row.submitted >= self.per_entry for row in self.rows)


def score_sheet(*, contest: Contest) -> ScoreSheet:
    """Every judge × criterion × entry of a contest with the rankings, in four queries."""
    criteria = list(
        contest.criteria.order_by("order", "id").values("id", "name", "weight", "max_score")
    )
    weights = {c["id"]: (c["weight"], c["max_score"]) for c in criteria}
    position = {c["id"]: i for i, c in enumerate(criteria)}
    entries = {
        row["id"]: SheetEntryRow(
            entry_id=row["id"],
            code=entry_label(code=row["code"], pk=row["id"]),
            title=row["title"],
            society=row["society__name"],
            unit=row["unit"],
        )
        for row in contest.entries.order_by("code", "sort_title", "id").values(
            "id", "code", "title", "unit", "society__name"
        )
    }
    lines: dict[int, SheetJudgeLine] = {}
    for row in (
        JudgeAssignment.objects.filter(contest=contest)
        .order_by("entry_id", "judge__full_name", "judge__email", "id")
        .values("id", "entry_id", "judge_id", "judge__full_name", "judge__email", "submitted_at")
    ):
        line = SheetJudgeLine(
            assignment_id=row["id"],
            judge_id=row["judge_id"],
            judge=row["judge__full_name"] or row["judge__email"],
            submitted=row["submitted_at"] is not None,
            values=[None] * len(criteria),
            comments=[""] * len(criteria),
            total=None,
        )
        lines[row["id"]] = line
        if row["entry_id"] in entries:
            entries[row["entry_id"]].lines.append(line)
    values_by_line: dict[int, dict] = defaultdict(dict)
    for assignment_id, criterion_id, value, comment in (
        Score.objects.filter(assignment__contest=contest)
        .order_by()
        .values_list("assignment_id", "criterion_id", "value", "comment")
    ):
        line = lines.get(assignment_id)
        if line is None or criterion_id not in position:
            continue
        line.values[position[criterion_id]] = value
        line.comments[position[criterion_id]] = comment
        values_by_line[assignment_id][criterion_id] = value
    sheets = {}
    for entry in entries.values():
        for line in entry.lines:
            line.total = judging.judge_total(values_by_line[line.assignment_id], weights)
            if line.submitted and line.total is not None:
                sheets[(line.judge_id, entry.entry_id)] = values_by_line[line.assignment_id]
    ranking = judging.rank_entries(
        entries=list(entries), criteria=weights, sheets=sheets, normalise=contest.normalise_scores
    )
    rows = []
    for result in ranking:
        row = entries[result.entry]
        row.raw, row.normalised = result.raw, result.normalised
        row.raw_rank, row.normalised_rank = result.raw_rank, result.normalised_rank
        rows.append(row)
    return ScoreSheet(
        contest_id=contest.pk,
        normalise=contest.normalise_scores,
        per_entry=contest.judges_per_entry,
        criteria=criteria,
        rows=rows,
    )


# --- the assignment page (staff) ----------------------------------------------------------------


def assignment_overview(*, contest: Contest) -> dict:
    """Entries with their judges, and each judge's load (three queries)."""
    judges = union_judges(union_id=contest.union_id)
    loads = {judge.pk: 0 for judge in judges}
    submitted = {judge.pk: 0 for judge in judges}
    entries = {
        row["id"]: {
            "id": row["id"],
            "code": entry_label(code=row["code"], pk=row["id"]),
            "title": row["title"],
            "society": row["society__name"],
            "assignments": [],
        }
        for row in contest.entries.order_by("code", "sort_title", "id").values(
            "id", "code", "title", "society__name"
        )
    }
    for row in (
        JudgeAssignment.objects.filter(contest=contest)
        .annotate(scored=Count("scores"))
        .order_by("entry_id", "judge__full_name", "judge__email", "id")
        .values(
            "id",
            "entry_id",
            "judge_id",
            "judge__full_name",
            "judge__email",
            "submitted_at",
            "automatic",
            "scored",
        )
    ):
        if row["judge_id"] in loads:
            loads[row["judge_id"]] += 1
            submitted[row["judge_id"]] += row["submitted_at"] is not None
        entry = entries.get(row["entry_id"])
        if entry is not None:
            entry["assignments"].append(
                {
                    "id": row["id"],
                    "judge": row["judge__full_name"] or row["judge__email"],
                    "submitted": row["submitted_at"] is not None,
                    "automatic": row["automatic"],
                    "scored": row["scored"],
                }
            )
    short = sum(
        1 for entry in entries.values() if len(entry["assignments"]) < contest.judges_per_entry
    )
    return {
        "entries": list(entries.values()),
        "judges": [
            {"id": j.pk, "name": str(j), "load": loads[j.pk], "submitted": submitted[j.pk]}
            for j in judges
        ],
        "short": short,
    }


def kept_pairs(*, contest: Contest) -> set[tuple[int, int]]:
    """Assignments an automatic run keeps: sheets submitted or with scores saved."""
    return set(
        JudgeAssignment.objects.filter(contest=contest)
        .filter(Q(submitted_at__isnull=False) | Q(scores__isnull=False))
        .values_list("judge_id", "entry_id")
        .distinct()
    )


def unsubmitted_sheets_due(*, days: dict[str, datetime.date]) -> list[dict]:
    """For each reminder step ({"before-3": day, …}): judges with unsubmitted sheets in contests
    being judged whose deadline is that day, with their entries' codes (one query)."""
    steps = {day: step for step, day in days.items()}
    rows = (
        JudgeAssignment.objects.filter(
            contest__status=ContestStatus.JUDGING,
            contest__scoring_due_on__in=list(steps),
            submitted_at__isnull=True,
            judge__is_active=True,
        )
        .filter(
            contest__union__roles__kind=RoleKind.JUDGE,
            contest__union__roles__user_id=F("judge_id"),
        )
        .order_by("contest_id", "judge_id", "entry__code", "entry_id")
        .values(
            "contest_id",
            "contest__name",
            "contest__scoring_due_on",
            "judge_id",
            "judge__email",
            "entry__code",
            "entry_id",
        )
    )
    grouped: dict[tuple, dict] = {}
    for row in rows:
        key = (row["contest_id"], row["judge_id"])
        item = grouped.setdefault(
            key,
            {
                "contest_id": row["contest_id"],
                "contest": row["contest__name"],
                "due_on": row["contest__scoring_due_on"],
                "step": steps[row["contest__scoring_due_on"]],
                "judge_id": row["judge_id"],
                "email": row["judge__email"],
                "codes": [],
            },
        )
        item["codes"].append(entry_label(code=row["entry__code"], pk=row["entry_id"]))
    return list(grouped.values())
