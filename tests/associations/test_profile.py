"""The profile page, the active tab, breadcrumbs and the favicon."""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse
from django.utils.html import escape

from associations.models import User
from core.concurrency import VERSION_FIELD
from tests.conftest import make_user, role_users, statuses
from tests.factories import RoleFactory, SocietyFactory, UnionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def users():
    union = UnionFactory()
    return role_users(union, own=SocietyFactory(union=union), other_union=UnionFactory())


def test_profile_answers_every_signed_in_role_and_sends_anonymous_to_login(client, users):
    found = statuses(client, users, reverse("profile"))

    assert found == {role: 302 if role == "anonymous" else 200 for role in users}


def shown_version(client) -> str:
    return client.get(reverse("profile")).context["form"].initial[VERSION_FIELD]


def test_profile_changes_only_the_users_own_name(client, users):
    user, other = users["officer"], users["staff"]
    client.force_login(user)
    version = shown_version(client)

    response = client.post(
        reverse("profile"), {"full_name": "  Lê Thị Hoa  ", "pk": other.pk, VERSION_FIELD: version}
    )

    user.refresh_from_db()
    other_name = other.full_name
    other.refresh_from_db()
    assert response.status_code == 302
    assert user.full_name == "Lê Thị Hoa"
    assert other.full_name == other_name


def test_profile_refuses_an_empty_name_in_vietnamese(client, users):
    client.force_login(users["judge"])

    response = client.post(
        reverse("profile"), {"full_name": " ", VERSION_FIELD: shown_version(client)}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["full_name"] == ["Trường này là bắt buộc."]


def test_profile_stale_save_is_refused_and_keeps_the_newer_name(client, users):
    user = users["expert"]
    client.force_login(user)
    version = shown_version(client)
    User.objects.filter(pk=user.pk).update(full_name="Tên đổi ở thẻ khác")

    response = client.post(reverse("profile"), {"full_name": "Tên cũ", VERSION_FIELD: version})

    user.refresh_from_db()
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert response.context["form"]["full_name"].value() == "Tên cũ"
    assert user.full_name == "Tên đổi ở thẻ khác"


def test_profile_says_whether_two_factor_is_on(client, users):
    user = users["staff"]
    client.force_login(user)
    assert client.get(reverse("profile")).context["two_factor"] is False
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})

    assert client.get(reverse("profile")).context["two_factor"] is True


def test_users_name_in_the_header_links_to_the_profile(client, users):
    user = users["leadership"]
    client.force_login(user)

    body = client.get(reverse("home")).content.decode()

    assert f'href="{reverse("profile")}"' in body
    assert f'<a href="{reverse("mfa_index")}">{user}</a>' not in body


@pytest.mark.parametrize(
    ("role", "page", "tab"),
    [
        ("staff", "home", "Trang chủ"),
        ("staff", "society_list", "Các hội"),
        ("staff", "members:directory", "Hội viên"),
        ("leadership", "reports:list", "Báo cáo tổng kết nhiệm kỳ"),
    ],
)
def test_navigation_marks_the_active_tab(client, users, role, page, tab):
    client.force_login(users[role])

    body = client.get(reverse(page)).content.decode()

    assert body.count('aria-current="page"') >= 1
    assert f'aria-current="page">{tab}</a>' in body


def test_society_pages_mark_my_society_for_an_officer_and_show_breadcrumbs(client, users):
    officer = users["officer"]
    society = officer.roles.get().societies.get()
    client.force_login(officer)

    body = client.get(reverse("activity_list", args=[society.pk])).content.decode()

    assert 'aria-current="page">Hội của tôi</a>' in body
    assert 'class="breadcrumbs"' in body
    assert (
        f'<a href="{reverse("society_detail", args=[society.pk])}">{escape(society.name)}</a>'
        in body
    )


def test_every_page_names_the_favicon(client, users):
    client.force_login(users["staff"])

    body = client.get(reverse("home")).content.decode()

    assert 'rel="icon" href="/static/img/favicon.svg"' in body
    assert client.get("/favicon.ico").headers["Location"] == "/static/img/favicon.svg"


def test_profile_query_count_does_not_grow_with_roles(client, django_assert_max_num_queries):
    union = UnionFactory()
    user = make_user("officer", union, societies=[SocietyFactory(union=union)])
    client.force_login(user)
    with django_assert_max_num_queries(15) as one:
        assert client.get(reverse("profile")).status_code == 200
    for kind in ("expert", "judge"):
        RoleFactory(user=user, union=UnionFactory(), kind=kind)
    user.roles.get(kind="officer").societies.add(SocietyFactory(union=union))

    with django_assert_max_num_queries(15) as three:
        response = client.get(reverse("profile"))

    assert len(response.context["roles"]) == 3
    assert len(one.captured_queries) == len(three.captured_queries)
