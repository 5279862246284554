"""Reminders to the officers: each step once, none after submission or acceptance."""

import datetime

import pytest
from django.core import mail

from core.reminders import reminders_for
from submissions import services
from submissions.reminders import deadline_step, submission_remind, submission_reminders_send
from submissions.selectors import reminder_prefix
from submissions.tasks import task_send_submission_reminders

from .conftest import DEADLINE


def day(offset: int) -> datetime.date:
    return DEADLINE + datetime.timedelta(days=offset)


def _keys(submission) -> list[str]:
    prefix = reminder_prefix(submission)
    return sorted(r.key[len(prefix) :] for r in reminders_for(prefix))


def _mail_to(user) -> list:
    return [message for message in mail.outbox if message.to == [user.email]]


@pytest.mark.parametrize(
    ("offset", "step"),
    [(-8, None), (-7, "before-7"), (-1, "before-7"), (0, "due"), (6, "due"), (7, "after-7"),
     (13, "after-7"), (14, "after-14"), (30, "after-28"), (35, "after-28"), (400, "after-28")],
)  # fmt: skip
def test_deadline_step_on_day(offset, step):
    assert deadline_step(DEADLINE, day(offset)) == step


@pytest.mark.django_db
def test_opening_tells_each_society_officers_once(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.round_open(
            union=world["union"],
            data={"title": "Báo cáo năm 2023", "period_kind": "year", "year": 2023,
                  "deadline": datetime.date(2099, 1, 15)},
            user=world["users"]["staff"],
        )  # fmt: skip
    submission_reminders_send(today=datetime.date(2099, 1, 1))

    officers = [world["users"]["officer"], world["users"]["other_officer"]]
    opened = [m for m in mail.outbox if "Báo cáo năm 2023" in m.subject]
    assert sorted(m.to[0] for m in opened) == sorted(u.email for u in officers)


@pytest.mark.django_db
def test_each_step_sent_exactly_once_over_the_whole_period(world):
    for offset in range(-20, 90):  # late reminders stop after four weeks
        submission_reminders_send(today=day(offset))
        submission_reminders_send(today=day(offset))

    assert _keys(world["mine"]) == sorted(
        [
            "opened",
            f"before-7:{DEADLINE}",
            f"due:{DEADLINE}",
            f"after-7:{DEADLINE}",
            f"after-14:{DEADLINE}",
            f"after-21:{DEADLINE}",
            f"after-28:{DEADLINE}",
        ]
    )
    assert len(_mail_to(world["users"]["officer"])) == 7


@pytest.mark.django_db
def test_no_reminder_after_submission_or_acceptance(world):
    officer, staff = world["users"]["officer"], world["users"]["staff"]
    submission = services.submission_save_narrative(
        submission=world["mine"], data={"results": "Kết quả"}, version=None, user=officer
    )
    services.submission_submit(submission=submission, user=officer)
    submission_reminders_send(today=day(0))
    services.submission_accept(submission=submission, user=staff)
    for offset in range(0, 30):
        submission_reminders_send(today=day(offset))

    assert (_keys(submission), _mail_to(officer)) == ([], [])
    assert len(_mail_to(world["users"]["other_officer"])) == 6  # opened, due, after-7…28


@pytest.mark.django_db
def test_returned_submission_is_reminded_again(world):
    officer, staff = world["users"]["officer"], world["users"]["staff"]
    submission = services.submission_save_narrative(
        submission=world["mine"], data={"results": "Kết quả"}, version=None, user=officer
    )
    services.submission_submit(submission=submission, user=officer)
    services.submission_return(submission=submission, user=staff, comment="Bổ sung")

    submission_reminders_send(today=day(8))

    assert _keys(submission) == sorted(["opened", f"after-7:{DEADLINE}"])


@pytest.mark.django_db
def test_manual_reminder_is_recorded_with_who_and_when(world):
    staff = world["users"]["staff"]
    first = datetime.datetime(2025, 1, 20, 9, 0, tzinfo=datetime.UTC)

    submission_remind(submission=world["mine"], user=staff, now=first)
    submission_remind(submission=world["mine"], user=staff, now=first + datetime.timedelta(hours=1))

    reminders = reminders_for(reminder_prefix(world["mine"]))
    assert [r.sent_by_id for r in reminders] == [staff.pk, staff.pk]
    assert len(_mail_to(world["users"]["officer"])) == 2


@pytest.mark.django_db
def test_periodic_task_sends_what_is_due(world):
    assert task_send_submission_reminders() == 4  # both societies: opened, and late by now
