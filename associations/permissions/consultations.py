"""Consultation tasks, their confidential documents and opinion letters: deny by default."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from .base import access_for

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
