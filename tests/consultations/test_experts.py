"""Experts: assigning them (one lead), outside experts' accounts, what an expert sees, opinions."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from associations.models import Role
from consultations import services
from consultations.models import DocumentAccess, ExpertAssignment, Opinion, TaskStatus
from tests.factories import MemberFactory

from .conftest import expert_in
from .factories import PDF, ConsultationTaskFactory, ExpertAssignmentFactory, OpinionFactory


@pytest.mark.django_db
def test_staff_assign_an_expert_with_a_due_date(client, world):
    task = ConsultationTaskFactory(union=world["union"])
    member = MemberFactory(union=world["union"])
    client.force_login(world["users"]["staff"])

    response = client.post(
        reverse("consultations:assignment_add", args=[task.pk]),
        {
            "expert": world["users"]["other_expert"].pk,
            "member": member.pk,
            "lead": "on",
            "due_on": "2024-03-25",
        },
    )

    assert response.status_code == 302
    assignment = ExpertAssignment.objects.get(task=task)
    assert (assignment.expert, assignment.member, assignment.lead, assignment.due_on) == (
        world["users"]["other_expert"],
        member,
        True,
        datetime.date(2024, 3, 25),
    )
    assert assignment.assigned_by == world["users"]["staff"]


@pytest.mark.django_db
def test_a_new_lead_replaces_the_old(world):
    task = world["task"]
    second = services.assignment_add(
        task=task,
        expert=world["users"]["other_expert"],
        due_on=datetime.date(2024, 3, 1),
        lead=True,
    )

    leads = list(task.assignments.filter(lead=True).values_list("pk", flat=True))
    assert leads == [second.pk]


@pytest.mark.django_db
def test_account_without_expert_role_cannot_be_assigned(world):
    with pytest.raises(services.ValidationError) as caught:
        services.assignment_add(
            task=world["task"], expert=world["users"]["officer"], due_on=datetime.date(2024, 3, 1)
        )
    assert caught.value.message_dict == {
        "expert": ["This account does not hold the expert role in the union."]
    }


@pytest.mark.django_db
def test_expert_of_another_union_cannot_be_assigned(world):
    outsider = expert_in(world["other_union"])
    with pytest.raises(services.ValidationError):
        services.assignment_add(
            task=world["task"], expert=outsider, due_on=datetime.date(2024, 3, 1)
        )


@pytest.mark.django_db
def test_outside_expert_account_needs_no_society(client, world):
    task = world["task"]
    client.force_login(world["users"]["staff"])

    response = client.post(
        reverse("consultations:expert_create", args=[task.pk]),
        {"full_name": "TS. Trần Thị Bình", "email": "binh@example.test"},
    )

    assert response.status_code == 302
    role = Role.objects.get(user__email="binh@example.test")
    assert (role.kind, role.union, list(role.societies.all())) == ("expert", world["union"], [])
    assert not role.user.has_usable_password()


@pytest.mark.django_db
def test_experts_see_only_their_assigned_tasks(client, world):
    other_task = ConsultationTaskFactory(union=world["union"])
    client.force_login(world["users"]["expert"])

    mine = client.get(reverse("consultations:my_tasks"))
    other = client.get(reverse("consultations:task_detail", args=[other_task.pk]))
    own = client.get(reverse("consultations:task_detail", args=[world["task"].pk]))

    assert [a.task_id for a in mine.context["assignments"]] == [world["task"].pk]
    assert other.status_code == 404
    assert own.status_code == 200
    assert own.templates[0].name == "consultations/task_expert.html"
    assert reverse("consultations:document_download", args=[world["document"].pk]) in (
        own.content.decode()
    )


@pytest.mark.django_db
def test_expert_saves_a_draft_then_submits(client, world):
    client.force_login(world["users"]["expert"])
    url = reverse("consultations:opinion_edit", args=[world["task"].pk])

    client.post(url, {"text": "Bản nháp", "save": "1"})
    draft = Opinion.objects.get(assignment=world["assignment"])
    form = client.get(url).context["form"]
    response = client.post(
        url,
        {
            "text": "Đề nghị bổ sung chỉ tiêu.",
            "upload": SimpleUploadedFile("y-kien.pdf", PDF),
            "record_version": form.initial["record_version"],
            "submit": "1",
        },
    )

    assert draft.submitted_at is None
    assert response.status_code == 302
    opinion = Opinion.objects.get(assignment=world["assignment"])
    assert (opinion.text, opinion.original_name, opinion.submitted_at is not None) == (
        "Đề nghị bổ sung chỉ tiêu.",
        "y-kien.pdf",
        True,
    )
    file_url = reverse(
        "consultations:opinion_file", args=[world["task"].pk, world["assignment"].pk]
    )
    assert client.get(file_url).status_code == 200


@pytest.mark.django_db
def test_submitted_opinion_cannot_change(world):
    OpinionFactory(
        assignment=world["assignment"],
        submitted_at=datetime.datetime(2024, 3, 2, tzinfo=datetime.UTC),
    )
    with pytest.raises(services.ValidationError) as caught:
        services.opinion_save(assignment=world["assignment"], text="Sửa lại")
    assert caught.value.messages == [
        "Your opinion has already been submitted; it can no longer change."
    ]


@pytest.mark.django_db
def test_empty_opinion_cannot_be_submitted(world):
    with pytest.raises(services.ValidationError) as caught:
        services.opinion_save(assignment=world["assignment"], text=" ", submit=True)
    assert caught.value.messages == ["Write your opinion or attach a file before submitting it."]


@pytest.mark.django_db
def test_opinion_with_wrong_file_type_refused(client, world):
    client.force_login(world["users"]["expert"])
    url = reverse("consultations:opinion_edit", args=[world["task"].pk])

    response = client.post(
        url, {"text": "Ý kiến", "upload": SimpleUploadedFile("a.exe", b"MZ"), "submit": "1"}
    )

    assert response.status_code == 200
    assert "this type of file is not accepted" in response.context["form"].errors["upload"][0]
    assert not Opinion.objects.filter(assignment=world["assignment"], submitted_at__isnull=False)


@pytest.mark.django_db
def test_opinions_closed_after_drafting(world):
    world["task"].status = TaskStatus.DRAFTING
    world["task"].save()
    with pytest.raises(services.ValidationError):
        services.opinion_save(assignment=world["assignment"], text="Muộn")


@pytest.mark.django_db
def test_opinion_file_of_another_expert_is_404(client, world):
    second = ExpertAssignmentFactory(task=world["task"], expert=world["users"]["other_expert"])
    OpinionFactory(assignment=second)
    client.force_login(world["users"]["expert"])

    response = client.get(reverse("consultations:opinion_file", args=[world["task"].pk, second.pk]))

    assert response.status_code == 404


@pytest.mark.django_db
def test_expert_home_lists_their_open_tasks(client, world):
    ConsultationTaskFactory(union=world["union"], title="Nhiệm vụ không được giao")
    client.force_login(world["users"]["expert"])

    response = client.get(reverse("home"))

    assert [a.task_id for a in response.context["my_consultations"]] == [world["task"].pk]
    assert "Nhiệm vụ không được giao" not in response.content.decode()


@pytest.mark.django_db
def test_opinion_file_refusal_is_logged(client, world):
    second = ExpertAssignmentFactory(task=world["task"], expert=world["users"]["other_expert"])
    OpinionFactory(assignment=second)
    client.force_login(world["users"]["expert"])

    client.get(reverse("consultations:opinion_file", args=[world["task"].pk, second.pk]))

    assert list(DocumentAccess.objects.values_list("user_id", "what", "document_id")) == [
        (world["users"]["expert"].pk, "refused", None)
    ]


@pytest.mark.django_db
def test_expert_with_a_submitted_opinion_cannot_be_removed(client, world):
    OpinionFactory(
        assignment=world["assignment"],
        submitted_at=datetime.datetime(2024, 3, 2, tzinfo=datetime.UTC),
    )
    client.force_login(world["users"]["staff"])
    url = reverse(
        "consultations:assignment_remove", args=[world["task"].pk, world["assignment"].pk]
    )

    client.post(url)

    assert ExpertAssignment.objects.filter(pk=world["assignment"].pk).exists()


@pytest.mark.django_db
def test_expert_without_opinion_removed_after_confirmation(client, world):
    second = ExpertAssignmentFactory(task=world["task"], expert=world["users"]["other_expert"])
    client.force_login(world["users"]["staff"])
    url = reverse("consultations:assignment_remove", args=[world["task"].pk, second.pk])

    page = client.get(url)
    assert ExpertAssignment.objects.filter(pk=second.pk).exists()
    client.post(url)

    assert page.status_code == 200
    assert not ExpertAssignment.objects.filter(pk=second.pk).exists()
