"""The consultations admin: scoped to the staff's unions, version-checked, the workflow's own
records read-only."""

import pytest
from django.urls import reverse

from associations.accounts import role_sync_staff_access
from consultations.models import ConsultationTask, Recommendation
from tests.admin_helpers import post_with_version

from .factories import ConsultationTaskFactory, RecommendationFactory

TASK_FIELDS = {
    "title": "Đề án đã sửa",
    "type": "critique",
    "requesting_body": "UBND thị xã",
    "legal_basis": "",
    "received_on": "2024-03-01",
    "due_on": "2024-03-31",
    "confidential": "on",
    "summary": "",
    "imported_recommendations": "",
    "imported_adopted": "",
}


def inline_management(prefix: str, total: int, initial: int) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def change_data(task, **extra) -> dict:
    data = {**TASK_FIELDS, "union": task.union_id}
    for prefix in ("assignments", "documents", "transitions"):
        data |= inline_management(prefix, 0, 0)
    recommendations = list(task.recommendations.order_by("number"))
    data |= inline_management("recommendations", len(recommendations), len(recommendations))
    for index, recommendation in enumerate(recommendations):
        data |= {
            f"recommendations-{index}-id": recommendation.pk,
            f"recommendations-{index}-task": task.pk,
            f"recommendations-{index}-adoption": recommendation.adoption,
            f"recommendations-{index}-answer": recommendation.answer,
            f"recommendations-{index}-answered_on": "",
        }
    data.update(extra)
    return data


@pytest.fixture
def staff_client(client, world):
    role_sync_staff_access(user=world["users"]["staff"])
    client.force_login(world["users"]["staff"])
    return client


@pytest.mark.django_db
def test_changelist_shows_only_own_union(staff_client, world):
    ConsultationTaskFactory(union=world["other_union"], title="Của huyện khác")

    response = staff_client.get(reverse("admin:consultations_consultationtask_changelist"))

    assert [t.pk for t in response.context["cl"].result_list] == [world["task"].pk]


@pytest.mark.django_db
def test_status_is_the_workflows(staff_client, world):
    task = world["task"]
    url = reverse("admin:consultations_consultationtask_change", args=[task.pk])

    response = post_with_version(staff_client, url, change_data(task, status="closed"))

    assert response.status_code == 302, response.context["adminform"].form.errors
    task.refresh_from_db()
    assert (task.title, task.status) == ("Đề án đã sửa", "in_review")


@pytest.mark.django_db
def test_stale_task_save_refused(staff_client, world):
    task = world["task"]
    url = reverse("admin:consultations_consultationtask_change", args=[task.pk])
    shown = staff_client.get(url).context["adminform"].form["record_version"].value()
    ConsultationTask.objects.filter(pk=task.pk).update(title="Người khác sửa")

    response = staff_client.post(url, change_data(task, record_version=shown))

    assert response.status_code == 200
    assert ConsultationTask.objects.get(pk=task.pk).title == "Người khác sửa"


@pytest.mark.django_db
def test_adoption_recorded_in_the_inline(staff_client, world):
    task = world["task"]
    recommendation = RecommendationFactory(task=task, number=1, text="Bổ sung chỉ tiêu")
    url = reverse("admin:consultations_consultationtask_change", args=[task.pk])
    shown = staff_client.get(url)
    inline = shown.context["inline_admin_formsets"]
    versions = {}
    for formset in inline:
        for form in formset.formset.forms:
            if "record_version" in form.fields:
                versions[form.prefix] = form["record_version"].value()
    data = change_data(task)
    data["recommendations-0-adoption"] = "partly"
    data["recommendations-0-answer"] = "Tiếp thu một phần"
    data["recommendations-0-record_version"] = versions["recommendations-0"]

    response = post_with_version(staff_client, url, data)

    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert (recommendation.adoption, recommendation.answer, recommendation.text) == (
        "partly",
        "Tiếp thu một phần",
        "Bổ sung chỉ tiêu",
    )
    assert Recommendation.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model", ["expertassignment", "opinion", "taskdocument", "opinionletter", "documentaccess"]
)
def test_workflow_records_cannot_be_added_here(staff_client, model):
    response = staff_client.get(reverse(f"admin:consultations_{model}_add"))

    assert response.status_code == 403
