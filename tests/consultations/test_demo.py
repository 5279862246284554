"""The consultations demo: the seed's programmes of 2.2, delivered in the term, with their
recommendations; plans 2024 - 2026; one open task with two experts; deterministic."""

import datetime

import pytest

from consultations.models import ConsultationPlan, ConsultationTask, Recommendation
from core.demo import load_demo

pytestmark = pytest.mark.django_db

START, END = datetime.date(2018, 7, 1), datetime.date(2023, 12, 31)


def test_demo_tasks_plans_and_open_task():
    load_demo()

    in_term = ConsultationTask.objects.filter(delivered_on__range=(START, END))
    titles = list(in_term.order_by("received_on").values_list("title", flat=True))
    assert len(titles) == 7
    assert titles[0] == (
        "Đề án phát triển đô thị thị xã Hồng Lĩnh đến năm 2025 và những năm tiếp theo"
    )
    assert any("Nghị quyết 03-NQ/ThU ngày 02/6/2022" in title for title in titles)
    assert any("Nghị quyết số 02/NQ-ThU ngày 31/12/2021" in title for title in titles)
    recommendations = Recommendation.objects.filter(task__in=in_term)
    assert recommendations.count() == 17
    assert recommendations.filter(adoption="adopted").count() == 11
    assert list(
        ConsultationPlan.objects.order_by("year").values_list("year", "planned_topics")
    ) == [
        (2024, 2),
        (2025, 2),
        (2026, 1),
    ]
    open_task = ConsultationTask.objects.get(status="in_review")
    assert open_task.assignments.count() == 2
    assert list(open_task.documents.values_list("version", flat=True).order_by("version")) == [1, 2]


def test_demo_loads_once():
    load_demo()
    before = ConsultationTask.objects.count()
    load_demo()

    assert ConsultationTask.objects.count() == before
