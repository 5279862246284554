import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from .conftest import make_user
from .factories import UnionFactory


@pytest.fixture
def mfa_required(settings):
    settings.STAFF_MFA_REQUIRED = True


@pytest.mark.django_db
def test_staff_without_totp_are_sent_to_set_it_up(client, mfa_required):
    client.force_login(make_user("staff", UnionFactory()))

    response = client.get(reverse("home"))
    setup = client.get(reverse("mfa_activate_totp"))
    reauthenticate = client.get(setup["Location"])

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    # A session made without a password (force_login) must confirm it before adding a device;
    # the page that asks for it is not itself sent back to the device set-up.
    assert setup.status_code == 302
    assert setup["Location"].startswith(reverse("account_reauthenticate"))
    assert reauthenticate.status_code == 200


@pytest.mark.django_db
def test_staff_with_totp_use_the_portal(client, mfa_required):
    user = make_user("staff", UnionFactory())
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    client.force_login(user)

    assert client.get(reverse("home")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["leadership", "officer", "expert", "judge"])
def test_other_roles_are_not_forced_to_set_up_totp(client, mfa_required, kind):
    client.force_login(make_user(kind, UnionFactory()))

    assert client.get(reverse("home")).status_code == 200
