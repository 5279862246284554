import pytest
from django.urls import reverse

from .factories import TermFactory


@pytest.mark.django_db
def test_home_redirects_anonymous_to_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.django_db
def test_staff_home_renders(client, user_with_role):
    term = TermFactory()
    user = user_with_role("staff", term.union)
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
