"""Route × role matrix rows of the judging pages (merged into tests/contests/matrix.py).

The records are those of contests' `records` hook (union A: a contest, an entry, the judge's
assignment and a score). Union B has no assignment there, so the forged rows of the judges'
pages create one, once, when their URL is first built (`_forged_assignment`).
"""

from __future__ import annotations

from associations.accounts import role_assign
from associations.models import RoleKind
from tests.factories import UserFactory
from tests.route_matrix import Row, answers, fixed, named

from .factories import JudgeAssignmentFactory

JUDGE_ONLY = answers("login 403 403 403 403 200 403")
JUDGE_FORGED = answers("login 403 403 403 403 404 403")
MANAGE = answers("login 200 403 403 403 403 404")
VIEW_SCORES = answers("login 200 200 403 403 403 404")
STAFF_FORGED = answers("login 404 404 403 403 403 200")


def _assignment_of(records):
    """The records' judge assignment; union B's is made here the first time it is asked for."""
    assignment = getattr(records, "assignment", None)
    if assignment is None:
        judge = UserFactory()
        role_assign(user=judge, union=records.union, kind=RoleKind.JUDGE)
        assignment = JudgeAssignmentFactory(
            contest=records.contest, entry=records.entry, judge=judge
        )
        records.assignment = assignment
    return assignment


def _assignment_url(name: str):
    build = named(name, pk="assignment.pk")

    def url(records):
        _assignment_of(records)
        return build(records)

    return url


def _contest_page(name: str, **kwargs) -> object:
    return named(name, contest_pk="contest.pk", **kwargs)


def _export(fmt: str):
    from django.urls import reverse

    return lambda records: reverse(
        "contests:judging_score_export", kwargs={"contest_pk": records.contest.pk, "fmt": fmt}
    )


ROWS: dict[str, Row] = {
    "contests:judging_my_entries": Row(fixed("/contests/judging/"), JUDGE_ONLY),
    "contests:judging_sheet": Row(
        _assignment_url("contests:judging_sheet"), JUDGE_ONLY, JUDGE_FORGED
    ),
    "contests:judging_conflict_declare": Row(
        _assignment_url("contests:judging_conflict_declare"), JUDGE_ONLY, JUDGE_FORGED
    ),
    "contests:judging_assignments": Row(
        _contest_page("contests:judging_assignments"), MANAGE, STAFF_FORGED
    ),
    "contests:judging_assign_auto": Row(
        _contest_page("contests:judging_assign_auto"), MANAGE, STAFF_FORGED
    ),
    "contests:judging_assign_add": Row(
        _contest_page("contests:judging_assign_add"), MANAGE, STAFF_FORGED
    ),
    "contests:judging_assignment_remove": Row(
        _assignment_url("contests:judging_assignment_remove"), MANAGE, STAFF_FORGED
    ),
    "contests:judging_sheet_reopen": Row(
        _assignment_url("contests:judging_sheet_reopen"), MANAGE, STAFF_FORGED
    ),
    "contests:judging_conflicts": Row(
        _contest_page("contests:judging_conflicts"), MANAGE, STAFF_FORGED
    ),
    "contests:judging_score_sheet": Row(
        _contest_page("contests:judging_score_sheet"), VIEW_SCORES, STAFF_FORGED
    ),
    "contests:judging_score_export": Row(_export("xlsx"), VIEW_SCORES, STAFF_FORGED),
}

# POSTs of union A's roles (staff, leadership, officer, expert, judge) to union B's records.
_JUDGE_POST = (403, 403, 403, 403, 404)
_STAFF_POST = (404, 404, 403, 403, 403)
FORGED_POSTS = {
    "contests:judging_sheet": _JUDGE_POST,
    "contests:judging_conflict_declare": _JUDGE_POST,
    "contests:judging_assign_auto": _STAFF_POST,
    "contests:judging_assign_add": _STAFF_POST,
    "contests:judging_assignment_remove": _STAFF_POST,
    "contests:judging_sheet_reopen": _STAFF_POST,
    "contests:judging_conflicts": _STAFF_POST,
}
