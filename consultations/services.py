"""Writes on consultation tasks: the status workflow, experts, opinions, documents, recommendations.

The workflow is ONE table (`TRANSITIONS`): for each target status, the statuses it may be reached
from, who may make the move and what must be true first. `task_transition` is the only way a
task's status changes: it locks the task's row, checks the source status inside the transaction
(two people acting at once: the second sees the first one's result and is refused), records the
move in TaskTransition and raises `TransitionRefused` with a message naming what is wrong,
changing nothing, when the move is not allowed.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from associations import permissions
from associations.accounts import role_assign
from associations.models import RoleKind, Union, User
from associations.uploads import extension_of, validate_attachment
from core.concurrency import Version, check_version, lock_and_check

from .models import (
    AccessWhat,
    Adoption,
    ConsultationPlan,
    ConsultationTask,
    DocumentAccess,
    DocumentKind,
    ExpertAssignment,
    Opinion,
    PlannedTopic,
    Recommendation,
    TaskDocument,
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


# --- tasks ------------------------------------------------------------------------------------

TASK_FIELDS = (
    "title",
    "type",
    "requesting_body",
    "legal_basis",
    "received_on",
    "due_on",
    "confidential",
    "summary",
)


def task_errors(*, received_on, due_on, delivered_on=None) -> dict[str, str]:
    """The one rule about a task's dates, shared by the forms, the admin and the import."""
    errors = {}
    if received_on and due_on and due_on < received_on:
        errors["due_on"] = _("The due date cannot be before the date the draft was received.")
    if received_on and delivered_on and delivered_on < received_on:
        errors["delivered_on"] = _(
            "The delivery date cannot be before the date the draft was received."
        )
    return errors


def _apply(task: ConsultationTask, data: dict[str, Any]) -> None:
    for name in TASK_FIELDS:
        if name in data:
            setattr(task, name, data[name])
    errors = task_errors(received_on=task.received_on, due_on=task.due_on)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def task_create(*, union: Union, data: dict[str, Any], user) -> ConsultationTask:
    task = ConsultationTask(union=union, created_by=user, status=S.RECEIVED)
    _apply(task, data)
    task.full_clean()
    task.save()
    TaskTransition.objects.create(task=task, from_status="", to_status=S.RECEIVED, by=user)
    return task


@transaction.atomic
def task_update(
    *, task: ConsultationTask, data: dict[str, Any], version: Version | None
) -> ConsultationTask:
    task = lock_and_check(ConsultationTask.objects.all(), task.pk, version)
    _apply(task, data)
    task.full_clean()
    task.save()
    return task


# --- experts ----------------------------------------------------------------------------------


def union_experts(*, union_id: int):
    """The accounts holding the expert role in the union, by name."""
    return User.objects.filter(roles__union_id=union_id, roles__kind=RoleKind.EXPERT).order_by(
        "full_name", "email"
    )


@transaction.atomic
def expert_create(*, union: Union, email: str, full_name: str, granted_by: User) -> User:
    """An outside expert's account: the expert role in `union`, no society needed."""
    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User(email=email, full_name=full_name)
        user.set_unusable_password()
        user.full_clean()
        user.save()
    role_assign(user=user, union=union, kind=RoleKind.EXPERT, granted_by=granted_by)
    return user


def _lock_task(task: ConsultationTask, allowed: tuple[str, ...], message: str) -> ConsultationTask:
    locked = ConsultationTask.objects.select_for_update().get(pk=task.pk)
    if locked.status not in allowed:
        raise ValidationError(message % {"status": status_label(locked.status)})
    return locked


def _unset_other_leads(task: ConsultationTask, keep_pk: int | None) -> None:
    others = task.assignments.filter(lead=True).exclude(pk=keep_pk)
    for other in others:  # one at most; saved one by one so the history records it
        other.lead = False
        other.save(update_fields=["lead"])


@transaction.atomic
def assignment_add(
    *,
    task: ConsultationTask,
    expert: User,
    due_on: datetime.date,
    lead: bool = False,
    member=None,
    user=None,
) -> ExpertAssignment:
    """Assign `expert` (an account with the expert role in the task's union) to `task`."""
    task = _lock_task(
        task,
        OPEN_FOR_EXPERTS,
        _("The task is “%(status)s”: experts can no longer be assigned."),
    )
    if not union_experts(union_id=task.union_id).filter(pk=expert.pk).exists():
        raise ValidationError(
            {"expert": _("This account does not hold the expert role in the union.")}
        )
    if member is not None and member.union_id != task.union_id:
        raise ValidationError({"member": _("Choose a member of the union's registry.")})
    if task.assignments.filter(expert=expert).exists():
        raise ValidationError({"expert": _("This expert is already assigned to the task.")})
    if lead:
        _unset_other_leads(task, None)
    assignment = ExpertAssignment(
        task=task, expert=expert, member=member, lead=lead, due_on=due_on, assigned_by=user
    )
    assignment.full_clean(exclude=["task", "expert"])
    assignment.save()
    return assignment


@transaction.atomic
def assignment_update(
    *, assignment: ExpertAssignment, data: dict[str, Any], version: Version | None
) -> ExpertAssignment:
    _lock_task(
        assignment.task,
        OPEN_FOR_EXPERTS,
        _("The task is “%(status)s”: its experts can no longer be changed."),
    )
    assignment = lock_and_check(ExpertAssignment.objects.all(), assignment.pk, version)
    if data.get("lead"):
        _unset_other_leads(assignment.task, assignment.pk)
    for name in ("lead", "due_on", "member"):
        if name in data:
            setattr(assignment, name, data[name])
    assignment.save()
    return assignment


@transaction.atomic
def assignment_remove(*, assignment: ExpertAssignment) -> None:
    _lock_task(
        assignment.task,
        OPEN_FOR_EXPERTS,
        _("The task is “%(status)s”: its experts can no longer be changed."),
    )
    if hasattr(assignment, "opinion") and assignment.opinion.submitted_at:
        raise ValidationError(_("This expert has submitted an opinion and cannot be removed."))
    assignment.delete()


# --- opinions ---------------------------------------------------------------------------------


def _store(upload: UploadedFile) -> tuple[str, str]:
    """Check an upload and give it a random name; returns (original name, sha-256)."""
    validate_attachment(upload)
    original_name = os.path.basename(upload.name or "")[-255:]
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    upload.name = f"{uuid.uuid4().hex}{extension_of(original_name)}"
    return original_name, digest.hexdigest()


@transaction.atomic
def opinion_save(
    *,
    assignment: ExpertAssignment,
    text: str,
    upload: UploadedFile | None = None,
    submit: bool = False,
    version: Version | None = None,
    user=None,
) -> Opinion:
    """Save the expert's draft opinion, or submit it (then it is final)."""
    task = _lock_task(
        assignment.task,
        OPEN_FOR_OPINIONS,
        _("The task is “%(status)s”: opinions can no longer be written."),
    )
    opinion, _created = Opinion.objects.select_for_update().get_or_create(assignment=assignment)
    if opinion.submitted_at is not None:
        raise ValidationError(
            _("Your opinion has already been submitted; it can no longer change.")
        )
    if not _created and version is not None:
        check_version(Opinion, opinion.pk, version)
    opinion.text = text or ""
    if upload is not None:
        try:
            original_name, _digest = _store(upload)
        except ValidationError as error:
            raise ValidationError({"upload": error.messages}) from error
        opinion.original_name = original_name
        opinion.size = upload.size
        opinion.file.save(upload.name, upload, save=False)
    if submit:
        if not opinion.text.strip() and not opinion.file:
            raise ValidationError(_("Write your opinion or attach a file before submitting it."))
        opinion.submitted_at = timezone.now()
    opinion.save()
    if user is not None:
        task_expert_started(task=task, user=user)
    return opinion


# --- documents --------------------------------------------------------------------------------


@transaction.atomic
def document_upload(
    *,
    task: ConsultationTask,
    title: str,
    upload: UploadedFile,
    kind: str = DocumentKind.INPUT,
    user=None,
) -> TaskDocument:
    """Store a document of the task; a title it already has makes the next version of it."""
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the document a title.")})
    task = _lock_task(
        task,
        NOT_FINAL,
        _("The task is “%(status)s”: documents can no longer be added."),
    )
    try:
        original_name, checksum = _store(upload)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    last = task.documents.filter(kind=kind, title=title).aggregate(last=Max("version"))["last"]
    document = TaskDocument(
        task=task,
        kind=kind,
        title=title,
        version=(last or 0) + 1,
        original_name=original_name,
        size=upload.size,
        checksum=checksum,
        uploaded_by=user,
    )
    document.file.save(upload.name, upload, save=False)
    document.save()
    return document


def document_access_log(
    *, task_id: int, document: TaskDocument | None, user, what: str, path: str, ip: str | None
) -> DocumentAccess:
    """Record one download, or one refused attempt, of a confidential document."""
    return DocumentAccess.objects.create(
        task_id=task_id,
        document=document,
        user=user if user is not None and user.is_authenticated else None,
        what=what,
        path=path[:500],
        ip=ip or None,
    )


def document_refused_log(*, document: TaskDocument, user, path: str, ip: str | None) -> None:
    document_access_log(
        task_id=document.task_id,
        document=document,
        user=user,
        what=AccessWhat.REFUSED,
        path=path,
        ip=ip,
    )


# --- recommendations --------------------------------------------------------------------------

RECOMMENDATION_FIELDS = ("text", "adoption", "answer", "answered_on")


def recommendation_errors(*, adoption: str, answered_on) -> dict[str, str]:
    if answered_on and answered_on > timezone.localdate():
        return {"answered_on": _("The answer's date cannot be in the future.")}
    if adoption == Adoption.PENDING and answered_on:
        return {"adoption": _("Choose whether the recommendation was adopted.")}
    return {}


def _apply_recommendation(recommendation: Recommendation, data: dict[str, Any]) -> None:
    for name in RECOMMENDATION_FIELDS:
        if name in data:
            setattr(recommendation, name, data[name])
    errors = recommendation_errors(
        adoption=recommendation.adoption, answered_on=recommendation.answered_on
    )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def recommendation_add(*, task: ConsultationTask, data: dict[str, Any]) -> Recommendation:
    task = _lock_task(
        task,
        OPEN_FOR_RECOMMENDATIONS,
        _("The task is “%(status)s”: its recommendations can no longer change."),
    )
    last = task.recommendations.aggregate(last=Max("number"))["last"] or 0
    recommendation = Recommendation(task=task, number=last + 1)
    _apply_recommendation(recommendation, data)
    recommendation.full_clean(exclude=["task"])
    recommendation.save()
    return recommendation


@transaction.atomic
def recommendation_update(
    *, recommendation: Recommendation, data: dict[str, Any], version: Version | None
) -> Recommendation:
    _lock_task(
        recommendation.task,
        OPEN_FOR_RECOMMENDATIONS,
        _("The task is “%(status)s”: its recommendations can no longer change."),
    )
    recommendation = lock_and_check(Recommendation.objects.all(), recommendation.pk, version)
    _apply_recommendation(recommendation, data)
    recommendation.full_clean(exclude=["task"])
    recommendation.save()
    return recommendation


@transaction.atomic
def recommendation_move(
    *, recommendation: Recommendation, up: bool, seen_number: int | None
) -> None:
    """Swap the recommendation with the one above (`up`) or below it.

    `seen_number` is the number the page showed: when someone renumbered the list meanwhile,
    the move is refused rather than applied to a different place.
    """
    task = _lock_task(
        recommendation.task,
        OPEN_FOR_RECOMMENDATIONS,
        _("The task is “%(status)s”: its recommendations can no longer change."),
    )
    recommendation = Recommendation.objects.get(pk=recommendation.pk)
    if seen_number != recommendation.number:
        raise ValidationError(
            _("The recommendations were reordered by someone else meanwhile; look again and retry.")
        )
    neighbours = task.recommendations.exclude(pk=recommendation.pk)
    if up:
        other = neighbours.filter(number__lt=recommendation.number).order_by("-number").first()
    else:
        other = neighbours.filter(number__gt=recommendation.number).order_by("number").first()
    if other is None:
        return
    first, second = recommendation.number, other.number
    Recommendation.objects.filter(pk=recommendation.pk).update(number=0)
    Recommendation.objects.filter(pk=other.pk).update(number=first)
    Recommendation.objects.filter(pk=recommendation.pk).update(number=second)


@transaction.atomic
def recommendation_delete(*, recommendation: Recommendation) -> None:
    """Remove one recommendation; the ones after it move up a number."""
    task = _lock_task(
        recommendation.task,
        OPEN_FOR_RECOMMENDATIONS,
        _("The task is “%(status)s”: its recommendations can no longer change."),
    )
    number = recommendation.number
    recommendation.delete()
    for later in task.recommendations.filter(number__gt=number).order_by("number"):
        later.number -= 1
        later.save(update_fields=["number"])


# --- yearly plans -----------------------------------------------------------------------------

PLAN_FIELDS = ("year", "planned_topics", "notes")


def plan_errors(*, year) -> dict[str, str]:
    if year is not None and not 2000 <= year <= 2100:
        return {"year": _("Enter a year between 2000 and 2100.")}
    return {}


@transaction.atomic
def plan_save(
    *, union: Union, data: dict[str, Any], plan: ConsultationPlan | None = None, version=None
) -> ConsultationPlan:
    if plan is None:
        plan = ConsultationPlan(union=union)
    else:
        plan = lock_and_check(ConsultationPlan.objects.all(), plan.pk, version)
    for name in PLAN_FIELDS:
        if name in data:
            setattr(plan, name, data[name])
    errors = plan_errors(year=plan.year)
    if errors:
        raise ValidationError(errors)
    if ConsultationPlan.objects.filter(union=union, year=plan.year).exclude(pk=plan.pk).exists():
        raise ValidationError(
            {"year": _("The union already has a plan for %(year)s.") % {"year": plan.year}}
        )
    plan.full_clean(exclude=["union"])
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError as error:
        raise ValidationError({"year": _("The union already has a plan for that year.")}) from error
    return plan


@transaction.atomic
def topic_save(
    *, plan: ConsultationPlan, data: dict[str, Any], topic: PlannedTopic | None = None, version=None
) -> PlannedTopic:
    if topic is None:
        topic = PlannedTopic(plan=plan)
    else:
        topic = lock_and_check(PlannedTopic.objects.all(), topic.pk, version)
    for name in ("title", "requesting_body", "task"):
        if name in data:
            setattr(topic, name, data[name])
    if topic.task is not None and topic.task.union_id != plan.union_id:
        raise ValidationError({"task": _("Choose a task of the union.")})
    topic.full_clean(exclude=["plan"])
    topic.save()
    return topic


@transaction.atomic
def topic_delete(*, topic: PlannedTopic) -> None:
    topic.delete()


def require(predicate: bool) -> None:
    if not predicate:
        raise PermissionDenied
