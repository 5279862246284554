"""/healthz (liveness: no dependency) and /healthz/ready (database, Redis, broker, storage)."""

import threading

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.urls import reverse

from config import health
from config.celery import app as celery_app
from tests.conftest import make_user
from tests.factories import UnionFactory

DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1: refused at once


def _fail_select_1(monkeypatch):
    real_execute = CursorWrapper.execute

    def failing_execute(self, sql, params=None):
        if sql == "SELECT 1":
            raise OperationalError("database is gone")
        return real_execute(self, sql, params)

    monkeypatch.setattr(CursorWrapper, "execute", failing_execute)


def _redis_cache(settings, location):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": location,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
    }


# --- liveness -----------------------------------------------------------------------------------


def test_healthz_is_ok_without_asking_the_database(client):
    """No django_db mark: any database access would make it fail."""
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"].startswith("max-age=0")


def test_healthz_is_ok_with_redis_and_broker_down(client, settings, monkeypatch):
    _redis_cache(settings, DEAD_REDIS)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr(celery_app.conf, "broker_url", DEAD_REDIS)

    response = client.get(reverse("healthz"))

    assert response.status_code == 200


def test_healthz_accepts_only_get_and_head(client):
    assert client.head(reverse("healthz")).status_code == 200
    assert client.post(reverse("healthz")).status_code == 405
    assert client.post(reverse("healthz_ready")).status_code == 405


@pytest.mark.django_db
def test_health_urls_over_plain_http_are_not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    live = client.get(reverse("healthz"))
    ready = client.get(reverse("healthz_ready"))
    other = client.get(reverse("account_login"))

    assert live.status_code == 200
    assert ready.status_code == 200
    assert other.status_code == 301


@pytest.mark.django_db
def test_health_urls_answer_staff_who_have_not_set_up_two_factor(client, settings):
    settings.STAFF_MFA_REQUIRED = True
    client.force_login(make_user("staff", UnionFactory()))

    live = client.get(reverse("healthz"))
    ready = client.get(reverse("healthz_ready"))
    home = client.get(reverse("home"))

    assert (live.status_code, ready.status_code) == (200, 200)
    assert home.status_code == 302  # the rest of the portal sends them to the set-up


@pytest.mark.django_db
def test_health_urls_still_check_the_host(client, settings):
    settings.ALLOWED_HOSTS = ["portal.example.vn"]

    assert client.get(reverse("healthz"), HTTP_HOST="portal.example.vn").status_code == 200
    assert client.get(reverse("healthz"), HTTP_HOST="evil.example").status_code == 400


# --- readiness ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_ready_is_ok_with_local_cache_eager_tasks_and_disk(client, settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    settings.CELERY_TASK_ALWAYS_EAGER = True

    response = client.get(reverse("healthz_ready"))

    assert response.status_code == 200
    assert response.json() == {
        "database": "ok",
        "redis": "not used",
        "broker": "eager",
        "storage": "ok",
        "status": "ok",
    }
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
def test_ready_is_503_when_the_database_fails(client, monkeypatch):
    _fail_select_1(monkeypatch)

    response = client.get(reverse("healthz_ready"))

    assert response.status_code == 503
    assert response.json()["database"] == "error: OperationalError"
    assert response.json()["storage"] == "ok"
    assert response.json()["status"] == "error"


@pytest.mark.django_db
def test_ready_is_503_when_the_cache_redis_is_down(client, settings):
    """The cache swallows Redis errors; readiness must not."""
    _redis_cache(settings, DEAD_REDIS)
    settings.CELERY_TASK_ALWAYS_EAGER = True

    response = client.get(reverse("healthz_ready"))

    assert response.status_code == 503
    assert response.json() == {
        "database": "ok",
        "redis": "error: ConnectionError",
        "broker": "eager",
        "storage": "ok",
        "status": "error",
    }


@pytest.mark.django_db
def test_ready_is_503_when_the_broker_is_unreachable(client, settings, monkeypatch):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr(celery_app.conf, "broker_url", DEAD_REDIS)

    response = client.get(reverse("healthz_ready"))

    assert response.status_code == 503
    assert response.json()["broker"] == "error: OperationalError"
    assert response.json()["database"] == "ok"


@pytest.mark.django_db
def test_ready_is_503_when_media_root_is_not_a_folder(client, settings, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_bytes(b"")
    settings.MEDIA_ROOT = blocker / "media"

    response = client.get(reverse("healthz_ready"))

    assert response.status_code == 503
    assert response.json()["storage"] == "error: NotADirectoryError"


@pytest.mark.django_db
def test_ready_accepts_a_media_root_the_first_upload_will_create(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "not" / "yet"

    response = client.get(reverse("healthz_ready"))

    assert response.json()["storage"] == "ok"
    assert not (tmp_path / "not").exists()


@pytest.mark.django_db
def test_ready_is_ok_with_the_bucket_and_writes_nothing(client, s3_bucket):
    response = client.get(reverse("healthz_ready"))

    assert response.status_code == 200, response.json()
    assert response.json()["storage"] == "ok"
    assert s3_bucket.keys() == []


@pytest.mark.django_db
def test_ready_is_503_when_the_bucket_does_not_exist(client, settings, new_bucket):
    bucket = new_bucket()
    bucket.client.delete_bucket(Bucket=bucket.name)
    settings.STORAGES = {**settings.STORAGES, "default": bucket.storage_setting}

    response = client.get(reverse("healthz_ready"))

    assert response.status_code == 503
    assert response.json()["storage"] == "error: ClientError"
    assert bucket.name not in response.content.decode()
    assert bucket.endpoint not in response.content.decode()


@pytest.mark.django_db
def test_ready_answers_in_time_when_a_probe_hangs(client, monkeypatch):
    release = threading.Event()

    def hanging_database():
        release.wait(10)
        return "ok"

    monkeypatch.setattr(health, "probe_database", hanging_database)
    monkeypatch.setattr(health, "PROBE_TIMEOUT", 0.2)
    try:
        response = client.get(reverse("healthz_ready"))
    finally:
        release.set()

    assert response.status_code == 503
    assert response.json()["database"] == "error: Timeout"
    assert response.json()["storage"] == "ok"


@pytest.mark.integration
@pytest.mark.django_db
def test_ready_is_ok_against_the_real_redis(client, settings):
    if not settings.REDIS_URL:
        pytest.skip("needs REDIS_URL")
    _redis_cache(settings, settings.REDIS_URL)  # the tests' own cache is local (conftest)
    settings.CELERY_TASK_ALWAYS_EAGER = False

    response = client.get(reverse("healthz_ready"))

    assert response.status_code == 200, response.json()
    assert response.json()["redis"] == "ok"
    assert response.json()["broker"] == "ok"
