"""Celery application. With no REDIS_URL, tasks run eagerly in-process (see settings)."""

import os

from celery import Celery

from core.logs import connect_celery_signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Task lines carry the task id as request id, and the id of the request that queued the task.
connect_celery_signals()
