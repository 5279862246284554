"""Reminders to judges before the scoring deadline: each step once, none once submitted."""

import datetime

import pytest
from django.conf import settings

from contests import judging_services
from contests.models import ContestStatus, JudgeAssignment
from contests.tasks import task_send_sheet_reminders
from core.reminders import reminders_for

from .judging_factories import assign, judging_world

pytestmark = pytest.mark.django_db

DUE = datetime.date(2024, 6, 30)


def _world():
    world = judging_world(judges=2, entries=2)
    for judge in world.judges:
        for entry in world.entries:
            assign(world, judge, entry)
    return world


@pytest.mark.parametrize(
    ("today", "step"),
    [
        (DUE - datetime.timedelta(days=3), "before-3"),
        (DUE - datetime.timedelta(days=1), "before-1"),
        (DUE, "due"),
    ],
)
def test_reminder_is_sent_once_per_step_even_when_run_twice(mailoutbox, today, step):
    world = _world()

    first = judging_services.sheet_reminders_send(today=today)
    again = judging_services.sheet_reminders_send(today=today)

    keys = sorted(r.key for r in reminders_for(f"contests.sheets:{world.contest.pk}:"))
    assert (first, again, len(mailoutbox)) == (2, 0, 2)
    assert keys == sorted(
        f"contests.sheets:{world.contest.pk}:judge:{judge.pk}:{step}" for judge in world.judges
    )
    assert "ST-001, ST-002" in mailoutbox[0].body


def test_reminders_on_other_days_send_nothing(mailoutbox):
    _world()

    sent = [
        judging_services.sheet_reminders_send(today=DUE - datetime.timedelta(days=days))
        for days in (5, 2, -1)
    ]

    assert (sent, mailoutbox) == ([0, 0, 0], [])


def test_no_reminder_once_every_sheet_is_submitted(mailoutbox):
    world = _world()
    JudgeAssignment.objects.filter(judge=world.judges[0]).update(submitted_at="2024-06-20T00:00Z")

    judging_services.sheet_reminders_send(today=DUE)

    assert [message.to for message in mailoutbox] == [[world.judges[1].email]]


def test_no_reminder_when_the_contest_is_not_being_judged(mailoutbox):
    world = _world()
    world.contest.status = ContestStatus.CLOSED
    world.contest.save()

    judging_services.sheet_reminders_send(today=DUE)

    assert mailoutbox == []


def test_reminder_task_runs_daily_and_sends(mailoutbox, monkeypatch):
    _world()
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: DUE)

    sent = task_send_sheet_reminders.delay().get()

    assert sent == 2
    assert settings.CELERY_BEAT_SCHEDULE["contests-reminders"] == {
        "task": "contests.tasks.task_send_sheet_reminders",
        "schedule": 86400,
    }
