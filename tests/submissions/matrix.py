"""Route × role rows of the reporting rounds (see tests/route_matrix.py for the contract)."""

from __future__ import annotations

from submissions.models import Round, SubmissionStatus
from tests.route_matrix import Row, admin_object, admin_rows, answers, fixed, named

from .factories import RoundFactory, SubmissionFactory

# Columns: anonymous staff leadership officer expert judge other_staff.
ROUNDS = answers("login 200 200 403 403 403 200")  # staff and leadership of any union
OPEN = answers("login 200 403 403 403 403 200")  # staff of any union
MINE = answers("login 403 403 200 403 403 403")  # officers only
ROUND_VIEW = answers("login 200 200 403 403 403 404")
ROUND_VIEW_FORGED = answers("login 404 404 403 403 403 200")
ROUND_EDIT = answers("login 200 403 403 403 403 404")
ROUND_EDIT_FORGED = answers("login 404 404 403 403 403 200")
VIEW = answers("login 200 200 200 403 403 404")
VIEW_FORGED = answers("login 404 404 404 403 403 200")
VIEW_SIBLING = answers("login 200 200 404 403 403 404")
FILL = answers("login 200 403 200 403 403 404")
FILL_SIBLING = answers("login 200 403 404 403 403 404")
MANAGE = answers("login 200 403 403 403 403 404")
MANAGE_SIBLING = answers("login 200 403 404 403 403 404")


def submission_row(name: str, own, sibling) -> Row:
    url = named(f"submissions:{name}", pk="submission.pk")
    return Row(url, own, VIEW_FORGED, sibling)


ROWS: dict = {
    "submissions:round_list": Row(fixed("/submissions/"), ROUNDS),
    "submissions:my_submissions": Row(fixed("/submissions/mine/"), MINE),
    "submissions:scorecard": Row(fixed("/submissions/scorecard/"), ROUNDS),
    "submissions:round_add": Row(fixed("/submissions/rounds/add/"), OPEN),
    "submissions:round_detail": Row(
        named("submissions:round_detail", pk="round.pk"), ROUND_VIEW, ROUND_VIEW_FORGED
    ),
    "submissions:round_edit": Row(
        named("submissions:round_edit", pk="round.pk"), ROUND_EDIT, ROUND_EDIT_FORGED
    ),
    "submissions:submission_detail": submission_row("submission_detail", VIEW, VIEW_SIBLING),
    "submissions:submission_edit": submission_row("submission_edit", FILL, FILL_SIBLING),
    "submissions:submission_submit": submission_row("submission_submit", FILL, FILL_SIBLING),
    "submissions:submission_return": submission_row("submission_return", MANAGE, MANAGE_SIBLING),
    "submissions:submission_accept": submission_row("submission_accept", MANAGE, MANAGE_SIBLING),
    "submissions:submission_remind": submission_row("submission_remind", MANAGE, MANAGE_SIBLING),
}

# POSTs of union A's roles to union B's records (staff leadership officer expert judge).
SUBMISSION_FORGED_POST = (404, 404, 404, 403, 403)
FORGED_POSTS: dict = {
    "submissions:round_edit": (404, 404, 403, 403, 403),
    "submissions:submission_edit": SUBMISSION_FORGED_POST,
    "submissions:submission_submit": SUBMISSION_FORGED_POST,
    "submissions:submission_return": SUBMISSION_FORGED_POST,
    "submissions:submission_accept": SUBMISSION_FORGED_POST,
    "submissions:submission_remind": SUBMISSION_FORGED_POST,
}


def records(ns, *, users):
    """Per union: a round of 2024 with the society's submission, submitted (so that every
    move has something to act on)."""
    ns.round = RoundFactory(union=ns.union, year=2024, title="Báo cáo năm 2024")
    ns.submission = SubmissionFactory(
        round=ns.round, society=ns.society, status=SubmissionStatus.SUBMITTED, results="Kết quả"
    )


def sibling_records(ns, *, users):
    round_ = Round.objects.get(union=ns.society.union)
    ns.submission = SubmissionFactory(round=round_, society=ns.society)


def state(ns) -> dict:
    """Union B's rounds records a forged write could touch."""
    return {
        "round": Round.objects.filter(pk=ns.round.pk).values().first(),
        "submission": type(ns.submission).objects.filter(pk=ns.submission.pk).values().first(),
        "transitions": list(ns.submission.transitions.values_list("pk", flat=True)),
    }


# --- admin ----------------------------------------------------------------------------------
# Rounds are opened and reports moved on through the portal: the admin adds and deletes
# nothing (refused before any record is looked up), and shows reports read-only.
ADMIN_REFUSED = answers("login 403 login login login login 403")
ROWS |= admin_rows(
    "submissions.round",
    import_export=False,
    overrides={
        "add": Row(fixed("/admin/submissions/round/add/"), ADMIN_REFUSED),
        "delete": Row(admin_object("submissions.round", "delete"), ADMIN_REFUSED, ADMIN_REFUSED),
    },
)
ROWS |= admin_rows(
    "submissions.submission",
    import_export=False,
    overrides={
        "add": Row(fixed("/admin/submissions/submission/add/"), ADMIN_REFUSED),
        "delete": Row(
            admin_object("submissions.submission", "delete"), ADMIN_REFUSED, ADMIN_REFUSED
        ),
    },
)
FORGED_POSTS["admin:submissions_round_change"] = ("away", "login", "login", "login", "login")
