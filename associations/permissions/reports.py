"""Reports: targets, the leadership dashboard, the narrative: deny by default."""

from __future__ import annotations

from django.db.models import QuerySet

from .base import access_for, can_view_reports

# --- reports: targets and the leadership dashboard ---
# A report's targets: its union's staff edit them, its leadership read them. The dashboard:
# staff and leadership of a union see it; a parent union's staff and leadership also see its
# district unions' dashboards and the roll-up over them, read-only (`child_unions`). A child's
# staff see neither the parent's nor a sibling's.


def can_view_targets(user, report) -> bool:
    access = access_for(user)
    return report.union_id in (access.staff_unions | access.leadership_unions)


def can_edit_targets(user, report) -> bool:
    return report.union_id in access_for(user).staff_unions


def may_use_dashboard(user) -> bool:
    access = access_for(user)
    return bool(access.staff_unions or access.leadership_unions)


def dashboard_unions(user) -> frozenset[int]:
    """Unions whose dashboard the user may open: their own (staff, leadership) and, read-only,
    the unions below them."""
    access = access_for(user)
    return access.staff_unions | access.leadership_unions | access.child_unions


def can_view_rollup(user, union_id: int) -> bool:
    """The roll-up over a union's district unions: its own staff and leadership, and those of
    a union above it."""
    return union_id in dashboard_unions(user)


def scope_dashboard_unions(user, qs: QuerySet) -> QuerySet:
    return qs.filter(id__in=dashboard_unions(user))


# --- reports: narrative ---
# The text staff write around a report's figures: its union's staff write it, its leadership
# read it; nobody else has business with it (403), another union's report is not found (404).


def may_use_report_narrative(user) -> bool:
    return can_view_reports(user)


def can_edit_report_narrative(user, report) -> bool:
    return report.union_id in access_for(user).staff_unions


def can_view_report_narrative(user, report) -> bool:
    access = access_for(user)
    return report.union_id in (access.staff_unions | access.leadership_unions)
