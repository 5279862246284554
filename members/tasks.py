"""Periodic tasks of the members app (thin wrappers; the work is in services)."""

from celery import shared_task
from django.conf import settings
from django.utils import translation

from .privacy.requests import request_reminders_send


@shared_task
def task_data_request_reminders() -> int:
    """Remind staff of personal data requests due soon (each step once)."""
    with translation.override(settings.LANGUAGE_CODE):
        return request_reminders_send()
