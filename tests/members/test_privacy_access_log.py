"""Who looked: views of a person by anyone but their union's staff, and every export, are logged;
staff read the log on the person's page; "see my data" is produced and logged."""

import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from associations.models import Union
from members.models import PersonalDataAccess
from tests.conftest import make_user, role_users, statuses
from tests.factories import MembershipFactory, SocietyFactory, UnionFactory
from tests.querycount import page_queries


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def world():
    union = UnionFactory()
    society = SocietyFactory(union=union)
    member = MembershipFactory(society=society, member__union=union, member__full_name="An").member
    users = role_users(union, own=society, other_union=UnionFactory())
    return {"union": union, "society": society, "member": member, "users": users}


def view(client, user, member):
    client.force_login(user)
    return client.get(reverse("members:member_detail", args=[member.pk]))


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["officer", "leadership"])
def test_officer_and_leadership_views_are_logged(client, world, role):
    user = world["users"][role]
    response = view(client, user, world["member"])
    entry = PersonalDataAccess.objects.get()
    assert (response.status_code, entry.user, entry.member, entry.action, entry.union_id) == (
        200,
        user,
        world["member"],
        "view",
        world["union"].pk,
    )
    assert entry.path == reverse("members:member_detail", args=[world["member"].pk])


@pytest.mark.django_db
def test_staff_views_of_their_own_unions_people_are_not_logged(client, world):
    view(client, world["users"]["staff"], world["member"])
    assert PersonalDataAccess.objects.count() == 0


@pytest.mark.django_db
def test_parent_union_staff_views_are_logged(client, world):
    parent = UnionFactory()
    Union.objects.filter(pk=world["union"].pk).update(parent=parent)
    parent_staff = make_user("staff", parent)
    response = view(client, parent_staff, world["member"])
    assert (response.status_code, PersonalDataAccess.objects.get().user) == (200, parent_staff)


@pytest.mark.django_db
def test_refused_views_are_not_logged(client, world):
    response = view(client, world["users"]["other_staff"], world["member"])
    assert (response.status_code, PersonalDataAccess.objects.count()) == (404, 0)


@pytest.mark.django_db
def test_member_page_shows_the_log_to_staff_only(client, world):
    view(client, world["users"]["officer"], world["member"])
    staff_page = view(client, world["users"]["staff"], world["member"])
    leadership_page = view(client, world["users"]["leadership"], world["member"])
    assert [entry.user for entry in staff_page.context["access_log"]] == [world["users"]["officer"]]
    assert "access_log" not in leadership_page.context


@pytest.mark.django_db
def test_access_log_page_is_paginated(client, world):
    officer = world["users"]["officer"]
    PersonalDataAccess.objects.bulk_create(
        PersonalDataAccess(
            union=world["union"], member=world["member"], user=officer, action="view"
        )
        for _ in range(30)
    )
    client.force_login(world["users"]["staff"])
    url = reverse("members:privacy_access_log", args=[world["member"].pk])
    first, second = client.get(url), client.get(url, {"page": 2})
    assert (len(first.context["page_obj"]), len(second.context["page_obj"])) == (25, 5)


@pytest.mark.django_db
def test_access_log_page_for_each_role(client, world):
    url = reverse("members:privacy_access_log", args=[world["member"].pk])
    got = statuses(client, world["users"], url)
    assert got == {
        "staff": 200,
        "leadership": 403,
        "officer": 403,
        "expert": 403,
        "judge": 403,
        "other_staff": 404,
        "anonymous": 302,
    }


@pytest.mark.django_db
def test_access_log_queries_do_not_grow_with_entries(client, world):
    client.force_login(world["users"]["staff"])
    url = reverse("members:privacy_access_log", args=[world["member"].pk])

    def add(count):
        PersonalDataAccess.objects.bulk_create(
            PersonalDataAccess(
                union=world["union"], member=world["member"], user=make_user(None), action="view"
            )
            for _ in range(count)
        )

    add(1)
    one = page_queries(client, url)
    add(3)
    assert page_queries(client, url) == one


@pytest.mark.django_db
def test_member_page_queries_do_not_grow_with_the_log(client, world):
    client.force_login(world["users"]["staff"])
    url = reverse("members:member_detail", args=[world["member"].pk])
    PersonalDataAccess.objects.create(
        union=world["union"], member=world["member"], user=make_user(None), action="view"
    )
    one = page_queries(client, url, limit=30)
    PersonalDataAccess.objects.bulk_create(
        PersonalDataAccess(
            union=world["union"], member=world["member"], user=make_user(None), action="view"
        )
        for _ in range(3)
    )
    assert page_queries(client, url, limit=30) == one


# --- "see my data" --------------------------------------------------------------------------


@pytest.mark.django_db
def test_subject_export_xlsx_holds_the_persons_data_in_vietnamese_and_is_logged(
    client, world, settings
):
    settings.LANGUAGE_CODE = "vi"
    staff = world["users"]["staff"]
    client.force_login(staff)
    with translation.override("vi"):
        response = client.get(
            reverse("members:privacy_subject_export", args=[world["member"].pk, "xlsx"])
        )
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = {cell for row in sheet.iter_rows(values_only=True) for cell in row if cell}
    entry = PersonalDataAccess.objects.get()
    assert response.status_code == 200
    assert {"An", "THÔNG TIN CÁ NHÂN", world["society"].name} <= cells
    assert (entry.action, entry.detail, entry.user) == ("subject_export", "xlsx", staff)


@pytest.mark.django_db
def test_subject_export_pdf_is_a_pdf_and_is_logged(client, world):
    client.force_login(world["users"]["staff"])
    response = client.get(
        reverse("members:privacy_subject_export", args=[world["member"].pk, "pdf"])
    )
    assert (response.status_code, response["Content-Type"], response.content[:5]) == (
        200,
        "application/pdf",
        b"%PDF-",
    )
    assert PersonalDataAccess.objects.get().detail == "pdf"


@pytest.mark.django_db
def test_subject_export_for_each_role(client, world):
    url = reverse("members:privacy_subject_export", args=[world["member"].pk, "xlsx"])
    got = statuses(client, world["users"], url)
    assert (got["staff"], got["leadership"], got["officer"], got["other_staff"]) == (
        200,
        403,
        403,
        404,
    )
