"""Demo reporting rounds (registered with core.demo, after the registry and the contests).

A past round, "Báo cáo năm 2025": every society's report accepted, all on time but one (Hội
KH&KT phường Đức Thuận, handed in ten days late after two reminders). An open round for the
current year, its deadline on 15 January of the next: a few reports written, one submitted,
the others not started. The same every time (no randomness; the open round follows the year).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from associations.models import Role, RoleKind, Society
from core import demo
from core.models import SentReminder
from core.text import vn_number

from .models import Round, Submission, SubmissionStatus, SubmissionTransition, period_of
from .selectors import reminder_prefix, with_counts

PAST_YEAR = 2025
LATE_SOCIETY = "Hội KH&KT phường Đức Thuận"
S = SubmissionStatus


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour))


def _round(union, *, year: int, opened_on: datetime.date, staff) -> Round:
    start, end = period_of(kind="year", year=year, half=None)
    return Round.objects.create(
        union=union,
        title=f"Báo cáo năm {year}",
        period_kind="year",
        year=year,
        period_start=start,
        period_end=end,
        deadline=datetime.date(year + 1, 1, 15),
        opened_on=opened_on,
        opened_by=staff,
    )


def _results(submission) -> str:
    return (
        f"Năm {submission.round.year}, hội kết nạp {submission.members_joined} hội viên mới, "
        f"tổ chức {submission.activities} hoạt động; có {submission.initiatives} sáng kiến, "
        f"đề tài ứng dụng và {submission.entries} đề tài, sản phẩm dự thi."
    )


DIFFICULTIES = "Kinh phí hoạt động còn hạn hẹp; hội viên phần lớn kiêm nhiệm."
PROPOSALS = "Đề nghị Liên hiệp hội tổ chức tập huấn nghiệp vụ cho cán bộ hội cơ sở."


def _move(submission, from_status, to_status, at, by, comment=""):
    move = SubmissionTransition.objects.create(
        submission=submission, from_status=from_status, to_status=to_status, by=by, comment=comment
    )
    SubmissionTransition.objects.filter(pk=move.pk).update(at=at)


def _remind(submission, key_tail: str, at: datetime.datetime, recipients: list[str], subject):
    reminder = SentReminder.objects.create(
        key=f"{reminder_prefix(submission)}{key_tail}",
        recipients="\n".join(recipients),
        subject=subject,
    )
    SentReminder.objects.filter(pk=reminder.pk).update(sent_at=at)


def _past_round(union, societies, staff, officers: dict[int, list[str]]) -> Round:
    round_ = _round(union, year=PAST_YEAR, opened_on=datetime.date(PAST_YEAR, 12, 1), staff=staff)
    Submission.objects.bulk_create([Submission(round=round_, society=s) for s in societies])
    rows = with_counts(round_.submissions.select_related("round", "society").order_by("id"))
    for index, submission in enumerate(rows):
        late = submission.society.name == LATE_SOCIETY
        handed = round_.deadline + datetime.timedelta(days=10 if late else -(index % 10) - 1)
        submitted_at = _at(handed)
        accepted_at = _at(max(handed, round_.deadline) + datetime.timedelta(days=3), 14)
        Submission.objects.filter(pk=submission.pk).update(
            status=S.ACCEPTED,
            results=_results(submission),
            difficulties=DIFFICULTIES if index % 3 == 0 else "",
            proposals=PROPOSALS if index % 4 == 0 else "",
            first_submitted_at=submitted_at,
            submitted_at=submitted_at,
            accepted_at=accepted_at,
            accepted_by=staff,
        )
        _move(submission, S.NOT_STARTED, S.IN_PROGRESS, submitted_at, None)
        _move(submission, S.IN_PROGRESS, S.SUBMITTED, submitted_at, None)
        _move(submission, S.SUBMITTED, S.ACCEPTED, accepted_at, staff)
        to = officers.get(submission.society_id) or ["hoi.co.so@demo.lienhiephoi.vn"]
        _remind(submission, "opened", _at(round_.opened_on, 8), to,
                f"Đã mở đợt báo cáo “{round_.title}”")  # fmt: skip
        if late:
            name = submission.society.name
            due = round_.deadline
            _remind(submission, f"due:{due}", _at(due, 7), to,
                    f"Nhắc việc: báo cáo của {name} hôm nay đến hạn")  # fmt: skip
            _remind(submission, f"after-7:{due}", _at(due + datetime.timedelta(days=7), 7), to,
                    f"Nhắc việc: báo cáo của {name} đã quá hạn 07 ngày")  # fmt: skip
    return round_


def _open_round(union, societies, staff, today: datetime.date) -> Round:
    year = max(PAST_YEAR + 1, today.year)
    opened_on = min(today, datetime.date(year, 12, 1))
    round_ = _round(union, year=year, opened_on=opened_on, staff=staff)
    Submission.objects.bulk_create([Submission(round=round_, society=s) for s in societies])
    rows = list(with_counts(round_.submissions.select_related("round", "society").order_by("id")))
    for index, submission in enumerate(rows[:5]):
        status = S.SUBMITTED if index == 0 else S.IN_PROGRESS
        at = _at(opened_on, 10 + index)
        Submission.objects.filter(pk=submission.pk).update(
            status=status,
            results=_results(submission),
            first_submitted_at=at if status == S.SUBMITTED else None,
            submitted_at=at if status == S.SUBMITTED else None,
        )
        _move(submission, S.NOT_STARTED, S.IN_PROGRESS, at, None)
        if status == S.SUBMITTED:
            _move(submission, S.IN_PROGRESS, S.SUBMITTED, at, None)
    return round_


def load(summary: dict) -> None:
    union = summary["union"]
    if Round.objects.filter(union=union).exists():
        return
    societies = list(Society.objects.filter(union=union).order_by("sort_name", "id"))
    if not societies:
        return
    staff_role = Role.objects.filter(union=union, kind=RoleKind.STAFF).select_related("user")
    staff = staff_role.first().user if staff_role.exists() else None
    officers: dict[int, list[str]] = {}
    for society_id, email in Role.objects.filter(
        union=union, kind=RoleKind.OFFICER, societies__isnull=False
    ).values_list("societies__id", "user__email"):
        officers.setdefault(society_id, []).append(email)
    with transaction.atomic():
        past = _past_round(union, societies, staff, officers)
        current = _open_round(union, societies, staff, timezone.localdate())
    summary["rounds"] = [past.title, current.title]
    summary["round_societies"] = len(societies)


def describe(summary: dict) -> list[str]:
    if "rounds" not in summary:
        return []
    return [
        f"  Đợt báo cáo: {', '.join(summary['rounds'])} "
        f"({vn_number(summary['round_societies'])} hội thành viên mỗi đợt)"
    ]


demo.register("submissions", load=load, describe=describe, after=["members", "contests"])
