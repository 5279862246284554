"""Sections 2.3 and 2.4 of the term report: figures from contests data, sentences, query count."""

import datetime

import pytest

from contests.selectors import contest_term_figures
from reports.text_contests import (
    applied_sentence,
    awards_sentence,
    contest_sentences,
    intellectuals_sentence,
)

from ..factories import MemberFactory, SocietyFactory, UnionFactory
from .factories import AwardFactory, ContestFactory, EntryFactory, InitiativeFactory

START, END = datetime.date(2018, 7, 1), datetime.date(2023, 12, 31)


def figures_of(union, data):
    return {"union": {"locality_word": "thị xã"}, "contests": data}


def _product(union, society, *, title, awards, field="education", unit="Trường TH Bắc Hồng"):
    contest = ContestFactory(union=union, year=awards[0][1])
    entry = EntryFactory(contest=contest, society=society, title=title, field=field, unit=unit)
    for level, year, *rank in awards:
        AwardFactory(entry=entry, level=level, year=year, rank=rank[0] if rank else "first")
    return entry


@pytest.fixture
def dataset():
    """Awards by level in and around the term 2018 - 2023 (the year decides)."""
    union = UnionFactory()
    society = SocietyFactory(union=union)
    # Province then national: counts once at each level.
    _product(
        union, society, title="Trái Đất tự quay", awards=[("province", 2022), ("national", 2023)]
    )
    _product(union, society, title="Hố ga giao thông", awards=[("northern_region", 2019)])
    _product(union, society, title="Ngói xi măng", awards=[("province", 2021), ("province", 2018)])
    _product(union, society, title="Máy gieo hạt", awards=[("province", 2020, "third")])
    _product(union, society, title="Bàn học thông minh", awards=[("district", 2019)])
    _product(union, society, title="Trước nhiệm kỳ", awards=[("national", 2017)])
    _product(union, society, title="Sau nhiệm kỳ", awards=[("province", 2024)])
    AwardFactory(level="national", year=2020)  # another union's
    return union


@pytest.mark.django_db
def test_awards_count_by_level_when_their_year_is_in_the_term(dataset):
    figures = contest_term_figures(union_id=dataset.pk, start=START, end=END)

    assert figures["awards_by_level"] == {
        "district": 1,
        "province": 4,
        "northern_region": 1,
        "national": 1,
    }
    assert figures["products_by_level"] == {
        "district": 1,
        "province": 3,
        "northern_region": 1,
        "national": 1,
    }
    assert (figures["products_national_or_region"], figures["products_province"]) == (2, 3)
    assert figures["awards_total"] == 7


@pytest.mark.django_db
def test_notable_products_are_national_and_region_winners_listed_once(dataset):
    figures = contest_term_figures(union_id=dataset.pk, start=START, end=END)

    assert [(row["title"], row["level"], row["year"]) for row in figures["notable_products"]] == [
        ("Trái Đất tự quay", "national", 2023),
        ("Hố ga giao thông", "northern_region", 2019),
    ]


@pytest.mark.django_db
def test_awards_sentence_reads_like_the_seed(dataset):
    figures = figures_of(dataset, contest_term_figures(union_id=dataset.pk, start=START, end=END))

    assert awards_sentence(figures) == (
        "Thị xã có 02 đề tài, sản phẩm đạt giải cấp quốc gia và Khu vực phía Bắc; "
        "03 đề tài, sản phẩm đạt giải cấp tỉnh"
    )


def test_sentences_say_nothing_recorded_rather_than_zero():
    figures = figures_of(None, {})

    sentences = contest_sentences(figures)

    assert (sentences["awards"], sentences["applied"], sentences["intellectuals"]) == (
        "Trong nhiệm kỳ, chưa có đề tài, sản phẩm nào đạt giải cấp tỉnh trở lên",
        "Trong nhiệm kỳ, chưa ghi nhận đề tài, sáng kiến nào được ứng dụng",
        "Trong nhiệm kỳ, chưa có trí thức tiêu biểu được ghi nhận",
    )
    assert sentences["products"] == []


@pytest.mark.parametrize(
    ("applied", "text"),
    [
        (953, "Đã có trên 900 đề tài, sáng kiến được ứng dụng vào sản xuất và đời sống"),
        (900, "Đã có 900 đề tài, sáng kiến được ứng dụng vào sản xuất và đời sống"),
        (7, "Đã có 07 đề tài, sáng kiến được ứng dụng vào sản xuất và đời sống"),
        (1250, "Đã có trên 1.200 đề tài, sáng kiến được ứng dụng vào sản xuất và đời sống"),
    ],
)
def test_applied_initiatives_sentence(applied, text):
    assert applied_sentence(figures_of(None, {"initiatives_applied": applied})) == text


@pytest.mark.django_db
def test_initiatives_and_typical_intellectuals_of_the_term():
    union = UnionFactory()
    society = SocietyFactory(union=union)
    InitiativeFactory(union=union, society=society, year=2019, applied=True)
    InitiativeFactory(
        union=union, society=society, year=2022, applied=False, recognition_level="province"
    )
    InitiativeFactory(union=union, society=society, year=2017, applied=True)
    MemberFactory(union=union, full_name="Trần Văn A", typical_intellectual_year=2020)
    MemberFactory(union=union, full_name="Lê Thị B", typical_intellectual_year=2015)

    figures = contest_term_figures(union_id=union.pk, start=START, end=END)

    assert (
        figures["initiatives_total"],
        figures["initiatives_applied"],
        figures["initiatives_provincial"],
        [row["year"] for row in figures["initiatives_annex"]],
    ) == (2, 1, 1, [2022])
    assert intellectuals_sentence(figures_of(union, figures)) == (
        "Trong nhiệm kỳ có 01 trí thức tiêu biểu được giới thiệu dự gặp mặt trí thức tiêu biểu "
        "của tỉnh (Trần Văn A (2020))"
    )


def _grow(union, size):
    society = SocietyFactory(union=union)
    for i in range(size):
        entry = _product(
            union, society, title=f"Sản phẩm {i}", awards=[("province", 2019), ("national", 2021)]
        )
        entry.authors.add(MemberFactory(union=union))
        InitiativeFactory(union=union, society=society, year=2020)
        MemberFactory(union=union, typical_intellectual_year=2021)


@pytest.mark.django_db
@pytest.mark.parametrize("size", [0, 1, 4])
def test_contest_term_figures_query_count_does_not_grow(size, django_assert_num_queries):
    union = UnionFactory()
    _grow(union, size)

    # awards, their member authors, typical intellectuals, initiatives
    with django_assert_num_queries(4):
        figures = contest_term_figures(union_id=union.pk, start=START, end=END)

    assert figures["awards_total"] == 2 * size


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 3])
def test_term_report_figures_with_contests_data_keep_their_query_count(
    size, django_assert_num_queries
):
    from associations.models import Union
    from reports.selectors import term_report_figures

    from ..factories import TermFactory

    term = TermFactory(starts_on=START, ends_on=END)
    _grow(term.union, size)
    union = Union.objects.select_related("parent").get(pk=term.union_id)

    with django_assert_num_queries(17):  # as tests/reports/test_selectors.py counts them
        figures = term_report_figures(union=union, term=term)

    assert figures["contests"]["products_by_level"]["national"] == size
