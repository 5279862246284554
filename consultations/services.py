"""Writes on consultation tasks: the tasks, experts, opinions, documents, recommendations and
yearly plans. Status moves are `consultations.transitions` (re-exported here for callers).
"""

from __future__ import annotations

import datetime
import hashlib
import os
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

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
from .transitions import (  # noqa: F401  (the workflow, re-exported for callers)
    NOT_FINAL,
    OPEN_FOR_EXPERTS,
    OPEN_FOR_OPINIONS,
    OPEN_FOR_RECOMMENDATIONS,
    TRANSITIONS,
    Move,
    TransitionRefused,
    allowed_transitions,
    status_label,
    task_expert_started,
    task_transition,
    transition_refusal,
)

S = TaskStatus

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
