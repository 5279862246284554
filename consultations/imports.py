"""The `consultations` import kind (design §6): consultation, critique and social-assessment
tasks, one a row, keyed by title and the date the draft was received.

Past tasks carry their figures in `recommendations` / `recommendations_adopted` (stored in
`imported_recommendations` / `imported_adopted`, used only while a task has no itemised
recommendations). Status accepts the code or the Vietnamese label; without a status a task is
"received", or "delivered" when it has a delivery date. Every imported task's status is recorded
as a status change by the person importing.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext

from core.imports import (
    Choice,
    Column,
    Date,
    Integer,
    KeyedKind,
    Text,
    format_date,
    norm,
    pick,
    register,
)

from .models import ConsultationTask, TaskStatus, TaskTransition, TaskType

TASK_TYPES = Choice(
    TaskType,
    {
        "consultation": ("Tư vấn",),
        "critique": ("Phản biện",),
        "social_assessment": ("Giám định xã hội", "Giám định"),
    },
)
TASK_STATUSES = Choice(
    TaskStatus,
    {
        "received": ("Đã tiếp nhận",),
        "assigned": ("Đã phân công",),
        "in_review": ("Đang xem xét",),
        "drafting": ("Đang tổng hợp ý kiến",),
        "approved": ("Đã duyệt",),
        "delivered": ("Đã gửi",),
        "closed": ("Đã kết thúc",),
        "cancelled": ("Đã hủy", "Đã huỷ"),
    },
)


@register
class ConsultationsKind(KeyedKind):
    name = "consultations"
    depends_on = ("unions",)
    model = ConsultationTask
    duplicate_column = "title"
    columns = [
        Column("title", "Tên dự thảo", Text(500), required=True),
        Column("type", "Hình thức", TASK_TYPES, required=True),
        Column("requesting_body", "Cơ quan đề nghị", Text(255), required=True),
        Column("received_on", "Ngày tiếp nhận", Date(), required=True),
        Column("due_on", "Hạn trả lời", Date()),
        Column("status", "Trạng thái", TASK_STATUSES),
        Column("delivered_on", "Ngày gửi ý kiến", Date()),
        Column("legal_basis", "Căn cứ", Text(500)),
        Column("recommendations", "Số kiến nghị", Integer(max_value=999)),
        Column("recommendations_adopted", "Số kiến nghị được tiếp thu", Integer(max_value=999)),
    ]
    FIELDS = {
        "type": "type",
        "requesting_body": "requesting_body",
        "due_on": "due_on",
        "status": "status",
        "delivered_on": "delivered_on",
        "legal_basis": "legal_basis",
        "recommendations": "imported_recommendations",
        "recommendations_adopted": "imported_adopted",
    }

    def load(self, ctx):
        existing = {}
        for task in ConsultationTask.objects.filter(union=ctx.union).order_by("id"):
            existing.setdefault((norm(task.title), task.received_on), task)
        return {"existing": existing}

    def resolve(self, ctx, row, state):
        values = row.values
        fields = {"title": values["title"], "received_on": values["received_on"]}
        fields.update(pick(values, ctx.present, self.FIELDS))
        if not fields.get("status") and "status" in fields:
            del fields["status"]
        if "status" not in fields and values.get("delivered_on"):
            key = (norm(values["title"]), values["received_on"])
            if key not in state["existing"]:
                fields["status"] = TaskStatus.DELIVERED
        return (norm(values["title"]), values["received_on"]), fields

    def new(self, ctx, values):
        return ConsultationTask(
            union=ctx.union, created_by=ctx.user, created_at=timezone.now(), **values
        )

    def check(self, ctx, row, task, state):
        for key, date in (("due_on", task.due_on), ("delivered_on", task.delivered_on)):
            if date and date < task.received_on:
                ctx.error(
                    row.number,
                    key,
                    gettext("%(date)s is before the date the draft was received (%(received)s)")
                    % {"date": format_date(date), "received": format_date(task.received_on)},
                    "invalid_range",
                )
        total, adopted = task.imported_recommendations, task.imported_adopted
        if adopted is not None and (total is None or adopted > total):
            ctx.error(
                row.number,
                "recommendations_adopted",
                gettext("more recommendations adopted (%(adopted)d) than made (%(total)s)")
                % {"adopted": adopted, "total": total if total is not None else 0},
                "invalid_range",
            )
        if task.status in (TaskStatus.DELIVERED, TaskStatus.CLOSED) and not task.delivered_on:
            ctx.error(
                row.number,
                "delivered_on",
                gettext("a delivered task needs the date its opinion was delivered"),
                "required",
            )

    def apply(self, ctx, plan):
        creates = plan.data["creates"]
        updates = plan.data["updates"]
        moved = [task for task, changed in updates if "status" in changed]
        before = {}
        if moved:
            before = dict(
                ConsultationTask.objects.filter(pk__in=[t.pk for t in moved]).values_list(
                    "pk", "status"
                )
            )
        super().apply(ctx, plan)
        note = ctx.change_reason
        TaskTransition.objects.bulk_create(
            [
                TaskTransition(
                    task=task, from_status="", to_status=task.status, by=ctx.user, note=note
                )
                for task in creates
            ]
            + [
                TaskTransition(
                    task=task,
                    from_status=before.get(task.pk, ""),
                    to_status=task.status,
                    by=ctx.user,
                    note=note,
                )
                for task in moved
            ]
        )

    def export_queryset(self, union):
        return ConsultationTask.objects.filter(union=union)

    def export_rows(self, queryset):
        for task in queryset.order_by("received_on", "id"):
            yield {
                "title": task.title,
                "type": task.type,
                "requesting_body": task.requesting_body,
                "received_on": task.received_on,
                "due_on": task.due_on,
                "status": task.status,
                "delivered_on": task.delivered_on,
                "legal_basis": task.legal_basis,
                "recommendations": task.imported_recommendations,
                "recommendations_adopted": task.imported_adopted,
            }
