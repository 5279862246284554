"""Celery tasks of contests: thin wrappers that call a service."""

import logging

from celery import shared_task
from django.conf import settings
from django.utils import translation

from . import judging_services

logger = logging.getLogger(__name__)


@shared_task
def task_send_sheet_reminders() -> int:
    """Daily: remind judges of unsubmitted sheets before the scoring deadline (once a step)."""
    with translation.override(settings.LANGUAGE_CODE):
        sent = judging_services.sheet_reminders_send()
    logger.info("Sent %s score sheet reminders", sent)
    return sent
