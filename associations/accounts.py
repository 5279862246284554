"""Writes about accounts and roles: granting a role also grants what the role needs."""

from collections.abc import Iterable

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from . import permissions
from .models import Role, RoleKind, Society, Union, User

STAFF_GROUP = "Văn phòng Liên hiệp hội"
STAFF_GROUP_APPS = (
    "associations",
    "members",
    "reports",
    "contests",
    "consultations",
    "submissions",
)


def staff_group() -> Group:
    """Every model permission of the portal's apps, except deleting users.

    Staff create accounts and grant roles; the user admin keeps the superuser, staff, group and
    permission fields for superusers only (associations.admin.UserAdmin).
    """
    group, _created = Group.objects.get_or_create(name=STAFF_GROUP)
    perms = Permission.objects.filter(content_type__app_label__in=STAFF_GROUP_APPS).exclude(
        content_type__app_label="associations",
        content_type__model="user",
        codename="delete_user",
    )
    wanted = set(perms.values_list("id", flat=True))
    if set(group.permissions.values_list("id", flat=True)) != wanted:
        group.permissions.set(wanted)
    return group


def role_sync_staff_access(*, user: User) -> None:
    """Admin access follows the staff role: granted with it, withdrawn when the last one goes."""
    if user.is_superuser:
        return
    is_staff_role = Role.objects.filter(user=user, kind=RoleKind.STAFF).exists()
    group = staff_group()
    if is_staff_role:
        user.groups.add(group)
    else:
        user.groups.remove(group)
    if user.is_staff != is_staff_role:
        user.is_staff = is_staff_role
        user.save(update_fields=["is_staff"])


# Roles whose holders approve (term reports): granted, changed and withdrawn by superusers only.
APPROVING_ROLES = frozenset({RoleKind.LEADERSHIP})


def role_grant_refusal(*, granted_by: User, user: User | None, union_id: int | None, kind: str):
    """Why `granted_by` may not grant (change, withdraw) the role `kind` in `union_id` to
    `user`, or None when they may. Separation of duties (design §4): nobody grants themselves a
    role, roles that approve come from a superuser, staff act only in their own unions.
    """
    if granted_by.is_superuser:
        return None
    if user is not None and user.pk == granted_by.pk:
        return _("Nobody can grant or change their own roles; ask another staff member.")
    if kind in APPROVING_ROLES:
        return _("Only a superuser can grant or withdraw the leadership role.")
    if union_id not in permissions.access_for(granted_by).staff_unions:
        return _("You can grant roles only in your own union.")
    return None


@transaction.atomic
def role_assign(
    *,
    user: User,
    union: Union,
    kind: str,
    societies: Iterable[Society] = (),
    granted_by: User | None = None,
) -> Role:
    """Give `user` the role `kind` in `union` (society officers: for `societies` of that union).

    `granted_by` is the person granting it (None for the set-up and the demo): the rules of
    `role_grant_refusal` apply to them.
    """
    if granted_by is not None:
        refusal = role_grant_refusal(granted_by=granted_by, user=user, union_id=union.pk, kind=kind)
        if refusal:
            raise PermissionDenied(refusal)
    role, _created = Role.objects.get_or_create(user=user, union=union, kind=kind)
    if kind == RoleKind.OFFICER:
        have = set(role.societies.values_list("id", flat=True))
        new = [s for s in societies if s.union_id == union.id and s.id not in have]
        if new:
            role.societies.add(*new)
    role_sync_staff_access(user=user)
    return role
