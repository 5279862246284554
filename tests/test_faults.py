"""The portal under failing services: Redis stopped, PostgreSQL connections killed, a worker
killed mid-generation. Tests that need a private redis-server or PostgreSQL skip when absent."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from config.celery import app as celery_app
from tests.factories import PASSWORD, UserFactory

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
def test_healthz_is_503_with_the_broker_down_and_pages_still_answer(client, settings, monkeypatch):
    _dead_redis_cache(settings)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr(celery_app.conf, "broker_url", DEAD_REDIS)

    health = client.get(reverse("healthz"))
    login_page = client.get(reverse("account_login"))

    assert health.status_code == 503
    assert health.json()["broker"].startswith("error")
    assert login_page.status_code == 200
