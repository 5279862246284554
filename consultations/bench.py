"""Benchmark data and measures of the consultations (registered with core.bench).

Data: 300 tasks (`options["consultations"]`) over five years in the synthetic province's union,
5 experts each (1,500 assignments, most with a submitted opinion), 4 itemised recommendations a
task, yearly plans; made with bulk_create, once per database.
Measures, each p95 of requests taken in turn with its floor in the same run:
- `consultations_task_list`: the staff task list (first page, a search, a later page and the
  overdue filter) through the Django stack in-process (floor: raw SQL returning the same rows
  with their counts);
- `consultations_dashboard`: the consultations panel of the staff home — its selector and its
  template (floor: the same figures by raw SQL).
Both check that the query count does not grow with the data: the same pages are counted on a
union holding a tenth of the tasks (30 at least: two pages).
"""

from __future__ import annotations

import datetime
import random
import statistics
import time

from django.db import connection, transaction
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from associations.models import Role, RoleKind, Union, User
from core import bench
from core.benchhttp import percentile

from . import selectors
from .models import (
    Adoption,
    ConsultationPlan,
    ConsultationTask,
    ExpertAssignment,
    Opinion,
    Recommendation,
    TaskStatus,
    TaskType,
)

EXPERTS_PER_TASK = 5
EXPERT_POOL = 40
TITLES = [
    "Đề án phát triển đô thị",
    "Chương trình hành động phát triển các khu, cụm công nghiệp",
    "Kế hoạch phát triển du lịch văn hóa, tâm linh",
    "Đề án thu gom rác thải",
    "Đề án ứng dụng và phát triển CNTT",
    "Kế hoạch phát triển sản xuất nông nghiệp",
]
BODIES = ["UBND thị xã", "Thị ủy", "Phòng Tài nguyên và Môi trường", "Phòng Nông nghiệp"]
STATUSES = [TaskStatus.CLOSED] * 5 + [
    TaskStatus.DELIVERED,
    TaskStatus.APPROVED,
    TaskStatus.DRAFTING,
    TaskStatus.IN_REVIEW,
    TaskStatus.ASSIGNED,
    TaskStatus.RECEIVED,
    TaskStatus.CANCELLED,
]
LIST_QUERIES = ["", "?q=%C4%91%C3%B4+th%E1%BB%8B", "?page=2", "?status=overdue"]
SMALL_SLUG = "bench-consultations-small"


def build(data: dict, options: dict) -> None:
    union = data["union"]
    count = options.get("consultations", 300)
    if not ConsultationTask.objects.filter(union=union).exists():
        _create(union, count, prefix="bench")
    small = Union.objects.filter(slug=SMALL_SLUG).first()
    if small is None:
        small = Union.objects.create(name="Liên hiệp hội thử nhỏ", slug=SMALL_SLUG)
        _create(small, max(count // 10, 30), prefix="bench-small")  # two pages at least
    data["consultations_small_union"] = small
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _create(union: Union, count: int, *, prefix: str) -> None:
    rng = random.Random(11)
    today = timezone.localdate()
    with transaction.atomic():
        experts = User.objects.bulk_create(
            User(email=f"{prefix}-expert-{i}@example.test", full_name=f"Chuyên gia {i + 1}")
            for i in range(EXPERT_POOL)
        )
        Role.objects.bulk_create(
            Role(user=user, union=union, kind=RoleKind.EXPERT) for user in experts
        )
        tasks = []
        for i in range(count):
            received = today - datetime.timedelta(days=rng.randint(0, 5 * 365))
            status = rng.choice(STATUSES)
            delivered = None
            if status in (TaskStatus.DELIVERED, TaskStatus.CLOSED):
                delivered = min(today, received + datetime.timedelta(days=rng.randint(10, 40)))
            task = ConsultationTask(  # bulk_create fills the sort key (SortKeyField.pre_save)
                union=union,
                title=f"{rng.choice(TITLES)} giai đoạn {received.year}-{received.year + 5} số {i}",
                type=rng.choice(TaskType.values),
                requesting_body=rng.choice(BODIES),
                received_on=received,
                due_on=received + datetime.timedelta(days=30),
                status=status,
                delivered_on=delivered,
            )
            tasks.append(task)
        tasks = ConsultationTask.objects.bulk_create(tasks, batch_size=500)
        assignments = []
        for task in tasks:
            for position, expert in enumerate(rng.sample(experts, EXPERTS_PER_TASK)):
                assignments.append(
                    ExpertAssignment(
                        task=task,
                        expert=expert,
                        lead=position == 0,
                        due_on=task.received_on + datetime.timedelta(days=20),
                    )
                )
        assignments = ExpertAssignment.objects.bulk_create(assignments, batch_size=1000)
        now = timezone.now()
        Opinion.objects.bulk_create(
            (
                Opinion(
                    assignment=assignment,
                    text="Đề nghị bổ sung các chỉ tiêu cụ thể.",
                    submitted_at=now if rng.random() < 0.8 else None,
                )
                for assignment in assignments
            ),
            batch_size=1000,
        )
        Recommendation.objects.bulk_create(
            (
                Recommendation(
                    task=task,
                    number=number,
                    text=f"Kiến nghị số {number}",
                    adoption=rng.choice(Adoption.values),
                )
                for task in tasks
                for number in range(1, 5)
            ),
            batch_size=1000,
        )
        ConsultationPlan.objects.bulk_create(
            ConsultationPlan(union=union, year=year, planned_topics=2)
            for year in range(today.year - 4, today.year + 1)
        )


# --- helpers ------------------------------------------------------------------------------------


def _staff_client(union: Union):
    from django.test import Client

    from members.bench import _staff

    client = Client()
    client.force_login(_staff(union))
    return client


def _get(client, path: str):
    response = client.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code}")
    return response


def _settings():
    """The test client's host, plain HTTP, and static URLs without the collected manifest."""
    from django.conf import settings
    from django.test import override_settings

    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    return override_settings(
        ALLOWED_HOSTS=["testserver"],
        SECURE_SSL_REDIRECT=False,
        STORAGES={**settings.STORAGES, "staticfiles": plain},
    )


def _p95_in_turn(fns: dict, rounds: int) -> dict[str, float]:
    """p95 (ms) of each of `fns`, called in turn `rounds` times: each sees the same load."""
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(rounds):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            times[name].append((time.perf_counter() - start) * 1000)
    return {name: percentile(values, 95) for name, values in times.items()}


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured)


# --- consultations_task_list --------------------------------------------------------------------

_LIST_SQL = """
SELECT t.id, t.title, t.type, t.requesting_body, t.received_on, t.due_on, t.status,
       u.name,
       (SELECT COUNT(*) FROM consultations_expertassignment a WHERE a.task_id = t.id),
       (SELECT COUNT(*) FROM consultations_expertassignment a
          JOIN consultations_opinion o ON o.assignment_id = a.id
         WHERE a.task_id = t.id AND o.submitted_at IS NOT NULL),
       (t.due_on < %s AND t.status IN ('received','assigned','in_review','drafting','approved'))
  FROM consultations_consultationtask t JOIN associations_union u ON u.id = t.union_id
 WHERE t.union_id = %s {where}
 ORDER BY t.received_on DESC, t.id DESC LIMIT 25 OFFSET %s
"""


def _floor_list(union_id: int, query: str, today: datetime.date) -> list:
    where, params, offset = "", [], 0
    if query.startswith("?q="):
        where = "AND (t.title LIKE %s OR t.requesting_body LIKE %s)"
        params = ["%đô thị%", "%đô thị%"]
    elif query == "?page=2":
        offset = 25
    elif query == "?status=overdue":
        where = (
            "AND t.due_on < %s AND t.status IN "
            "('received','assigned','in_review','drafting','approved')"
        )
        params = [today]
    with connection.cursor() as cursor:
        cursor.execute(
            # `where` is one of the constant clauses above; the values go as parameters.
            f"SELECT COUNT(*) FROM consultations_consultationtask t WHERE t.union_id = %s {where}",  # noqa: S608, E501
            [union_id, *params],
        )
        cursor.fetchone()
        cursor.execute(_LIST_SQL.format(where=where), [today, union_id, *params, offset])
        return cursor.fetchall()


def measure_consultations_task_list(data: dict, options: dict) -> bench.Result:
    union, small = data["union"], data["consultations_small_union"]
    rounds = options.get("consultation_rounds", 30)
    today = timezone.localdate()
    with _settings():
        client = _staff_client(union)
        small_client = _staff_client(small)
        counts = [_queries(lambda q=q: _get(client, f"/consultations/{q}")) for q in LIST_QUERIES]
        small_counts = [
            _queries(lambda q=q: _get(small_client, f"/consultations/{q}")) for q in LIST_QUERIES
        ]
        if counts != small_counts:
            raise RuntimeError(f"task list queries grow with the data: {small_counts} → {counts}")
        p95 = _p95_in_turn(
            {
                **{
                    f"page{i}": (lambda q=q: _get(client, f"/consultations/{q}"))
                    for i, q in enumerate(LIST_QUERIES)
                },
                **{
                    f"floor{i}": (lambda q=q: _floor_list(union.id, q, today))
                    for i, q in enumerate(LIST_QUERIES)
                },
            },
            rounds,
        )
    value = statistics.median(p95[f"page{i}"] for i in range(len(LIST_QUERIES)))
    floor = statistics.median(p95[f"floor{i}"] for i in range(len(LIST_QUERIES)))
    tasks = ConsultationTask.objects.filter(union=union).count()
    return bench.Result(
        name="consultations_task_list",
        value=value,
        unit="ms",
        queries=max(counts),
        floor=bench.Comparison("raw SQL returning the same page with its counts", floor),
        goal=bench.Goal(max_queries=12),
        note=f"median over 4 pages ({', '.join(q or 'first' for q in LIST_QUERIES)}) of each "
        f"page's p95 over {rounds} requests taken in turn with the floor, in-process (Django "
        f"test client, no network); {tasks} tasks × {EXPERTS_PER_TASK} experts; queries "
        f"{counts} equal on a tenth of the data",
    )


# --- consultations_dashboard --------------------------------------------------------------------


def _floor_dashboard(union_id: int, today: datetime.date) -> None:
    open_statuses = "('received','assigned','in_review','drafting','approved')"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT status, delivered_on, COUNT(*), "  # noqa: S608 (constants only)
            f"SUM(CASE WHEN due_on < %s AND status IN {open_statuses} THEN 1 ELSE 0 END) "
            "FROM consultations_consultationtask WHERE union_id = %s "
            "GROUP BY status, delivered_on",
            [today, union_id],
        )
        cursor.fetchall()
        cursor.execute(
            "SELECT t.id, t.title, t.requesting_body, t.due_on, t.status, "  # noqa: S608
            "(SELECT COUNT(*) FROM consultations_expertassignment a "
            "  LEFT JOIN consultations_opinion o ON o.assignment_id = a.id "
            "  WHERE a.task_id = t.id AND a.due_on < %s AND o.submitted_at IS NULL "
            "  AND t.status IN ('assigned','in_review')) AS late "
            "FROM consultations_consultationtask t WHERE t.union_id = %s AND "
            f"((t.due_on < %s AND t.status IN {open_statuses}) OR EXISTS ("
            "  SELECT 1 FROM consultations_expertassignment a "
            "  LEFT JOIN consultations_opinion o ON o.assignment_id = a.id "
            "  WHERE a.task_id = t.id AND a.due_on < %s AND o.submitted_at IS NULL "
            "  AND t.status IN ('assigned','in_review'))) "
            "ORDER BY t.due_on, t.id LIMIT 10",
            [today, union_id, today, today],
        )
        cursor.fetchall()
        cursor.execute(
            "SELECT year, planned_topics FROM consultations_consultationplan WHERE union_id = %s",
            [union_id],
        )
        cursor.fetchall()


def _panel(union_id: int, today: datetime.date) -> str:
    panel = selectors.dashboard(union_id=union_id, today=today)
    return render_to_string("consultations/_home_panel.html", {"panel": panel, "today": today})


def measure_consultations_dashboard(data: dict, options: dict) -> bench.Result:
    union, small = data["union"], data["consultations_small_union"]
    rounds = options.get("consultation_rounds", 30) * 3
    today = timezone.localdate()
    queries = _queries(lambda: _panel(union.id, today))
    small_queries = _queries(lambda: _panel(small.id, today))
    if queries != small_queries:
        raise RuntimeError(f"dashboard queries grow with the data: {small_queries} → {queries}")
    p95 = _p95_in_turn(
        {
            "value": lambda: _panel(union.id, today),
            "floor": lambda: _floor_dashboard(union.id, today),
        },
        rounds,
    )
    return bench.Result(
        name="consultations_dashboard",
        value=p95["value"],
        unit="ms",
        queries=queries,
        floor=bench.Comparison("raw SQL of the same figures", p95["floor"]),
        goal=bench.Goal(max_queries=5),
        note=f"the staff home's consultations panel (selector + template), p95 of {rounds} "
        f"calls taken in turn with the floor, in-process; queries equal on a tenth of the data",
    )


bench.register(
    "consultations",
    build=build,
    measures=[measure_consultations_task_list, measure_consultations_dashboard],
    after=["members"],
)
