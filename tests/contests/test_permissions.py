"""Who sees what of contests (design §4): per role, and "own society" means own."""

import pytest
from django.urls import reverse

from associations import permissions
from contests.models import Entry, Initiative
from tests.conftest import role_users, statuses

from ..factories import SocietyFactory, UnionFactory
from .factories import ContestFactory, EntryFactory, InitiativeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    union, other = UnionFactory(), UnionFactory()
    own, sibling = SocietyFactory(union=union), SocietyFactory(union=union)
    contest = ContestFactory(union=union)
    return {
        "users": role_users(union, own=own, other_union=other),
        "contest": contest,
        "own_entry": EntryFactory(contest=contest, society=own),
        "sibling_entry": EntryFactory(contest=contest, society=sibling),
        "own_initiative": InitiativeFactory(union=union, society=own),
        "sibling_initiative": InitiativeFactory(union=union, society=sibling),
    }


def test_entry_page_answers_each_role(client, world):
    url = reverse("contests:entry_detail", args=[world["contest"].pk, world["own_entry"].pk])

    assert statuses(client, world["users"], url) == {
        "staff": 200,
        "leadership": 200,
        "officer": 200,
        "expert": 403,
        "judge": 403,  # judges see entries only through their blind score sheets
        "other_staff": 404,
        "anonymous": 302,
    }


def test_entry_edit_answers_each_role(client, world):
    url = reverse("contests:entry_edit", args=[world["contest"].pk, world["own_entry"].pk])

    assert statuses(client, world["users"], url) == {
        "staff": 200,
        "leadership": 403,
        "officer": 200,
        "expert": 403,
        "judge": 403,
        "other_staff": 404,
        "anonymous": 302,
    }


@pytest.mark.parametrize("role", ["staff", "leadership", "officer", "expert", "judge"])
def test_scopes_of_entries_and_initiatives(world, role):
    user = world["users"][role]

    entries = set(permissions.scope_society_records(user, Entry.objects.all()))
    initiatives = set(permissions.scope_society_records(user, Initiative.objects.all()))

    expected = {
        "staff": ({"own_entry", "sibling_entry"}, {"own_initiative", "sibling_initiative"}),
        "leadership": ({"own_entry", "sibling_entry"}, {"own_initiative", "sibling_initiative"}),
        "officer": ({"own_entry"}, {"own_initiative"}),
        "expert": (set(), set()),
        "judge": (set(), set()),
    }[role]
    assert (entries, initiatives) == (
        {world[name] for name in expected[0]},
        {world[name] for name in expected[1]},
    )
