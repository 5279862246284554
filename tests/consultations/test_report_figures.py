"""Section 2.2 of the term report from a factory data set: figures, query count, sentences."""

import datetime

import pytest

from consultations.models import Adoption, TaskStatus, TaskType
from consultations.report import consultation_term_figures
from reports.text_consultations import consultation_sentences
from tests.factories import TermFactory, UnionFactory

from .factories import ConsultationTaskFactory, RecommendationFactory

START, END = datetime.date(2018, 7, 1), datetime.date(2023, 12, 31)


def _dataset(union=None):
    """Five tasks in the term (two itemised, one imported), one cancelled, one before the
    term, one after it, one of another union."""
    union = union or UnionFactory()
    task = ConsultationTaskFactory
    urban = task(
        union=union,
        title="Đề án phát triển đô thị thị xã Hồng Lĩnh đến năm 2025 và những năm tiếp theo",
        type=TaskType.CONSULTATION,
        requesting_body="UBND thị xã",
        received_on=datetime.date(2019, 3, 1),
        delivered_on=datetime.date(2019, 3, 20),
        status=TaskStatus.CLOSED,
    )
    for number, adoption in enumerate(
        [Adoption.ADOPTED, Adoption.ADOPTED, Adoption.PARTLY, Adoption.NOT_ADOPTED], start=1
    ):
        RecommendationFactory(task=urban, number=number, adoption=adoption)
    tourism = task(
        union=union,
        title="Kế hoạch thực hiện Nghị quyết số 02/NQ-ThU ngày 31/12/2021",
        type=TaskType.CRITIQUE,
        requesting_body="Thị ủy",
        received_on=datetime.date(2022, 1, 10),
        delivered_on=datetime.date(2022, 2, 1),
        status=TaskStatus.DELIVERED,
    )
    RecommendationFactory(task=tourism, number=1, adoption=Adoption.ADOPTED)
    RecommendationFactory(task=tourism, number=2, adoption=Adoption.PENDING)
    task(
        union=union,
        title="Đề án thu gom rác thải",
        type=TaskType.CRITIQUE,
        requesting_body="UBND thị xã",
        received_on=datetime.date(2020, 5, 5),
        delivered_on=datetime.date(2020, 6, 1),
        status=TaskStatus.CLOSED,
        imported_recommendations=5,
        imported_adopted=3,
    )
    task(
        union=union,
        title="Đề án ứng dụng và phát triển CNTT",
        type=TaskType.SOCIAL_ASSESSMENT,
        requesting_body="Phòng Văn hóa - Thông tin",
        received_on=datetime.date(2021, 8, 1),
        delivered_on=datetime.date(2021, 9, 1),
        status=TaskStatus.CLOSED,
    )
    task(
        union=union,
        title="Kế hoạch phát triển sản xuất nông nghiệp hằng năm",
        type=TaskType.CONSULTATION,
        requesting_body="UBND thị xã",
        received_on=datetime.date(2023, 11, 1),
        status=TaskStatus.IN_REVIEW,
    )
    task(union=union, title="Đã hủy", received_on=datetime.date(2021, 1, 1), status="cancelled")
    task(union=union, title="Trước nhiệm kỳ", received_on=datetime.date(2018, 6, 30))
    task(union=union, title="Sau nhiệm kỳ", received_on=datetime.date(2024, 1, 1))
    task(title="Của liên hiệp hội khác", received_on=datetime.date(2020, 1, 1))
    return union


@pytest.mark.django_db
def test_consultation_term_figures_for_a_factory_data_set():
    union = _dataset()

    figures = consultation_term_figures(union_id=union.id, start=START, end=END)

    assert figures["total"] == 5
    assert figures["delivered"] == 4
    assert figures["by_type"] == {"consultation": 2, "critique": 2, "social_assessment": 1}
    assert figures["requesting_bodies"] == ["UBND thị xã", "Phòng Văn hóa - Thông tin", "Thị ủy"]
    # itemised 4 + 2 (2 + 1 adopted, 1 partly), imported 5 (3 adopted)
    assert figures["recommendations"] == {"total": 11, "adopted": 6, "partly": 1}
    assert figures["programmes"] == [
        "Đề án phát triển đô thị thị xã Hồng Lĩnh đến năm 2025 và những năm tiếp theo",
        "Đề án thu gom rác thải",
        "Đề án ứng dụng và phát triển CNTT",
        "Kế hoạch thực hiện Nghị quyết số 02/NQ-ThU ngày 31/12/2021",
        "Kế hoạch phát triển sản xuất nông nghiệp hằng năm",
    ]
    first = figures["annex"][0]
    assert first == {
        "title": "Đề án phát triển đô thị thị xã Hồng Lĩnh đến năm 2025 và những năm tiếp theo",
        "type": "consultation",
        "type_label": "Tư vấn",
        "requesting_body": "UBND thị xã",
        "received_on": "2019-03-01",
        "delivered_on": "2019-03-20",
        "recommendations": 4,
        "adopted": 2,
        "partly": 1,
    }
    assert figures["annex"][-1]["delivered_on"] is None


@pytest.mark.django_db
@pytest.mark.parametrize("copies", [1, 3])
def test_consultation_term_figures_take_one_query_whatever_the_data(
    copies, django_assert_num_queries
):
    union = UnionFactory()
    for _ in range(copies):
        _dataset(union)

    with django_assert_num_queries(1):
        figures = consultation_term_figures(union_id=union.id, start=START, end=END)

    assert figures["total"] == 5 * copies


@pytest.mark.django_db
def test_term_report_figures_query_count_does_not_grow_with_tasks():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reports.selectors import term_report_figures

    term = TermFactory(starts_on=START, ends_on=END)
    _dataset(term.union)
    with CaptureQueriesContext(connection) as few:
        small = term_report_figures(union=term.union, term=term)
    for _ in range(3):
        _dataset(term.union)

    with CaptureQueriesContext(connection) as many:
        large = term_report_figures(union=term.union, term=term)

    assert (small["consultations"]["total"], large["consultations"]["total"]) == (5, 20)
    assert len(many) == len(few)


def _figures(consultations: dict) -> dict:
    return {"union": {"locality_word": "thị xã"}, "consultations": consultations}


@pytest.mark.django_db
def test_consultation_sentences_in_the_seed_style():
    union = _dataset()
    figures = _figures(consultation_term_figures(union_id=union.id, start=START, end=END))

    sentences = consultation_sentences(figures)

    assert sentences["summary"] == (
        "Trong nhiệm kỳ, Liên hiệp hội đã tổ chức tư vấn, phản biện và giám định xã hội "
        "05 đề án, chương trình (trong đó: tư vấn 02, phản biện 02, giám định xã hội 01) "
        "của UBND thị xã, Phòng Văn hóa - Thông tin và Thị ủy; đến thời điểm báo cáo, còn "
        "01 đề án, chương trình đang được thực hiện."
    )
    assert sentences["recommendations"] == (
        "Liên hiệp hội đã đưa ra 11 kiến nghị, trong đó 06 kiến nghị được các cơ quan tiếp "
        "thu và 01 kiến nghị được tiếp thu một phần."
    )
    assert sentences["list_intro"] == (
        "Các chương trình, đề án được tư vấn, phản biện và giám định xã hội:"
    )


def test_consultation_sentences_of_one_type_name_only_it():
    figures = _figures(
        {
            "by_type": {"consultation": 3, "critique": 2, "social_assessment": 0},
            "requesting_bodies": ["UBND thị xã", "Thị ủy"],
            "recommendations": {"total": 0, "adopted": 0, "partly": 0},
            "delivered": 5,
        }
    )

    sentences = consultation_sentences(figures)

    assert sentences["summary"] == (
        "Trong nhiệm kỳ, Liên hiệp hội đã tổ chức tư vấn, phản biện 05 đề án, chương trình "
        "(trong đó: tư vấn 03, phản biện 02) của UBND thị xã và Thị ủy."
    )
    assert sentences["recommendations"] == ""
    assert sentences["list_intro"] == "Các chương trình, đề án được tư vấn, phản biện:"


def test_consultation_sentences_without_adoptions_say_none_recorded_not_zero():
    figures = _figures(
        {
            "by_type": {"critique": 1},
            "requesting_bodies": ["Thị ủy"],
            "recommendations": {"total": 4, "adopted": 0, "partly": 0},
            "delivered": 1,
        }
    )

    sentences = consultation_sentences(figures)

    assert sentences["summary"] == (
        "Trong nhiệm kỳ, Liên hiệp hội đã tổ chức phản biện 01 đề án, chương trình của Thị ủy."
    )
    assert sentences["recommendations"] == (
        "Liên hiệp hội đã đưa ra 04 kiến nghị; đến nay chưa ghi nhận kiến nghị nào được các "
        "cơ quan tiếp thu."
    )


@pytest.mark.parametrize("consultations", [None, {"by_type": {}, "recommendations": {}}])
def test_consultation_sentences_with_no_task_say_so(consultations):
    sentences = consultation_sentences(_figures(consultations))

    assert sentences == {
        "summary": "Trong nhiệm kỳ, Liên hiệp hội chưa thực hiện nhiệm vụ tư vấn, phản biện và "
        "giám định xã hội nào.",
        "recommendations": "",
        "list_intro": "",
    }
    assert " 0 " not in sentences["summary"]
