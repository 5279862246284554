"""The consultation task's status workflow: ONE table (`TRANSITIONS`).

For each target status, the statuses it may be reached from, who may make the move and what must
be true first. `task_transition` is the only way a task's status changes: it locks the task's
row, checks the source status inside the transaction (two people acting at once: the second sees
the first one's result and is refused), records the move in TaskTransition and raises
`TransitionRefused` with a message naming what is wrong, changing nothing, when the move is not
allowed.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from associations import permissions

from .models import (
    Adoption,
    ConsultationTask,
    TaskStatus,
    TaskTransition,
)

S = TaskStatus

# Statuses in which the experts' work may still change (assignments, opinions).
OPEN_FOR_EXPERTS = (S.RECEIVED, S.ASSIGNED, S.IN_REVIEW)
OPEN_FOR_OPINIONS = (S.ASSIGNED, S.IN_REVIEW)
NOT_FINAL = (S.RECEIVED, S.ASSIGNED, S.IN_REVIEW, S.DRAFTING, S.APPROVED, S.DELIVERED)
# Recommendations are written while drafting and answered later, until the task is closed.
OPEN_FOR_RECOMMENDATIONS = (
    S.RECEIVED,
    S.ASSIGNED,
    S.IN_REVIEW,
    S.DRAFTING,
    S.APPROVED,
    S.DELIVERED,
)


class TransitionRefused(ValidationError):
    """A status change that is not allowed; nothing was changed."""

    def __init__(self, message: str):
        super().__init__(message, code="transition_refused")


# --- who --------------------------------------------------------------------------------------


def _staff(user, task) -> bool:
    return permissions.can_edit_consultation(user, task)


def _leadership(user, task) -> bool:
    return permissions.can_approve_consultation(user, task)


def _staff_or_assigned_expert(user, task) -> bool:
    return _staff(user, task) or permissions.is_assigned_expert(user, task)


# --- what must be true first (each returns the refusal's message, or None) -------------------


def _needs_lead_expert(task, note) -> str | None:
    experts = list(task.assignments.values_list("lead", flat=True))
    if not experts:
        return _("Assign at least one expert before marking the task as assigned.")
    if not any(experts):
        return _("Choose a lead expert before marking the task as assigned.")
    return None


def _needs_opinions(task, note) -> str | None:
    missing = task.assignments.exclude(opinion__submitted_at__isnull=False).count()
    if missing and not note.strip():
        return _(
            "%(count)s expert opinion(s) have not been submitted yet. To draft the consolidated "
            "opinion without them, write a note saying why."
        ) % {"count": missing}
    return None


def _needs_letter(task, note) -> str | None:
    if not task.letters.exists():
        return _("Generate the official opinion letter before recording the task as delivered.")
    return None


def _needs_adoptions(task, note) -> str | None:
    pending = task.recommendations.filter(adoption=Adoption.PENDING).count()
    if pending:
        return _(
            "Record whether each recommendation was adopted before closing the task "
            "(%(count)s still without an answer)."
        ) % {"count": pending}
    return None


def _needs_note(task, note) -> str | None:
    if not note.strip():
        return _("Write a note saying why the task is cancelled.")
    return None


@dataclass(frozen=True)
class Move:
    sources: tuple[str, ...]
    who: Callable[[Any, ConsultationTask], bool]
    who_label: Callable[[], str]
    check: Callable[[ConsultationTask, str], str | None] | None = None


# The workflow (design §3, the area's contract): target status → how it may be reached.
TRANSITIONS: dict[str, Move] = {
    S.ASSIGNED: Move((S.RECEIVED,), _staff, lambda: _("union staff"), _needs_lead_expert),
    S.IN_REVIEW: Move(
        (S.ASSIGNED,),
        _staff_or_assigned_expert,
        lambda: _("union staff or the task's experts"),
    ),
    S.DRAFTING: Move((S.IN_REVIEW,), _staff, lambda: _("union staff"), _needs_opinions),
    S.APPROVED: Move((S.DRAFTING,), _leadership, lambda: _("the union's leadership")),
    S.DELIVERED: Move((S.APPROVED,), _staff, lambda: _("union staff"), _needs_letter),
    S.CLOSED: Move((S.DELIVERED,), _staff, lambda: _("union staff"), _needs_adoptions),
    S.CANCELLED: Move(NOT_FINAL, _staff, lambda: _("union staff"), _needs_note),
}


def status_label(status: str) -> str:
    return str(TaskStatus(status).label)


def transition_refusal(
    *, task: ConsultationTask, to_status: str, user, note: str = ""
) -> str | None:
    """Why `user` may not move `task` (as it is now) to `to_status`, or None when they may."""
    move = TRANSITIONS.get(to_status)
    if move is None:
        return _("A task cannot be moved to the status “%(to)s”.") % {
            "to": status_label(to_status) if to_status in TaskStatus.values else to_status
        }
    if not move.who(user, task):
        return _("Only %(who)s may move a task to “%(to)s”.") % {
            "who": move.who_label(),
            "to": status_label(to_status),
        }
    if task.status not in move.sources:
        return _("The task is “%(current)s”: it cannot be moved to “%(to)s” from there.") % {
            "current": status_label(task.status),
            "to": status_label(to_status),
        }
    if move.check is not None:
        return move.check(task, note or "")
    return None


def allowed_transitions(*, task: ConsultationTask, user) -> list[str]:
    """The statuses `user` may move `task` to now (preconditions aside): the buttons shown."""
    return [
        to
        for to, move in TRANSITIONS.items()
        if task.status in move.sources and move.who(user, task)
    ]


@transaction.atomic
def task_transition(
    *, task: ConsultationTask, to_status: str, user, note: str = ""
) -> ConsultationTask:
    """Move `task` to `to_status` as `user`; refused moves raise TransitionRefused."""
    locked = ConsultationTask.objects.select_for_update().get(pk=task.pk)
    refusal = transition_refusal(task=locked, to_status=to_status, user=user, note=note)
    if refusal:
        raise TransitionRefused(refusal)
    from_status = locked.status
    locked.status = to_status
    fields = ["status"]
    if to_status == S.DELIVERED:
        today = timezone.localdate()
        locked.delivered_on = today
        fields.append("delivered_on")
        letter = locked.letters.order_by("-number").first()
        if letter is not None and letter.delivered_on is None:
            letter.delivered_on = today
            letter.save(update_fields=["delivered_on"])
    locked.save(update_fields=fields)
    TaskTransition.objects.create(
        task=locked, from_status=from_status, to_status=to_status, by=user, note=note or ""
    )
    task.status = locked.status
    task.delivered_on = locked.delivered_on
    return locked


def task_expert_started(*, task: ConsultationTask, user) -> None:
    """An assigned expert opened a document or wrote their opinion: the review has begun."""
    if task.status == S.ASSIGNED and permissions.is_assigned_expert(user, task):
        with contextlib.suppress(TransitionRefused):  # someone else moved it meanwhile
            task_transition(task=task, to_status=S.IN_REVIEW, user=user)
