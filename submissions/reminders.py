"""Reminders to the societies' officers, each step sent once (core.reminders).

Steps of a submission: "opened" when its round opens, "before-7" a week before the deadline,
"due" on the deadline, then "after-7", "after-14", … every seven days while it stays late.
Each run sends the "opened" step if it was not sent and the latest deadline step whose day has
come (a missed beat is caught up the next day; earlier steps are not piled on). Nothing once the
submission is handed in (submitted or accepted). A step's key names the deadline it was about,
so moving the deadline starts the steps again. Staff may also send one by hand ("manual", with a
timestamp in its key). The keys start with the round and the submission, so a round's status
board lists its reminders in one query.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from associations import permissions
from associations.models import Role, RoleKind
from core.models import SentReminder
from core.reminders import reminder_send_once

from .models import HANDED_IN, Round, Submission
from .selectors import reminder_prefix

__all__ = [
    "deadline_step",
    "round_reminders_send",
    "submission_remind",
    "submission_reminders_send",
]

BEFORE_DAYS = 7
AFTER_EVERY = 7
# Late reminders stop after this many (a week, two, three and four weeks late): a society that
# has not answered in a month hears from the staff, who can still remind it by hand.
AFTER_MAX = 4


@dataclass(frozen=True)
class Due:
    key: str
    recipients: tuple[str, ...]
    subject: str
    body: str


def deadline_step(deadline: datetime.date, today: datetime.date) -> str | None:
    """The latest deadline step reached on `today` (the last late one once AFTER_MAX are
    reached, so it is not sent again), or None before the first one."""
    days = (today - deadline).days
    if days < -BEFORE_DAYS:
        return None
    if days < 0:
        return f"before-{BEFORE_DAYS}"
    if days < AFTER_EVERY:
        return "due"
    return f"after-{AFTER_EVERY * min(days // AFTER_EVERY, AFTER_MAX)}"


def _site_url(path: str) -> str:
    from django.contrib.sites.models import Site

    domain = Site.objects.get_current().domain
    scheme = "http" if settings.DEBUG else "https"
    return f"{scheme}://{domain}{path}"


def officer_emails(society_ids) -> dict[int, set[str]]:
    """Active officers' addresses by society, in one query."""
    found: dict[int, set[str]] = {}
    rows = Role.objects.filter(
        kind=RoleKind.OFFICER, societies__id__in=list(society_ids), user__is_active=True
    ).values_list("societies__id", "societies__union_id", "union_id", "user__email")
    for society_id, society_union_id, union_id, email in rows:
        if email and society_union_id == union_id:
            found.setdefault(society_id, set()).add(email)
    return found


def _when(deadline: datetime.date, today: datetime.date) -> str:
    days = (deadline - today).days
    date = deadline.strftime("%d/%m/%Y")
    if days > 0:
        return _("due in %(days)s day(s), on %(date)s") % {"days": days, "date": date}
    if days == 0:
        return _("due today, %(date)s") % {"date": date}
    return _("%(days)s day(s) late (due on %(date)s)") % {"days": -days, "date": date}


def _message(submission: Submission, round_: Round, today: datetime.date, step: str) -> tuple:
    url = _site_url(reverse("submissions:submission_detail", args=[submission.pk]))
    values = {
        "round": round_.title,
        "society": submission.society.name,
        "when": _when(round_.deadline, today),
        "url": url,
    }
    if step == "opened":
        subject = _("Reporting round “%(round)s” is open: %(when)s") % values
        body = _(
            "The union has opened the reporting round “%(round)s”. %(society)s is asked to "
            "report through the portal; the report is %(when)s.\n\n%(url)s\n\nThank you."
        )
    else:
        subject = _("Reminder: the report of %(society)s for “%(round)s” is %(when)s") % values
        body = _(
            "The report of %(society)s for the round “%(round)s” has not been submitted yet; "
            "it is %(when)s.\n\nYou can record the figures and write the report in the portal:"
            "\n%(url)s\n\nThank you."
        )
    return subject[:255], body % values


def _due_for(submissions, today: datetime.date, *, manual_key: str | None = None) -> list[Due]:
    emails = officer_emails({s.society_id for s in submissions})
    due = []
    for submission in submissions:
        round_ = submission.round
        recipients = tuple(sorted(emails.get(submission.society_id, ())))
        if not recipients or submission.status in HANDED_IN:
            continue
        prefix = reminder_prefix(submission)
        if manual_key:
            steps = [("manual", f"{prefix}manual:{manual_key}")]
        else:
            steps = [("opened", f"{prefix}opened")]
            step = deadline_step(round_.deadline, today)
            if step:
                steps.append((step, f"{prefix}{step}:{round_.deadline}"))
        for step, key in steps:
            subject, body = _message(submission, round_, today, step)
            due.append(Due(key=key, recipients=recipients, subject=subject, body=body))
    return due


def _send(due: list[Due], *, sent_by_id: int | None = None) -> int:
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
            key=item.key,
            recipients=item.recipients,
            subject=item.subject,
            body=item.body,
            sent_by_id=sent_by_id,
        )
    return sent


def _pending(qs):
    return qs.exclude(status__in=HANDED_IN).select_related("round", "society").order_by("id")


def submission_reminders_send(*, today: datetime.date | None = None) -> int:
    """Every step due today across the open rounds, sent once; the number sent now."""
    today = today or timezone.localdate()
    with translation.override(settings.LANGUAGE_CODE):
        submissions = list(_pending(Submission.objects.filter(round__opened_on__lte=today)))
        return _send(_due_for(submissions, today))


def round_reminders_send(*, round_id: int, today: datetime.date | None = None) -> int:
    """The steps due for one round (its opening, right after it is opened)."""
    today = today or timezone.localdate()
    with translation.override(settings.LANGUAGE_CODE):
        submissions = list(_pending(Submission.objects.filter(round_id=round_id)))
        return _send(_due_for(submissions, today))


def submission_remind(
    *, submission: Submission, user, now: datetime.datetime | None = None
) -> bool:
    """A reminder sent by hand by the union's staff (recorded with who and when)."""
    submission = Submission.objects.select_related("round", "society").get(pk=submission.pk)
    if not permissions.can_manage_round(user, submission.round):
        raise PermissionDenied
    now = now or timezone.now()
    today = timezone.localdate(now)
    with translation.override(settings.LANGUAGE_CODE):
        due = _due_for([submission], today, manual_key=now.strftime("%Y%m%dT%H%M%S.%f"))
        return bool(_send(due, sent_by_id=user.pk))
