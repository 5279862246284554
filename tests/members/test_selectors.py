"""Member figures for the report: exact numbers on a small, hand-checked data set."""

import datetime

import pytest

from members.selectors import (
    member_breakdown,
    membership_counts,
    membership_flows,
    overlapping_membership,
)
from tests.factories import MemberFactory, MembershipFactory, SocietyFactory, UnionFactory

D = datetime.date
AFTER, UNTIL = D(2018, 7, 1), D(2023, 12, 31)


@pytest.fixture
def data():
    """
    m1: A since 2015 and W since 2019 (female, doctorate, associate professor, Y tế)
    m2: A 2016 → 2020-05-01 (left during the term)
    m3: B since 2018-07-01, the term's first day (male, bachelor, Giáo dục)
    m4: W 2021 → 2022 (joined and left during the term)
    m5: B from 2024 (after the period)
    m7: A and B since 2022 (male, master, Y tế)
    plus a member of another union, who never counts.
    """
    union = UnionFactory()
    agency = SocietyFactory(union=union, kind="agency")
    school = SocietyFactory(union=union, kind="school")
    ward = SocietyFactory(union=union, kind="ward")

    def person(**fields):
        return MemberFactory(union=union, **fields)

    m1 = person(
        gender="female", qualification="doctorate", academic_title="associate_professor",
        field="Y tế",
    )  # fmt: skip
    m2 = person(gender="male", qualification="master", field="Kinh tế")
    m3 = person(gender="male", qualification="bachelor", field="Giáo dục")
    m4 = person(gender="", qualification="", field="")
    m5 = person(gender="female", qualification="college", field="")
    m7 = person(gender="male", qualification="master", field="Y tế")
    MembershipFactory(member=m1, society=agency, joined_on=D(2015, 1, 1))
    MembershipFactory(member=m1, society=ward, joined_on=D(2019, 3, 1))
    MembershipFactory(member=m2, society=agency, joined_on=D(2016, 1, 1), left_on=D(2020, 5, 1))
    MembershipFactory(member=m3, society=school, joined_on=D(2018, 7, 1))
    MembershipFactory(member=m4, society=ward, joined_on=D(2021, 1, 1), left_on=D(2022, 1, 1))
    MembershipFactory(member=m5, society=school, joined_on=D(2024, 2, 1))
    MembershipFactory(member=m7, society=agency, joined_on=D(2022, 1, 1))
    MembershipFactory(member=m7, society=school, joined_on=D(2022, 2, 1))
    other = SocietyFactory(union=UnionFactory())
    MembershipFactory(society=other, member__union=other.union, joined_on=D(2020, 1, 1))
    return {"union": union, "agency": agency, "m1": m1}


@pytest.mark.django_db
def test_membership_counts_on_dates(data, django_assert_num_queries):
    with django_assert_num_queries(1):
        counts = membership_counts(
            union_ids=[data["union"].id], dates={"start": AFTER, "end": UNTIL}
        )

    assert counts == {
        "start": {"memberships": 3, "people": 3},
        "end": {"memberships": 5, "people": 3},
    }


@pytest.mark.django_db
def test_membership_counts_people_only_on_the_dates_named(data):
    counts = membership_counts(
        union_ids=[data["union"].id], dates={"start": AFTER, "end": UNTIL}, people=["end"]
    )

    assert counts == {
        "start": {"memberships": 3, "people": None},
        "end": {"memberships": 5, "people": 3},
    }


@pytest.mark.django_db
def test_membership_flows_add_up_with_the_counts(data, django_assert_num_queries):
    with django_assert_num_queries(1):
        flows = membership_flows(union_ids=[data["union"].id], after=AFTER, until=UNTIL)

    assert flows == {
        "joined": {"memberships": 4, "people": 3},
        "left": {"memberships": 2, "people": 2},
    }
    counts = membership_counts(union_ids=[data["union"].id], dates={"a": AFTER, "u": UNTIL})
    change = counts["u"]["memberships"] - counts["a"]["memberships"]
    assert change == flows["joined"]["memberships"] - flows["left"]["memberships"]


@pytest.mark.django_db
def test_membership_flows_in_one_calendar_year(data):
    flows = membership_flows(
        union_ids=[data["union"].id], after=D(2021, 12, 31), until=D(2022, 12, 31)
    )

    assert flows == {
        "joined": {"memberships": 2, "people": 1},
        "left": {"memberships": 1, "people": 1},
    }


@pytest.mark.django_db
def test_member_breakdown_on_a_date(data, django_assert_num_queries):
    with django_assert_num_queries(3):
        figures = member_breakdown(union_ids=[data["union"].id], on=UNTIL)

    assert figures == {
        "on": "2023-12-31",
        "people": 3,
        "by_block": {
            "institutional": {"memberships": 4, "people": 3},
            "local": {"memberships": 1, "people": 1},
        },
        "by_qualification": {
            "doctorate": 1,
            "master": 1,
            "bachelor": 1,
            "college": 0,
            "vocational": 0,
            "other": 0,
            "": 0,
        },
        "by_gender": {"male": 2, "female": 1, "": 0},
        "by_academic_title": {"professor": 0, "associate_professor": 1, "": 2},
        "by_field": [{"field": "Y tế", "people": 2}, {"field": "Giáo dục", "people": 1}],
    }


@pytest.mark.django_db
def test_member_breakdown_counts_blank_choices(data):
    figures = member_breakdown(union_ids=[data["union"].id], on=D(2021, 6, 1))

    assert figures["people"] == 3  # m1, m3, m4
    assert figures["by_gender"] == {"male": 1, "female": 1, "": 1}
    assert figures["by_qualification"][""] == 1
    assert figures["by_block"]["local"] == {"memberships": 2, "people": 2}
    assert figures["by_field"] == [
        {"field": "", "people": 1},
        {"field": "Giáo dục", "people": 1},
        {"field": "Y tế", "people": 1},
    ]


@pytest.mark.django_db
def test_member_breakdown_query_count_does_not_grow(data, django_assert_num_queries):
    for _ in range(5):
        MembershipFactory(society=data["agency"], member__union=data["union"])

    with django_assert_num_queries(3):
        figures = member_breakdown(union_ids=[data["union"].id], on=UNTIL)

    assert figures["people"] == 8


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("joined_on", "left_on", "overlaps"),
    [
        (D(2014, 1, 1), D(2015, 1, 1), False),  # ends the day the other starts
        (D(2014, 1, 1), D(2015, 1, 2), True),
        (D(2014, 1, 1), None, True),
        (D(2030, 1, 1), None, True),  # the other one never ended
    ],
)
def test_overlapping_membership(data, joined_on, left_on, overlaps):
    found = overlapping_membership(
        member_id=data["m1"].id,
        society_id=data["agency"].id,
        joined_on=joined_on,
        left_on=left_on,
    )

    assert (found is not None) == overlaps
