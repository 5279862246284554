"""Celery tasks of the consultations (thin: the work is in the services)."""

from celery import shared_task

from .reminders import consultation_reminders_send


@shared_task
def task_send_consultation_reminders() -> int:
    """Daily (CELERY_BEAT_SCHEDULE): the expert and staff reminders due today, once per step."""
    return consultation_reminders_send()
