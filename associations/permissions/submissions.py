"""Yearly reporting rounds: deny by default."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from .base import access_for

# --- submissions: reporting rounds ---
# A round belongs to a union: its staff open and manage it (return, accept, remind), its
# leadership (and a parent union's staff and leadership) look on. A society's submission is
# written and submitted by that society's officers (or the union's staff on its behalf); an
# officer sees only their own societies' submissions.


def may_use_rounds(user) -> bool:
    """The rounds' status boards and the scorecard: staff and leadership."""
    return bool(access_for(user).viewable_unions)


def may_open_rounds(user) -> bool:
    return bool(access_for(user).staff_unions)


def may_use_submissions(user) -> bool:
    """Submissions pages at all: staff, leadership and society officers."""
    access = access_for(user)
    return bool(access.viewable_unions or access.officer_societies)


def scope_rounds(user, qs: QuerySet) -> QuerySet:
    return qs.filter(union_id__in=access_for(user).viewable_unions)


def can_manage_round(user, round_) -> bool:
    """Edit the round, return and accept its submissions, remind by hand: the union's staff."""
    return round_.union_id in access_for(user).staff_unions


def scope_submissions(user, qs: QuerySet) -> QuerySet:
    """Whole unions for staff and leadership; own societies' submissions for officers."""
    access = access_for(user)
    return qs.filter(
        Q(round__union_id__in=access.viewable_unions) | Q(society_id__in=access.officer_societies)
    )


def can_fill_submission(user, submission) -> bool:
    """Write the narrative and submit: the society's officers, or the union's staff."""
    access = access_for(user)
    return (
        submission.society_id in access.officer_societies
        or submission.round.union_id in access.staff_unions
    )
