"""Route × role matrix rows of reports (see tests/route_matrix.py for the contract).

The targets and dashboard rows live in `matrix_targets.py` (its `ROWS`, `FORGED_POSTS` and
hooks), merged here."""

from . import matrix_targets as targets

ROWS: dict = {**targets.ROWS}
FORGED_POSTS: dict = {**targets.FORGED_POSTS}


def records(ns, *, users) -> None:
    targets.records(ns, users=users)


def state(ns) -> dict:
    return {"targets": targets.state(ns)}
