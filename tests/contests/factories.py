"""Factories for every model of contests (judging's included)."""

import datetime
from decimal import Decimal

import factory
from django.core.files.base import ContentFile
from factory.django import DjangoModelFactory

from contests.models import (
    Award,
    Contest,
    ContestKind,
    ContestStatus,
    Criterion,
    Entry,
    EntryAttachment,
    Forwarding,
    Initiative,
    JudgeAssignment,
    JudgeConflict,
    Level,
    Rank,
    RecognitionLevel,
    Score,
    SheetReopening,
)
from tests.factories import SocietyFactory, UnionFactory, UserFactory

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


class ContestFactory(DjangoModelFactory):
    class Meta:
        model = Contest

    union = factory.SubFactory(UnionFactory)
    name = factory.Sequence(lambda n: f"Hội thi Sáng tạo kỹ thuật lần thứ {n}")
    kind = ContestKind.TECHNICAL_CREATIVITY
    level = Level.DISTRICT
    year = 2024
    opens_on = datetime.date(2024, 1, 1)
    closes_on = datetime.date(2099, 12, 31)
    scoring_due_on = None
    status = ContestStatus.OPEN


class CriterionFactory(DjangoModelFactory):
    class Meta:
        model = Criterion

    contest = factory.SubFactory(ContestFactory)
    name = factory.Sequence(lambda n: f"Tiêu chí {n}")
    weight = Decimal("1.00")
    max_score = Decimal("10.00")
    order = factory.Sequence(lambda n: n)


class EntryFactory(DjangoModelFactory):
    class Meta:
        model = Entry

    contest = factory.SubFactory(ContestFactory)
    union = factory.LazyAttribute(lambda entry: entry.contest.union)
    society = factory.LazyAttribute(lambda entry: SocietyFactory(union=entry.contest.union))
    title = factory.Sequence(lambda n: f"Giải pháp kỹ thuật số {n}")
    field = "agriculture"
    unit = "Trường THPT Hồng Lĩnh"
    summary = ""
    author_names = "Trần Văn Tác Giả"


class EntryAttachmentFactory(DjangoModelFactory):
    class Meta:
        model = EntryAttachment

    entry = factory.SubFactory(EntryFactory)
    original_name = "thuyet-minh.pdf"
    size = len(PDF)
    file = factory.LazyFunction(lambda: ContentFile(PDF, name="thuyet-minh.pdf"))


class AwardFactory(DjangoModelFactory):
    class Meta:
        model = Award

    entry = factory.SubFactory(EntryFactory)
    level = Level.PROVINCE
    rank = Rank.SECOND
    year = 2020
    awarding_body = "Liên hiệp hội tỉnh"


class ForwardingFactory(DjangoModelFactory):
    class Meta:
        model = Forwarding

    entry = factory.SubFactory(EntryFactory)
    level = Level.PROVINCE
    year = 2020
    forwarded_on = datetime.date(2020, 6, 1)


class InitiativeFactory(DjangoModelFactory):
    class Meta:
        model = Initiative

    union = factory.SubFactory(UnionFactory)
    society = factory.LazyAttribute(lambda item: SocietyFactory(union=item.union))
    title = factory.Sequence(lambda n: f"Sáng kiến cải tiến số {n}")
    authors = "Lê Thị Sáng Kiến"
    field = "education"
    recognition_level = RecognitionLevel.DISTRICT
    year = 2020
    applied = True
    applied_where = "Trường THCS Trung Lương"


class JudgeAssignmentFactory(DjangoModelFactory):
    class Meta:
        model = JudgeAssignment

    entry = factory.SubFactory(EntryFactory)
    contest = factory.LazyAttribute(lambda item: item.entry.contest)
    judge = factory.SubFactory(UserFactory)


class JudgeConflictFactory(DjangoModelFactory):
    class Meta:
        model = JudgeConflict

    entry = factory.SubFactory(EntryFactory)
    contest = factory.LazyAttribute(lambda item: item.entry.contest)
    judge = factory.SubFactory(UserFactory)
    reason = "Người thân của tác giả"


class ScoreFactory(DjangoModelFactory):
    class Meta:
        model = Score

    assignment = factory.SubFactory(JudgeAssignmentFactory)
    criterion = factory.LazyAttribute(
        lambda item: CriterionFactory(contest=item.assignment.contest)
    )
    value = Decimal("7.50")
    comment = ""


class SheetReopeningFactory(DjangoModelFactory):
    class Meta:
        model = SheetReopening

    assignment = factory.SubFactory(JudgeAssignmentFactory)
    reopened_by = factory.SubFactory(UserFactory)
    reason = "Giám khảo nhập nhầm điểm"
