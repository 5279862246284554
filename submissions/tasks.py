"""Celery tasks of the reporting rounds (thin: the work is in submissions/reminders.py)."""

from celery import shared_task

from .reminders import round_reminders_send, submission_reminders_send


@shared_task
def task_send_submission_reminders() -> int:
    """Daily (CELERY_BEAT_SCHEDULE): the officers' reminders due today, once per step."""
    return submission_reminders_send()


@shared_task
def task_send_round_reminders(round_id: int) -> int:
    """Right after a round opens: tell every society's officers."""
    return round_reminders_send(round_id=round_id)
