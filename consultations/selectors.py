"""Reads of consultation tasks: the task list, a task's page, the staff dashboard, plan vs done.

Each returns querysets or plain data with a fixed number of queries, whatever the number of
tasks and experts.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import ExtractYear

from core.text import fold

from .models import (
    ConsultationPlan,
    ConsultationTask,
    DocumentAccess,
    ExpertAssignment,
    TaskDocument,
    TaskStatus,
)

S = TaskStatus
# A task is overdue when its due date has passed and its opinion has not gone out.
NOT_DELIVERED = (S.RECEIVED, S.ASSIGNED, S.IN_REVIEW, S.DRAFTING, S.APPROVED)
DONE = (S.DELIVERED, S.CLOSED)
FINISHED = (S.DELIVERED, S.CLOSED, S.CANCELLED)
# The 2024–2029 target: one to two topics a year.
TARGET_PER_YEAR = (1, 2)


def overdue_q(today: datetime.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}due_on__lt": today, f"{prefix}status__in": NOT_DELIVERED})


def overdue_opinions_q(today: datetime.date) -> Q:
    """Assignments whose expert has not submitted by the due date, while opinions are open."""
    return Q(
        due_on__lt=today,
        task__status__in=(S.ASSIGNED, S.IN_REVIEW),
        opinion__submitted_at__isnull=True,
    )


def task_list(
    *,
    tasks: QuerySet,
    today: datetime.date,
    q: str = "",
    type: str = "",
    status: str = "",
    year=None,
) -> QuerySet:
    """The task list's rows: filtered, with expert and opinion counts and the overdue flag."""
    qs = tasks
    if q:
        for word in fold(q).split():  # every word, accents and case aside
            qs = qs.filter(search_text__contains=word)
    if type:
        qs = qs.filter(type=type)
    if status == "overdue":
        qs = qs.filter(overdue_q(today))
    elif status:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(received_on__year=year)
    overdue = ConsultationTask.objects.filter(overdue_q(today), pk=OuterRef("pk"))
    return (
        qs.select_related("union")
        .annotate(
            experts=Count("assignments", distinct=True),
            opinions=Count(
                "assignments",
                filter=Q(assignments__opinion__submitted_at__isnull=False),
                distinct=True,
            ),
            is_overdue=Exists(overdue),
        )
        .order_by("-received_on", "-id")
    )


def expert_task_list(*, tasks: QuerySet, user, today: datetime.date) -> QuerySet[ExpertAssignment]:
    """An expert's own assignments ("Nhiệm vụ của tôi"), newest task first."""
    return (
        ExpertAssignment.objects.filter(expert=user, task__in=tasks)
        .select_related("task", "opinion")
        .annotate(
            is_overdue=Exists(
                ExpertAssignment.objects.filter(overdue_opinions_q(today), pk=OuterRef("pk"))
            )
        )
        .order_by("-task__received_on", "-task_id")
    )


@dataclass
class DocumentGroup:
    title: str
    kind: str
    kind_label: str
    versions: list  # newest first


def document_groups(documents) -> list[DocumentGroup]:
    groups: dict[tuple[str, str], DocumentGroup] = {}
    for document in documents:
        key = (document.kind, document.title)
        if key not in groups:
            groups[key] = DocumentGroup(
                document.title, document.kind, document.get_kind_display(), []
            )
        groups[key].versions.append(document)
    for group in groups.values():
        group.versions.sort(key=lambda d: -d.version)
    return sorted(groups.values(), key=lambda g: (g.kind, g.title))


def task_for_page(*, tasks: QuerySet, pk: int) -> ConsultationTask:
    """One task with what its page shows, in a fixed number of queries."""
    task = (
        tasks.select_related("union", "created_by")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=ExpertAssignment.objects.select_related(
                    "expert", "member", "opinion", "assigned_by"
                ).order_by("-lead", "id"),
            ),
            Prefetch(
                "documents",
                queryset=TaskDocument.objects.select_related("uploaded_by").order_by(
                    "kind", "title", "-version"
                ),
            ),
            "recommendations",
            Prefetch("transitions", queryset=_transitions()),
            "letters",
        )
        .get(pk=pk)
    )
    task.assigned_expert_ids = {a.expert_id for a in task.assignments.all()}
    return task


def _transitions():
    from .models import TaskTransition

    return TaskTransition.objects.select_related("by").order_by("at", "id")


def access_log(*, task: ConsultationTask, limit: int = 200) -> list[DocumentAccess]:
    return list(
        DocumentAccess.objects.filter(task=task)
        .select_related("user", "document")
        .order_by("-at", "-id")[:limit]
    )


# --- the staff dashboard ----------------------------------------------------------------------


@dataclass
class YearProgress:
    year: int
    planned: int | None
    done: int

    @property
    def meets_target(self) -> bool:
        return self.done >= TARGET_PER_YEAR[0]

    @property
    def meets_plan(self) -> bool:
        return self.planned is not None and self.done >= self.planned


def _done_by_year(tasks: QuerySet) -> dict[int, int]:
    return dict(
        tasks.filter(status__in=DONE, delivered_on__isnull=False)
        .annotate(year=ExtractYear("delivered_on"))
        .order_by()
        .values("year")
        .annotate(n=Count("id"))
        .values_list("year", "n")
    )


def plan_vs_done(
    *, union_id: int, years: range | None = None, done: dict[int, int] | None = None
) -> list[YearProgress]:
    """Per year: the topics the plan foresaw and the tasks delivered (two queries, one when
    `done` — delivered tasks by year — is given)."""
    planned = dict(
        ConsultationPlan.objects.filter(union_id=union_id).values_list("year", "planned_topics")
    )
    if done is None:
        done = _done_by_year(ConsultationTask.objects.filter(union_id=union_id))
    wanted = set(years) if years is not None else set(planned) | set(done)
    return [
        YearProgress(year=year, planned=planned.get(year), done=done.get(year, 0))
        for year in sorted(wanted, reverse=True)
    ]


def dashboard(*, union_id: int, today: datetime.date, limit: int = 10) -> dict:
    """The consultations panel of the staff home, in three queries: the tasks by status and
    year delivered, the tasks needing attention (overdue, or with experts' opinions overdue),
    the yearly plans."""
    tasks = ConsultationTask.objects.filter(union_id=union_id)
    rows = (
        tasks.annotate(year=ExtractYear("delivered_on"))
        .order_by()
        .values("status", "year")
        .annotate(n=Count("id"), late=Count("id", filter=overdue_q(today)))
        .values_list("status", "year", "n", "late")
    )
    counts: dict[str, int] = defaultdict(int)
    done: dict[int, int] = defaultdict(int)
    overdue_count = 0
    for status, year, n, late in rows:
        counts[status] += n
        overdue_count += late
        if status in DONE and year is not None:
            done[year] += n
    late_opinion = Q(
        assignments__due_on__lt=today,
        assignments__opinion__submitted_at__isnull=True,
        status__in=(S.ASSIGNED, S.IN_REVIEW),
    )
    late_assignments = ExpertAssignment.objects.filter(
        overdue_opinions_q(today), task_id=OuterRef("pk")
    )
    attention = list(
        tasks.filter(overdue_q(today) | Exists(late_assignments))
        .annotate(
            is_overdue=Exists(ConsultationTask.objects.filter(overdue_q(today), pk=OuterRef("pk"))),
            late_opinions=Count("assignments", filter=late_opinion, distinct=True),
        )
        .order_by("due_on", "id")[:limit]
    )
    return {
        "open": sum(counts[status] for status in NOT_DELIVERED),
        "by_status": [
            (S(status).label, counts[status]) for status in NOT_DELIVERED if counts[status]
        ],
        "overdue_count": overdue_count,
        "attention": attention,
        "years": plan_vs_done(
            union_id=union_id, years=range(today.year - 2, today.year + 3), done=done
        ),
        "target": TARGET_PER_YEAR,
    }
