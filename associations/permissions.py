"""The one place that decides who may do what (design §4). Deny by default.

Every view asks these functions; querysets are scoped here before anything else touches them, so a
record outside the user's reach is a 404, never a 200.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from .models import Role, RoleKind, Union


@dataclass(frozen=True)
class Access:
    """The roles one user holds, loaded once per request."""

    superuser: bool = False
    staff_unions: frozenset[int] = field(default_factory=frozenset)
    leadership_unions: frozenset[int] = field(default_factory=frozenset)
    officer_societies: frozenset[int] = field(default_factory=frozenset)
    officer_unions: frozenset[int] = field(default_factory=frozenset)
    expert_unions: frozenset[int] = field(default_factory=frozenset)
    judge_unions: frozenset[int] = field(default_factory=frozenset)
    # Unions below a staff/leadership union: their data is visible read-only (roll-ups).
    child_unions: frozenset[int] = field(default_factory=frozenset)

    @property
    def editable_unions(self) -> frozenset[int]:
        return self.staff_unions

    @property
    def viewable_unions(self) -> frozenset[int]:
        return self.staff_unions | self.leadership_unions | self.child_unions

    @property
    def is_staff(self) -> bool:
        return bool(self.staff_unions)

    @property
    def is_leadership(self) -> bool:
        return bool(self.leadership_unions)

    @property
    def is_officer(self) -> bool:
        return bool(self.officer_societies)

    @property
    def is_expert(self) -> bool:
        return bool(self.expert_unions)

    @property
    def is_judge(self) -> bool:
        return bool(self.judge_unions)

    @property
    def home_union_id(self) -> int | None:
        for unions in (
            self.staff_unions,
            self.leadership_unions,
            self.officer_unions,
            self.expert_unions,
            self.judge_unions,
        ):
            if unions:
                return min(unions)
        return None


NO_ACCESS = Access()


def _descendants(union_ids: set[int], tree: dict[int, list[int]] | None = None) -> set[int]:
    """Unions below `union_ids` (not themselves). `tree`, parent id → child ids, saves a query."""
    if tree is None:
        tree = _union_tree()
    found: set[int] = set()
    frontier = set(union_ids)
    while frontier:
        children = {child for parent in frontier for child in tree.get(parent, ())}
        children -= found | set(union_ids)
        found |= children
        frontier = children
    return found


def _union_tree() -> dict[int, list[int]]:
    """Every union by its parent (None for the top ones), in one query: unions are few."""
    tree: dict[int, list[int]] = {}
    for pk, parent_id in Union.objects.order_by().values_list("id", "parent_id"):
        tree.setdefault(parent_id, []).append(pk)
    return tree


def access_for(user) -> Access:
    """The user's roles, cached on the user object for the rest of the request."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NO_ACCESS
    cached = getattr(user, "_access_cache", None)
    if cached is not None:
        return cached
    by_kind: dict[str, set[int]] = {kind: set() for kind in RoleKind.values}
    officer_societies: set[int] = set()
    # One query: each role with its societies (a row per society; one row with None when none).
    roles = (
        Role.objects.filter(user=user)
        .order_by()
        .values_list("kind", "union_id", "societies__id", "societies__union_id")
    )
    for kind, union_id, society_id, society_union_id in roles:
        by_kind[kind].add(union_id)
        if kind == RoleKind.OFFICER and society_id is not None and society_union_id == union_id:
            officer_societies.add(society_id)
    tree = None
    if user.is_superuser:
        tree = _union_tree()
        by_kind[RoleKind.STAFF] |= {pk for children in tree.values() for pk in children}
    overseen = by_kind[RoleKind.STAFF] | by_kind[RoleKind.LEADERSHIP]
    below = _descendants(overseen, tree) - overseen if overseen else set()
    access = Access(
        superuser=user.is_superuser,
        staff_unions=frozenset(by_kind[RoleKind.STAFF]),
        leadership_unions=frozenset(by_kind[RoleKind.LEADERSHIP]),
        officer_societies=frozenset(officer_societies),
        officer_unions=frozenset(by_kind[RoleKind.OFFICER]),
        expert_unions=frozenset(by_kind[RoleKind.EXPERT]),
        judge_unions=frozenset(by_kind[RoleKind.JUDGE]),
        child_unions=frozenset(below),
    )
    user._access_cache = access
    return access


# --- predicates -------------------------------------------------------------------------------


def can_view_registry(user) -> bool:
    """Societies and members of whole unions: staff and leadership."""
    return bool(access_for(user).viewable_unions)


def can_edit_union(user, union_id: int) -> bool:
    return union_id in access_for(user).editable_unions


def can_view_union(user, union_id: int) -> bool:
    return union_id in access_for(user).viewable_unions


def can_view_reports(user) -> bool:
    access = access_for(user)
    return bool(access.staff_unions or access.leadership_unions)


def can_generate_report(user, report) -> bool:
    return report.union_id in access_for(user).staff_unions


def can_approve_report(user, report) -> bool:
    return report.union_id in access_for(user).leadership_unions


def can_download_report(user, report) -> bool:
    access = access_for(user)
    return report.union_id in (access.staff_unions | access.leadership_unions)


def can_edit_society_records(user, society) -> bool:
    """Members and activities of a society: union staff, or that society's own officer."""
    access = access_for(user)
    return society.union_id in access.staff_unions or society.id in access.officer_societies


# --- scoped querysets -------------------------------------------------------------------------


def scope_unions(user, qs: QuerySet) -> QuerySet:
    access = access_for(user)
    visible = access.viewable_unions | access.officer_unions
    return qs.filter(id__in=visible)


def scope_societies(user, qs: QuerySet) -> QuerySet:
    """Societies a user may see: whole unions for staff/leadership, own ones for officers."""
    access = access_for(user)
    return qs.filter(Q(union_id__in=access.viewable_unions) | Q(id__in=access.officer_societies))


def scope_officer_societies(user, qs: QuerySet) -> QuerySet:
    """Only the societies the user keeps as an officer ("Hội của tôi")."""
    return qs.filter(id__in=access_for(user).officer_societies)


def scope_members(user, qs: QuerySet) -> QuerySet:
    """People: whole unions for staff/leadership; officers see members of their own societies."""
    access = access_for(user)
    own = Q(memberships__society_id__in=access.officer_societies)
    if not access.officer_societies:
        return qs.filter(union_id__in=access.viewable_unions)
    if not access.viewable_unions:
        return qs.filter(own).distinct()
    return qs.filter(Q(union_id__in=access.viewable_unions) | own).distinct()


def scope_memberships(user, qs: QuerySet) -> QuerySet:
    access = access_for(user)
    return qs.filter(
        Q(society__union_id__in=access.viewable_unions) | Q(society_id__in=access.officer_societies)
    )


def scope_reports(user, qs: QuerySet) -> QuerySet:
    access = access_for(user)
    return qs.filter(union_id__in=access.staff_unions | access.leadership_unions)


# --- personal data ---
# Law 91/2025/QH15: staff of a person's union keep their personal data; everyone else who looks
# (leadership, officers, a parent union's staff) is logged. Members' records are duck-typed here.


def can_manage_personal_data(user, union_id: int) -> bool:
    """Consent texts, requests, "see my data", the access log: staff of the union."""
    return union_id in access_for(user).staff_unions


def can_view_data_requests(user) -> bool:
    """The requests list: staff (who answer) and leadership (read only)."""
    access = access_for(user)
    return bool(access.staff_unions or access.leadership_unions)


def can_manage_consent_texts(user) -> bool:
    return bool(access_for(user).staff_unions)


def scope_data_requests(user, qs: QuerySet) -> QuerySet:
    access = access_for(user)
    return qs.filter(union_id__in=access.staff_unions | access.leadership_unions)


def scope_consent_texts(user, qs: QuerySet) -> QuerySet:
    return qs.filter(union_id__in=access_for(user).staff_unions)


def personal_data_access_is_logged(user, member) -> bool:
    """Views of a person's details are logged unless made by staff of the person's union."""
    return member.union_id not in access_for(user).staff_unions


def can_edit_member_consent(user, member, society_ids) -> bool:
    """Consent is recorded by the union's staff or by an officer of one of the person's
    societies (`society_ids`: the person's societies)."""
    access = access_for(user)
    return member.union_id in access.staff_unions or bool(
        access.officer_societies & set(society_ids)
    )


# Erasure, the yearly retention review and the processing record.


def can_erase_member(user, member) -> bool:
    """Anonymising a person (and the yearly review proposing whom): the union's staff only."""
    return member.union_id in access_for(user).staff_unions


def can_review_retention(user) -> bool:
    return access_for(user).is_staff


def can_view_processing_record(user) -> bool:
    """What personal data the portal holds, where and who sees it: staff only."""
    return access_for(user).is_staff


def scope_erasable_members(user, qs: QuerySet) -> QuerySet:
    """People a user may anonymise: those of the unions they are staff of."""
    return qs.filter(union_id__in=access_for(user).staff_unions)


# --- consultations ---
# Consultation tasks (design §4): staff edit their union's tasks, leadership view them (and
# approve the consolidated opinion), experts see only the tasks they are assigned to. The drafts
# under review are confidential: the same people, and nobody from a parent union's roll-up.


def consultation_unions(user) -> frozenset[int]:
    """Unions whose consultation tasks the user may see whole: staff and leadership."""
    access = access_for(user)
    return access.staff_unions | access.leadership_unions


def may_use_consultations(user) -> bool:
    """Staff, leadership and experts have consultation pages; other roles none (403)."""
    access = access_for(user)
    return bool(consultation_unions(user) or access.expert_unions)


def may_manage_consultations(user) -> bool:
    """Staff of some union: the task list, the plans, creating tasks."""
    return bool(access_for(user).staff_unions)


def can_edit_consultation(user, task) -> bool:
    return task.union_id in access_for(user).staff_unions


def can_approve_consultation(user, task) -> bool:
    """The consolidated opinion is approved by the union's leadership (staff holding it too)."""
    return task.union_id in access_for(user).leadership_unions


def is_assigned_expert(user, task) -> bool:
    """`task.assigned_expert_ids` (a set, when the caller loaded it) saves a query."""
    if not (user and user.is_authenticated and task.union_id in access_for(user).expert_unions):
        return False
    ids = getattr(task, "assigned_expert_ids", None)
    if ids is not None:
        return user.pk in ids
    return task.assignments.filter(expert_id=user.pk).exists()


def can_view_consultation(user, task) -> bool:
    return task.union_id in consultation_unions(user) or is_assigned_expert(user, task)


def can_read_consultation_documents(user, task) -> bool:
    """Confidential drafts: staff, leadership and the task's assigned experts only."""
    return can_view_consultation(user, task)


def scope_consultation_tasks(user, qs: QuerySet) -> QuerySet:
    """Whole unions for staff and leadership; an expert's own assigned tasks otherwise."""
    access = access_for(user)
    whole = Q(union_id__in=consultation_unions(user))
    if not access.expert_unions:
        return qs.filter(whole)
    mine = Q(union_id__in=access.expert_unions, assignments__expert_id=user.pk)
    ids = qs.model._default_manager.filter(mine).values("id")
    return qs.filter(whole | Q(id__in=ids))


def scope_expert_tasks(user, qs: QuerySet) -> QuerySet:
    """Only the tasks the user is assigned to as an expert ("Nhiệm vụ của tôi")."""
    access = access_for(user)
    ids = qs.model._default_manager.filter(
        union_id__in=access.expert_unions, assignments__expert_id=user.pk
    ).values("id")
    return qs.filter(id__in=ids)


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


# --- consultations: letters ---
# The official opinion letter of a task: staff write, generate and deliver it; leadership read
# and download it. Experts, though they see their tasks, have no business with the letter.


def may_use_letters(user) -> bool:
    return bool(consultation_unions(user))


def can_view_letters(user, task) -> bool:
    return task.union_id in consultation_unions(user)


def can_edit_letter(user, task) -> bool:
    return can_edit_consultation(user, task)


def scope_letter_tasks(user, qs: QuerySet) -> QuerySet:
    """The tasks whose letters the user may read: their staff and leadership unions' tasks."""
    return qs.filter(union_id__in=consultation_unions(user))


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
