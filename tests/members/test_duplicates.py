"""Likely duplicate people (members/duplicates.py) caught on add, in the portal and the admin."""

import pytest
from django.urls import reverse
from django.utils import translation

from associations.accounts import role_assign
from associations.models import RoleKind
from members.duplicates import likely_duplicates
from members.models import Member, Membership
from tests.conftest import make_user
from tests.factories import (
    MemberFactory,
    MembershipFactory,
    SocietyFactory,
    UnionFactory,
    UserFactory,
)

NAME = "Nguyễn Thị Ánh Tuyết"


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def world():
    """Tuyết is a member of `sibling`; the officer keeps `own`, in the same union."""
    union = UnionFactory()
    own, sibling = SocietyFactory(union=union), SocietyFactory(union=union)
    tuyet = MemberFactory(
        union=union, full_name=NAME, birth_year=1975, email="tuyet@example.vn",
        phone="0912 345 678", member_code="HV900",
    )  # fmt: skip
    MembershipFactory(member=tuyet, society=sibling)
    officer = make_user("officer", union, societies=[own])
    staff = UserFactory()
    role_assign(user=staff, union=union, kind=RoleKind.STAFF)
    return {"union": union, "own": own, "sibling": sibling, "tuyet": tuyet,
            "officer": officer, "staff": staff}  # fmt: skip


def add(client, society, **extra):
    data = {
        "joined_on": "2022-03-01", "full_name": "nguyen thi anh  TUYET", "birth_year": "1975",
        "email": "", "phone": "", **extra,
    }  # fmt: skip
    return client.post(reverse("members:member_add", args=[society.pk]), data)


# --- the detector ---------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("values", "reasons"),
    [
        ({"full_name": "NGUYEN THI ANH TUYET", "birth_year": 1975}, ("name_birth_year",)),
        ({"full_name": "Trần Văn Khác", "email": "TUYET@example.vn"}, ("email",)),
        ({"full_name": "Trần Văn Khác", "phone": "+84 912.345.678"}, ("phone",)),
        (
            {"full_name": NAME, "birth_year": 1975, "email": "tuyet@example.vn"},
            ("name_birth_year", "email"),
        ),
    ],
)
def test_likely_duplicates_match_name_and_year_email_or_phone(world, values, reasons):
    (found,) = likely_duplicates(union_id=world["union"].pk, **values)

    assert (found.member, found.reasons) == (world["tuyet"], reasons)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "values",
    [
        {"full_name": NAME, "birth_year": 1976},
        {"full_name": "Nguyễn Thị Ánh", "birth_year": 1975},
        {"full_name": NAME},
        {"full_name": "Trần Văn Khác", "phone": "0912 345 679"},
    ],
)
def test_likely_duplicates_need_a_real_match(world, values):
    assert likely_duplicates(union_id=world["union"].pk, **values) == []


@pytest.mark.django_db
def test_likely_duplicates_stay_within_the_union(world):
    assert likely_duplicates(union_id=UnionFactory().pk, full_name=NAME, birth_year=1975) == []


# --- the portal -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_duplicate_inside_the_society_is_refused(client, world):
    MembershipFactory(member=world["tuyet"], society=world["own"])
    client.force_login(world["officer"])

    response = add(client, world["own"], different_person="on")

    assert response.status_code == 200
    (error,) = response.context["form"].non_field_errors()
    assert error == (
        f"{NAME}, with the same name and birth year, e-mail or phone, is already a member of "
        "this society."
    )
    assert Member.objects.count() == 1


@pytest.mark.django_db
def test_officer_is_told_of_a_duplicate_elsewhere_without_who_it_is(client, world):
    client.force_login(world["officer"])

    response = add(client, world["own"], email="tuyet@example.vn")

    assert response.status_code == 200
    (error,) = response.context["form"].non_field_errors()
    assert "already recorded in another society of the union" in error
    assert "ask the union staff" in error
    body = response.content.decode()
    assert world["sibling"].name not in body and "HV900" not in body and "0912" not in body
    assert "existing_person" not in response.context["form"].fields
    assert Member.objects.count() == 1


@pytest.mark.django_db
def test_officer_records_a_namesake_after_saying_it_is_someone_else(client, world):
    client.force_login(world["officer"])

    response = add(client, world["own"], different_person="on")

    assert response.status_code == 302
    assert Member.objects.filter(birth_year=1975).count() == 2


@pytest.mark.django_db
def test_officer_cannot_link_a_person_outside_their_societies_by_id(client, world):
    client.force_login(world["officer"])

    response = add(client, world["own"], existing_person=str(world["tuyet"].pk))

    assert response.status_code == 200
    assert not Membership.objects.filter(society=world["own"]).exists()


@pytest.mark.django_db
def test_staff_are_offered_the_recorded_person_and_link_them(client, world):
    client.force_login(world["staff"])

    offered = add(client, world["own"])
    linked = add(client, world["own"], existing_person=str(world["tuyet"].pk))

    assert offered.status_code == 200
    choices = offered.context["form"].fields["existing_person"].choices
    assert [pk for pk, _label in choices] == [world["tuyet"].pk]
    assert linked.status_code == 302
    assert Member.objects.count() == 1
    assert set(world["tuyet"].memberships.values_list("society_id", flat=True)) == {
        world["own"].pk,
        world["sibling"].pk,
    }


# --- the admin ------------------------------------------------------------------------------------


def admin_add(client, union, **extra):
    data = {
        "union": union.pk, "full_name": NAME, "birth_year": "1975", "member_code": "",
        "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0", **extra,
    }  # fmt: skip
    return client.post(reverse("admin:members_member_add"), data)


@pytest.mark.django_db
def test_admin_add_names_the_likely_duplicate(client, world):
    client.force_login(world["staff"])

    response = admin_add(client, world["union"])

    assert response.status_code == 200
    (error,) = response.context["adminform"].form.non_field_errors()
    assert error.startswith(f"Likely the same person as: {NAME} · born 1975 · code HV900")
    assert Member.objects.count() == 1


@pytest.mark.django_db
def test_admin_add_records_a_confirmed_different_person(client, world):
    client.force_login(world["staff"])

    response = admin_add(client, world["union"], different_person="on")

    assert response.status_code == 302
    assert Member.objects.filter(full_name=NAME).count() == 2


@pytest.mark.django_db
def test_officer_is_offered_a_former_member_of_their_society_showing_only_their_societies(
    client, world
):
    MembershipFactory(
        member=world["tuyet"], society=world["own"], left_on="2020-01-01", leave_reason="x"
    )
    client.force_login(world["officer"])

    offered = add(client, world["own"])
    linked = add(client, world["own"], existing_person=str(world["tuyet"].pk))

    ((pk, label),) = offered.context["form"].fields["existing_person"].choices
    assert pk == world["tuyet"].pk
    assert label == f"{NAME} · born 1975 · code HV900 · {world['own'].name}"
    assert linked.status_code == 302
    assert world["tuyet"].memberships.filter(society=world["own"], left_on=None).count() == 1
