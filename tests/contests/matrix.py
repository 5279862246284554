"""Route × role matrix rows of contests (see tests/route_matrix.py for the contract).

Judging's rows live in `matrix_judging.py` (its `ROWS`, `FORGED_POSTS` and hooks), merged here.
"""

from __future__ import annotations

import datetime

from django.urls import reverse

from tests.factories import UserFactory
from tests.route_matrix import (
    EDIT,
    FORGED_VIEW,
    SIBLING_EDIT,
    SIBLING_VIEW,
    VIEW,
    Row,
    admin_object,
    admin_rows,
    answers,
    fixed,
    named,
)

from .factories import (
    AwardFactory,
    ContestFactory,
    CriterionFactory,
    EntryAttachmentFactory,
    EntryFactory,
    ForwardingFactory,
    InitiativeFactory,
    JudgeAssignmentFactory,
    JudgeConflictFactory,
    ScoreFactory,
)

# Columns: anonymous staff leadership officer expert judge other_staff (tests/route_matrix.py).
UNION_PAGE = answers("login 200 200 200 403 403 200")  # no id: each sees their own union's
STAFF_PAGE = answers("login 200 403 403 403 403 200")
RECORD_PAGE = answers("login 200 403 200 403 403 200")  # staff and officers record
MANAGE = answers("login 200 403 403 403 403 404")  # staff of the contest's union
SIBLING_MANAGE = answers("login 200 403 404 403 403 404")
PORTAL_FORGED_POST = (404, 404, 404, 403, 403)  # staff leadership officer expert judge


def _entry(name: str, **kwargs):
    return named(f"contests:{name}", contest_pk="contest.pk", entry_pk="entry.pk", **kwargs)


def _transition(records):
    return reverse(
        "contests:contest_transition", kwargs={"pk": records.contest.pk, "to": "judging"}
    )


ROWS: dict = {
    "contests:contest_list": Row(named("contests:contest_list"), UNION_PAGE),
    "contests:contest_add": Row(named("contests:contest_add"), STAFF_PAGE),
    "contests:honour_roll": Row(named("contests:honour_roll"), UNION_PAGE),
    "contests:contest_detail": Row(
        named("contests:contest_detail", pk="contest.pk"), VIEW, FORGED_VIEW
    ),
    "contests:contest_edit": Row(
        named("contests:contest_edit", pk="contest.pk"), MANAGE, FORGED_VIEW
    ),
    "contests:contest_transition": Row(_transition, MANAGE, FORGED_VIEW),
    "contests:contest_results": Row(
        named("contests:contest_results", pk="contest.pk"), VIEW, FORGED_VIEW
    ),
    "contests:entry_list": Row(
        named("contests:entry_list", contest_pk="contest.pk"), VIEW, FORGED_VIEW
    ),
    "contests:entry_add": Row(
        named("contests:entry_add", contest_pk="contest.pk"), EDIT, FORGED_VIEW
    ),
    "contests:entry_detail": Row(_entry("entry_detail"), VIEW, FORGED_VIEW, SIBLING_VIEW),
    "contests:entry_edit": Row(_entry("entry_edit"), EDIT, FORGED_VIEW, SIBLING_EDIT),
    "contests:entry_attachment_download": Row(
        _entry("entry_attachment_download", pk="entry_attachment.pk"),
        VIEW,
        FORGED_VIEW,
        SIBLING_VIEW,
    ),
    "contests:entry_attachment_delete": Row(
        _entry("entry_attachment_delete", pk="entry_attachment.pk"),
        EDIT,
        FORGED_VIEW,
        SIBLING_EDIT,
    ),
    "contests:award_add": Row(_entry("award_add"), MANAGE, FORGED_VIEW, SIBLING_MANAGE),
    "contests:award_edit": Row(
        _entry("award_edit", pk="award.pk"), MANAGE, FORGED_VIEW, SIBLING_MANAGE
    ),
    "contests:entry_forward": Row(_entry("entry_forward"), MANAGE, FORGED_VIEW, SIBLING_MANAGE),
    "contests:initiative_list": Row(named("contests:initiative_list"), UNION_PAGE),
    "contests:initiative_add": Row(named("contests:initiative_add"), RECORD_PAGE),
    "contests:initiative_edit": Row(
        named("contests:initiative_edit", pk="initiative.pk"), EDIT, FORGED_VIEW, SIBLING_EDIT
    ),
}
FORGED_POSTS: dict = {
    name: PORTAL_FORGED_POST
    for name in (
        "contests:contest_edit",
        "contests:contest_transition",
        "contests:entry_add",
        "contests:entry_edit",
        "contests:entry_attachment_delete",
        "contests:award_add",
        "contests:award_edit",
        "contests:entry_forward",
        "contests:initiative_edit",
    )
}

# Judging's module: `ROWS`, and optionally `FORGED_POSTS` and the hooks `records`,
# `sibling_records` and `state` (called after ours, with the same arguments).
try:
    from . import matrix_judging as judging
except ImportError:
    judging = None
ROWS |= getattr(judging, "ROWS", {})
FORGED_POSTS |= getattr(judging, "FORGED_POSTS", {})


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
    # Union A's judge is assigned the own entry; union B's entry has a judge of its own.
    judge = users["judge"] if users is not None else UserFactory()
    ns.assignment = JudgeAssignmentFactory(contest=ns.contest, entry=ns.entry, judge=judge)
    ns.judgeassignment = ns.assignment
    ns.score = ScoreFactory(assignment=ns.assignment, criterion=ns.criterion)
    ns.judgeconflict = JudgeConflictFactory(contest=ns.contest, entry=ns.entry, judge=UserFactory())
    if hasattr(judging, "records"):
        judging.records(ns, users=users)


def sibling_records(ns, *, users) -> None:
    """The second society's entry (in union A's contest) and initiative."""
    ns.union = ns.society.union
    ns.contest = ContestFactory(union=ns.union)
    ns.entry = EntryFactory(contest=ns.contest, union=ns.union, society=ns.society)
    ns.entry_attachment = EntryAttachmentFactory(entry=ns.entry)
    ns.award = AwardFactory(entry=ns.entry)
    ns.initiative = InitiativeFactory(union=ns.union, society=ns.society)
    if hasattr(judging, "sibling_records"):
        judging.sibling_records(ns, users=users)


def state(ns) -> dict:
    """Union B's contest records a forged write could touch."""
    return {
        "contests": list(ns.union.contests.values()),
        "entries": list(ns.union.contest_entries.values()),
        "attachments": list(ns.entry.attachments.values_list("pk", "original_name")),
        "awards": list(ns.entry.awards.values()),
        "forwardings": list(ns.entry.forwardings.values()),
        "initiatives": list(ns.union.initiatives.values()),
        "judging": judging.state(ns) if hasattr(judging, "state") else None,
    }


# --- admin --------------------------------------------------------------------------------------

ADMIN_READ_ONLY = answers("login 403 login login login login 403")
ROWS |= admin_rows("contests.contest")
ROWS |= admin_rows("contests.entry")
ROWS |= admin_rows("contests.award")
ROWS |= admin_rows("contests.initiative")
ROWS |= admin_rows(
    "contests.judgeassignment",
    import_export=False,
    overrides={
        "add": Row(fixed("/admin/contests/judgeassignment/add/"), ADMIN_READ_ONLY),
        # Refused before the record is looked up: no id tells anything.
        "delete": Row(
            admin_object("contests.judgeassignment", "delete"), ADMIN_READ_ONLY, ADMIN_READ_ONLY
        ),
    },
)
ROWS |= admin_rows(
    "contests.score",
    import_export=False,
    overrides={
        "add": Row(fixed("/admin/contests/score/add/"), ADMIN_READ_ONLY),
        # Refused before the record is looked up: no id tells anything.
        "delete": Row(admin_object("contests.score", "delete"), ADMIN_READ_ONLY, ADMIN_READ_ONLY),
    },
)

ADMIN_FORGED_POST = ("away", "login", "login", "login", "login")
FORGED_POSTS |= {
    f"admin:contests_{model}_change": ADMIN_FORGED_POST
    for model in ("contest", "entry", "award", "initiative")
}
