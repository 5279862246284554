"""Factories for every consultations model."""

import datetime
import hashlib

import factory
from django.core.files.base import ContentFile
from factory.django import DjangoModelFactory

from consultations.models import (
    AccessWhat,
    ConsultationPlan,
    ConsultationTask,
    DocumentAccess,
    DocumentKind,
    ExpertAssignment,
    Opinion,
    OpinionLetter,
    PlannedTopic,
    Recommendation,
    TaskDocument,
    TaskStatus,
    TaskTransition,
    TaskType,
)
from tests.factories import MemberFactory, UnionFactory, UserFactory

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def pdf_file(name: str = "du-thao.pdf", content: bytes = PDF) -> ContentFile:
    return ContentFile(content, name=name)


class ConsultationTaskFactory(DjangoModelFactory):
    class Meta:
        model = ConsultationTask

    union = factory.SubFactory(UnionFactory)
    title = factory.Sequence(lambda n: f"Dự thảo kế hoạch phát triển số {n}")
    type = TaskType.CRITIQUE
    requesting_body = "UBND thị xã"
    legal_basis = "Quyết định 14/2014/QĐ-TTg"
    received_on = datetime.date(2024, 3, 1)
    due_on = datetime.date(2024, 3, 31)
    status = TaskStatus.RECEIVED
    confidential = True


class TaskTransitionFactory(DjangoModelFactory):
    class Meta:
        model = TaskTransition

    task = factory.SubFactory(ConsultationTaskFactory)
    from_status = TaskStatus.RECEIVED
    to_status = TaskStatus.ASSIGNED


class ExpertAssignmentFactory(DjangoModelFactory):
    class Meta:
        model = ExpertAssignment

    task = factory.SubFactory(ConsultationTaskFactory)
    expert = factory.SubFactory(UserFactory)
    lead = False
    due_on = datetime.date(2024, 3, 20)


class OpinionFactory(DjangoModelFactory):
    class Meta:
        model = Opinion

    assignment = factory.SubFactory(ExpertAssignmentFactory)
    text = "Đề nghị bổ sung các chỉ tiêu cụ thể."


class TaskDocumentFactory(DjangoModelFactory):
    class Meta:
        model = TaskDocument

    task = factory.SubFactory(ConsultationTaskFactory)
    kind = DocumentKind.INPUT
    title = "Dự thảo"
    version = 1
    file = factory.LazyFunction(pdf_file)
    original_name = "du-thao.pdf"
    size = len(PDF)
    checksum = hashlib.sha256(PDF).hexdigest()


class DocumentAccessFactory(DjangoModelFactory):
    class Meta:
        model = DocumentAccess

    document = factory.SubFactory(TaskDocumentFactory)
    task = factory.SelfAttribute("document.task")
    user = factory.SubFactory(UserFactory)
    what = AccessWhat.DOWNLOAD
    path = "/"


class RecommendationFactory(DjangoModelFactory):
    class Meta:
        model = Recommendation

    task = factory.SubFactory(ConsultationTaskFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Kiến nghị số {n}")


class ConsultationPlanFactory(DjangoModelFactory):
    class Meta:
        model = ConsultationPlan

    union = factory.SubFactory(UnionFactory)
    year = factory.Sequence(lambda n: 2024 + n % 50)
    planned_topics = 2


class PlannedTopicFactory(DjangoModelFactory):
    class Meta:
        model = PlannedTopic

    plan = factory.SubFactory(ConsultationPlanFactory)
    title = factory.Sequence(lambda n: f"Chủ đề số {n}")
    requesting_body = "UBND thị xã"


class OpinionLetterFactory(DjangoModelFactory):
    class Meta:
        model = OpinionLetter

    task = factory.SubFactory(ConsultationTaskFactory)
    number = 1
    document_number = factory.Sequence(lambda n: f"Số: {n + 1}/LHH-TV")
    addressee = "Ủy ban nhân dân thị xã"
    place = "Hồng Lĩnh"
    issued_on = datetime.date(2024, 4, 1)
    signer_title = "CHỦ TỊCH"
    signer_name = "Nguyễn Văn A"
    recipients_text = "Như trên;\nLưu: VT."
    body = "Liên hiệp hội góp ý như sau."
    file = factory.LazyFunction(lambda: pdf_file("y-kien.pdf"))
    size = len(PDF)
    checksum = hashlib.sha256(PDF).hexdigest()


__all__ = [
    "MemberFactory",
    "ConsultationTaskFactory",
    "TaskTransitionFactory",
    "ExpertAssignmentFactory",
    "OpinionFactory",
    "TaskDocumentFactory",
    "DocumentAccessFactory",
    "RecommendationFactory",
    "ConsultationPlanFactory",
    "PlannedTopicFactory",
    "OpinionLetterFactory",
]
