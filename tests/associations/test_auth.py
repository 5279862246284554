import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

NEW_PASSWORD = "Mat-khau-moi-2025-an-toan"


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    """allauth keeps its rate-limit counters in the cache, which outlives a single test."""
    cache.clear()
    yield
    cache.clear()


def _error_codes(response) -> list[str]:
    return [error.code for error in response.context["form"].non_field_errors().as_data()]


def _login(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


@pytest.mark.django_db
def test_login_page_is_public(client):
    response = client.get(reverse("account_login"))

    assert response.status_code == 200


@pytest.mark.django_db
def test_login_with_email_and_password_starts_a_session(client):
    user = UserFactory()

    response = _login(client, user.email, PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.session[SESSION_KEY] == str(user.pk)


@pytest.mark.django_db
def test_login_email_is_case_insensitive(client):
    user = UserFactory(email="can.bo@example.test")

    _login(client, "Can.Bo@Example.TEST", PASSWORD)

    assert client.session[SESSION_KEY] == str(user.pk)


@pytest.mark.django_db
def test_login_with_wrong_password_fails_with_an_error(client):
    user = UserFactory()

    response = _login(client, user.email, "not-the-password")

    assert response.status_code == 200
    assert _error_codes(response) == ["email_password_mismatch"]
    assert SESSION_KEY not in client.session


@pytest.mark.django_db
def test_login_of_an_inactive_user_fails(client):
    user = UserFactory(is_active=False)

    _login(client, user.email, PASSWORD)

    assert SESSION_KEY not in client.session


@pytest.mark.django_db
def test_logout_ends_the_session(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert SESSION_KEY not in client.session
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.django_db
def test_password_reset_mails_a_link_that_sets_a_new_password(client, mailoutbox):
    user = UserFactory()

    response = client.post(reverse("account_reset_password"), {"email": user.email})

    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [user.email]
    link = re.search(r"https?://testserver(/accounts/password/reset/key/\S+/)", mailoutbox[0].body)
    assert link, mailoutbox[0].body

    form_page = client.get(link[1])
    assert form_page.status_code == 302  # allauth moves the key into the session
    done = client.post(
        form_page["Location"], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )

    assert done.status_code == 302
    assert done["Location"] == reverse("account_reset_password_from_key_done")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    client.logout()
    _login(client, user.email, NEW_PASSWORD)
    assert client.session[SESSION_KEY] == str(user.pk)


@pytest.mark.django_db
def test_password_reset_for_an_unknown_email_sends_no_reset_link(client, mailoutbox):
    client.post(reverse("account_reset_password"), {"email": "ai-do@example.test"})

    assert all("/password/reset/key/" not in mail.body for mail in mailoutbox)


@pytest.mark.django_db
def test_signup_is_closed(client):
    response = client.get(reverse("account_signup"))

    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "account/signup_closed.html"
    assert "form" not in response.context
    assert b'name="password1"' not in response.content


@pytest.mark.django_db
def test_signup_post_creates_no_account(client, django_user_model):
    client.post(
        reverse("account_signup"),
        {"email": "moi@example.test", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert not django_user_model.objects.filter(email="moi@example.test").exists()


@pytest.mark.django_db
def test_login_is_refused_after_five_failures_for_the_same_email(client):
    user = UserFactory()
    for _ in range(5):
        assert _error_codes(_login(client, user.email, "sai-mat-khau")) == [
            "email_password_mismatch"
        ]

    response = _login(client, user.email, PASSWORD)

    assert response.status_code == 200
    assert _error_codes(response) == ["too_many_login_attempts"]
    assert SESSION_KEY not in client.session


@pytest.mark.django_db
def test_login_failures_below_the_limit_do_not_lock_the_account(client):
    user = UserFactory()
    for _ in range(4):
        _login(client, user.email, "sai-mat-khau")

    _login(client, user.email, PASSWORD)

    assert client.session[SESSION_KEY] == str(user.pk)
