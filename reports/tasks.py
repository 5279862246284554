import logging

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import DatabaseError, transaction
from django.utils import translation
from kombu.exceptions import OperationalError

from . import services
from .models import TermReport

logger = logging.getLogger(__name__)

MAX_RETRIES = 2


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=MAX_RETRIES)
def task_generate_term_report(
    self, report_id: int, user_id: int | None = None, token: str = ""
) -> int | None:
    """Generate a report version. Acknowledged when done: a killed worker's task is run again
    (the token makes a superseded or finished request a no-op); a database hiccup is retried."""
    if token and not services.term_report_generation_start(report_id=report_id, token=token):
        logger.info("Generation %s of report %s is superseded or done; skipped", token, report_id)
        return None
    try:
        with translation.override(settings.LANGUAGE_CODE):
            report = TermReport.objects.get(pk=report_id)
            user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
            version = services.term_report_generate(report=report, user=user, token=token)
    except DatabaseError as error:
        if self.request.retries < MAX_RETRIES and not self.request.is_eager:
            raise self.retry(exc=error, countdown=5 * (self.request.retries + 1)) from error
        if token:
            with translation.override(settings.LANGUAGE_CODE):
                services.term_report_generation_fail(report_id=report_id, token=token, error=error)
        raise
    except Exception as error:
        if token:
            with translation.override(settings.LANGUAGE_CODE):
                services.term_report_generation_fail(report_id=report_id, token=token, error=error)
        if isinstance(error, services.ReportNotReady):
            logger.info("Generation of report %s refused: %s", report_id, error)
            return None
        raise
    logger.info("Generated %s (%s bytes)", version, version.size)
    return version.pk


def queue_term_report(report_id: int, user_id: int | None = None) -> bool:
    """Queue a generation once the current transaction commits; False if the broker is down
    (the report then shows the generation as failed, with a retry button)."""
    token = services.term_report_generation_request(report_id=report_id)

    def send():
        task_generate_term_report.delay(report_id, user_id, token)

    try:
        transaction.on_commit(send)
    except OperationalError:
        logger.exception("Could not queue the generation of report %s", report_id)
        services.term_report_generation_fail(report_id=report_id, token=token)
        return False
    return True
