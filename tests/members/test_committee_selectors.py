"""Report figures over committees and commendations: exact numbers, fixed queries."""

import datetime

import pytest

from members.committee_selectors import commendation_figures, committee_changes
from tests.factories import (
    CommendationFactory,
    CommitteeSeatFactory,
    MemberFactory,
    SocietyFactory,
    TermFactory,
    UnionFactory,
)

D = datetime.date
VUSTA = "Liên hiệp các Hội KH&KT Việt Nam"
PROVINCE = "Liên hiệp các Hội KH&KT tỉnh"
TOWN = "UBND thị xã"


@pytest.fixture
def term():
    return TermFactory(starts_on=D(2018, 7, 1), ends_on=D(2023, 12, 31))


def seat(term, *, member=None, society=None, **fields):
    member = member or MemberFactory(union=term.union)
    return CommitteeSeatFactory(term=term, member=member, society=society, **fields)


@pytest.mark.django_db
def test_committee_changes_in_a_term(term, django_assert_num_queries):
    union = term.union
    a = MemberFactory(union=union)
    # The union's BCH: a serves throughout (and later also as vice chair); b, c and e leave;
    # d replaces b and serves until the last day of the term.
    seat(term, member=a)
    seat(term, member=a, position="vice_chair", started_on=D(2022, 1, 1))
    seat(term, ended_on=D(2020, 3, 1), leave_reason="transfer")
    seat(term, ended_on=D(2021, 6, 1), leave_reason="retirement")
    seat(term, ended_on=D(2019, 1, 1))
    seat(term, started_on=D(2020, 4, 1), ended_on=D(2023, 12, 31))
    seat(term, member=a, body="btv", ended_on=D(2019, 5, 1), leave_reason="transfer")
    previous = TermFactory(
        union=union, label="2013 - 2018", starts_on=D(2013, 7, 1), ends_on=D(2018, 6, 30)
    )
    seat(previous, started_on=D(2013, 7, 1), ended_on=D(2018, 6, 30), leave_reason="retirement")
    # Member societies: A and B fill BCH posts during the term; W only its BTV, and too late.
    agency, school, ward = (SocietyFactory(union=union) for _ in range(3))
    seat(term, society=agency, started_on=D(2018, 7, 1))
    seat(term, society=agency, started_on=D(2020, 1, 1))
    seat(term, society=school, started_on=D(2019, 2, 1))
    seat(term, society=school, started_on=D(2022, 2, 1), ended_on=D(2023, 1, 1))
    seat(term, society=ward, body="btv", started_on=D(2021, 1, 1))
    seat(term, society=ward, started_on=D(2024, 1, 5))
    other_term = TermFactory()
    seat(other_term, society=SocietyFactory(union=other_term.union), started_on=D(2020, 1, 1))

    with django_assert_num_queries(1):
        changes = committee_changes(term=term)

    assert changes == {
        "as_of": "2023-12-31",
        "bch_seats_at_end": 3,
        "bch_people_at_end": 2,
        "bch_ended": 3,
        "bch_ended_by_reason": {
            "transfer": 1,
            "retirement": 1,
            "resignation": 0,
            "deceased": 0,
            "other": 0,
            "": 1,
        },
        "societies_refilled_bch": 2,
    }


@pytest.mark.django_db
def test_committee_changes_of_a_running_term(term):
    seat(term)
    seat(term, ended_on=D(2020, 3, 1), leave_reason="transfer")
    seat(term, started_on=D(2021, 1, 1))

    changes = committee_changes(term=term, as_of=D(2020, 12, 31))

    assert (changes["bch_seats_at_end"], changes["bch_ended"]) == (1, 1)


@pytest.mark.django_db
def test_commendation_figures_by_form_issuer_and_year(django_assert_num_queries):
    union = UnionFactory()
    society = SocietyFactory(union=union)
    for year in (2018, 2021, 2023):
        CommendationFactory(union=union, form="bang_khen", issuer=VUSTA, year=year)
    for year in (2019, 2020):
        CommendationFactory(union=union, form="giay_khen", issuer=PROVINCE, year=year)
    for _ in range(2):
        CommendationFactory(
            union=union,
            recipient_type="member",
            member=MemberFactory(union=union),
            form="bang_khen",
            issuer=VUSTA,
            year=2021,
        )
    CommendationFactory(
        union=union,
        recipient_type="society",
        society=society,
        form="giay_khen",
        issuer=TOWN,
        year=2022,
    )
    CommendationFactory(union=union, year=2017)
    CommendationFactory(union=union, year=2024)
    CommendationFactory(year=2020)  # another union

    with django_assert_num_queries(1):
        figures = commendation_figures(union_ids=[union.id], year_from=2018, year_to=2023)

    assert {key: value for key, value in figures.items() if key != "rows"} == {
        "total": 8,
        "by_form": {"bang_khen": 5, "giay_khen": 3},
        "by_issuer": {VUSTA: 5, PROVINCE: 2, TOWN: 1},
        "by_year": [
            {"year": 2018, "count": 1},
            {"year": 2019, "count": 1},
            {"year": 2020, "count": 1},
            {"year": 2021, "count": 3},
            {"year": 2022, "count": 1},
            {"year": 2023, "count": 1},
        ],
        "by_recipient_type": {"union": 5, "member": 2, "society": 1},
    }
    union_merit_years = [
        row["year"]
        for row in figures["rows"]
        if (row["recipient_type"], row["form"], row["issuer"]) == ("union", "bang_khen", VUSTA)
    ]
    assert union_merit_years == [2018, 2021, 2023]
    assert {"recipient_type": "member", "form": "bang_khen", "issuer": VUSTA, "year": 2021,
            "count": 2} in figures["rows"]  # fmt: skip
