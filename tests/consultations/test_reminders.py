"""Consultation reminders: each step once, to the right people, none after submission."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from consultations.models import TaskStatus
from consultations.reminders import consultation_reminders_send
from consultations.tasks import task_send_consultation_reminders
from core.reminders import reminders_for
from tests.conftest import make_user
from tests.factories import UnionFactory, UserFactory

from .factories import ConsultationTaskFactory, ExpertAssignmentFactory, OpinionFactory

DUE = datetime.date(2024, 3, 20)


def day(offset: int) -> datetime.date:
    return DUE + datetime.timedelta(days=offset)


@pytest.fixture
def assignment():
    union = UnionFactory()
    task = ConsultationTaskFactory(
        union=union, status=TaskStatus.IN_REVIEW, due_on=day(10), title="Đề án thu gom rác thải"
    )
    expert = UserFactory(email="chuyengia@example.test", full_name="Lê Văn Bình")
    return ExpertAssignmentFactory(task=task, expert=expert, due_on=DUE)


def _expert_mail():
    return [message for message in mail.outbox if message.to == ["chuyengia@example.test"]]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "offset, step",
    [(-3, "before-3"), (-1, "before-1"), (0, "due"), (1, "after-1"), (7, "after-7")],
)
def test_expert_reminder_step_sent_exactly_once_when_run_twice_a_day(assignment, offset, step):
    consultation_reminders_send(today=day(offset))
    consultation_reminders_send(today=day(offset))

    assert len(_expert_mail()) == 1
    keys = [
        reminder.key for reminder in reminders_for(f"consultations.assignment:{assignment.pk}:")
    ]
    assert keys == [f"consultations.assignment:{assignment.pk}:{step}:{DUE}"]


@pytest.mark.django_db
def test_expert_reminders_over_the_whole_period_are_five(assignment):
    for offset in range(-6, 12):
        consultation_reminders_send(today=day(offset))
        consultation_reminders_send(today=day(offset))

    assert len(_expert_mail()) == 5
    assert "Đề án thu gom rác thải" in _expert_mail()[0].subject


@pytest.mark.django_db
def test_no_expert_reminder_before_the_first_step(assignment):
    for offset in (-10, -4):
        consultation_reminders_send(today=day(offset))

    assert _expert_mail() == []


@pytest.mark.django_db
def test_no_expert_reminder_after_submission(assignment):
    consultation_reminders_send(today=day(-3))
    OpinionFactory(assignment=assignment, submitted_at=timezone.now())
    mail.outbox.clear()

    for offset in (-1, 0, 1, 7):
        consultation_reminders_send(today=day(offset))

    assert _expert_mail() == []


@pytest.mark.django_db
def test_a_draft_opinion_still_gets_reminders(assignment):
    OpinionFactory(assignment=assignment, submitted_at=None)

    consultation_reminders_send(today=day(-1))

    assert len(_expert_mail()) == 1


@pytest.mark.django_db
def test_no_expert_reminder_once_the_task_left_the_opinions_stage(assignment):
    assignment.task.status = TaskStatus.DRAFTING
    assignment.task.save()

    consultation_reminders_send(today=day(0))

    assert _expert_mail() == []


@pytest.mark.django_db
def test_a_moved_due_date_starts_the_steps_again(assignment):
    consultation_reminders_send(today=day(-1))
    assignment.due_on = day(5)
    assignment.save()

    consultation_reminders_send(today=day(4))

    assert len(_expert_mail()) == 2


@pytest.fixture
def staff_task():
    union = UnionFactory()
    staff = make_user("staff", union)
    staff.email = "canbo@example.test"
    staff.save()
    make_user("leadership", union)  # leadership is not reminded
    task = ConsultationTaskFactory(union=union, status=TaskStatus.DRAFTING, due_on=DUE)
    return task, staff


def _staff_mail():
    return [message for message in mail.outbox if "canbo@example.test" in message.to]


@pytest.mark.django_db
def test_staff_reminded_three_days_before_and_once_overdue(staff_task):
    task, staff = staff_task

    for offset in range(-5, 10):
        consultation_reminders_send(today=day(offset))
        consultation_reminders_send(today=day(offset))

    assert len(_staff_mail()) == 2
    keys = sorted(reminder.key for reminder in reminders_for(f"consultations.task:{task.pk}:"))
    assert keys == [
        f"consultations.task:{task.pk}:before-3:{DUE}",
        f"consultations.task:{task.pk}:overdue:{DUE}",
    ]


@pytest.mark.django_db
def test_no_staff_reminder_once_delivered(staff_task):
    task, staff = staff_task
    task.status = TaskStatus.DELIVERED
    task.delivered_on = day(-1)
    task.save()

    for offset in range(-5, 10):
        consultation_reminders_send(today=day(offset))

    assert _staff_mail() == []


@pytest.mark.django_db
def test_the_beat_task_runs_the_service(staff_task, monkeypatch):
    task, staff = staff_task
    monkeypatch.setattr(timezone, "localdate", lambda *args: day(-3))

    assert task_send_consultation_reminders.delay().get() == 1
    assert task_send_consultation_reminders.delay().get() == 0


def test_the_beat_schedule_runs_the_reminders_daily(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["consultation-reminders"]

    assert entry["task"] == "consultations.tasks.task_send_consultation_reminders"
    assert entry["schedule"].hour == {7}
