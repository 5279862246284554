"""Route × role matrix rows of the report targets pages and the dashboard (see
tests/route_matrix.py for the contract): `ROWS`, `FORGED_POSTS` and the hooks `records` and
`state`."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from reports.models import Target
from tests.route_matrix import Row, answers, fixed, named

# Columns: anonymous staff leadership officer expert judge other_staff (tests/route_matrix.py).
READ = answers("login 200 200 403 403 403 404")
READ_FORGED = answers("login 404 404 403 403 403 200")
WRITE = answers("login 200 403 403 403 403 404")
WRITE_FORGED = answers("login 404 404 403 403 403 200")
OWN_UNION = answers("login 200 200 403 403 403 200")  # no id: each sees their own union's
POST_ONLY = answers("login 405 405 403 403 403 405")
PORTAL_FORGED_POST = (404, 404, 403, 403, 403)  # staff leadership officer expert judge


def _target(name: str):
    return named(f"reports:{name}", pk="termreport.pk", target_pk="target.pk")


def _move(records):
    return reverse(
        "reports:targets_move",
        kwargs={"pk": records.termreport.pk, "target_pk": records.target.pk, "direction": "up"},
    )


ROWS: dict = {
    "reports:targets_list": Row(
        named("reports:targets_list", pk="termreport.pk"), READ, READ_FORGED
    ),
    "reports:targets_add": Row(
        named("reports:targets_add", pk="termreport.pk"), WRITE, WRITE_FORGED
    ),
    "reports:targets_edit": Row(_target("targets_edit"), WRITE, WRITE_FORGED),
    "reports:targets_delete": Row(_target("targets_delete"), WRITE, WRITE_FORGED),
    "reports:targets_move": Row(_move, POST_ONLY, POST_ONLY),
    "reports:dashboard": Row(
        fixed("/reports/dashboard/"), answers("login 200 200 403 403 403 200")
    ),
    "reports:dashboard_union": Row(
        named("reports:dashboard_union", union_pk="union.pk"), READ, READ_FORGED
    ),
    "reports:dashboard_rollup": Row(
        named("reports:dashboard_rollup", union_pk="union.pk"), READ, READ_FORGED
    ),
    "reports:dashboard_rollup_report": Row(
        named("reports:dashboard_rollup_report", union_pk="union.pk"), READ, READ_FORGED
    ),
}

FORGED_POSTS = {
    "reports:targets_add": PORTAL_FORGED_POST,
    "reports:targets_edit": PORTAL_FORGED_POST,
    "reports:targets_delete": PORTAL_FORGED_POST,
    "reports:targets_move": PORTAL_FORGED_POST,
}


def records(ns, *, users) -> None:
    ns.target = Target.objects.create(
        report=ns.termreport,
        metric="consultation_topics",
        value=Decimal("1"),
        wording="Mỗi năm thực hiện tư vấn từ 01 - 02 chuyên đề",
    )


def state(ns) -> dict:
    """Union B's targets a forged write could touch."""
    return {"targets": list(Target.objects.filter(report__union=ns.union).values())}
