import pytest
from django.core.cache import cache

from config.celery import app as celery_app

from .factories import RoleFactory, UserFactory

pytest_plugins = ["tests.s3"]  # s3_endpoint, new_bucket, s3_bucket: a local S3 server


@pytest.fixture(autouse=True)
def _test_environment(settings, tmp_path):
    """Every test: tasks in-process (even with REDIS_URL), files in a temp dir, an empty cache."""
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STAFF_MFA_REQUIRED = False  # tests/test_mfa.py covers the enforcement
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    cache.clear()  # after the switch: the test's own cache starts empty, Redis is left alone
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    yield
    celery_app.conf.task_always_eager = eager


def make_user(kind: str | None, union=None, societies=()):
    """A user holding one role in `union` (no role when kind is None)."""
    user = UserFactory()
    if kind is not None:
        role = RoleFactory(user=user, union=union, kind=kind)
        if societies:
            role.societies.set(societies)
    return user


@pytest.fixture
def user_with_role():
    return make_user


def role_users(union, *, own, other_union) -> dict:
    """One user per role in `union` (the officer keeps `own`), staff of `other_union`, anonymous."""
    return {
        "staff": make_user("staff", union),
        "leadership": make_user("leadership", union),
        "officer": make_user("officer", union, societies=[own]),
        "expert": make_user("expert", union),
        "judge": make_user("judge", union),
        "other_staff": make_user("staff", other_union),
        "anonymous": None,
    }


def statuses(client, users: dict, url: str) -> dict[str, int]:
    """The status of GET `url` for each user (None = anonymous)."""
    found = {}
    for role, user in users.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.get(url)
        found[role] = response.status_code
        if response.streaming:
            # Read to the end: closing a streamed response early closes the DB connection.
            b"".join(response.streaming_content)
    return found
