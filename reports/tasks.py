import logging

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import translation
from kombu.exceptions import OperationalError

from . import services
from .models import TermReport

logger = logging.getLogger(__name__)


@shared_task
def task_generate_term_report(report_id: int, user_id: int | None = None) -> int:
    with translation.override(settings.LANGUAGE_CODE):
        report = TermReport.objects.get(pk=report_id)
        user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
        version = services.term_report_generate(report=report, user=user)
        logger.info("Generated %s (%s bytes)", version, version.size)
        return version.pk


def queue_term_report(report_id: int, user_id: int | None = None) -> bool:
    """Queue a generation once the current transaction commits; False if the broker is down."""

    def send():
        task_generate_term_report.delay(report_id, user_id)

    try:
        transaction.on_commit(send)
    except OperationalError:
        logger.exception("Could not queue the generation of report %s", report_id)
        return False
    return True
