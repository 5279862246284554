"""Commendations recorded from a society's pages: by its officers and the union staff."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from core.concurrency import VERSION_FIELD, current_version
from members.commendation_services import commendation_create
from members.forms import SocietyCommendationForm
from members.models import Commendation
from tests.conftest import role_users, statuses
from tests.factories import (
    CommendationFactory,
    MemberFactory,
    MembershipFactory,
    SocietyFactory,
    UnionFactory,
)
from tests.querycount import page_queries

ROLES = ["staff", "leadership", "officer", "expert", "judge", "other_staff", "anonymous"]
EDIT = dict(zip(ROLES, [200, 403, 200, 403, 403, 404, 302], strict=True))
# The second society of the union, which the officer does not keep.
SIBLING_EDIT = dict(zip(ROLES, [200, 403, 404, 403, 403, 404, 302], strict=True))


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def world():
    union, other_union = UnionFactory(), UnionFactory()
    own, sibling = SocietyFactory(union=union), SocietyFactory(union=union)
    member = MembershipFactory(society=own, member__union=union).member
    return {
        "union": union,
        "own": own,
        "sibling": sibling,
        "member": member,
        "sibling_member": MembershipFactory(society=sibling, member__union=union).member,
        "foreign_member": MembershipFactory(
            society=SocietyFactory(union=other_union), member__union=other_union
        ).member,
        "users": role_users(union, own=own, other_union=other_union),
        "commendation": CommendationFactory(
            union=union, recipient_type="member", member=member, year=2020
        ),
        "sibling_commendation": CommendationFactory(
            union=union, recipient_type="society", society=sibling, year=2020
        ),
    }


def post_data(**overrides) -> dict:
    data = {
        "recipient_type": "member",
        "member": "",
        "form": "giay_khen",
        "issuer": "UBND huyện",
        "year": "2022",
        "reason": "Có thành tích xuất sắc",
    }
    return {**data, **overrides}


def urls(society, commendation) -> dict[str, str]:
    s, c = society.pk, commendation.pk
    return {
        "add": reverse("members:commendation_add", args=[s]),
        "edit": reverse("members:commendation_edit", args=[s, c]),
        "delete": reverse("members:commendation_delete", args=[s, c]),
    }


# --- who may --------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["add", "edit", "delete"])
def test_commendation_page_status_for_each_role(client, world, page):
    url = urls(world["own"], world["commendation"])[page]

    assert statuses(client, world["users"], url) == EDIT


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["add", "edit", "delete"])
def test_commendation_page_of_another_society_status_for_each_role(client, world, page):
    url = urls(world["sibling"], world["sibling_commendation"])[page]

    assert statuses(client, world["users"], url) == SIBLING_EDIT


@pytest.mark.django_db
def test_commendation_edit_of_another_societys_commendation_is_404(client, world):
    client.force_login(world["users"]["officer"])

    response = client.get(urls(world["own"], world["sibling_commendation"])["edit"])

    assert response.status_code == 404


@pytest.mark.django_db
def test_commendation_list_shows_record_links_to_editors_only(client, world):
    url = reverse("members:commendation_list", args=[world["own"].pk])
    add = reverse("members:commendation_add", args=[world["own"].pk])
    shown = {}
    for role in ("officer", "staff", "leadership"):
        client.force_login(world["users"][role])
        shown[role] = add in client.get(url).content.decode()

    assert shown == {"officer": True, "staff": True, "leadership": False}


# --- recording -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_commendation_add_by_officer_records_member_commendation(client, world):
    client.force_login(world["users"]["officer"])
    url = urls(world["own"], world["commendation"])["add"]

    response = client.post(url, post_data(member=str(world["member"].pk)))

    assert response.status_code == 302
    added = Commendation.objects.exclude(pk=world["commendation"].pk).get(issuer="UBND huyện")
    assert (added.union, added.recipient_type, added.member, added.society, added.year) == (
        world["union"],
        "member",
        world["member"],
        None,
        2022,
    )


@pytest.mark.django_db
def test_commendation_add_for_the_society_by_staff(client, world):
    client.force_login(world["users"]["staff"])
    url = urls(world["own"], world["commendation"])["add"]

    response = client.post(url, post_data(recipient_type="society", member=str(world["member"].pk)))

    assert response.status_code == 302
    added = Commendation.objects.get(issuer="UBND huyện")
    assert (added.recipient_type, added.society, added.member) == ("society", world["own"], None)


@pytest.mark.django_db
@pytest.mark.parametrize("whose", ["sibling_member", "foreign_member"])
def test_commendation_add_refuses_a_person_outside_the_society(client, world, whose):
    client.force_login(world["users"]["officer"])
    url = urls(world["own"], world["commendation"])["add"]

    response = client.post(url, post_data(member=str(world[whose].pk)))

    assert response.status_code == 200
    assert "member" in response.context["form"].errors
    assert Commendation.objects.filter(issuer="UBND huyện").count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("recipient_type", ["union", "other"])
def test_commendation_add_refuses_a_recipient_type_other_than_society_or_member(
    client, world, recipient_type
):
    client.force_login(world["users"]["officer"])
    url = urls(world["own"], world["commendation"])["add"]

    response = client.post(url, post_data(recipient_type=recipient_type))

    assert response.status_code == 200
    assert "recipient_type" in response.context["form"].errors
    assert Commendation.objects.filter(issuer="UBND huyện").count() == 0


@pytest.mark.django_db
def test_commendation_add_refuses_a_member_commendation_without_member(client, world):
    client.force_login(world["users"]["officer"])

    response = client.post(urls(world["own"], world["commendation"])["add"], post_data())

    assert response.context["form"].errors["member"] == [
        "Member: Choose the member who received the commendation."
    ]


@pytest.mark.django_db
def test_commendation_add_refuses_a_future_year(client, world):
    client.force_login(world["users"]["officer"])
    next_year = timezone.localdate().year + 1
    url = urls(world["own"], world["commendation"])["add"]

    response = client.post(url, post_data(member=str(world["member"].pk), year=str(next_year)))

    assert list(response.context["form"].errors) == ["year"]


@pytest.mark.django_db
def test_commendation_create_service_refuses_a_person_outside_the_society(world):
    with pytest.raises(ValidationError) as refused:
        commendation_create(
            society=world["own"],
            data={**post_data(member=world["sibling_member"].pk), "year": 2022},
        )

    assert list(refused.value.message_dict) == ["member"]


# --- editing and deleting ------------------------------------------------------------------------


def edit_data(client, url, **overrides) -> dict:
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    return {**data, **overrides}


@pytest.mark.django_db
def test_commendation_edit_saves_changes(client, world):
    client.force_login(world["users"]["officer"])
    url = urls(world["own"], world["commendation"])["edit"]

    response = client.post(url, edit_data(client, url, issuer="Tỉnh đoàn", year="2021"))

    assert response.status_code == 302
    world["commendation"].refresh_from_db()
    assert (world["commendation"].issuer, world["commendation"].year) == ("Tỉnh đoàn", 2021)


@pytest.mark.django_db
def test_commendation_edit_refuses_a_stale_save(client, world):
    client.force_login(world["users"]["officer"])
    url = urls(world["own"], world["commendation"])["edit"]
    data = edit_data(client, url, issuer="Tỉnh đoàn")
    Commendation.objects.filter(pk=world["commendation"].pk).update(issuer="Sở KH&CN")

    response = client.post(url, data)

    assert response.status_code == 200
    assert "Someone else changed this record" in " ".join(
        response.context["form"].non_field_errors()
    )
    world["commendation"].refresh_from_db()
    assert world["commendation"].issuer == "Sở KH&CN"


@pytest.mark.django_db
def test_commendation_edit_without_version_is_refused(client, world):
    client.force_login(world["users"]["officer"])
    url = urls(world["own"], world["commendation"])["edit"]
    data = edit_data(client, url, issuer="Tỉnh đoàn")
    data[VERSION_FIELD] = ""

    client.post(url, data)

    world["commendation"].refresh_from_db()
    assert world["commendation"].issuer != "Tỉnh đoàn"


@pytest.mark.django_db
def test_commendation_form_version_covers_the_recipient_society(world):
    commendation = world["commendation"]
    form = SocietyCommendationForm(instance=commendation, society=world["own"])
    before = current_version(Commendation, commendation.pk, form.version_fields)
    Commendation.objects.filter(pk=commendation.pk).update(
        recipient_type="society", member=None, society=world["own"]
    )

    after = current_version(Commendation, commendation.pk, form.version_fields)

    assert "society" in form.version_fields
    assert before != after


@pytest.mark.django_db
def test_commendation_delete_asks_then_deletes(client, world):
    client.force_login(world["users"]["officer"])
    url = urls(world["own"], world["commendation"])["delete"]

    shown = client.get(url)
    kept = Commendation.objects.filter(pk=world["commendation"].pk).exists()
    response = client.post(url)

    assert shown.status_code == 200
    assert kept
    assert response.status_code == 302
    assert not Commendation.objects.filter(pk=world["commendation"].pk).exists()


@pytest.mark.django_db
def test_commendation_delete_by_leadership_is_refused(client, world):
    client.force_login(world["users"]["leadership"])

    response = client.post(urls(world["own"], world["commendation"])["delete"])

    assert response.status_code == 403
    assert Commendation.objects.filter(pk=world["commendation"].pk).exists()


@pytest.mark.django_db
def test_commendation_delete_by_other_union_staff_is_404(client, world):
    client.force_login(world["users"]["other_staff"])

    response = client.post(urls(world["own"], world["commendation"])["delete"])

    assert response.status_code == 404
    assert Commendation.objects.filter(pk=world["commendation"].pk).exists()


# --- the list ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_commendation_list_query_count_is_constant(client, world):
    society = world["own"]
    client.force_login(world["users"]["officer"])
    url = reverse("members:commendation_list", args=[society.pk])
    one = page_queries(client, url)
    CommendationFactory(union=society.union, recipient_type="society", society=society)
    CommendationFactory(
        union=society.union, recipient_type="member", member=MemberFactory(union=society.union)
    )  # not a member of the society: not listed
    other = MembershipFactory(society=society, member__union=society.union).member
    CommendationFactory(union=society.union, recipient_type="member", member=other)

    three = page_queries(client, url)

    assert one == three
    assert len(client.get(url).context["commendations"]) == 3
