"""Contests: entries, awards, initiatives, and judging: deny by default."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from .base import access_for

# --- contests: entries, awards, initiatives ---
# Contests belong to a union: its staff manage them, its leadership look on, officers of its
# societies see them and submit their own societies' entries (design §4). Entries and
# initiatives are society records: whole unions for staff/leadership, own societies for officers.


def may_use_contest_pages(user) -> bool:
    """Staff, leadership and society officers; experts and judges have no business here."""
    access = access_for(user)
    return bool(access.viewable_unions or access.officer_societies)


def scope_contests(user, qs: QuerySet) -> QuerySet:
    """Whole unions for staff/leadership; officers see their union's contests once published
    (not drafts)."""
    access = access_for(user)
    officers = Q(union_id__in=access.officer_unions) & ~Q(status="draft")
    return qs.filter(Q(union_id__in=access.viewable_unions) | officers)


def can_manage_contests(user, union_id: int | None = None) -> bool:
    """Create, edit and move contests on; record awards and forwardings: the union's staff."""
    staff = access_for(user).staff_unions
    return bool(staff) if union_id is None else union_id in staff


def scope_society_records(user, qs: QuerySet) -> QuerySet:
    """Entries and initiatives (anything with `union_id` and `society_id`)."""
    access = access_for(user)
    return qs.filter(
        Q(union_id__in=access.viewable_unions) | Q(society_id__in=access.officer_societies)
    )


def may_record_for_societies(user) -> bool:
    """Whether the user may submit entries or record initiatives at all (staff or officer)."""
    access = access_for(user)
    return bool(access.staff_unions or access.officer_societies)


def scope_recordable_societies(user, qs: QuerySet) -> QuerySet:
    """Societies the user may submit entries and initiatives for."""
    access = access_for(user)
    return qs.filter(Q(union_id__in=access.staff_unions) | Q(id__in=access.officer_societies))


# --- contests: judging ---
#
# Judging belongs to the contest's union: its staff assign judges, record conflicts, see every
# score and reopen sheets; its leadership see the score sheet; a judge sees only the sheets of the
# entries assigned to them, and only while they hold the judge role in that union.


def can_manage_judging(user, contest) -> bool:
    """Assign judges, record conflicts, reopen sheets: the contest union's staff."""
    return contest.union_id in access_for(user).staff_unions


def can_view_scores(user, contest) -> bool:
    """The full score sheet and its export: the contest union's staff and leadership."""
    access = access_for(user)
    return contest.union_id in (access.staff_unions | access.leadership_unions)


def can_judge(user) -> bool:
    """The judges' own pages: whoever holds a judge role somewhere."""
    return access_for(user).is_judge


def scope_judging_contests(user, qs: QuerySet) -> QuerySet:
    """Contests whose judging pages the user may open (staff and leadership of the union)."""
    access = access_for(user)
    return qs.filter(union_id__in=access.staff_unions | access.leadership_unions)


def scope_own_judge_assignments(user, qs: QuerySet) -> QuerySet:
    """A judge's own assignments, in the unions where they hold the judge role."""
    access = access_for(user)
    if not access.judge_unions:
        return qs.none()
    return qs.filter(judge_id=user.pk, contest__union_id__in=access.judge_unions)


def scope_judging_assignments(user, qs: QuerySet) -> QuerySet:
    """Assignments of the contests whose judging pages the user may open (staff, leadership);
    changing them takes `can_manage_judging`."""
    access = access_for(user)
    return qs.filter(contest__union_id__in=access.staff_unions | access.leadership_unions)
