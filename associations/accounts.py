"""Writes about accounts and roles: granting a role also grants what the role needs."""

from collections.abc import Iterable

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from .models import Role, RoleKind, Society, Union, User

STAFF_GROUP = "Văn phòng Liên hiệp hội"
STAFF_GROUP_APPS = ("associations", "members", "reports", "contests", "consultations")


def staff_group() -> Group:
    """Every model permission of the portal's apps, except deleting users.

    Staff create accounts and grant roles; the user admin keeps the superuser, staff, group and
    permission fields for superusers only (associations.admin.UserAdmin).
    """
    group, _ = Group.objects.get_or_create(name=STAFF_GROUP)
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


@transaction.atomic
def role_assign(*, user: User, union: Union, kind: str, societies: Iterable[Society] = ()) -> Role:
    """Give `user` the role `kind` in `union` (society officers: for `societies` of that union)."""
    role, _ = Role.objects.get_or_create(user=user, union=union, kind=kind)
    if kind == RoleKind.OFFICER:
        have = set(role.societies.values_list("id", flat=True))
        new = [s for s in societies if s.union_id == union.id and s.id not in have]
        if new:
            role.societies.add(*new)
    role_sync_staff_access(user=user)
    return role
