"""Consultation documents, opinions and letters in the bucket: uploaded or generated through
the portal, private, checksums from the bytes stored, downloads checked and logged as on disk."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from consultations import letter_services
from consultations.models import DocumentAccess, Opinion, OpinionLetter, TaskDocument, TaskStatus
from tests.conftest import make_user
from tests.consultations.factories import (
    ConsultationTaskFactory,
    ExpertAssignmentFactory,
    OpinionLetterFactory,
)
from tests.factories import UnionFactory

from .helpers import PDF, body, public_grants, sha256, shows_bucket

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    union = UnionFactory()
    task = ConsultationTaskFactory(union=union, status=TaskStatus.IN_REVIEW)
    users = {
        "staff": make_user("staff", union),
        "expert": make_user("expert", union),
        "other_expert": make_user("expert", union),
        "other_staff": make_user("staff", UnionFactory()),
    }
    assignment = ExpertAssignmentFactory(task=task, expert=users["expert"], lead=True)
    return {"task": task, "assignment": assignment, "users": users}


def test_a_task_document_lands_in_the_bucket_with_the_checksum_of_its_bytes(
    client, world, s3_bucket
):
    task, users = world["task"], world["users"]
    client.force_login(users["staff"])

    client.post(
        reverse("consultations:document_add", args=[task.pk]),
        {"title": "Dự thảo kế hoạch", "kind": "input", "file": SimpleUploadedFile("dt.pdf", PDF)},
    )

    document = TaskDocument.objects.get()
    key = document.file.name
    assert s3_bucket.keys() == [key]
    assert key.startswith(f"consultations/documents/{task.pk}/")
    assert public_grants(s3_bucket, key) == []
    assert document.checksum == sha256(s3_bucket.read(key)) == sha256(PDF)


def test_a_task_document_downloads_for_the_expert_not_for_others(client, world, s3_bucket):
    task, users = world["task"], world["users"]
    client.force_login(users["staff"])
    client.post(
        reverse("consultations:document_add", args=[task.pk]),
        {"title": "Dự thảo kế hoạch", "kind": "input", "file": SimpleUploadedFile("dt.pdf", PDF)},
    )
    url = reverse("consultations:document_download", args=[TaskDocument.objects.get().pk])
    page = client.get(reverse("consultations:task_detail", args=[task.pk]))

    answers = {}
    for who in ("expert", "other_expert", "other_staff"):
        client.force_login(users[who])
        answers[who] = client.get(url)

    assert (page.status_code, shows_bucket(page.content, s3_bucket)) == (200, [])
    assert url in page.content.decode()
    assert (answers["expert"].status_code, body(answers["expert"])) == (200, PDF)
    assert (answers["other_expert"].status_code, answers["other_staff"].status_code) == (404, 404)
    assert list(DocumentAccess.objects.order_by("pk").values_list("what", flat=True)) == [
        "download",
        "refused",
        "refused",
    ]


def test_an_opinion_file_lands_in_the_bucket_and_downloads_for_its_expert(client, world, s3_bucket):
    task, users = world["task"], world["users"]
    client.force_login(users["expert"])
    edit = reverse("consultations:opinion_edit", args=[task.pk])

    client.post(edit, {"text": "Ý kiến", "upload": SimpleUploadedFile("y-kien.pdf", PDF)})
    page = client.get(edit)
    url = reverse("consultations:opinion_file", args=[task.pk, world["assignment"].pk])
    served = client.get(url)
    client.force_login(users["other_staff"])
    refused = client.get(url)

    key = Opinion.objects.get().file.name
    assert s3_bucket.keys() == [key]
    assert key.startswith(f"consultations/opinions/{world['assignment'].pk}/")
    assert public_grants(s3_bucket, key) == []
    assert (page.status_code, shows_bucket(page.content, s3_bucket)) == (200, [])
    assert (served.status_code, body(served)) == (200, PDF)
    assert refused.status_code == 404


def test_a_generated_letter_lands_in_the_bucket_and_downloads(client, world, s3_bucket):
    task, users = world["task"], world["users"]
    task.status = TaskStatus.APPROVED
    task.save()
    draft = letter_services.letter_draft_get_or_create(task=task)
    draft.signer_name = "Trần Thị Hoa"
    draft.save()
    client.force_login(users["staff"])

    client.post(reverse("consultations:letter_generate", args=[task.pk]))
    letter = OpinionLetter.objects.get()
    url = reverse("consultations:letter_download", args=[letter.pk])
    page = client.get(reverse("consultations:letter_detail", args=[task.pk]))
    served = client.get(url)
    client.force_login(users["other_staff"])
    refused = client.get(url)

    key = letter.file.name
    content = s3_bucket.read(key)
    assert s3_bucket.keys() == [key]
    assert key == f"consultations/letters/{task.pk}/v1.pdf"
    assert public_grants(s3_bucket, key) == []
    assert (letter.size, letter.checksum) == (len(content), sha256(content))
    assert content.startswith(b"%PDF-")
    assert (page.status_code, shows_bucket(page.content, s3_bucket)) == (200, [])
    assert url in page.content.decode()
    assert (served.status_code, body(served)) == (200, content)
    assert refused.status_code == 404


def test_a_letter_whose_object_is_gone_is_404_and_logs_no_download(client, world, s3_bucket):
    letter = OpinionLetterFactory(task=world["task"])
    s3_bucket.client.delete_object(Bucket=s3_bucket.name, Key=letter.file.name)
    client.force_login(world["users"]["staff"])

    response = client.get(reverse("consultations:letter_download", args=[letter.pk]))

    assert response.status_code == 404
    assert DocumentAccess.objects.count() == 0


def test_a_large_document_is_stored_whole_with_the_checksum_of_its_bytes(client, world, s3_bucket):
    # Over FILE_UPLOAD_MAX_MEMORY_SIZE (a temporary file) and over boto3's multipart threshold.
    large = PDF[:-6] + bytes(range(256)) * (9 * 4096) + b"\n%%EOF\n"
    client.force_login(world["users"]["staff"])

    client.post(
        reverse("consultations:document_add", args=[world["task"].pk]),
        {"title": "Phụ lục", "kind": "input", "file": SimpleUploadedFile("pl.pdf", large)},
    )

    document = TaskDocument.objects.get()
    stored = s3_bucket.read(document.file.name)
    assert (len(stored), document.size) == (len(large), len(large))
    assert document.checksum == sha256(stored) == sha256(large)
