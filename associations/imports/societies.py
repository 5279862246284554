"""The society and activity kinds (design §6); each identifies its records by a natural key.

- societies: union + name (case and spaces ignored)
- activities: union + society + title + date
"""

from __future__ import annotations

from django.utils.translation import gettext

from core.imports import Column, Date, Integer, KeyedKind, Text, format_date, norm, pick, register

from ..models import Activity, Society
from .lookups import ACTIVITY_KINDS, SOCIETY_KINDS, SocietyIndex

# --- societies --------------------------------------------------------------------------------


@register
class SocietiesKind(KeyedKind):
    name = "societies"
    depends_on = ("unions",)
    model = Society
    duplicate_column = "name"
    columns = [
        Column("name", "Tên hội", Text(255), required=True),
        Column("kind", "Loại hình", SOCIETY_KINDS, required=True),
        Column("founded_on", "Ngày thành lập", Date()),
        Column("dissolved_on", "Ngày giải thể", Date()),
        Column("contact", "Liên hệ", Text(255)),
    ]
    FIELDS = {
        "name": "name",
        "kind": "kind",
        "founded_on": "founded_on",
        "dissolved_on": "dissolved_on",
        "contact": "contact",
    }

    def load(self, ctx):
        existing = {}
        for society in Society.objects.filter(union=ctx.union).order_by("id"):
            existing.setdefault(norm(society.name), society)
        return {"existing": existing}

    def resolve(self, ctx, row, state):
        values = row.values
        return norm(values["name"]), pick(values, ctx.present, self.FIELDS)

    def check(self, ctx, row, instance, state):
        if (
            instance.founded_on
            and instance.dissolved_on
            and instance.dissolved_on <= instance.founded_on
        ):
            ctx.error(
                row.number,
                "dissolved_on",
                gettext("dissolved on %(end)s, not after it was founded (%(start)s)")
                % {
                    "end": format_date(instance.dissolved_on),
                    "start": format_date(instance.founded_on),
                },
                "invalid_range",
            )

    def export_queryset(self, union):
        return Society.objects.filter(union=union)

    def export_rows(self, queryset):
        for society in queryset.order_by("sort_name", "id"):
            yield {
                "name": society.name,
                "kind": society.kind,
                "founded_on": society.founded_on,
                "dissolved_on": society.dissolved_on,
                "contact": society.contact,
            }


# --- activities -------------------------------------------------------------------------------


@register
class ActivitiesKind(KeyedKind):
    name = "activities"
    depends_on = ("societies",)
    model = Activity
    duplicate_column = "title"
    columns = [
        Column("title", "Tên hoạt động", Text(500), required=True),
        Column("kind", "Loại hoạt động", ACTIVITY_KINDS, required=True),
        Column("date", "Ngày", Date(), required=True),
        Column("society", "Hội", Text(255)),
        Column("partners", "Đơn vị phối hợp", Text(500)),
        Column("participants", "Số người tham gia", Integer(grouping=True)),
        Column("amount_vnd", "Số tiền (đồng)", Integer(grouping=True)),
        Column("notes", "Ghi chú", Text()),
    ]
    FIELDS = {
        "partners": "partners",
        "participants": "participants",
        "amount_vnd": "amount_vnd",
        "notes": "notes",
    }

    def load(self, ctx):
        existing = {}
        for activity in Activity.objects.filter(union=ctx.union).order_by("id"):
            key = (activity.society_id, norm(activity.title), activity.held_on)
            existing.setdefault(key, activity)
        return {"existing": existing, "societies": SocietyIndex(ctx.union)}

    def resolve(self, ctx, row, state):
        values = row.values
        society_id = None
        if values.get("society"):
            society = state["societies"].find(ctx, row.number, "society", values["society"])
            if society is None:
                return None
            society_id = society.pk
        fields = {
            "society_id": society_id,
            "title": values["title"],
            "kind": values["kind"],
            "held_on": values["date"],
        }
        fields.update(pick(values, ctx.present, self.FIELDS))
        return (society_id, norm(values["title"]), values["date"]), fields

    def export_queryset(self, union):
        return Activity.objects.filter(union=union)

    def export_rows(self, queryset):
        for activity in queryset.select_related("society").order_by("held_on", "title", "id"):
            yield {
                "title": activity.title,
                "kind": activity.kind,
                "date": activity.held_on,
                "society": activity.society.name if activity.society_id else "",
                "partners": activity.partners,
                "participants": activity.participants,
                "amount_vnd": activity.amount_vnd,
                "notes": activity.notes,
            }
