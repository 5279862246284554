"""Failed logins counted per account and per address, in a store every process shares."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.cache import caches
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory


def _login(client, email, password, address="10.0.0.1"):
    return client.post(
        reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=address
    )


def _error_codes(response) -> list[str]:
    return [error.code for error in response.context["form"].non_field_errors().as_data()]


@pytest.mark.django_db
def test_failures_of_one_account_do_not_block_another_account_on_the_same_address(client):
    victim, colleague = UserFactory(), UserFactory()
    for _ in range(20):
        _login(client, victim.email, "sai-mat-khau")

    response = _login(client, colleague.email, PASSWORD)

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(colleague.pk)


@pytest.mark.django_db
def test_failures_of_an_account_block_it_from_every_address(client):
    user = UserFactory()
    for number in range(5):
        _login(client, user.email, "sai-mat-khau", address=f"10.0.1.{number}")

    response = _login(client, user.email, PASSWORD, address="10.0.9.9")

    assert _error_codes(response) == ["too_many_login_attempts"]
    assert SESSION_KEY not in client.session


@pytest.mark.django_db
def test_an_address_is_blocked_beyond_its_own_limit(client, settings):
    settings.LOGIN_FAILURE_LIMITS = {"account": (5, 300), "address": (8, 900)}
    user = UserFactory()
    for number in range(8):
        _login(client, f"khong-co-{number}@example.test", "sai-mat-khau")

    response = _login(client, user.email, PASSWORD)

    assert _error_codes(response) == ["too_many_login_attempts"]


@pytest.mark.django_db
def test_failure_counts_live_in_the_shared_database_store(client, settings):
    user = UserFactory()
    _login(client, user.email, "sai-mat-khau")
    caches["default"].clear()  # a process-local cache holds none of it

    assert settings.CACHES[settings.RATELIMIT_CACHE]["BACKEND"].endswith("db.DatabaseCache")
    for _ in range(4):
        _login(client, user.email, "sai-mat-khau")
    response = _login(client, user.email, PASSWORD)

    assert _error_codes(response) == ["too_many_login_attempts"]
