"""Nothing kept in a process: what one app server writes, another one sees.

Two `Client`s stand for two app servers behind the proxy. Between their requests, what a second
process would not share is emptied (local-memory caches, memoised functions): whatever the test
then still sees came from a shared store (the database, or Redis when REDIS_URL is set).
"""

import datetime
import uuid

import pytest
import redis
from django.conf import global_settings
from django.conf import settings as django_settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from config import settings as production
from members import services
from members.filters import _options_html
from tests.conftest import make_user
from tests.factories import PASSWORD, MembershipFactory, SocietyFactory, UnionFactory, UserFactory


def _other_server() -> None:
    """Forget what lives only in this process, as a second app server never had it."""
    for alias in django_settings.CACHES:
        if isinstance(caches[alias], LocMemCache):
            caches[alias].clear()
    _options_html.cache_clear()


@pytest.fixture
def shared_cache(settings):
    """The default cache in Redis, as in production (skipped without REDIS_URL)."""
    if not django_settings.REDIS_URL:
        pytest.skip("needs REDIS_URL")
    prefix = f"test-nps-{uuid.uuid4().hex[:8]}"
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": django_settings.REDIS_URL,
            "KEY_PREFIX": prefix,
        },
    }
    yield
    client = redis.Redis.from_url(django_settings.REDIS_URL)
    keys = list(client.scan_iter(f"{prefix}:*"))
    if keys:
        client.delete(*keys)


@pytest.fixture
def world():
    union = UnionFactory()
    society = SocietyFactory(union=union, name="Hội Tên Cũ")
    MembershipFactory(society=society, member__union=union, member__full_name="An Một")
    return {"union": union, "society": society, "staff": make_user("staff", union)}


def _directory(client: Client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("members:directory"))
    assert response.status_code == 200
    return response.context["paginator"].count, response.content.decode(), list(queries)


@pytest.mark.django_db
def test_a_login_through_one_server_holds_on_the_other():
    user = UserFactory()
    first, second = Client(), Client()
    login = first.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert login.status_code == 302

    _other_server()
    second.cookies = first.cookies  # the same browser, sent to the other server
    response = second.get(reverse("home"))

    assert response.status_code == 200
    assert second.session[SESSION_KEY] == str(user.pk)


@pytest.mark.django_db
def test_login_failures_counted_by_one_server_count_on_the_other():
    user = UserFactory()
    first, second = Client(), Client()
    for _ in range(5):
        first.post(reverse("account_login"), {"login": user.email, "password": "sai"})

    _other_server()
    response = second.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})

    assert response.status_code == 200
    assert SESSION_KEY not in second.session


def _change_seen_by_the_other_server(world):
    first, second = Client(), Client()
    first.force_login(world["staff"])
    second.force_login(world["staff"])
    count, html, _queries = _directory(first)
    assert (count, "Hội Tên Cũ" in html) == (1, True)

    world["society"].name = "Hội Tên Mới"
    world["society"].save()
    services.member_add_to_society(
        society=world["society"],
        joined_on=datetime.date(2020, 1, 1),
        member_data={"full_name": "Bình Hai", "member_code": "NPS-2"},
    )
    _other_server()
    count, html, _queries = _directory(second)

    return count, "Hội Tên Mới" in html, "Hội Tên Cũ" in html, "Bình Hai" in html


@pytest.mark.django_db
def test_a_change_saved_through_one_server_shows_on_the_other(world):
    assert _change_seen_by_the_other_server(world) == (2, True, False, True)


@pytest.mark.django_db
def test_with_redis_a_change_shows_on_the_other_server_too(world, shared_cache):
    assert _change_seen_by_the_other_server(world) == (2, True, False, True)


@pytest.mark.django_db
def test_with_redis_what_one_server_keeps_the_other_reads(world, shared_cache):
    first, second = Client(), Client()
    first.force_login(world["staff"])
    second.force_login(world["staff"])
    _directory(first)

    _other_server()
    count, _html, queries = _directory(second)

    assert count == 1
    assert [q["sql"] for q in queries if "COUNT(" in q["sql"]] == []


def test_production_settings_keep_sessions_limits_and_tasks_in_shared_stores():
    session_engine = getattr(production, "SESSION_ENGINE", global_settings.SESSION_ENGINE)
    assert session_engine == "django.contrib.sessions.backends.db"
    assert production.MESSAGE_STORAGE == "django.contrib.messages.storage.session.SessionStorage"
    ratelimit = production.CACHES[production.RATELIMIT_CACHE]
    assert ratelimit["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert production.CELERY_TASK_IGNORE_RESULT is True  # task state lives in the database
    assert production.CELERY_BEAT_SCHEDULER == "core.beat.LockedScheduler"
    if production.REDIS_URL:
        # The page cache and allauth's rate limits (the default cache) are shared through Redis.
        assert production.CACHES["default"]["BACKEND"] == "core.cache.ResilientRedisCache"
        assert production.CELERY_BROKER_URL == production.REDIS_URL
    else:
        # One process serves everything (make run): a local cache and in-process tasks.
        assert production.CACHES["default"]["BACKEND"].endswith("LocMemCache")
        assert production.CELERY_TASK_ALWAYS_EAGER is True


@pytest.mark.django_db
def test_the_society_choices_kept_in_a_process_follow_a_rename(world):
    # members/filters.py keeps the <option>s' HTML per process, keyed by the choices themselves.
    client = Client()
    client.force_login(world["staff"])
    society = world["society"]
    option = '<option value="{}">{}</option>'
    assert option.format(society.pk, "Hội Tên Cũ") in _directory(client)[1]

    society.name = "Hội Tên Mới"
    society.save()
    html = _directory(client)[1]

    assert option.format(society.pk, "Hội Tên Mới") in html
    assert "Hội Tên Cũ" not in html
