import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.urls import reverse

from config.celery import app as celery_app


@pytest.mark.django_db
def test_healthz_is_ok_for_anonymous_callers(client):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert body["status"] == "ok"
    assert body["broker"] in {"ok", "eager"}
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
def test_healthz_reports_eager_tasks_without_a_broker(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True

    response = client.get(reverse("healthz"))

    assert response.json() == {"database": "ok", "broker": "eager", "status": "ok"}


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_fails(client, monkeypatch):
    real_execute = CursorWrapper.execute

    def failing_execute(self, sql, params=None):
        if sql == "SELECT 1":
            raise OperationalError("database is gone")
        return real_execute(self, sql, params)

    monkeypatch.setattr(CursorWrapper, "execute", failing_execute)

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json()["database"] == "error: OperationalError"
    assert response.json()["status"] == "error"


@pytest.mark.django_db
def test_healthz_is_503_when_the_broker_is_unreachable(client, settings, monkeypatch):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr(celery_app.conf, "broker_url", "redis://127.0.0.1:1/0")

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json() == {
        "database": "ok",
        "broker": "error: OperationalError",
        "status": "error",
    }


@pytest.mark.django_db
def test_healthz_accepts_only_get(client):
    response = client.post(reverse("healthz"))

    assert response.status_code == 405


@pytest.mark.django_db
def test_healthz_over_plain_http_is_not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    response = client.get(reverse("healthz"))
    other = client.get(reverse("account_login"))

    assert response.status_code == 200
    assert other.status_code == 301
