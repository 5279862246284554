"""Production path for an account made by staff: reset link, log in, two-factor, admin.

Run with DEBUG off, HTTPS enforced and staff two-factor required, through the real pages."""

import re
import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.core import mail
from django.urls import reverse

from associations.accounts import role_assign
from tests.factories import UnionFactory, UserFactory

NEW_PASSWORD = "Mat-khau-moi-2025-an-toan"


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.STAFF_MFA_REQUIRED = True
    settings.SECURE_SSL_REDIRECT = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True


def _created_by_staff():
    """As the user admin makes it: no usable password, an e-mail nobody has verified."""
    user = UserFactory(email="can.bo.moi@example.test")
    user.set_unusable_password()
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    role_assign(user=user, union=UnionFactory(), kind="staff")
    return user


def _path(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


@pytest.mark.django_db
def test_account_made_by_staff_reaches_the_admin_with_two_factor(client, production):
    user = _created_by_staff()

    client.post(reverse("account_reset_password"), {"email": user.email}, secure=True)
    link = re.search(r"https?://\S+/password/reset/key/\S+", mail.outbox[0].body).group(0)
    form = client.get(_path(link), secure=True, follow=True)
    set_password = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else _path(link),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        secure=True,
    )
    login = client.post(
        reverse("account_login"), {"login": user.email, "password": NEW_PASSWORD}, secure=True
    )
    home = client.get(reverse("home"), secure=True)
    activate = client.get(reverse("mfa_activate_totp"), secure=True)
    secret = client.session[SECRET_SESSION_KEY]
    code = format_hotp_value(hotp_value(secret, int(time.time() // 30)))
    activated = client.post(reverse("mfa_activate_totp"), {"code": code}, secure=True)
    admin = client.get(reverse("admin:index"), secure=True)
    codes = client.get(reverse("mfa_view_recovery_codes"), secure=True).content.decode()

    assert set_password.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert login.status_code == 302
    assert home["Location"] == reverse("mfa_activate_totp")
    assert activate.status_code == 200  # no second password prompt right after logging in
    assert activated.status_code == 302
    assert admin.status_code == 200
    actions = re.search(r'<div class="actions">(.*?)</div>', codes, re.S).group(1)
    assert reverse("mfa_download_recovery_codes") in actions
    assert reverse("mfa_generate_recovery_codes") in actions
