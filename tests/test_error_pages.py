"""403, 404 and 500 in Vietnamese, inside the portal's layout, with a way back home."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views import defaults

from tests.conftest import make_user
from tests.factories import UnionFactory

pytestmark = pytest.mark.django_db


def test_403_is_vietnamese_in_the_layout_with_a_way_back(client):
    client.force_login(make_user("expert", UnionFactory()))

    response = client.get(reverse("members:directory"))

    body = response.content.decode()
    assert response.status_code == 403
    assert "Bạn không có quyền mở trang này" in body
    assert 'class="topbar"' in body and f'href="{reverse("home")}"' in body
    assert "Forbidden" not in body


def test_404_is_vietnamese_in_the_layout_with_a_way_back(client):
    client.force_login(make_user("staff", UnionFactory()))

    response = client.get("/khong-co-trang-nay/")

    body = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy trang" in body
    assert 'class="mainnav"' in body and "Về trang chủ" in body
    assert "Not Found" not in body


def test_404_for_anonymous_offers_the_login(client):
    response = client.get("/khong-co-trang-nay/")

    assert response.status_code == 404
    assert reverse("account_login") in response.content.decode()


def test_500_renders_without_a_request_context_or_the_database(django_assert_num_queries):
    request = RequestFactory().get("/")

    with django_assert_num_queries(0):
        response = defaults.server_error(request)

    body = response.content.decode()
    assert response.status_code == 500
    assert "Hệ thống đang gặp sự cố" in body and "Về trang chủ" in body
    assert "Server Error" not in body


def test_500_is_what_a_failing_view_shows(settings):
    settings.ROOT_URLCONF = "tests.error_urls"
    client = Client(raise_request_exception=False)

    response = client.get("/hong/")

    assert response.status_code == 500
    assert "Hệ thống đang gặp sự cố" in response.content.decode()


def test_csrf_failure_is_vietnamese_in_the_layout():
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("staff", UnionFactory()))

    response = client.post(reverse("profile"), {"full_name": "Lê Văn A"})

    body = response.content.decode()
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in body and 'class="topbar"' in body
    assert "CSRF verification failed" not in body
