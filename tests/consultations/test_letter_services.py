"""Generating, versioning and delivering a task's opinion letter."""

import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from consultations import letter_services as services
from consultations.models import DocumentAccess, OpinionLetter, TaskStatus, TaskType
from consultations.services import TransitionRefused
from core.concurrency import StaleVersion, Version, current_version
from tests.conftest import make_user
from tests.factories import UnionFactory
from tests.reports.pdftools import pdf_text

from .factories import ConsultationTaskFactory, RecommendationFactory


def _task(**kwargs):
    parent = UnionFactory(name="Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Hà Tĩnh")
    union = UnionFactory(
        name="Liên hiệp các Hội Khoa học và Kỹ thuật thị xã Hồng Lĩnh",
        district="Thị xã Hồng Lĩnh",
        locality_kind="thi_xa",
        parent=parent,
    )
    defaults = {
        "union": union,
        "title": "Đề án thu gom rác thải",
        "type": TaskType.CRITIQUE,
        "requesting_body": "UBND thị xã Hồng Lĩnh",
        "status": TaskStatus.APPROVED,
        "received_on": datetime.date(2023, 4, 1),
    }
    return ConsultationTaskFactory(**{**defaults, **kwargs})


def _ready(task, staff):
    draft = services.letter_draft_get_or_create(task=task)
    draft.signer_name = "Nguyễn Văn Đạt"
    draft.save()
    return draft


@pytest.mark.django_db
def test_letter_draft_starts_from_the_task_and_numbers_by_type():
    task = _task(summary="Đề án phù hợp với thực tiễn.")

    draft = services.letter_draft_get_or_create(task=task)

    assert draft.document_number == "01/LHH-PB"
    assert draft.addressee == "UBND thị xã Hồng Lĩnh"
    assert draft.place == "Hồng Lĩnh"
    assert draft.body == "Đề án phù hợp với thực tiễn."
    assert draft.signer_on_behalf == "TM. BAN THƯỜNG TRỰC"


@pytest.mark.django_db
def test_letter_generate_keeps_versions_with_frozen_content_and_checksum():
    task = _task()
    staff = make_user("staff", task.union)
    _ready(task, staff)
    RecommendationFactory(task=task, number=1, text="Bổ sung phương án phân loại rác tại nguồn.")
    RecommendationFactory(task=task, number=2, text="Làm rõ nguồn vốn đầu tư.")

    first = services.letter_generate(task=task, user=staff)
    second = services.letter_generate(task=task, user=staff)

    assert [first.number, second.number] == [1, 2]
    assert first.created_by == staff
    assert len(first.checksum) == 64 and first.size == first.file.size
    assert first.figures["document_number"] == "01/LHH-PB"
    assert [r["text"] for r in first.figures["recommendations"]] == [
        "Bổ sung phương án phân loại rác tại nguồn.",
        "Làm rõ nguồn vốn đầu tư.",
    ]
    text = pdf_text(first.file.read())
    assert "Số: 01/LHH-PB" in text
    assert "V/v phản biện Đề án thu gom rác thải" in text
    assert "Kính gửi: UBND thị xã Hồng Lĩnh" in text
    assert "1. Bổ sung phương án phân loại rác tại nguồn." in text
    assert "2. Làm rõ nguồn vốn đầu tư." in text
    assert "TM. BAN THƯỜNG TRỰC CHỦ TỊCH Nguyễn Văn Đạt" in text
    assert "Nơi nhận: - Như trên; - Lưu: VT, LHH." in text


@pytest.mark.django_db
def test_letter_generate_refused_to_leadership_and_once_delivered():
    task = _task()
    staff = make_user("staff", task.union)
    _ready(task, staff)

    with pytest.raises(PermissionDenied):
        services.letter_generate(task=task, user=make_user("leadership", task.union))
    task.status = TaskStatus.DELIVERED
    task.save()
    with pytest.raises(services.LetterNotReady):
        services.letter_generate(task=task, user=staff)
    assert OpinionLetter.objects.count() == 0


@pytest.mark.django_db
def test_letter_generate_asks_for_a_signer_before_rendering():
    task = _task()
    staff = make_user("staff", task.union)
    services.letter_draft_get_or_create(task=task)

    with pytest.raises(services.LetterNotReady) as refused:
        services.letter_generate(task=task, user=staff)

    assert "signer" in str(refused.value).lower() or "ký" in str(refused.value)
    assert OpinionLetter.objects.count() == 0


@pytest.mark.django_db
def test_letter_draft_update_refuses_a_stale_version():
    task = _task()
    staff = make_user("staff", task.union)
    draft = services.letter_draft_get_or_create(task=task)
    fields = ("addressee", "body")
    seen = Version(current_version(type(draft), draft.pk, fields), fields)
    services.letter_draft_update(task=task, user=staff, data={"body": "Ý kiến mới."}, version=seen)

    with pytest.raises(StaleVersion):
        services.letter_draft_update(task=task, user=staff, data={"body": "Cũ."}, version=seen)

    draft.refresh_from_db()
    assert draft.body == "Ý kiến mới."


@pytest.mark.django_db
def test_letter_mark_delivered_dates_the_letter_and_the_task():
    task = _task()
    staff = make_user("staff", task.union)
    _ready(task, staff)
    letter = services.letter_generate(task=task, user=staff)

    services.letter_mark_delivered(
        letter=letter, user=staff, delivered_on=datetime.date(2023, 5, 4)
    )

    letter.refresh_from_db()
    task.refresh_from_db()
    assert letter.delivered_on == datetime.date(2023, 5, 4)
    assert task.delivered_on == datetime.date(2023, 5, 4)
    assert task.status == TaskStatus.DELIVERED
    assert task.transitions.last().to_status == TaskStatus.DELIVERED
    assert task.transitions.last().by == staff


@pytest.mark.django_db
def test_letter_mark_delivered_refused_before_approval_changes_nothing():
    task = _task(status=TaskStatus.DRAFTING)
    staff = make_user("staff", task.union)
    _ready(task, staff)
    letter = services.letter_generate(task=task, user=staff)

    with pytest.raises(TransitionRefused):
        services.letter_mark_delivered(letter=letter, user=staff, delivered_on=task.received_on)

    letter.refresh_from_db()
    task.refresh_from_db()
    assert letter.delivered_on is None
    assert task.status == TaskStatus.DRAFTING


@pytest.mark.django_db
def test_letter_mark_delivered_only_for_the_latest_version():
    task = _task()
    staff = make_user("staff", task.union)
    _ready(task, staff)
    first = services.letter_generate(task=task, user=staff)
    services.letter_generate(task=task, user=staff)

    with pytest.raises(services.LetterNotReady):
        services.letter_mark_delivered(letter=first, user=staff, delivered_on=task.received_on)


@pytest.mark.django_db
def test_letter_download_log_records_who_in_the_task_log():
    task = _task()
    staff = make_user("staff", task.union)
    _ready(task, staff)
    letter = services.letter_generate(task=task, user=staff)

    services.letter_download_log(letter=letter, user=staff, path="/x/", ip="127.0.0.1")

    access = DocumentAccess.objects.get()
    assert (access.task_id, access.user, access.what, access.document) == (
        task.pk,
        staff,
        "download",
        None,
    )


@pytest.mark.django_db(transaction=True)
def test_two_generations_at_once_get_distinct_numbers():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    task = _task()
    staff = make_user("staff", task.union)
    _ready(task, staff)
    numbers, errors = [], []

    def generate():
        try:
            numbers.append(services.letter_generate(task=task, user=staff).number)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=generate) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(numbers) == [1, 2]
