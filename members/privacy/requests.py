"""The data subject's requests: their deadlines in working days, recording, answering and the
reminders to staff.

Deadlines (settings.PERSONAL_DATA_REQUEST_DEADLINES, in working days from the day after the
request is received). Decree 356/2025/NĐ-CP (replacing Decree 13/2023/NĐ-CP's 72 hours) asks
the controller to acknowledge a request within 2 working days and to carry out a withdrawal of
consent, a restriction or an objection within 15 days (20 when a processor or third party must
stop too; one extension of at most 15 days). The figures for seeing, correcting and erasing
could not be confirmed from the published texts at hand (commentaries give "10 to 20 days"):
the defaults below (10 for seeing and correcting, 20 for erasing) are settings for the union's
lawyer to confirm. Counting working days is the stricter reading of "days".
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.concurrency import Version, lock_and_check
from core.reminders import reminder_send_once

from .models import DataSubjectRequest, RequestKind, RequestStatus

DEFAULT_DEADLINES = {
    RequestKind.ACCESS: 10,
    RequestKind.RECTIFY: 10,
    RequestKind.RESTRICT: 15,
    RequestKind.WITHDRAW: 15,
    RequestKind.ERASE: 20,
}
ACKNOWLEDGE_WITHIN = 2  # working days (Decree 356/2025/NĐ-CP)
REMIND_BEFORE = 3  # working days before the due date, and on it

# Vietnam's public holidays, days off work (Labour Code 45/2019/QH14 art. 112: Tết Dương lịch
# 1/1, five days of Tết Nguyên đán, Giỗ Tổ Hùng Vương 10/3 lunar, 30/4, 1/5, 2/9 and a day next
# to it; a holiday on a weekend gives the next working day off, art. 111). 2025 and 2026 follow
# the Government's announcements (Công văn of the Ministry of Home Affairs on the Tết, 30/4-1/5
# and 2/9 breaks, days swapped included); 2027-2030 follow the Labour Code with the lunar dates
# of the Vietnamese calendar (Tết: 06/02/2027, 26/01/2028, 13/02/2029, 03/02/2030) and are to
# be checked against each year's announcement.
PUBLIC_HOLIDAYS: frozenset[datetime.date] = frozenset(
    datetime.date.fromisoformat(day)
    for day in (
        # 2025
        "2025-01-01",
        *("2025-01-27", "2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31"),
        "2025-04-07",
        *("2025-04-30", "2025-05-01", "2025-05-02"),
        *("2025-09-01", "2025-09-02"),
        # 2026
        "2026-01-01",
        "2026-01-02",
        *("2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20"),
        "2026-04-27",  # Giỗ Tổ falls on Sunday 26/4
        *("2026-04-30", "2026-05-01"),
        *("2026-09-01", "2026-09-02"),
        # 2027
        "2027-01-01",
        *("2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11"),
        "2027-04-16",
        *("2027-04-30", "2027-05-03"),  # 1/5 falls on Saturday
        *("2027-09-02", "2027-09-03"),
        # 2028
        "2028-01-03",  # 1/1 falls on Saturday
        *("2028-01-25", "2028-01-26", "2028-01-27", "2028-01-28", "2028-01-31"),
        "2028-04-04",
        *("2028-05-01", "2028-05-02"),  # 30/4 falls on Sunday
        *("2028-09-01", "2028-09-04"),  # 2/9 falls on Saturday
        # 2029
        "2029-01-01",
        *("2029-02-12", "2029-02-13", "2029-02-14", "2029-02-15", "2029-02-16"),
        "2029-04-23",
        *("2029-04-30", "2029-05-01"),
        *("2029-09-03", "2029-09-04"),  # 2/9 falls on Sunday
        # 2030
        "2030-01-01",
        *("2030-02-04", "2030-02-05", "2030-02-06", "2030-02-07", "2030-02-08"),
        "2030-04-12",
        *("2030-04-30", "2030-05-01"),
        *("2030-09-02", "2030-09-03"),
    )
)


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in PUBLIC_HOLIDAYS


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The `days`-th working day after `start` (the day received does not count)."""
    day = start
    while days > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            days -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end`; negative when `end` is earlier."""
    if end < start:
        return -working_days_between(end, start)
    count, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def deadline_days(kind: str) -> int:
    configured = getattr(settings, "PERSONAL_DATA_REQUEST_DEADLINES", {}) or {}
    return int(configured.get(kind, DEFAULT_DEADLINES[RequestKind(kind)]))


def due_on(*, kind: str, received_on: datetime.date) -> datetime.date:
    return add_working_days(received_on, deadline_days(kind))


def days_left(request: DataSubjectRequest, today: datetime.date | None = None) -> int:
    """Working days until the due date (0 on it, negative once passed)."""
    return working_days_between(today or timezone.localdate(), request.due_on)


# --- services -----------------------------------------------------------------------------------


@transaction.atomic
def request_record(
    *,
    member,
    kind: str,
    received_on: datetime.date,
    channel: str = "",
    details: str = "",
    user=None,
) -> DataSubjectRequest:
    return DataSubjectRequest.objects.create(
        union_id=member.union_id,
        member=member,
        kind=kind,
        received_on=received_on,
        channel=channel,
        details=details,
        due_on=due_on(kind=kind, received_on=received_on),
        handled_by=user,
    )


class RequestClosed(Exception):
    """The request was answered or refused already."""


def request_answer(
    *,
    request: DataSubjectRequest,
    answer: str,
    refuse: bool = False,
    user,
    version: Version | None,
    today: datetime.date | None = None,
    erase=None,
) -> DataSubjectRequest:
    """Answer (or refuse) an open request; an answered "withdraw" withdraws the consent, an
    answered "restrict" restricts processing, an answered "erase" calls `erase` (the
    anonymisation service) in the same transaction. Checked against the version the form
    showed."""
    from members.models import Member

    today = today or timezone.localdate()
    with transaction.atomic():
        locked = lock_and_check(DataSubjectRequest.objects, request.pk, version)
        if locked.status != RequestStatus.OPEN:
            raise RequestClosed
        locked.status = RequestStatus.REFUSED if refuse else RequestStatus.ANSWERED
        locked.answer = answer
        locked.answered_on = today
        locked.handled_by = user
        locked.save()
        if not refuse and locked.member_id:
            member = Member.objects.select_for_update().get(pk=locked.member_id)
            if locked.kind == RequestKind.WITHDRAW and member.consent_withdrawn_on is None:
                member.consent_withdrawn_on = today
                member.save()
            elif locked.kind == RequestKind.RESTRICT and not member.processing_restricted:
                member.processing_restricted = True
                member.save()
            elif locked.kind == RequestKind.ERASE and erase is not None:
                erase(member=member, user=user)
    return locked


# --- reminders ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DueReminder:
    request: DataSubjectRequest
    step: str  # "before" (REMIND_BEFORE working days before) or "due" (on the due date)


def reminders_due(today: datetime.date) -> list[DueReminder]:
    """Open requests whose reminder step falls today or has passed without being sent."""
    found = []
    requests = DataSubjectRequest.objects.filter(status=RequestStatus.OPEN).select_related("union")
    for request in requests.filter(due_on__lte=today + datetime.timedelta(days=31)):
        left = working_days_between(today, request.due_on)
        if left <= 0:
            found.append(DueReminder(request, "due"))
        elif left <= REMIND_BEFORE:
            found.append(DueReminder(request, "before"))
    return found


def request_reminders_send(*, today: datetime.date | None = None) -> int:
    """E-mail the union's staff for each due step; each step is sent once. Returns how many."""
    from associations.models import Role, RoleKind

    today = today or timezone.localdate()
    sent = 0
    staff_by_union: dict[int, list[str]] = {}
    for reminder in reminders_due(today):
        request = reminder.request
        if request.union_id not in staff_by_union:
            staff_by_union[request.union_id] = list(
                Role.objects.filter(
                    union_id=request.union_id, kind=RoleKind.STAFF, user__is_active=True
                ).values_list("user__email", flat=True)
            )
        subject = (
            _("A personal data request is due today")
            if reminder.step == "due"
            else _("A personal data request is due in %(days)s working days")
            % {"days": REMIND_BEFORE}
        )
        body = _(
            "Request: %(kind)s, received on %(received)s, due on %(due)s.\n"
            "Open the portal's list of personal data requests to answer it."
        ) % {
            "kind": request.get_kind_display(),
            "received": request.received_on.strftime("%d/%m/%Y"),
            "due": request.due_on.strftime("%d/%m/%Y"),
        }
        if reminder_send_once(
            key=f"members.data_request:{request.pk}:{reminder.step}",
            recipients=staff_by_union[request.union_id],
            subject=subject,
            body=body,
        ):
            sent += 1
    return sent
