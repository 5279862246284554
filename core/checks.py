"""Deployment checks (`manage.py check --deploy`): the settings that break a portal served by
several processes or hosts behind a proxy. Only with DEBUG off; registered in core/apps.py.

A short or default SECRET_KEY is Django's own security.W009 (50 characters at least), not
repeated here.
"""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Tags, Warning, register

PROCESS_LOCAL_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register(Tags.caches, deploy=True)
def check_shared_cache(app_configs=None, **kwargs):
    if settings.DEBUG or settings.CACHES["default"]["BACKEND"] not in PROCESS_LOCAL_CACHES:
        return []
    return [
        Warning(
            "The default cache is local to each process.",
            hint="Sessions are in the database but rate limits and caches are per process: "
            "set REDIS_URL.",
            id="lhh.W001",
        )
    ]


@register(deploy=True)
def check_task_broker(app_configs=None, **kwargs):
    if settings.DEBUG or not settings.CELERY_TASK_ALWAYS_EAGER:
        return []
    return [
        Warning(
            "Background tasks run inside the web process: there is no Celery broker.",
            hint="Set REDIS_URL, run Celery workers and one celery beat (docs/deployment.md); "
            "otherwise report generation holds a web request and no reminder is sent.",
            id="lhh.W002",
        )
    ]


@register(deploy=True)
def check_shared_files(app_configs=None, **kwargs):
    from django.core.files.storage import storages

    from .storage import uses_bucket

    if settings.DEBUG or settings.APP_SERVERS <= 1 or uses_bucket(storages["default"]):
        return []
    return [
        Warning(
            f"APP_SERVERS is {settings.APP_SERVERS} but files are kept on this host's disk "
            "(MEDIA_ROOT).",
            hint="Set AWS_STORAGE_BUCKET_NAME and the other AWS_* variables (docs/storage.md) "
            "so that every app server and worker sees the same files.",
            id="lhh.W003",
        )
    ]


@register(deploy=True)
def check_shared_database(app_configs=None, **kwargs):
    if settings.DEBUG or settings.APP_SERVERS <= 1:
        return []
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        return []
    return [
        Warning(
            f"APP_SERVERS is {settings.APP_SERVERS} but the database is a SQLite file on this "
            "host.",
            hint="Set DATABASE_URL to a PostgreSQL database that every app server and worker "
            "reaches (docs/database.md).",
            id="lhh.W004",
        )
    ]


@register(deploy=True)
def check_trusted_proxies(app_configs=None, **kwargs):
    # TRUSTED_PROXIES: the proxies whose X-Forwarded-Proto is believed (core/proxy.py).
    if settings.DEBUG or not settings.SECURE_SSL_REDIRECT:
        return []
    if getattr(settings, "TRUSTED_PROXIES", None) != []:
        return []
    return [
        Warning(
            "SECURE_SSL_REDIRECT is on and TRUSTED_PROXIES is empty: behind a proxy that "
            "terminates TLS, every request looks like plain HTTP and is redirected again.",
            hint="Set TRUSTED_PROXIES to the proxy's address as the app server sees it "
            "(127.0.0.1 when nginx runs on the same host).",
            id="lhh.W005",
        )
    ]
