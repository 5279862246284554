"""Which consultation reminders are due today, sent once per step (core.reminders).

Experts with an opinion not yet submitted: 3 days and 1 day before their assignment's due date,
on the day, then 1 and 7 days after. Union staff: when a task's due date is 3 days away, and
once it has passed with the task not delivered. Nothing once the opinion is submitted or the
task delivered (or closed, cancelled, or past the opinions stage).

Each run sends, per assignment or task, the latest step whose day has come (a run missed on a
beat day is caught up the next day, earlier steps are not piled on). A step's key names the due
date it was about ("consultations.assignment:12:before-3:2024-03-20"): when staff move a due
date the steps start again for the new date.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from associations.models import Role, RoleKind
from core.models import SentReminder
from core.reminders import reminder_send_once

from .models import ConsultationTask, ExpertAssignment, TaskStatus

__all__ = ["EXPERT_STEPS", "STAFF_STEPS", "consultation_reminders_send"]

# Step name → days from the due date (negative: before).
EXPERT_STEPS = {"before-3": -3, "before-1": -1, "due": 0, "after-1": 1, "after-7": 7}
STAFF_STEPS = {"before-3": -3, "overdue": 1}
# Opinions are awaited while the task is assigned or in review; deadlines matter until delivery.
AWAITING_OPINIONS = (TaskStatus.ASSIGNED, TaskStatus.IN_REVIEW)
UNDELIVERED = (
    TaskStatus.RECEIVED,
    TaskStatus.ASSIGNED,
    TaskStatus.IN_REVIEW,
    TaskStatus.DRAFTING,
    TaskStatus.APPROVED,
)


@dataclass(frozen=True)
class Due:
    key: str
    recipients: tuple[str, ...]
    subject: str
    body: str


def _latest_step(steps: dict[str, int], due_on: datetime.date, today: datetime.date) -> str | None:
    """The last step whose day has come, or None before the first one."""
    reached = [
        name for name, offset in steps.items() if due_on + datetime.timedelta(offset) <= today
    ]
    return max(reached, key=steps.__getitem__) if reached else None


def _days_phrase(due_on: datetime.date, today: datetime.date) -> str:
    days = (due_on - today).days
    if days > 0:
        return _("due in %(days)s day(s), on %(date)s") % {
            "days": days,
            "date": due_on.strftime("%d/%m/%Y"),
        }
    if days == 0:
        return _("due today, %(date)s") % {"date": due_on.strftime("%d/%m/%Y")}
    return _("%(days)s day(s) overdue (due on %(date)s)") % {
        "days": -days,
        "date": due_on.strftime("%d/%m/%Y"),
    }


def _site_url(path: str) -> str:
    """An absolute address for an e-mail, on the current site's domain (django.contrib.sites)."""
    from django.contrib.sites.models import Site

    domain = Site.objects.get_current().domain
    scheme = "http" if settings.DEBUG else "https"
    return f"{scheme}://{domain}{path}"


def _expert_reminders(today: datetime.date) -> list[Due]:
    horizon = today + datetime.timedelta(days=-min(EXPERT_STEPS.values()))
    earliest = today - datetime.timedelta(days=max(EXPERT_STEPS.values()) + 7)
    assignments = (
        ExpertAssignment.objects.filter(
            task__status__in=AWAITING_OPINIONS, due_on__lte=horizon, due_on__gte=earliest
        )
        .filter(Q(opinion__isnull=True) | Q(opinion__submitted_at__isnull=True))
        .select_related("task", "expert")
        .order_by("id")
    )
    due = []
    for assignment in assignments:
        step = _latest_step(EXPERT_STEPS, assignment.due_on, today)
        if step is None or not assignment.expert.email:
            continue
        task = assignment.task
        when = _days_phrase(assignment.due_on, today)
        due.append(
            Due(
                key=f"consultations.assignment:{assignment.pk}:{step}:{assignment.due_on}",
                recipients=(assignment.expert.email,),
                subject=_("Reminder: your opinion on “%(title)s” is %(when)s")
                % {"title": task.title[:120], "when": when},
                body=_(
                    "Dear %(name)s,\n\nYour expert opinion on “%(title)s” (requested by "
                    "%(body)s) has not been submitted yet; it is %(when)s.\n\nYou can read the "
                    "documents and submit your opinion in the portal:\n%(url)s\n\nThank you."
                )
                % {
                    "name": assignment.expert.get_full_name() or assignment.expert.email,
                    "title": task.title,
                    "body": task.requesting_body,
                    "when": when,
                    "url": _site_url(reverse("consultations:opinion_edit", args=[task.pk])),
                },
            )
        )
    return due


def _staff_reminders(today: datetime.date) -> list[Due]:
    horizon = today - datetime.timedelta(days=min(STAFF_STEPS.values()))
    tasks = list(
        ConsultationTask.objects.filter(
            status__in=UNDELIVERED, due_on__isnull=False, due_on__lte=horizon
        )
        .select_related("union")
        .order_by("id")
    )
    if not tasks:
        return []
    staff: dict[int, set[str]] = {}
    for union_id, email in Role.objects.filter(
        kind=RoleKind.STAFF, union_id__in={task.union_id for task in tasks}, user__is_active=True
    ).values_list("union_id", "user__email"):
        if email:
            staff.setdefault(union_id, set()).add(email)
    due = []
    for task in tasks:
        step = _latest_step(STAFF_STEPS, task.due_on, today)
        recipients = tuple(sorted(staff.get(task.union_id, ())))
        if step is None or not recipients:
            continue
        when = _days_phrase(task.due_on, today)
        due.append(
            Due(
                key=f"consultations.task:{task.pk}:{step}:{task.due_on}",
                recipients=recipients,
                subject=_("Consultation “%(title)s” is %(when)s")
                % {"title": task.title[:120], "when": when},
                body=_(
                    "The consolidated opinion on “%(title)s” for %(body)s is %(when)s and has "
                    "not been delivered yet (status: %(status)s).\n\n%(url)s"
                )
                % {
                    "title": task.title,
                    "body": task.requesting_body,
                    "when": when,
                    "status": task.get_status_display(),
                    "url": _site_url(reverse("consultations:task_detail", args=[task.pk])),
                },
            )
        )
    return due


def consultation_reminders_send(*, today: datetime.date | None = None) -> int:
    """Send every step due today that was not sent before; the number sent now."""
    today = today or timezone.localdate()
    with translation.override(settings.LANGUAGE_CODE):
        due = _expert_reminders(today) + _staff_reminders(today)
        if not due:
            return 0
        sent_before = set(
            SentReminder.objects.filter(key__in=[item.key for item in due]).values_list(
                "key", flat=True
            )
        )
        sent = 0
        for item in due:
            if item.key in sent_before:
                continue
            sent += reminder_send_once(
                key=item.key, recipients=item.recipients, subject=item.subject, body=item.body
            )
    return sent
