"""The contests admin: scoped to the staff's union, version-checked, criteria inline, entries
frozen with their contest, judging records read-only."""

import datetime

import pytest
from django.urls import reverse

from associations.accounts import role_assign
from associations.models import RoleKind
from contests.models import Contest, ContestStatus
from core.concurrency import VERSION_FIELD
from tests.admin_helpers import post_with_version

from ..factories import UnionFactory, UserFactory
from .factories import ContestFactory, CriterionFactory, EntryFactory, JudgeAssignmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    union = UnionFactory()
    user = UserFactory()
    role_assign(user=user, union=union, kind=RoleKind.STAFF)
    client.force_login(user)
    client.union = union
    return client


def contest_data(contest, criterion, **changes):
    return {
        "name": contest.name,
        "kind": contest.kind,
        "level": contest.level,
        "year": contest.year,
        "opens_on": "2024-01-01",
        "closes_on": "2099-12-31",
        "judges_per_entry": 3,
        "notes": "",
        "union": contest.union_id,
        "criteria-TOTAL_FORMS": 1,
        "criteria-INITIAL_FORMS": 1,
        "criteria-0-id": criterion.pk,
        "criteria-0-contest": contest.pk,
        "criteria-0-order": 1,
        "criteria-0-name": criterion.name,
        "criteria-0-weight": "2.00",
        "criteria-0-max_score": "20.00",
        **changes,
    }


def inline_version(client, url) -> dict:
    shown = client.get(url).context["inline_admin_formsets"][0].formset.forms[0]
    return {f"criteria-0-{VERSION_FIELD}": shown[VERSION_FIELD].value()}


def test_contest_admin_saves_criteria_inline(staff_client):
    contest = ContestFactory(union=staff_client.union)
    criterion = CriterionFactory(contest=contest)
    url = reverse("admin:contests_contest_change", args=[contest.pk])

    response = post_with_version(
        staff_client, url, contest_data(contest, criterion, **inline_version(staff_client, url))
    )

    criterion.refresh_from_db()
    assert response.status_code == 302
    assert (str(criterion.weight), str(criterion.max_score)) == ("2.00", "20.00")


def test_contest_admin_refuses_a_stale_save(staff_client):
    contest = ContestFactory(union=staff_client.union)
    criterion = CriterionFactory(contest=contest)
    url = reverse("admin:contests_contest_change", args=[contest.pk])
    shown = staff_client.get(url).context["adminform"].form[VERSION_FIELD].value()
    Contest.objects.filter(pk=contest.pk).update(name="Đổi bởi người khác")

    response = staff_client.post(
        url,
        contest_data(
            contest,
            criterion,
            name="Của tôi",
            **{VERSION_FIELD: shown},
            **inline_version(staff_client, url),
        ),
    )

    assert (response.status_code, Contest.objects.get().name) == (200, "Đổi bởi người khác")


def test_contest_admin_status_is_not_editable(staff_client):
    contest = ContestFactory(union=staff_client.union)
    criterion = CriterionFactory(contest=contest)
    url = reverse("admin:contests_contest_change", args=[contest.pk])

    response = post_with_version(
        staff_client,
        url,
        contest_data(
            contest, criterion, status="closed", notes="x", **inline_version(staff_client, url)
        ),
    )

    assert (response.status_code, Contest.objects.get().status) == (302, ContestStatus.OPEN)
    assert Contest.objects.get().notes == "x"


def test_contest_admin_lists_only_own_union(staff_client):
    mine = ContestFactory(union=staff_client.union)
    ContestFactory()

    response = staff_client.get(reverse("admin:contests_contest_changelist"))

    assert list(response.context["cl"].result_list) == [mine]


def test_entry_admin_is_read_only_once_the_window_is_over(staff_client):
    contest = ContestFactory(
        union=staff_client.union,
        opens_on=datetime.date(2019, 1, 1),
        closes_on=datetime.date(2020, 1, 1),
    )
    entry = EntryFactory(contest=contest)

    form = (
        staff_client.get(reverse("admin:contests_entry_change", args=[entry.pk]))
        .context["adminform"]
        .form
    )

    assert "title" not in form.fields


def test_judging_records_are_read_only_in_the_admin(staff_client):
    contest = ContestFactory(union=staff_client.union)
    assignment = JudgeAssignmentFactory(entry=EntryFactory(contest=contest))

    response = staff_client.post(
        reverse("admin:contests_judgeassignment_change", args=[assignment.pk]), {}
    )

    assert response.status_code == 403


def test_criteria_inline_refuses_a_stale_save(staff_client):
    contest = ContestFactory(union=staff_client.union)
    criterion = CriterionFactory(contest=contest)
    url = reverse("admin:contests_contest_change", args=[contest.pk])

    response = post_with_version(
        staff_client, url, contest_data(contest, criterion, **{f"criteria-0-{VERSION_FIELD}": ""})
    )

    criterion.refresh_from_db()
    assert (response.status_code, str(criterion.weight)) == (200, "1.00")
