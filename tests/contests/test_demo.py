"""The contests demo reproduces the seed's counts (facts D, E, F)."""

import datetime

import pytest

from associations.models import Union
from contests.models import Contest, ContestStatus, Entry
from contests.selectors import contest_term_figures
from core.demo import load_demo

pytestmark = pytest.mark.django_db

START, END = datetime.date(2018, 7, 1), datetime.date(2023, 12, 31)


@pytest.fixture
def figures():
    load_demo()
    union = Union.objects.get(slug="hong-linh")
    data = contest_term_figures(union_id=union.pk, start=START, end=END)
    extra = {
        "years": sorted(set(Contest.objects.values_list("year", flat=True))),
        "open": Contest.objects.filter(status=ContestStatus.OPEN).count(),
        "codes": Entry.objects.filter(contest__status=ContestStatus.CLOSED, code="").count(),
    }
    return data, extra


def test_demo_reproduces_the_seed_award_counts(figures):
    data, _ = figures

    assert (data["products_national_or_region"], data["products_province"]) == (12, 78)


def test_demo_names_the_seed_products(figures):
    data, _ = figures
    notable = {row["title"]: (row["level"], row["year"]) for row in data["notable_products"]}

    assert notable["Chuyển động tự quay quanh trục của Trái Đất và các hệ quả Địa lí"] == (
        "national",
        2023,
    )
    assert notable["Bộ hố ga giao thông (kiểu 2)"] == ("northern_region", 2019)
    assert notable["Bi hợp kim dùng trong nghiền than phục vụ nhà máy nhiệt điện"] == (
        "northern_region",
        2021,
    )


def test_demo_has_over_900_applied_initiatives_and_contests_from_2018(figures):
    data, extra = figures

    assert data["initiatives_applied"] > 900
    assert extra["years"][:6] == [2018, 2019, 2020, 2021, 2022, 2023]
    assert (extra["open"], extra["codes"]) == (1, 0)


def test_demo_has_a_contest_being_judged_by_three_judges_the_demo_judge_among_them(figures):
    from django.db.models import Count

    from contests.models import JudgeAssignment

    contest = Contest.objects.get(status=ContestStatus.JUDGING)
    per_entry = set(
        contest.entries.annotate(judges=Count("assignments")).values_list("judges", flat=True)
    )
    demo_judge = JudgeAssignment.objects.filter(
        contest=contest, judge__email="judge@demo.lienhiephoi.vn"
    ).count()

    assert (per_entry, demo_judge, contest.entries.filter(code="").count()) == ({3}, 6, 0)
