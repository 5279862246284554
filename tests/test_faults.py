"""The portal under failing services: Redis stopped, PostgreSQL connections killed, a worker
killed mid-generation. Tests that need a private redis-server or PostgreSQL skip when absent."""

import os
import shutil
import signal
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from kombu import pools as kombu_pools

from config.celery import app as celery_app
from core import loopback
from core.loopback import Browser, database_url, redis_server, stop, tail
from reports import services
from reports.models import TermReport
from tests.conftest import make_user
from tests.factories import PASSWORD, TermReportFactory, UserFactory
from tests.reports.datasets import decrease_dataset

# Nothing listens on port 1: connections are refused at once, as with a stopped Redis.
DEAD_REDIS = "redis://127.0.0.1:1/0"


def _dead_redis_cache(settings, location=DEAD_REDIS):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": location,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
    }


@pytest.mark.django_db
def test_login_works_with_the_cache_down(client, settings):
    _dead_redis_cache(settings)
    user = UserFactory()

    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(user.pk)


@pytest.mark.django_db
def test_login_failures_are_still_limited_with_the_cache_down(client, settings):
    _dead_redis_cache(settings)
    user = UserFactory()
    for _ in range(5):
        client.post(reverse("account_login"), {"login": user.email, "password": "sai"})

    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})

    assert response.status_code == 200
    assert SESSION_KEY not in client.session


@pytest.mark.django_db
def test_password_reset_works_with_the_cache_down(client, settings):
    _dead_redis_cache(settings)
    user = UserFactory()

    response = client.post(reverse("account_reset_password"), {"email": user.email})

    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [[user.email]]


@pytest.mark.django_db
def test_cache_reads_miss_when_redis_is_down(settings):
    _dead_redis_cache(settings)

    cache.set("k", "v")

    assert cache.get("k", "missing") == "missing"
    assert cache.add("lock", True) is True


@pytest.mark.django_db
def test_ready_is_503_with_redis_down_and_pages_still_answer(client, settings, monkeypatch):
    _dead_redis_cache(settings)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr(celery_app.conf, "broker_url", DEAD_REDIS)

    ready = client.get(reverse("healthz_ready"))
    live = client.get(reverse("healthz"))
    login_page = client.get(reverse("account_login"))

    assert ready.status_code == 503
    assert ready.json()["broker"].startswith("error")
    assert ready.json()["redis"].startswith("error")
    assert live.status_code == 200
    assert login_page.status_code == 200


# --- against real processes: a private redis-server, gunicorn and celery worker -----------------


needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs a PostgreSQL DATABASE_URL"
)
needs_redis_server = pytest.mark.skipif(
    shutil.which("redis-server") is None, reason="needs the redis-server binary"
)


def _service_env(**extra) -> dict:
    env = {
        **os.environ,
        "DEBUG": "1",
        "SECRET_KEY": "faults-test-" + "k" * 50,
        "DATABASE_URL": database_url(connection.settings_dict),
        "CONN_MAX_AGE": "60",
        "MEDIA_ROOT": str(django_settings.MEDIA_ROOT),
        "REDIS_URL": "",
        "STAFF_MFA_REQUIRED": "0",
    }
    env.update(extra)
    return env


@contextmanager
def gunicorn(tmp_path: Path, **env):
    with loopback.gunicorn(tmp_path, _service_env(**env), workers=1) as server:
        yield server.base, server.log


def _user_the_server_can_check(settings):
    """The suite hashes passwords with MD5 for speed; a server runs with the real hashers."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    user = UserFactory()
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.mark.integration
@needs_postgresql
@needs_redis_server
def test_server_with_redis_stopped_still_logs_in_and_ready_says_503(
    transactional_db, tmp_path, settings
):
    user = _user_the_server_can_check(settings)
    with (
        redis_server(tmp_path) as (redis, redis_url),
        gunicorn(tmp_path, REDIS_URL=redis_url) as (
            base,
            log,
        ),
    ):
        healthy, _ = Browser(base).request("/healthz/ready")
        stop(redis)  # Redis goes away under the running server

        login = Browser(base).login(user.email, PASSWORD)
        ready, body = Browser(base).request("/healthz/ready")
        live, _ = Browser(base).request("/healthz")

    assert healthy == 200, tail(log)
    assert login == 302, tail(log)
    assert ready == 503
    assert '"broker": "error' in body
    assert '"redis": "error' in body
    assert live == 200


@pytest.mark.integration
@needs_postgresql
def test_server_recovers_when_its_database_connections_are_killed(
    transactional_db, tmp_path, settings
):
    user = _user_the_server_can_check(settings)
    with gunicorn(tmp_path) as (base, log):
        # A login leaves the server holding its database connection (CONN_MAX_AGE);
        # /healthz/ready probes on a connection of its own, closed at once.
        before = Browser(base).login(user.email, PASSWORD)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            (killed,) = cursor.fetchone()
        after = [Browser(base).request("/healthz/ready")[0] for _ in range(3)]
        login = Browser(base).login(user.email, PASSWORD)

    assert before == 302, tail(log)
    assert killed >= 1
    assert after == [200, 200, 200], tail(log)
    assert login == 302, tail(log)


@contextmanager
def celery_worker(tmp_path: Path, redis_url: str, name: str):
    env = _service_env(REDIS_URL=redis_url, CELERY_VISIBILITY_TIMEOUT="3")
    with loopback.celery_worker(tmp_path, env, name=name) as worker:
        yield worker.process, worker.log


def _wait(condition, timeout: float, what: str, log: Path):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"{what} not reached in {timeout} s:\n{tail(log)}")


@contextmanager
def _broker(redis_url: str):
    """Send this process's tasks to the private Redis instead of running them in-process."""

    def drop_pools():
        # Connection and producer pools are made once and keep their broker: make new ones.
        # kombu keeps them in process-wide groups keyed by broker: close and forget them all,
        # or a later task sent to the first broker would get a closed pool back.
        kombu_pools.reset()
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    drop_pools()
    celery_app.conf.task_always_eager = False
    celery_app.conf.broker_url = redis_url
    try:
        yield
    finally:
        drop_pools()
        celery_app.conf.broker_url = django_settings.CELERY_BROKER_URL
        celery_app.conf.task_always_eager = True


@pytest.mark.integration
@needs_postgresql
@needs_redis_server
def test_worker_killed_mid_generation_shows_failure_and_retry_keeps_the_previous_version(
    transactional_db, tmp_path, client, settings
):
    union, term = decrease_dataset()
    report = TermReportFactory(term=term)
    previous = services.term_report_generate(report=report)
    with previous.file.open("rb") as fh:
        previous_bytes = fh.read()
    client.force_login(make_user("staff", union))
    detail = reverse("reports:detail", args=[report.pk])
    generate = reverse("reports:generate", args=[report.pk])

    def status():
        return TermReport.objects.get(pk=report.pk).generation_status

    with redis_server(tmp_path) as (_redis, redis_url), _broker(redis_url):
        with celery_worker(tmp_path, redis_url, "first") as (worker, log):
            client.post(generate)
            _wait(lambda: status() == "running", 60, "generation running", log)
            # Hold the report row so the worker stops just before it writes the new version.
            import psycopg2  # only here: the suite also runs on SQLite without it

            blocker = psycopg2.connect(
                database_url(connection.settings_dict).replace("postgres://", "postgresql://")
            )
            with blocker.cursor() as cursor:
                cursor.execute(
                    "SELECT 1 FROM reports_termreport WHERE id = %s FOR UPDATE", [report.pk]
                )
                _wait(_waiting_on_a_lock, 60, "worker waiting on the report row", log)
                stop(worker, signal.SIGKILL)  # the whole worker, main process and child
            blocker.rollback()
            blocker.close()

        settings.REPORT_GENERATION_STALE_AFTER = 1
        time.sleep(1.5)
        stuck = client.get(detail)

        with celery_worker(tmp_path, redis_url, "second") as (_worker, log):
            retried = client.post(generate, {"confirm": "yes"})
            _wait(lambda: report.versions.count() == 2, 90, "the retried version", log)
            _wait(lambda: status() == "idle", 30, "generation finished", log)
        after = client.get(detail)

    assert stuck.context["generation"].failed
    assert b'role="alert"' in stuck.content
    assert retried.status_code == 302
    assert not after.context["generation"].failed
    assert list(report.versions.values_list("number", flat=True)) == [2, 1]
    previous.refresh_from_db()
    with previous.file.open("rb") as fh:
        assert fh.read() == previous_bytes


def _waiting_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0
