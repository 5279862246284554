import datetime

import pytest
from django.utils import timezone

from associations.models import SocietyKind, Union
from members.models import Member, Membership
from reports.selectors import term_report_figures
from reports.text import organisation_sentence
from tests.factories import SocietyFactory, TermFactory, UnionFactory
from tests.reports.datasets import TERM_END, TERM_START, decrease_dataset, join


@pytest.mark.django_db
def test_term_report_figures_count_societies_and_members_at_term_end():
    union, term = decrease_dataset()

    figures = term_report_figures(union=union, term=term)

    assert figures["as_of"] == "2023-12-31"
    assert figures["societies"] == {"total": 7, "institutional": 4, "local": 3}
    assert figures["members"] == {
        "start": {"memberships": 12, "people": 11},
        "end": {"memberships": 9, "people": 8},
        "change": -3,
    }


@pytest.mark.django_db
def test_organisation_sentence_for_a_decrease():
    union, term = decrease_dataset()

    sentence = organisation_sentence(term_report_figures(union=union, term=term))

    assert sentence == (
        "Hiện nay, Liên hiệp hội huyện có 07 hội thành viên (trong đó có 04 hội thuộc khối "
        "các cơ quan, doanh nghiệp, trường học và 03 hội của phường, xã), tập hợp được "
        "09 hội viên, giảm 03 hội viên so với đầu nhiệm kỳ"
    )


def _bulk_memberships(society, count, *, joined_on, left_on=None):
    members = Member.objects.bulk_create(
        Member(union=society.union, full_name=f"Hội viên {society.pk}-{i}") for i in range(count)
    )
    Membership.objects.bulk_create(
        Membership(member=m, society=society, joined_on=joined_on, left_on=left_on) for m in members
    )


@pytest.mark.django_db
def test_organisation_sentence_for_an_increase_above_a_thousand():
    term = TermFactory(
        union=UnionFactory(locality_kind="thi_xa"), starts_on=TERM_START, ends_on=TERM_END
    )
    kinds = [SocietyKind.AGENCY] * 10 + [SocietyKind.SCHOOL] * 3 + [SocietyKind.WARD] * 6
    societies = [SocietyFactory(union=term.union, kind=kind) for kind in kinds]
    _bulk_memberships(societies[0], 1005, joined_on=datetime.date(2015, 1, 1))
    _bulk_memberships(
        societies[1], 5, joined_on=datetime.date(2015, 1, 1), left_on=datetime.date(2020, 1, 1)
    )
    _bulk_memberships(societies[13], 27, joined_on=datetime.date(2020, 1, 1))

    figures = term_report_figures(union=term.union, term=term)

    assert figures["members"]["start"]["memberships"] == 1010
    assert organisation_sentence(figures) == (
        "Hiện nay, Liên hiệp hội thị xã có 19 hội thành viên (trong đó có 13 hội thuộc khối "
        "các cơ quan, doanh nghiệp, trường học và 06 hội của phường, xã), tập hợp được "
        "1.032 hội viên, tăng 22 hội viên so với đầu nhiệm kỳ"
    )


@pytest.mark.django_db
def test_term_report_figures_of_a_running_term_are_as_of_today():
    today = timezone.localdate()
    term = TermFactory(
        starts_on=today - datetime.timedelta(days=400), ends_on=today + datetime.timedelta(days=800)
    )

    figures = term_report_figures(union=term.union, term=term)

    assert figures["as_of"] == today.isoformat()


def _dataset(size: int):
    parent = UnionFactory()
    union = UnionFactory(parent=parent)
    term = TermFactory(union=union, starts_on=TERM_START, ends_on=TERM_END)
    next_term = TermFactory(
        union=union,
        label="2023 - 2028",
        congress_number=5,
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2028, 12, 31),
    )
    for i in range(size):
        society = SocietyFactory(
            union=union, kind=SocietyKind.WARD if i % 2 else SocietyKind.SCHOOL
        )
        join(society)
        join(society, joined_on=datetime.date(2019, 1, 1), left_on=datetime.date(2022, 1, 1))
    return Union.objects.select_related("parent").get(pk=union.pk), term, next_term


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 3])
def test_term_report_figures_query_count_is_fixed(size, django_assert_num_queries):
    union, term, next_term = _dataset(size)

    # union figures 2 (members with the chart's years), committee 1, member structure 2,
    # annex 1, contests 4, consultations 1, activities 2, commendations 2, submissions 2; the
    # charts come from those figures (no query of their own)
    with django_assert_num_queries(17):
        figures = term_report_figures(union=union, term=term, next_term=next_term)

    assert figures["societies"]["total"] == size
    assert figures["union"]["parent_name"] == union.parent.name


@pytest.mark.django_db
def test_term_report_figures_annex_lists_societies_with_start_and_end_counts():
    union, term = decrease_dataset()

    figures = term_report_figures(union=union, term=term)

    annex = figures["annex_societies"]
    assert [row["block"] for row in annex] == ["institutional"] * 5 + ["local"] * 3
    assert sum(row["at_start"] for row in annex) == 12
    assert sum(row["at_end"] for row in annex) == 9
    assert [row["dissolved"] for row in annex].count(True) == 1


@pytest.mark.django_db
def test_demo_data_reproduces_the_seed_sentences():
    from associations.models import Term
    from core.demo import load_demo
    from reports.text import committee_sentence, organisation_sentence

    load_demo()
    term = Term.objects.select_related("union__parent").get(
        union__slug="hong-linh", label="2018 - 2023"
    )
    next_term = Term.objects.get(union__slug="hong-linh", label="2024 - 2029")

    figures = term_report_figures(union=term.union, term=term, next_term=next_term)

    assert organisation_sentence(figures) == (
        "Hiện nay, Liên hiệp hội thị xã có 19 hội thành viên (trong đó có 13 hội thuộc khối "
        "các cơ quan, doanh nghiệp, trường học và 06 hội của phường, xã), tập hợp được "
        "1.700 hội viên, tăng 22 hội viên so với đầu nhiệm kỳ"
    )
    assert committee_sentence(figures) == (
        "Trong nhiệm kỳ, có 03 đồng chí do chuyển công tác hoặc nghỉ hưu nên không tiếp tục "
        "tham gia BCH; tính đến thời điểm Đại hội lần thứ V, BCH Liên hiệp hội có 14 đồng chí. "
        "Có 04 hội cơ sở tổ chức kiện toàn các chức danh trong BCH."
    )
