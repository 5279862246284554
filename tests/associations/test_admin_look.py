"""The admin reads as the union's portal, in Vietnamese, with years written as years."""

import re

import pytest
from django.conf import settings
from django.contrib import admin
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags

from associations.accounts import role_assign
from associations.models import RoleKind
from core.imports import ImportResult

from ..factories import CommendationFactory, MemberFactory, UnionFactory, UserFactory
from .test_admin_forms import OUR_APPS, filled_record, our_admins

# What users reported, and Django's defaults that must not show through.
LEFTOVERS = [
    "Django",
    "Show counts",
    "Hide counts",
    "Thêm vào",
    "Hoạt động:",
    "column names and codes in English",
    "Recent actions",
    "Skip to main content",
]


@pytest.fixture(scope="module", autouse=True)
def _catalog(django_db_blocker):
    """The catalogue as the sources have it, read afresh (changing LOCALE_PATHS drops the cache)."""
    with django_db_blocker.unblock():
        call_command("compilemessages", locale=["vi"], ignore_patterns=[".venv"], verbosity=0)
    with override_settings(LOCALE_PATHS=list(settings.LOCALE_PATHS)):
        yield


@pytest.fixture
def staff_user():
    user = UserFactory()
    role_assign(user=user, union=UnionFactory(), kind=RoleKind.STAFF)
    return user


@pytest.fixture
def staff(client, staff_user):
    client.force_login(staff_user)
    return staff_user.roles.get().union


def visible_text(response) -> str:
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return strip_tags(html)


def leftovers(response) -> list[str]:
    text = visible_text(response)
    return [word for word in LEFTOVERS if word in text]


@pytest.mark.django_db
def test_admin_index_is_branded_as_the_union_portal(client, staff):
    response = client.get(reverse("admin:index"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Cổng Liên hiệp hội — Quản trị" in html
    assert "<title>Quản trị | Cổng Liên hiệp hội</title>" in html
    assert leftovers(response) == []


@pytest.mark.django_db
@pytest.mark.parametrize("label", our_admins())
def test_admin_pages_have_no_english_leftovers(client, rf, staff_user, staff, label):
    record = filled_record(label, staff)
    name = label.replace(".", "_")
    request = rf.get("/")
    request.user = staff_user
    urls = [
        reverse(f"admin:{name}_changelist"),
        reverse(f"admin:{name}_change", args=[record.pk]),
    ]
    if admin.site._registry[type(record)].has_add_permission(request):
        urls.append(reverse(f"admin:{name}_add"))

    found = {url: leftovers(client.get(url)) for url in urls}

    assert found == {url: [] for url in urls}


@pytest.mark.django_db
def test_admin_export_formats_are_in_vietnamese(client, staff):
    response = client.get(reverse("admin:members_member_export"))

    assert response.status_code == 200
    assert "CSV (tên cột và mã dùng cho phần mềm khác)" in response.content.decode()
    assert leftovers(response) == []


@pytest.mark.django_db
def test_member_changelist_shows_birth_years_without_separator(client, staff):
    MemberFactory(union=staff, birth_year=1970, typical_intellectual_year=2015)

    response = client.get(reverse("admin:members_member_changelist"))

    html = response.content.decode()
    assert ">1970<" in html
    assert "1.970" not in html


@pytest.mark.django_db
def test_commendation_changelist_shows_years_without_separator(client, staff):
    CommendationFactory(union=staff, year=2021)

    response = client.get(reverse("admin:members_commendation_changelist"))

    assert ">2021<" in response.content.decode()
    assert "2.021" not in response.content.decode()


def test_import_summary_names_the_kind_in_vietnamese():
    result = ImportResult(kind="members", dry_run=False, created=1)

    with translation.override("vi"):
        summary = result.summary()

    assert summary.startswith("Hội viên: tạo mới 1")


def test_our_apps_are_the_ones_checked():
    assert {label.split(".")[0] for label in our_admins()} == set(OUR_APPS)


@pytest.mark.django_db
def test_history_record_page_names_the_app_and_model_in_vietnamese(client, staff):
    record = filled_record("associations.activity", staff)
    history_id = record.history.order_by("-history_date").first().history_id

    response = client.get(
        reverse("admin:associations_activity_simple_history", args=[record.pk, history_id])
    )

    text = visible_text(response)
    assert response.status_code == 200
    assert "Associations" not in text
    assert "Historical" not in text


@pytest.mark.django_db
def test_user_change_page_of_another_person_has_no_password_link(client, staff):
    colleague = filled_record("associations.user", staff)

    response = client.get(reverse("admin:associations_user_change", args=[colleague.pk]))

    html = response.content.decode()
    assert "../password/" not in html
    assert "Gửi liên kết đặt mật khẩu" in html
