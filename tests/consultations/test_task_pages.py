"""The task list, a task's page, creating and moving a task, recommendations, plans, the home
panel; query counts fixed whatever the number of tasks and experts."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations import selectors
from consultations.models import ConsultationPlan, ConsultationTask, Recommendation, TaskStatus
from tests.querycount import page_queries

from .conftest import expert_in
from .factories import (
    ConsultationPlanFactory,
    ConsultationTaskFactory,
    ExpertAssignmentFactory,
    OpinionFactory,
    RecommendationFactory,
)


@pytest.mark.django_db
def test_staff_record_a_task(client, world):
    client.force_login(world["users"]["staff"])

    response = client.post(
        reverse("consultations:task_add"),
        {
            "title": "Dự thảo Đề án phát triển đô thị",
            "type": "critique",
            "requesting_body": "UBND thị xã",
            "legal_basis": "",
            "received_on": "2024-04-01",
            "due_on": "2024-04-20",
            "confidential": "on",
        },
    )

    task = ConsultationTask.objects.get(title="Dự thảo Đề án phát triển đô thị")
    assert response.status_code == 302
    assert (task.union, task.status, task.created_by) == (
        world["union"],
        TaskStatus.RECEIVED,
        world["users"]["staff"],
    )
    assert list(task.transitions.values_list("to_status", flat=True)) == ["received"]


@pytest.mark.django_db
def test_due_date_before_received_refused(client, world):
    client.force_login(world["users"]["staff"])

    response = client.post(
        reverse("consultations:task_add"),
        {
            "title": "Sai ngày",
            "type": "critique",
            "requesting_body": "UBND",
            "received_on": "2024-04-01",
            "due_on": "2024-03-01",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["due_on"] == [
        "Due on: The due date cannot be before the date the draft was received."
    ]


@pytest.mark.django_db
def test_transition_through_the_page(client, world):
    client.force_login(world["users"]["staff"])
    url = reverse("consultations:task_transition", args=[world["task"].pk, "drafting"])

    refused = client.post(url, {"to_status": "drafting", "note": ""})
    done = client.post(url, {"to_status": "drafting", "note": "Chuyên gia đã góp ý miệng"})

    assert refused.status_code == 200
    assert refused.context["form"].non_field_errors()[0].startswith("1 expert opinion(s)")
    assert done.status_code == 302
    world["task"].refresh_from_db()
    assert world["task"].status == TaskStatus.DRAFTING


@pytest.mark.django_db
def test_leadership_sees_the_task_without_edit_links(client, world):
    client.force_login(world["users"]["leadership"])

    page = client.get(reverse("consultations:task_detail", args=[world["task"].pk]))

    assert page.status_code == 200
    assert reverse("consultations:task_edit", args=[world["task"].pk]) not in page.content.decode()
    assert page.context["moves"] == []


@pytest.mark.django_db
def test_task_list_filters_and_highlights_overdue(client, world):
    ConsultationTaskFactory(
        union=world["union"], title="Kế hoạch giáo dục", type="consultation", due_on=None
    )
    late = ConsultationTaskFactory(
        union=world["union"], title="Quy hoạch chậm", due_on=datetime.date(2020, 1, 1)
    )
    ConsultationTaskFactory(union=world["other_union"], title="Quy hoạch của huyện khác")
    client.force_login(world["users"]["staff"])
    url = reverse("consultations:task_list")

    searched = client.get(url, {"q": "quy hoạch"}).context["tasks"]
    typed = client.get(url, {"type": "consultation"}).context["tasks"]
    overdue = client.get(url, {"status": "overdue"}).context["tasks"]

    assert [t.title for t in searched] == ["Quy hoạch chậm"]
    assert [t.title for t in typed] == ["Kế hoạch giáo dục"]
    assert late.pk in [t.pk for t in overdue]
    assert all(t.is_overdue for t in overdue)
    assert 'class="row-overdue"' in client.get(url).content.decode()


@pytest.mark.django_db
def test_task_list_search_ignores_accents_and_looks_in_the_requesting_body(client, world):
    union = world["union"]
    ConsultationTaskFactory(union=union, title="Đề án phát triển đô thị", requesting_body="UBND")
    ConsultationTaskFactory(
        union=union, title="Kế hoạch", requesting_body="Phòng Tài nguyên và Môi trường"
    )
    ConsultationTaskFactory(union=union, title="Chương trình công tác", requesting_body="Huyện ủy")
    client.force_login(world["users"]["staff"])
    url = reverse("consultations:task_list")

    def titles(q):
        return sorted(t.title for t in client.get(url, {"q": q}).context["tasks"])

    assert titles("phat trien do thi") == ["Đề án phát triển đô thị"]
    assert titles("ĐÔ THỊ") == ["Đề án phát triển đô thị"]
    assert titles("tai nguyen") == ["Kế hoạch"]
    assert titles("không có") == []


def _tasks_with_experts(union, count: int):
    for index in range(count):
        task = ConsultationTaskFactory(union=union, due_on=datetime.date(2020, 1, 1))
        for number in range(3):
            assignment = ExpertAssignmentFactory(
                task=task, expert=expert_in(union), lead=number == 0
            )
            if number:
                OpinionFactory(assignment=assignment, submitted_at=timezone.now())
        RecommendationFactory(task=task, number=1)
        del index


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", [reverse("consultations:task_list"), reverse("home"), reverse("consultations:plan_list")]
)
def test_query_count_does_not_grow_with_tasks(client, world, url):
    client.force_login(world["users"]["staff"])
    _tasks_with_experts(world["union"], 1)
    ConsultationPlanFactory(union=world["union"], year=2024)
    one = page_queries(client, url, limit=14)
    _tasks_with_experts(world["union"], 3)
    ConsultationPlanFactory(union=world["union"], year=2025)
    ConsultationPlanFactory(union=world["union"], year=2026)
    more = page_queries(client, url, limit=14)

    assert one == more


@pytest.mark.django_db
def test_task_page_query_count_does_not_grow(client, world):
    client.force_login(world["users"]["staff"])
    url = reverse("consultations:task_detail", args=[world["task"].pk])
    one = page_queries(client, url, limit=20)
    for _ in range(3):
        assignment = ExpertAssignmentFactory(task=world["task"], expert=expert_in(world["union"]))
        OpinionFactory(assignment=assignment)
        RecommendationFactory(task=world["task"])

    assert page_queries(client, url, limit=20) == one


@pytest.mark.django_db
def test_my_tasks_query_count_does_not_grow(client, world):
    client.force_login(world["users"]["expert"])
    url = reverse("consultations:my_tasks")
    one = page_queries(client, url)
    for _ in range(3):
        ExpertAssignmentFactory(
            task=ConsultationTaskFactory(union=world["union"]), expert=world["users"]["expert"]
        )

    assert page_queries(client, url) == one


@pytest.mark.django_db
def test_dashboard_shows_overdue_tasks_and_opinions(world):
    today = datetime.date(2024, 4, 1)
    late_task = ConsultationTaskFactory(
        union=world["union"], status="drafting", due_on=datetime.date(2024, 3, 1)
    )
    world["assignment"].due_on = datetime.date(2024, 3, 15)
    world["assignment"].save()
    ConsultationTaskFactory(
        union=world["union"],
        status="delivered",
        due_on=datetime.date(2024, 3, 1),
        delivered_on=datetime.date(2024, 3, 1),
    )
    ConsultationPlanFactory(union=world["union"], year=2024, planned_topics=2)

    panel = selectors.dashboard(union_id=world["union"].pk, today=today)

    assert [t.pk for t in panel["attention"]] == [late_task.pk, world["task"].pk]
    assert [(t.is_overdue, t.late_opinions) for t in panel["attention"]] == [(True, 0), (True, 1)]
    assert panel["overdue_count"] == 2
    year = next(y for y in panel["years"] if y.year == 2024)
    assert (year.planned, year.done, year.meets_target, year.meets_plan) == (2, 1, True, False)


@pytest.mark.django_db
def test_recommendations_added_moved_answered_and_deleted(client, world):
    task = world["task"]
    client.force_login(world["users"]["staff"])
    add = reverse("consultations:recommendation_add", args=[task.pk])
    for text in ("Bổ sung chỉ tiêu", "Làm rõ nguồn vốn", "Điều chỉnh lộ trình"):
        client.post(add, {"text": text, "adoption": "pending"})
    first, second, third = Recommendation.objects.filter(task=task).order_by("number")

    client.post(
        reverse("consultations:recommendation_move", args=[task.pk, third.pk]),
        {"direction": "up", "number": 3},
    )
    stale = client.post(
        reverse("consultations:recommendation_move", args=[task.pk, third.pk]),
        {"direction": "up", "number": 3},
    )
    edit = reverse("consultations:recommendation_edit", args=[task.pk, first.pk])
    version = client.get(edit).context["form"].initial["record_version"]
    client.post(
        edit,
        {
            "text": "Bổ sung chỉ tiêu",
            "adoption": "adopted",
            "answer": "UBND đã tiếp thu",
            "answered_on": "2024-05-02",
            "record_version": version,
        },
    )
    client.post(reverse("consultations:recommendation_delete", args=[task.pk, second.pk]))

    rows = list(
        Recommendation.objects.filter(task=task)
        .order_by("number")
        .values_list("number", "text", "adoption")
    )
    assert stale.status_code == 302
    assert rows == [(1, "Bổ sung chỉ tiêu", "adopted"), (2, "Điều chỉnh lộ trình", "pending")]


@pytest.mark.django_db
def test_recommendation_edit_with_stale_version_refused(client, world):
    recommendation = RecommendationFactory(task=world["task"], number=1, text="Cũ")
    client.force_login(world["users"]["staff"])
    url = reverse("consultations:recommendation_edit", args=[world["task"].pk, recommendation.pk])
    version = client.get(url).context["form"].initial["record_version"]
    Recommendation.objects.filter(pk=recommendation.pk).update(text="Người khác sửa")

    response = client.post(
        url, {"text": "Của tôi", "adoption": "pending", "record_version": version}
    )

    assert response.status_code == 200
    assert Recommendation.objects.get(pk=recommendation.pk).text == "Người khác sửa"


@pytest.mark.django_db
def test_plan_created_and_duplicate_year_refused(client, world):
    client.force_login(world["users"]["staff"])
    url = reverse("consultations:plan_add")

    client.post(url, {"year": 2025, "planned_topics": 2, "notes": ""})
    again = client.post(url, {"year": 2025, "planned_topics": 1, "notes": ""})

    assert list(ConsultationPlan.objects.values_list("union_id", "year")) == [
        (world["union"].pk, 2025)
    ]
    assert again.status_code == 200
    assert "already has a plan for 2025" in " ".join(again.context["form"].errors["year"])


@pytest.mark.django_db
def test_topic_linked_to_a_task(client, world):
    plan = ConsultationPlanFactory(union=world["union"], year=2024)
    client.force_login(world["users"]["staff"])

    client.post(
        reverse("consultations:topic_add", args=[plan.pk]),
        {"title": "Đề án đô thị", "requesting_body": "UBND", "task": world["task"].pk},
    )

    assert list(plan.topics.values_list("title", "task_id")) == [("Đề án đô thị", world["task"].pk)]
