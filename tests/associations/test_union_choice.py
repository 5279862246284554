"""Staff of several unions choose the union of what they create (a consultation task, a yearly
plan, a reporting round, a contest); staff of one union see no choice; a union they don't keep
is refused whatever id is posted (associations.forms.add_union_choice)."""

import pytest
from django.urls import reverse

from consultations.models import ConsultationPlan, ConsultationTask
from contests.models import Contest
from submissions.models import Round
from tests.conftest import make_user
from tests.factories import RoleFactory, SocietyFactory, UnionFactory

pytestmark = pytest.mark.django_db

# (url name, what is posted, how the created record is found)
CREATIONS = {
    "task": (
        "consultations:task_add",
        {
            "title": "Dự thảo quy hoạch",
            "type": "critique",
            "requesting_body": "UBND",
            "received_on": "2024-04-01",
        },
        lambda: ConsultationTask.objects.filter(title="Dự thảo quy hoạch"),
    ),
    "plan": (
        "consultations:plan_add",
        {"year": 2031, "planned_topics": 2, "notes": ""},
        lambda: ConsultationPlan.objects.filter(year=2031),
    ),
    "round": (
        "submissions:round_add",
        {
            "title": "Báo cáo năm 2030",
            "period_kind": "year",
            "year": 2030,
            "deadline": "2031-01-15",
            "asks_members": "on",
        },
        lambda: Round.objects.filter(title="Báo cáo năm 2030"),
    ),  # fmt: skip
    "contest": (
        "contests:contest_add",
        {
            "name": "Hội thi mới",
            "kind": "youth_creativity",
            "level": "district",
            "year": 2030,
            "judges_per_entry": 3,
        },
        lambda: Contest.objects.filter(name="Hội thi mới"),
    ),  # fmt: skip
}


@pytest.fixture
def two_unions():
    first, second, foreign = UnionFactory(), UnionFactory(), UnionFactory()
    for union in (first, second, foreign):
        SocietyFactory(union=union)
    staff = make_user("staff", first)
    RoleFactory(user=staff, union=second, kind="staff")
    return {"first": first, "second": second, "foreign": foreign, "staff": staff}


@pytest.mark.parametrize("kind", CREATIONS)
def test_staff_of_two_unions_create_in_the_union_they_choose(client, two_unions, kind):
    url_name, data, created = CREATIONS[kind]
    client.force_login(two_unions["staff"])

    page = client.get(reverse(url_name)).content.decode()
    response = client.post(reverse(url_name), {**data, "union": two_unions["second"].pk})

    assert 'name="union"' in page and "<select" in page
    assert response.status_code == 302
    assert created().get().union_id == two_unions["second"].pk


@pytest.mark.parametrize("kind", CREATIONS)
def test_a_union_the_user_does_not_keep_is_refused_and_nothing_is_created(client, two_unions, kind):
    url_name, data, created = CREATIONS[kind]
    client.force_login(two_unions["staff"])

    response = client.post(reverse(url_name), {**data, "union": two_unions["foreign"].pk})

    assert response.status_code == 200
    assert "union" in response.context["form"].errors
    assert not created().exists()


@pytest.mark.parametrize("kind", CREATIONS)
def test_staff_of_one_union_get_no_choice_and_create_in_their_union(client, kind):
    url_name, data, created = CREATIONS[kind]
    union = UnionFactory()
    SocietyFactory(union=union)
    client.force_login(make_user("staff", union))

    page = client.get(reverse(url_name)).content.decode()
    response = client.post(reverse(url_name), data)

    assert 'type="hidden" name="union"' in page
    assert response.status_code == 302
    assert created().get().union_id == union.pk
