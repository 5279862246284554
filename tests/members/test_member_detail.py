"""A person's page: who may see it, what an officer sees of it, its history, its query count."""

import datetime
import re

import pytest
from django.urls import reverse

from members import services
from members.models import Member, Membership
from tests.conftest import role_users, statuses
from tests.factories import MemberFactory, MembershipFactory, SocietyFactory, UnionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """A person in the officer's society `own` and in `sibling`; a second union with its own."""
    union = UnionFactory()
    own, sibling = SocietyFactory(union=union), SocietyFactory(union=union)
    other_union = UnionFactory()
    person = MemberFactory(union=union, full_name="Trần Thị Mai", workplace="Trạm Y tế")
    MembershipFactory(member=person, society=own)
    MembershipFactory(member=person, society=sibling)
    elsewhere = MemberFactory(union=union)  # only in the sibling society
    MembershipFactory(member=elsewhere, society=sibling)
    stranger = MemberFactory(union=other_union)
    MembershipFactory(member=stranger, society=SocietyFactory(union=other_union))
    users = role_users(union, own=own, other_union=other_union)
    return {
        "person": person,
        "elsewhere": elsewhere,
        "stranger": stranger,
        "own": own,
        "sibling": sibling,
        "users": users,
    }


def url(member) -> str:
    return reverse("members:member_detail", args=[member.pk])


def test_member_page_answers_each_role(client, world):
    found = statuses(client, world["users"], url(world["person"]))

    assert found == {
        "staff": 200,
        "leadership": 200,
        "officer": 200,  # the person is in the officer's own society
        "expert": 403,
        "judge": 403,
        "other_staff": 404,
        "anonymous": 302,
    }


def test_member_page_of_another_society_is_404_for_an_officer(client, world):
    found = statuses(client, world["users"], url(world["elsewhere"]))

    assert (found["officer"], found["staff"], found["leadership"]) == (404, 200, 200)


def test_member_page_of_another_union_is_404_for_everyone_there(client, world):
    found = statuses(client, world["users"], url(world["stranger"]))

    assert {found[role] for role in ("staff", "leadership", "officer")} == {404}


def test_member_page_shows_an_officer_only_their_own_societys_membership(client, world):
    client.force_login(world["users"]["officer"])

    response = client.get(url(world["person"]))

    shown = [membership.society for membership in response.context["memberships"]]
    subjects = {entry.subject for entry in response.context["history"]}
    assert shown == [world["own"]]
    assert subjects == {"Thông tin cá nhân", f"Sinh hoạt tại {world['own'].name}"}
    assert world["sibling"].name not in response.content.decode()


def test_member_page_shows_staff_every_membership(client, world):
    client.force_login(world["users"]["staff"])

    response = client.get(url(world["person"]))

    shown = {membership.society for membership in response.context["memberships"]}
    assert shown == {world["own"], world["sibling"]}


def test_member_page_history_names_the_change_and_its_values(client, world):
    person = world["person"]
    membership = person.memberships.get(society=world["own"])
    services.membership_end(
        membership=membership, left_on=datetime.date(2024, 5, 1), leave_reason="Nghỉ hưu"
    )
    person.workplace = "Bệnh viện Đa khoa"
    person.save()
    client.force_login(world["users"]["staff"])

    history = client.get(url(person)).context["history"]

    changes = {(c.label, c.old, c.new) for entry in history for c in entry.changes}
    assert ("Nơi công tác", "Trạm Y tế", "Bệnh viện Đa khoa") in changes
    assert ("Ngày rời hội", "—", "01/05/2024") in changes


def test_member_page_birth_year_is_not_printed_with_a_thousands_separator(client, world):
    client.force_login(world["users"]["staff"])

    body = client.get(url(world["person"])).content.decode()

    # Only text shown: a timestamp in an attribute (datetime="…:01.980960") may hold "1.980".
    shown = re.sub(r"<[^>]+>", " ", body)
    assert "1980" in shown and "1.980" not in shown
    assert "None" not in body


def test_member_page_query_count_is_constant(client, world, django_assert_max_num_queries):
    person = world["person"]
    client.force_login(world["users"]["staff"])
    with django_assert_max_num_queries(20) as one:
        assert client.get(url(person)).status_code == 200
    for year in (2020, 2021):
        MembershipFactory(member=person, society=SocietyFactory(union=person.union))
        person.workplace = f"Nơi công tác {year}"
        person.save()

    with django_assert_max_num_queries(20) as three:
        response = client.get(url(person))

    assert len(response.context["memberships"]) == 4
    assert len(one.captured_queries) == len(three.captured_queries)


def test_directory_links_each_name_to_the_member_page(client, world):
    client.force_login(world["users"]["staff"])

    body = client.get(reverse("members:directory")).content.decode()

    assert f'<a href="{url(world["person"])}">Trần Thị Mai</a>' in body


def test_member_page_shows_a_change_to_a_person_bulk_loaded_without_history(client, world):
    union = world["person"].union
    (loaded,) = Member.objects.bulk_create([Member(union=union, full_name="Phạm Văn Bình")])
    MembershipFactory(member=loaded, society=world["own"])
    Membership.history.filter(id__in=loaded.memberships.values("id")).delete()
    loaded.workplace = "UBND phường"
    loaded.save()
    client.force_login(world["users"]["staff"])

    history = client.get(url(loaded)).context["history"]

    assert [(entry.subject, entry.action, entry.changes) for entry in history] == [
        ("Thông tin cá nhân", "Sửa đổi", [])
    ]
