"""Route × role matrix rows of the reports' workflow pages (see tests/route_matrix.py).

The reports' first rows (list, create, detail, generate, approve, download) stay in
tests/test_route_matrix.py; the world's report is a draft with one version.
"""

from __future__ import annotations

from tests.route_matrix import Row, answers, named

# Columns: anonymous staff leadership officer expert judge other_staff (tests/route_matrix.py).
VIEWERS = answers("login 200 200 403 403 403 404")
VIEWERS_FORGED = answers("login 404 404 403 403 403 200")
STAFF = answers("login 200 403 403 403 403 404")
LEADERSHIP = answers("login 403 200 403 403 403 404")
LEADERSHIP_FORGED = answers("login 404 404 403 403 403 403")
PORTAL_FORGED_POST = (404, 404, 403, 403, 403)  # staff leadership officer expert judge


def _report(name: str):
    return named(f"reports:{name}", pk="termreport.pk")


def _version(name: str):
    return named(f"reports:{name}", pk="version.pk")


ROWS: dict = {
    "reports:submit": Row(_report("submit"), STAFF, VIEWERS_FORGED),
    "reports:return": Row(_report("return"), VIEWERS, VIEWERS_FORGED),
    "reports:publish": Row(_report("publish"), LEADERSHIP, LEADERSHIP_FORGED),
    "reports:progress": Row(_report("progress"), VIEWERS, VIEWERS_FORGED),
    "reports:compare": Row(_version("compare"), VIEWERS, VIEWERS_FORGED),
}
FORGED_POSTS: dict = {
    name: PORTAL_FORGED_POST for name in ("reports:submit", "reports:return", "reports:publish")
}

# The targets and dashboard rows (`matrix_targets.py`) and the narrative pages' rows
# (`matrix_narrative.py`), each with its `ROWS`, `FORGED_POSTS` and hooks, merged here.
from . import matrix_narrative as narrative  # noqa: E402
from . import matrix_targets as targets  # noqa: E402

for _part in (targets, narrative):
    assert not set(_part.ROWS) & set(ROWS), _part.__name__
    ROWS |= _part.ROWS
    FORGED_POSTS |= _part.FORGED_POSTS


def records(ns, *, users) -> None:
    targets.records(ns, users=users)
    narrative.records(ns, users=users)


def state(ns) -> dict:
    return {"targets": targets.state(ns), "narrative": narrative.state(ns)}
