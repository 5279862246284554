"""Health URLs for load balancers and monitoring.

`/healthz` is liveness: the process answers, nothing else is asked (a database blip must not make a
load balancer kill every app server). `/healthz/ready` is readiness: the database, Redis (the
default cache and the Celery broker, when they are Redis) and the file storage, each probed in its
own thread with a deadline of `PROBE_TIMEOUT` seconds, so the answer comes within that time even
when a service hangs. The answer names each dependency and only the class of an error: no
versions, hosts or paths.
"""

from __future__ import annotations

import os
import weakref
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import wait as wait_for
from pathlib import Path

from botocore.config import Config
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.core.files.storage import storages
from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from core.storage import uses_bucket

from .celery import app as celery_app

PROBE_TIMEOUT = 2.0  # seconds, for each probe and for the whole answer
# The bucket's probe: one attempt, short timeouts (boto3's defaults retry for minutes).
BUCKET_PROBE_CONFIG = Config(
    connect_timeout=PROBE_TIMEOUT, read_timeout=PROBE_TIMEOUT, retries={"total_max_attempts": 1}
)


@never_cache
@require_safe
def healthz(request):
    """Liveness: 200 while this process can answer. No dependency is checked."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def healthz_ready(request):
    """Readiness: 200 when the database, Redis and the file storage answer, else 503."""
    # Resolved here: the cache and storage objects are per thread or per process, their
    # clients thread-safe.
    probes = {
        "database": probe_database,
        "redis": probe_redis(caches["default"]),
        "broker": probe_broker,
        "storage": probe_storage(storages["default"]),
    }
    status = run_probes(probes)
    healthy = all(not answer.startswith("error") for answer in status.values())
    status["status"] = "ok" if healthy else "error"
    return JsonResponse(status, status=200 if healthy else 503)


def run_probes(probes: dict) -> dict[str, str]:
    """Each probe (a callable, or a string answer already known) in a thread of its own.

    A probe returns its answer ("ok", "eager", "not used") or raises; one still running after
    PROBE_TIMEOUT is reported as "error: Timeout" and left to end on its own client timeout.
    """
    calls = {name: probe for name, probe in probes.items() if callable(probe)}
    executor = ThreadPoolExecutor(max_workers=max(len(calls), 1), thread_name_prefix="healthz")
    futures = {name: executor.submit(probe) for name, probe in calls.items()}
    wait_for(futures.values(), timeout=PROBE_TIMEOUT)
    executor.shutdown(wait=False)
    status = {}
    for name, probe in probes.items():
        if name not in futures:
            status[name] = probe
        elif not futures[name].done():
            status[name] = "error: Timeout"
        elif error := futures[name].exception():
            status[name] = f"error: {error.__class__.__name__}"
        else:
            status[name] = futures[name].result()
    return status


def probe_database() -> str:
    """`SELECT 1` on a connection of this thread's own, closed afterwards."""
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    finally:
        connections.close_all()
    return "ok"


def probe_redis(cache):
    """A PING to the default cache's Redis. The cache itself swallows Redis errors (pages keep
    working without it: core/cache.py), so its client is asked directly."""
    if not isinstance(cache, RedisCache):
        return "not used"

    def ping() -> str:
        cache._cache.get_client(write=True).ping()
        return "ok"

    return ping


def probe_broker() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"  # no broker: tasks run in the web process
    with celery_app.connection_for_write() as connection:
        connection.ensure_connection(max_retries=0, timeout=PROBE_TIMEOUT)  # one attempt
    return "ok"


def probe_storage(storage):
    """The bucket: a HEAD on it. The disk: MEDIA_ROOT (or the nearest folder above it, which
    the first upload will create it in) is a writable folder. Nothing is written."""
    if uses_bucket(storage):
        client = bucket_probe_client(storage)

        def head_bucket() -> str:
            client.head_bucket(Bucket=storage.bucket_name)
            return "ok"

        return head_bucket

    def writable_folder() -> str:
        folder = Path(storage.location)
        while not folder.exists():
            folder = folder.parent
        if not folder.is_dir():
            raise NotADirectoryError
        if not os.access(folder, os.W_OK | os.X_OK):
            raise PermissionError
        return "ok"

    return writable_folder


_bucket_clients: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def bucket_probe_client(storage):
    """A boto3 client for `storage`'s bucket with the probe's short timeouts, one per storage
    object (Django keeps one per process; a settings change makes a new one)."""
    client = _bucket_clients.get(storage)
    if client is None:
        client = storage._create_session().client(
            "s3",
            region_name=storage.region_name,
            use_ssl=storage.use_ssl,
            endpoint_url=storage.endpoint_url,
            config=storage.client_config.merge(BUCKET_PROBE_CONFIG),
            verify=storage.verify,
        )
        _bucket_clients[storage] = client
    return client
