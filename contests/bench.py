"""Benchmark data and measures of contest judging (registered with core.bench).

Data, in the synthetic province: 60 judges (3 per 10 societies, at least 8), each an
officer of two societies (so each has entries they must not get), and two contests being
judged with 1.000 entries each (5 per society) and 5 criteria: one without assignments, one
fully assigned (3 judges an entry) and scored.
Measures:
- `contests_assignment`: the automatic assignment service, end to end (reading judges, own
  societies and conflicts, the balanced assignment, writing 3.000 sheets with their history),
  rolled back after each run; floor: a round-robin ignoring conflicts and balance, written with
  a bare bulk_create (what any assignment must at least read and write);
- `contests_score_sheet`: the staff's score sheet page (every judge × criterion × entry and the
  rankings) through the test client; floor: the same rows by one raw SQL query, written out as
  HTML table rows by string formatting;
- `contests_score_export`: the same sheet as XLSX; floor: the raw SQL rows written by the same
  spreadsheet writer.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.conf import settings
from django.db import connection, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from associations.models import Role, RoleKind, User
from core import bench, spreadsheets

from . import judging_exports, judging_selectors, judging_services
from .models import (
    Contest,
    ContestKind,
    ContestStatus,
    Criterion,
    Entry,
    JudgeAssignment,
    Level,
    Score,
)

ASSIGN_NAME = "Hội thi thử nghiệm phân công"
SCORED_NAME = "Hội thi thử nghiệm bảng điểm"
PER_ENTRY = 3
CRITERIA = [("Tính mới", 3, 30), ("Tính khoa học", 2, 20), ("Khả năng áp dụng", 2, 20),
            ("Hiệu quả kinh tế - xã hội", 2, 20), ("Trình bày", 1, 10)]  # fmt: skip


def _sizes(options: dict) -> tuple[int, int]:
    """(entries, judges): 1.000 and 60 for the province's 200 societies."""
    societies = options["societies"]
    return societies * 5, max(8, societies * 3 // 10)


def build(data: dict, options: dict) -> None:
    union = data["union"]
    entries, judges = _sizes(options)
    if not Contest.objects.filter(union=union, name=ASSIGN_NAME).exists():
        with transaction.atomic():
            judge_users = _judges(union, data["societies"], judges)
            _contest(union, ASSIGN_NAME, data["societies"], entries)
            scored = _contest(union, SCORED_NAME, data["societies"], entries)
            _scores(scored, judge_users)
    data["contest_assign"] = Contest.objects.get(union=union, name=ASSIGN_NAME)
    data["contest_scored"] = Contest.objects.get(union=union, name=SCORED_NAME)
    data["contest_staff"] = _staff(union)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _judges(union, societies, count: int) -> list[User]:
    users = User.objects.bulk_create(
        User(email=f"giam-khao-{i + 1:03d}@bench.test", full_name=f"Giám khảo Thử {i + 1:03d}")
        for i in range(count)
    )
    Role.objects.bulk_create(Role(user=user, union=union, kind=RoleKind.JUDGE) for user in users)
    officers = Role.objects.bulk_create(
        Role(user=user, union=union, kind=RoleKind.OFFICER) for user in users
    )
    through = Role.societies.through
    through.objects.bulk_create(
        through(role_id=role.pk, society_id=societies[(i * 2 + k) % len(societies)].pk)
        for i, role in enumerate(officers)
        for k in range(2)
    )
    return users


def _staff(union) -> User:
    user, created = User.objects.get_or_create(
        email="van-phong@bench.test", defaults={"full_name": "Văn phòng Thử"}
    )
    if created:
        Role.objects.create(user=user, union=union, kind=RoleKind.STAFF)
    return user


def _contest(union, name: str, societies, count: int) -> Contest:
    contest = Contest.objects.create(
        union=union,
        name=name,
        kind=ContestKind.TECHNICAL_CREATIVITY,
        level=Level.PROVINCE,
        year=2023,
        opens_on=datetime.date(2023, 3, 1),
        closes_on=datetime.date(2023, 6, 30),
        scoring_due_on=datetime.date(2023, 8, 31),
        judges_per_entry=PER_ENTRY,
        status=ContestStatus.JUDGING,
    )
    Criterion.objects.bulk_create(
        Criterion(contest=contest, name=label, weight=Decimal(weight), max_score=Decimal(top),
                  order=order)
        for order, (label, weight, top) in enumerate(CRITERIA, start=1)
    )  # fmt: skip
    Entry.objects.bulk_create(
        (
            Entry(
                contest=contest,
                union=union,
                society=societies[i % len(societies)],
                title=f"Giải pháp kỹ thuật thử nghiệm số {i + 1:04d}",
                field="agriculture",
                unit=f"Đơn vị thử {i % 37 + 1}",
                code=f"BM-{i + 1:04d}",
            )
            for i in range(count)
        ),
        batch_size=2000,
    )
    return contest


def _scores(contest: Contest, judges: list[User]) -> None:
    from . import judging

    rng = random.Random(11)
    entries = list(contest.entries.values_list("id", flat=True))
    conflicts = judging_selectors.contest_conflicts(contest=contest, judges=judges)
    pairs = judging.assign_judges(
        entries=entries, judges=[u.pk for u in judges], per_entry=PER_ENTRY, conflicts=conflicts
    )
    submitted = datetime.datetime(2023, 8, 20, tzinfo=datetime.UTC)
    assignments = JudgeAssignment.objects.bulk_create(
        (
            JudgeAssignment(
                contest=contest, entry_id=entry, judge_id=judge, automatic=True,
                submitted_at=submitted,
            )
            for judge, entry in pairs
        ),
        batch_size=2000,
    )  # fmt: skip
    criteria = list(contest.criteria.all())
    Score.objects.bulk_create(
        (
            Score(
                assignment=assignment,
                criterion=criterion,
                value=Decimal(rng.randint(0, int(criterion.max_score) * 4)) / 4,
            )
            for assignment in assignments
            for criterion in criteria
        ),
        batch_size=5000,
    )


# --- contests_assignment ------------------------------------------------------------------------


class _Rollback(Exception):
    pass


def _rolled_back(fn) -> None:
    try:
        with transaction.atomic():
            fn()
            raise _Rollback
    except _Rollback:
        pass


def _assign_service(contest: Contest, staff: User) -> None:
    judging_services.assignments_auto(contest=contest, per_entry=PER_ENTRY, by=staff)


def _assign_floor(contest: Contest) -> None:
    """Round-robin, conflicts and balance ignored, bare bulk_create: the least any assignment
    reads and writes."""
    entries = list(contest.entries.values_list("id", flat=True))
    judges = list(
        Role.objects.filter(union_id=contest.union_id, kind=RoleKind.JUDGE).values_list(
            "user_id", flat=True
        )
    )
    JudgeAssignment.objects.bulk_create(
        (
            JudgeAssignment(
                contest=contest, entry_id=entry, judge_id=judges[(i * PER_ENTRY + k) % len(judges)]
            )
            for i, entry in enumerate(entries)
            for k in range(PER_ENTRY)
        ),
        batch_size=1000,
    )


def measure_contests_assignment(data: dict, options: dict) -> bench.Result:
    from . import judging

    contest, staff = data["contest_assign"], data["contest_staff"]
    repeat = max(3, min(options.get("repeat", 20), 5))
    with CaptureQueriesContext(connection) as queries:
        _rolled_back(lambda: _assign_service(contest, staff))
    medians = bench.interleaved(
        {
            "value": lambda: _rolled_back(lambda: _assign_service(contest, staff)),
            "floor": lambda: _rolled_back(lambda: _assign_floor(contest)),
        },
        repeat,
    )
    judges = judging_selectors.union_judges(union_id=contest.union_id)
    entries = list(contest.entries.values_list("id", flat=True))
    conflicts = judging_selectors.contest_conflicts(contest=contest, judges=judges)
    pure, _ = bench.timed(
        lambda: judging.assign_judges(
            entries=entries, judges=[j.pk for j in judges], per_entry=PER_ENTRY,
            conflicts=conflicts,
        ),
        repeat,
    )  # fmt: skip
    return bench.Result(
        name="contests_assignment",
        value=medians["value"],
        unit="s",
        queries=len(queries),
        floor=bench.Comparison("round-robin ignoring conflicts, bare bulk_create",
                               medians["floor"]),
        goal=bench.Goal(max_value=2),
        note=(
            f"median of {repeat}; {len(entries)} entries × {PER_ENTRY} of {len(judges)} judges, "
            f"{len(conflicts)} conflicting pairs; the algorithm alone {pure * 1000:.0f} ms"
        ),
    )  # fmt: skip


# --- contests_score_sheet, contests_score_export -----------------------------------------------

_PLAIN_STATIC = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
_FLOOR_SQL = """
SELECT e.code, e.title, s.name, a.id, u.full_name, c.id, sc.value, a.submitted_at
FROM contests_entry e
JOIN associations_society s ON s.id = e.society_id
LEFT JOIN contests_judgeassignment a ON a.entry_id = e.id
LEFT JOIN associations_user u ON u.id = a.judge_id
LEFT JOIN contests_score sc ON sc.assignment_id = a.id
LEFT JOIN contests_criterion c ON c.id = sc.criterion_id
WHERE e.contest_id = %s
ORDER BY e.code, a.id, c."order"
"""


def _floor_rows(contest: Contest) -> list[list]:
    """One raw SQL query; a row per entry and judge with its criteria's values."""
    with connection.cursor() as cursor:
        cursor.execute(_FLOOR_SQL, [contest.pk])
        fetched = cursor.fetchall()
    rows: list[list] = []
    current = None
    for code, title, society, assignment, judge, _criterion, value, submitted in fetched:
        if current is None or current[0] != assignment:
            current = [assignment, [code, title, society, judge, submitted is not None]]
            rows.append(current)
        current[1].append(value)
    return [row[1] for row in rows]


def _floor_page(contest: Contest) -> str:
    return "".join(
        "<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>"
        for row in _floor_rows(contest)
    )


def _page(contest: Contest, user: User) -> int:
    """The staff's page rendered by its view (the middleware left out: it is the same for
    every page), as a request from `user`; returns its size."""
    from .judging_views import ScoreSheetView

    url = reverse("contests:judging_score_sheet", kwargs={"contest_pk": contest.pk})
    request = RequestFactory().get(url)
    request.user = user
    # Static URLs unhashed: the bench does not need collectstatic's manifest.
    with override_settings(STORAGES={**settings.STORAGES, "staticfiles": _PLAIN_STATIC}):
        response = ScoreSheetView.as_view()(request, contest_pk=contest.pk)
        response.render()
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    return len(response.content)


def measure_contests_score_sheet(data: dict, options: dict) -> bench.Result:
    contest, staff = data["contest_scored"], data["contest_staff"]
    with CaptureQueriesContext(connection) as queries:
        size = _page(contest, staff)
    repeat = max(3, min(options.get("repeat", 20), 5))
    medians = bench.interleaved(
        {"value": lambda: _page(contest, staff), "floor": lambda: _floor_page(contest)}, repeat
    )
    lines = JudgeAssignment.objects.filter(contest=contest).count()
    return bench.Result(
        name="contests_score_sheet",
        value=medians["value"],
        unit="s",
        queries=len(queries),
        floor=bench.Comparison("one raw SQL query formatted as table rows", medians["floor"]),
        goal=bench.Goal(max_value=3),
        note=(
            f"median of {repeat}; {contest.entries.count()} entries, {lines} sheets × "
            f"{len(CRITERIA)} criteria, with both rankings; {size} bytes"
        ),
    )


def _export(contest: Contest) -> bytes:
    sheet = judging_selectors.score_sheet(contest=contest)
    return judging_exports.score_sheet_file(sheet, fmt="xlsx")[0]


def _floor_export(contest: Contest) -> bytes:
    header = ["code", "title", "society", "judge", "submitted", *[c[0] for c in CRITERIA]]
    return spreadsheets.write_xlsx(header, _floor_rows(contest))


def measure_contests_score_export(data: dict, options: dict) -> bench.Result:
    contest = data["contest_scored"]
    with CaptureQueriesContext(connection) as queries:
        size = len(_export(contest))
    repeat = max(3, min(options.get("repeat", 20), 5))
    medians = bench.interleaved(
        {"value": lambda: _export(contest), "floor": lambda: _floor_export(contest)}, repeat
    )
    return bench.Result(
        name="contests_score_export",
        value=medians["value"],
        unit="s",
        queries=len(queries),
        floor=bench.Comparison("raw SQL rows, the same xlsx writer", medians["floor"]),
        goal=bench.Goal(max_value=3),
        note=f"median of {repeat}, {size} bytes",
    )


bench.register(
    "contests",
    build=build,
    measures=[
        measure_contests_assignment,
        measure_contests_score_sheet,
        measure_contests_score_export,
    ],
    after=["members"],
)
