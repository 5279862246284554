"""Roles and the shared rules: who holds what, the registry's predicates and scopes.

Every view asks these functions; querysets are scoped here before anything else touches them, so a
record outside the user's reach is a 404, never a 200.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from ..models import Role, RoleKind, Union


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
