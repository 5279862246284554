"""Report figures over activities, member counts of societies: exact numbers, fixed queries."""

import datetime

import pytest
from django.utils import timezone

from associations.models import Society
from associations.selectors import (
    activity_figures,
    societies_with_member_counts,
)
from tests.factories import (
    ActivityFactory,
    MembershipFactory,
    SocietyFactory,
    UnionFactory,
)

D = datetime.date
VUSTA = "Liên hiệp các Hội KH&KT Việt Nam"
PROVINCE = "Liên hiệp các Hội KH&KT tỉnh"
TOWN = "UBND thị xã"


@pytest.fixture
def activities():
    union = UnionFactory()
    agency = SocietyFactory(union=union)
    ward = SocietyFactory(union=union, kind="ward")
    ActivityFactory(society=agency, kind="training", held_on=D(2019, 5, 1), participants=50)
    ActivityFactory(
        society=agency, kind="training", held_on=D(2019, 9, 1), participants=30, amount_vnd=0
    )
    ActivityFactory(
        society=ward,
        kind="fundraising",
        held_on=D(2020, 2, 1),
        participants=None,
        amount_vnd=10_000_000,
    )
    ActivityFactory(
        society=None, union=union, kind="workshop", held_on=D(2021, 3, 1), participants=100
    )
    ActivityFactory(
        society=ward,
        kind="fundraising",
        held_on=D(2021, 12, 31),
        participants=20,
        amount_vnd=5_000_000,
    )
    ActivityFactory(society=agency, held_on=D(2018, 12, 31))
    ActivityFactory(society=agency, held_on=D(2024, 1, 1))
    ActivityFactory(held_on=D(2020, 1, 1))  # another union
    return union


def totals(count=0, participants=0, amount_vnd=0):
    return {"count": count, "participants": participants, "amount_vnd": amount_vnd}


@pytest.mark.django_db
def test_activity_figures_by_kind_and_year(activities, django_assert_num_queries):
    with django_assert_num_queries(1):
        figures = activity_figures(
            union_ids=[activities.id], starts_on=D(2019, 1, 1), ends_on=D(2023, 12, 31)
        )

    assert figures == {
        "total": totals(5, 200, 15_000_000),
        "by_kind": {
            "training": totals(2, 80),
            "workshop": totals(1, 100),
            "communication": totals(),
            "publication": totals(),
            "cooperation": totals(),
            "fundraising": totals(2, 20, 15_000_000),
            "demonstration": totals(),
            "other": totals(),
        },
        "by_year": [
            {"year": 2019, **totals(2, 80)},
            {"year": 2020, **totals(1, 0, 10_000_000)},
            {"year": 2021, **totals(2, 120, 5_000_000)},
        ],
        "by_kind_year": [
            {"kind": "training", "year": 2019, **totals(2, 80)},
            {"kind": "fundraising", "year": 2020, **totals(1, 0, 10_000_000)},
            {"kind": "fundraising", "year": 2021, **totals(1, 20, 5_000_000)},
            {"kind": "workshop", "year": 2021, **totals(1, 100)},
        ],
    }


@pytest.mark.django_db
def test_societies_with_member_counts(django_assert_num_queries):
    union = UnionFactory()
    busy, empty = SocietyFactory(union=union), SocietyFactory(union=union)
    MembershipFactory(society=busy, member__union=union)
    MembershipFactory(society=busy, member__union=union)
    MembershipFactory(society=busy, member__union=union, left_on=D(2020, 1, 1))

    with django_assert_num_queries(1):
        rows = {
            s.pk: s.members_now
            for s in societies_with_member_counts(
                societies=Society.objects.filter(union=union), on=timezone.localdate()
            )
        }

    assert rows == {busy.pk: 2, empty.pk: 0}
