"""Confidential documents: who may download them, the access log, versions, bad uploads."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from consultations import services
from consultations.models import DocumentAccess, TaskDocument, TaskStatus
from tests.conftest import statuses

from .factories import PDF, ConsultationTaskFactory, ExpertAssignmentFactory


def download_url(document) -> str:
    return reverse("consultations:document_download", args=[document.pk])


def pdf(name="du-thao.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.mark.django_db
def test_document_download_per_role(client, world):
    users = {**world["users"], "anonymous": None}

    found = statuses(client, users, download_url(world["document"]))

    assert found == {
        "staff": 200,
        "leadership": 200,
        "officer": 403,
        "expert": 200,
        "other_expert": 404,
        "judge": 403,
        "other_staff": 404,
        "anonymous": 302,
    }


@pytest.mark.django_db
def test_every_download_and_refusal_is_logged(client, world):
    users, document = world["users"], world["document"]
    for role in ("staff", "expert", "other_expert", "other_staff"):
        client.force_login(users[role])
        response = client.get(download_url(document), REMOTE_ADDR="10.0.0.7")
        if response.status_code == 200:
            b"".join(response.streaming_content)

    log = list(
        DocumentAccess.objects.order_by("id").values_list("user_id", "what", "document_id", "ip")
    )
    assert log == [
        (users["staff"].pk, "download", document.pk, "10.0.0.7"),
        (users["expert"].pk, "download", document.pk, "10.0.0.7"),
        (users["other_expert"].pk, "refused", document.pk, "10.0.0.7"),
        (users["other_staff"].pk, "refused", document.pk, "10.0.0.7"),
    ]
    assert set(DocumentAccess.objects.values_list("task_id", flat=True)) == {world["task"].pk}


@pytest.mark.django_db
def test_expert_of_another_task_gets_404_and_is_logged(client, world):
    other_task = ConsultationTaskFactory(union=world["union"])
    ExpertAssignmentFactory(task=other_task, expert=world["users"]["other_expert"])
    client.force_login(world["users"]["other_expert"])

    response = client.get(download_url(world["document"]))

    assert response.status_code == 404
    access = DocumentAccess.objects.get()
    assert (access.what, access.user, access.task) == (
        "refused",
        world["users"]["other_expert"],
        world["task"],
    )


@pytest.mark.django_db
def test_access_log_shown_to_staff_and_leadership_only(client, world):
    client.force_login(world["users"]["expert"])
    b"".join(client.get(download_url(world["document"])).streaming_content)
    url = reverse("consultations:task_detail", args=[world["task"].pk])

    seen = {}
    for role in ("staff", "leadership", "expert"):
        client.force_login(world["users"][role])
        response = client.get(url)
        seen[role] = "Document access log" in response.content.decode()

    assert seen == {"staff": True, "leadership": True, "expert": False}


@pytest.mark.django_db
def test_same_title_makes_a_new_version_and_keeps_the_old(client, world):
    task, staff = world["task"], world["users"]["staff"]
    client.force_login(staff)
    url = reverse("consultations:document_add", args=[task.pk])

    response = client.post(
        url, {"title": "Dự thảo kế hoạch", "kind": "input", "file": pdf("ban-sua.pdf")}
    )

    assert response.status_code == 302
    versions = list(
        TaskDocument.objects.filter(task=task, title="Dự thảo kế hoạch")
        .order_by("version")
        .values_list("version", "original_name")
    )
    assert versions == [(1, "du-thao.pdf"), (2, "ban-sua.pdf")]
    page = client.get(reverse("consultations:task_detail", args=[task.pk])).content.decode()
    for document in TaskDocument.objects.filter(task=task):
        assert download_url(document) in page
        assert client.get(download_url(document)).status_code == 200


@pytest.mark.django_db
def test_document_checksum_and_size_recorded(world):
    document = services.document_upload(
        task=world["task"], title="Tờ trình", upload=pdf(), user=world["users"]["staff"]
    )

    assert (document.version, document.size, document.checksum) == (
        1,
        len(PDF),
        hashlib.sha256(PDF).hexdigest(),
    )


@pytest.mark.django_db
def test_wrong_type_refused_with_a_clear_message(client, world):
    client.force_login(world["users"]["staff"])
    url = reverse("consultations:document_add", args=[world["task"].pk])
    upload = SimpleUploadedFile("virus.exe", b"MZ\x90\x00", content_type="application/x-msdownload")

    response = client.post(url, {"title": "Phụ lục", "kind": "input", "file": upload})

    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert errors == [
        "“virus.exe”: this type of file is not accepted. Accepted types: PDF, DOCX, XLSX, JPG, PNG."
    ]
    assert TaskDocument.objects.filter(title="Phụ lục").count() == 0


@pytest.mark.django_db
def test_disguised_file_refused(world):
    with pytest.raises(services.ValidationError) as caught:
        services.document_upload(
            task=world["task"], title="Phụ lục", upload=pdf("a.pdf", b"<html>no</html>")
        )
    assert "is not a valid PDF file" in caught.value.message_dict["file"][0]


@pytest.mark.django_db
def test_too_large_refused(settings, world):
    settings.UPLOAD_MAX_BYTES = 10
    with pytest.raises(services.ValidationError) as caught:
        services.document_upload(task=world["task"], title="Phụ lục", upload=pdf())
    assert caught.value.message_dict["file"][0].startswith("“du-thao.pdf” is ")


@pytest.mark.django_db
def test_expert_opening_a_draft_starts_the_review(client, world):
    task = world["task"]
    task.status = TaskStatus.ASSIGNED
    task.save()
    client.force_login(world["users"]["expert"])

    b"".join(client.get(download_url(world["document"])).streaming_content)

    task.refresh_from_db()
    assert task.status == TaskStatus.IN_REVIEW
    assert task.transitions.get().by == world["users"]["expert"]
