"""The data of the province roll-up benchmark (reports/bench_province.py): a provincial union
over 10 district unions, and a small one over 2, each district with its terms, societies,
members, activities, contests, initiatives, consultations and commendations, the province with
its committee and the targets its last report set. Bulk-created, once per database, apart from
the single union of associations/bench.py.
"""

from __future__ import annotations

import datetime
import random

from django.db import connection, transaction
from django.utils import timezone

from associations.models import Activity, ActivityKind, Society, SocietyKind, Term, Union
from consultations.models import (
    Adoption,
    ConsultationTask,
    Recommendation,
    TaskStatus,
    TaskType,
)
from contests.models import (
    Award,
    Contest,
    ContestKind,
    ContestStatus,
    Entry,
    EntryField,
    Initiative,
    Level,
    Rank,
    RecognitionLevel,
)
from members.bench import _create as create_members
from members.models import (
    Commendation,
    CommendationForm,
    CommitteeBody,
    CommitteePosition,
    CommitteeSeat,
    LeaveReason,
    Member,
    RecipientType,
)

from .models import Target, TermReport

SLUG = "bench-province-rollup"
SMALL_SLUG = "bench-province-rollup-small"
DISTRICTS, SMALL_DISTRICTS = 10, 2
TERMS = (
    (4, "2018 - 2023", datetime.date(2018, 7, 1), datetime.date(2023, 12, 31)),
    (5, "2024 - 2029", datetime.date(2024, 1, 1), datetime.date(2029, 12, 31)),
)
KINDS = [SocietyKind.AGENCY, SocietyKind.ENTERPRISE, SocietyKind.SCHOOL, SocietyKind.HEALTH,
         SocietyKind.WARD, SocietyKind.COMMUNE]  # fmt: skip
STATUSES = [TaskStatus.CLOSED] * 4 + [TaskStatus.DELIVERED, TaskStatus.DRAFTING,
                                      TaskStatus.RECEIVED, TaskStatus.CANCELLED]  # fmt: skip
TARGETS = [("members", 1500), ("trainings", 40), ("initiatives_applied_share", 60),
           ("awards_province_or_above", 10), ("consultation_topics", 5)]  # fmt: skip


def build(data: dict, options: dict) -> None:
    sizes = {
        "societies": max(2, options["societies"] // DISTRICTS),
        "members": max(20, options["members"] // DISTRICTS),
        "activities": max(12, options["activities"] // DISTRICTS),
    }
    for slug, count, scale in ((SLUG, DISTRICTS, 1), (SMALL_SLUG, SMALL_DISTRICTS, 10)):
        if not Union.objects.filter(slug=slug).exists():
            small = {key: max(2, value // scale) for key, value in sizes.items()}
            _province(slug, districts=count, sizes=small)
    data["province"] = Union.objects.select_related("parent").get(slug=SLUG)
    data["province_small"] = Union.objects.select_related("parent").get(slug=SMALL_SLUG)
    data["province_districts"] = list(
        Union.objects.filter(parent=data["province"]).order_by("slug")
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _province(slug: str, *, districts: int, sizes: dict) -> Union:
    rng = random.Random(13)
    with transaction.atomic():
        parent = Union.objects.create(
            name=f"Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Tổng Hợp {slug[-5:]}",
            short_name="Liên hiệp hội tỉnh",
            slug=slug,
            locality_kind="tinh",
            province="Tổng Hợp",
            intellectuals_estimate=districts * sizes["members"] * 2,
        )
        terms = _terms(parent)
        report = TermReport.objects.create(union=parent, term=terms[0], next_term=terms[1])
        Target.objects.bulk_create(
            Target(report=report, metric=metric, value=value, wording=f"Chỉ tiêu {metric}",
                   order=order)
            for order, (metric, value) in enumerate(TARGETS)
        )  # fmt: skip
        leaders = []
        for number in range(1, districts + 1):
            district = Union.objects.create(
                parent=parent,
                name=f"Liên hiệp các Hội Khoa học và Kỹ thuật huyện Số {number:02d}",
                short_name="Liên hiệp hội",
                slug=f"{slug}-{number:02d}",
                locality_kind="huyen",
                province="Tổng Hợp",
                district=f"Huyện Số {number:02d}",
                intellectuals_estimate=sizes["members"] * 2,
            )
            _terms(district)
            societies = _societies(district, sizes["societies"])
            _activities(district, societies, sizes["activities"], rng)
            create_members(district, societies, sizes["members"])
            _contests(district, societies, rng)
            _consultations(district, rng)
            _commendations(district, societies)
            leaders += _typical_intellectuals(district)
        _committee(terms[0], leaders)
    return parent


def _typical_intellectuals(union: Union) -> list[int]:
    """Three of the district's members recognised as typical intellectuals; returns their ids
    (they sit on the province's committee)."""
    ids = list(Member.objects.filter(union=union).order_by("pk").values_list("pk", flat=True)[:3])
    Member.objects.filter(pk__in=ids).update(typical_intellectual_year=2021)
    return ids


def _committee(term: Term, member_ids: list[int]) -> None:
    """The province's executive committee of the term (BCH): a chair, two vice chairs and
    members from the districts; one seat in eight ended during the term (a job transfer)."""
    positions = [
        CommitteePosition.CHAIR,
        CommitteePosition.VICE_CHAIR,
        CommitteePosition.VICE_CHAIR,
    ]
    CommitteeSeat.objects.bulk_create(
        CommitteeSeat(
            term=term,
            member_id=member_id,
            body=CommitteeBody.BCH,
            position=positions[i] if i < len(positions) else CommitteePosition.MEMBER,
            started_on=term.starts_on,
            ended_on=datetime.date(2021, 3, 31) if i % 8 == 7 else None,
            leave_reason=LeaveReason.TRANSFER if i % 8 == 7 else "",
        )
        for i, member_id in enumerate(member_ids)
    )


def _terms(union: Union) -> list[Term]:
    return Term.objects.bulk_create(
        Term(union=union, congress_number=number, label=label, starts_on=start, ends_on=end)
        for number, label, start, end in TERMS
    )


def _societies(union: Union, count: int) -> list[Society]:
    return Society.objects.bulk_create(
        Society(
            union=union,
            name=f"Hội KH&KT {union.district} đơn vị số {i + 1:03d}",
            kind=KINDS[i % len(KINDS)],
            founded_on=datetime.date(2010, 1, 1),
        )
        for i in range(count)
    )


def _years() -> range:
    return range(2019, timezone.localdate().year + 1)


def _activities(union: Union, societies: list[Society], count: int, rng: random.Random) -> None:
    years = _years()
    Activity.objects.bulk_create(
        (
            Activity(
                union=union,
                society=societies[i % len(societies)] if i % 3 else None,
                kind=rng.choice(ActivityKind.values),
                title=f"Hoạt động số {i + 1}",
                held_on=datetime.date(years[i % len(years)], 1 + i % 11, 1 + i % 28),
                participants=rng.randint(10, 200),
                amount_vnd=rng.randint(0, 5) * 1_000_000,
            )
            for i in range(count)
        ),
        batch_size=2000,
    )


def _contests(union: Union, societies: list[Society], rng: random.Random) -> None:
    """A contest every other year with ten entries, five of them awarded; two initiatives a
    society over the years."""
    entries, years = [], _years()
    for year in years[1::2]:
        contest = Contest.objects.create(
            union=union,
            name=f"Hội thi Sáng tạo kỹ thuật {union.district} năm {year}",
            kind=ContestKind.TECHNICAL_CREATIVITY,
            level=Level.DISTRICT,
            year=year,
            opens_on=datetime.date(year, 3, 1),
            closes_on=datetime.date(year, 6, 30),
            status=ContestStatus.CLOSED,
        )
        entries += [
            (year, Entry(contest=contest, union=union, society=societies[i % len(societies)],
                         title=f"Giải pháp số {i + 1} năm {year}",
                         field=rng.choice(EntryField.values), author_names="Tác Giả Thử"))
            for i in range(10)
        ]  # fmt: skip
    Entry.objects.bulk_create(entry for _, entry in entries)
    Award.objects.bulk_create(
        Award(entry=entry, year=year, level=rng.choice(Level.values),
              rank=rng.choice(Rank.values), awarding_body="Liên hiệp hội tỉnh")
        for year, entry in entries[::2]
    )  # fmt: skip
    Initiative.objects.bulk_create(
        Initiative(union=union, society=society, title=f"Sáng kiến số {i + 1}",
                   field=rng.choice(EntryField.values), year=years[i % len(years)],
                   recognition_level=rng.choice(RecognitionLevel.values), applied=i % 3 != 0)
        for i, society in enumerate(societies * 2)
    )  # fmt: skip


def _consultations(union: Union, rng: random.Random) -> None:
    """Two tasks a year, most delivered, three recommendations each with their answers."""
    today = timezone.localdate()
    tasks = []
    for i, year in enumerate(year for year in _years() for _ in range(2)):
        received = min(today, datetime.date(year, 2 + 5 * (i % 2), 10))
        status = rng.choice(STATUSES)
        done = status in (TaskStatus.DELIVERED, TaskStatus.CLOSED)
        tasks.append(
            ConsultationTask(
                union=union,
                title=f"Dự thảo đề án {union.district} năm {year} số {i + 1}",
                type=rng.choice(TaskType.values),
                requesting_body=rng.choice(["UBND huyện", "Huyện ủy", "Phòng Nông nghiệp"]),
                received_on=received,
                due_on=received + datetime.timedelta(days=30),
                status=status,
                delivered_on=min(today, received + datetime.timedelta(days=20)) if done else None,
            )
        )
    tasks = ConsultationTask.objects.bulk_create(tasks)
    Recommendation.objects.bulk_create(
        Recommendation(task=task, number=n, text=f"Kiến nghị số {n}",
                       adoption=rng.choice(Adoption.values))
        for task in tasks
        for n in (1, 2, 3)
    )  # fmt: skip


def _commendations(union: Union, societies: list[Society]) -> None:
    forms = CommendationForm.values
    Commendation.objects.bulk_create(
        [Commendation(union=union, recipient_type=RecipientType.UNION, form=forms[0],
                      issuer="Liên hiệp các Hội KH&KT Việt Nam", year=2021)]
        + [Commendation(union=union, recipient_type=RecipientType.SOCIETY, society=society,
                        form=forms[i % len(forms)], issuer="UBND tỉnh", year=2019 + i % 7)
           for i, society in enumerate(societies[:6])]
    )  # fmt: skip
