"""A parent union's roll-up over its district unions: the same number of queries over 2 and
over 5 children (figures, roll-up page, roll-up report), and sums equal to the children's own
figures added up."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from associations.models import SocietyKind, Union
from consultations.models import TaskStatus
from reports.charts import chart_data
from reports.dashboard import rollup_report_context
from reports.models import Target, TermReport
from reports.selectors import report_figures
from tests.conftest import make_user
from tests.consultations.factories import ConsultationTaskFactory
from tests.contests.factories import (
    AwardFactory,
    ContestFactory,
    EntryFactory,
    InitiativeFactory,
)
from tests.factories import (
    ActivityFactory,
    CommendationFactory,
    SocietyFactory,
    TermFactory,
    UnionFactory,
)
from tests.querycount import page_queries
from tests.reports.datasets import join

TODAY = datetime.date(2025, 6, 30)
START, END = datetime.date(2024, 1, 1), datetime.date(2029, 12, 31)


def _terms(union) -> None:
    TermFactory(union=union)  # 2018 - 2023
    TermFactory(union=union, congress_number=5, label="2024 - 2029", starts_on=START, ends_on=END)


def _district(parent, number: int) -> Union:
    """A district union with its terms, a school and a ward society (one person in both), and
    in the running term an activity, a contest award, an initiative, a delivered consultation
    and a commendation; `number` varies the counts from one district to the next."""
    union = UnionFactory(parent=parent, name=f"Liên hiệp hội huyện {number}")
    _terms(union)
    school = SocietyFactory(union=union, kind=SocietyKind.SCHOOL)
    ward = SocietyFactory(union=union, kind=SocietyKind.WARD)
    both = join(school, joined_on=datetime.date(2020, 1, 1)).member
    join(ward, member=both, joined_on=datetime.date(2020, 1, 1))
    for _ in range(number):
        join(ward, joined_on=datetime.date(2024, 3, 1))
    join(school, joined_on=datetime.date(2019, 1, 1), left_on=datetime.date(2024, 6, 1))
    for day in range(1, number + 1):
        ActivityFactory(society=ward, held_on=datetime.date(2025, 1, day))
    contest = ContestFactory(union=union, year=2025)
    AwardFactory(entry=EntryFactory(contest=contest, society=school), year=2025)
    InitiativeFactory(union=union, society=ward, year=2025)
    ConsultationTaskFactory(
        union=union,
        received_on=datetime.date(2024, 4, 1),
        status=TaskStatus.DELIVERED,
        delivered_on=datetime.date(2024, 4, 20),
    )
    CommendationFactory(union=union, year=2024)
    return union


def _province(children: int) -> tuple[Union, list[Union]]:
    """A provincial union (no society of its own) whose running term's targets were set by its
    last report, over `children` district unions."""
    parent = UnionFactory(name="Liên hiệp hội tỉnh", locality_kind="tinh")
    _terms(parent)
    terms = {term.label: term for term in parent.terms.all()}
    report = TermReport.objects.create(
        union=parent, term=terms["2018 - 2023"], next_term=terms["2024 - 2029"]
    )
    for order, metric in enumerate(("trainings", "initiatives")):
        Target.objects.create(
            report=report, metric=metric, value=Decimal(5), wording=f"Chỉ tiêu {order}", order=order
        )
    districts = [_district(parent, number) for number in range(1, children + 1)]
    return Union.objects.select_related("parent").get(pk=parent.pk), districts


def _figures(union: Union, ids: list[int]) -> dict:
    term = union.terms.get(label="2024 - 2029")
    return report_figures(union=union, start=START, end=END, term=term, union_ids=ids)


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured)


def _rollup_queries(client, children: int) -> dict[str, int]:
    parent, districts = _province(children)
    ids = [parent.pk, *(district.pk for district in districts)]
    client.force_login(make_user("leadership", parent))
    return {
        "figures": _queries(lambda: _figures(parent, ids)),
        "report": _queries(lambda: rollup_report_context(union=parent, today=TODAY)),
        "page": page_queries(
            client, reverse("reports:dashboard_rollup", kwargs={"union_pk": parent.pk}), limit=40
        ),
    }


@pytest.mark.django_db
def test_rollup_query_count_is_the_same_over_two_and_five_unions(client):
    two = _rollup_queries(client, 2)
    five = _rollup_queries(client, 5)

    assert two == five
    assert max(five.values()) <= 30, five


def _summed(figures: dict) -> dict:
    """The figures of a roll-up that add up from one union to the next."""
    contests, consultations = figures["contests"], figures["consultations"]
    return {
        "societies": figures["societies"],
        "members_start": figures["members"]["start"],
        "members_end": figures["members"]["end"],
        "people": figures["structure"]["people"],
        "by_block": figures["structure"]["by_block"],
        "annex_societies": len(figures["annex_societies"]),
        "awards": contests["awards_total"],
        "initiatives": contests["initiatives_total"],
        "consultations": (consultations["total"], consultations["delivered"]),
        "activities": figures["activities"]["total"],
        "commendations": figures["commendations"]["total"],
    }


def _add(a, b):
    if isinstance(a, dict):
        return {key: _add(a[key], b[key]) for key in a}
    if isinstance(a, tuple):
        return tuple(_add(x, y) for x, y in zip(a, b, strict=True))
    return a + b


@pytest.mark.django_db
def test_rollup_figures_are_the_sum_of_the_children_own_figures():
    parent, districts = _province(3)

    rollup = rollup_report_context(union=parent, today=TODAY)["figures"]
    own = [_summed(_figures(district, [district.pk])) for district in districts]

    total = own[0]
    for figures in own[1:]:
        total = _add(total, figures)
    assert (rollup["union_count"], _summed(rollup)) == (4, total)
    # District n ends with n + 2 memberships of n + 1 people, and held n activities.
    assert (total["members_end"], total["activities"]["count"]) == (
        {"memberships": 3 + 4 + 5, "people": 2 + 3 + 4},
        1 + 2 + 3,
    )


@pytest.mark.django_db
def test_rollup_charts_from_the_figures_equal_the_charts_read_alone():
    parent, districts = _province(2)
    ids = [parent.pk, *(district.pk for district in districts)]

    figures = _figures(parent, ids)

    as_of = datetime.date.fromisoformat(figures["as_of"])
    assert figures["charts"] == chart_data(union_ids=ids, start=START, end=as_of)
    assert sum(row["value"] for row in figures["charts"]["consultations"]) == 2
