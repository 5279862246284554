import logging

from celery import shared_task
from django.contrib.auth import get_user_model

from . import services
from .models import TermReport

logger = logging.getLogger(__name__)


@shared_task
def task_generate_term_report(report_id: int, user_id: int | None = None) -> int:
    report = TermReport.objects.get(pk=report_id)
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    version = services.term_report_generate(report=report, user=user)
    logger.info("Generated %s (%s bytes)", version, version.size)
    return version.pk
