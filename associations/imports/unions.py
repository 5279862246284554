"""The union and term kinds (design §6); each identifies its records by a natural key.

- unions: slug
- terms: union + label (spaces and dash style ignored: "2018-2023" is "2018 - 2023")
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext

from core.imports import (
    Column,
    Context,
    Date,
    Integer,
    KeyedKind,
    Kind,
    Ordinal,
    Plan,
    Row,
    Slug,
    Text,
    duplicate_error,
    format_date,
    pick,
    register,
)

from ..models import Term, Union
from .lookups import LOCALITY_KINDS, match_union, term_key

# --- unions -----------------------------------------------------------------------------------


@register
class UnionsKind(Kind):
    name = "unions"
    model = Union
    needs_union = False
    columns = [
        Column("name", "Tên liên hiệp hội", Text(255), required=True, aliases=("Tên",)),
        Column("slug", "Mã liên hiệp hội", Slug(50), required=True, aliases=("Mã",)),
        Column("short_name", "Tên viết tắt", Text(100)),
        Column("parent", "Liên hiệp hội cấp trên", Slug(50)),
        Column("province", "Tỉnh/thành phố", Text(100), aliases=("Tỉnh",)),
        Column("district", "Huyện/thị xã", Text(100), aliases=("Huyện",)),
        Column("locality_kind", "Loại địa bàn", LOCALITY_KINDS),
        Column("intellectuals_estimate", "Số trí thức ước tính", Integer(grouping=True)),
        Column("address", "Địa chỉ", Text(255)),
    ]
    FIELDS = {
        "name": "name",
        "short_name": "short_name",
        "province": "province",
        "district": "district",
        "locality_kind": "locality_kind",
        "intellectuals_estimate": "intellectuals_estimate",
        "address": "address",
    }

    def prepare(self, ctx: Context, rows: list[Row]) -> Plan:
        existing = {union.slug: union for union in Union.objects.all()}
        slugs_by_id = {union.pk: slug for slug, union in existing.items()}
        present = ctx.present
        entries: dict[str, dict] = {}
        for row in rows:
            if row.number in ctx.bad_rows:
                continue
            values = row.values
            slug = values["slug"]
            if slug in entries:
                duplicate_error(ctx, row.number, "slug", entries[slug]["row"].number)
                continue
            instance = existing.get(slug) or Union(slug=slug)
            fields = pick(values, present, self.FIELDS)
            if instance.pk is None and not fields.get("locality_kind"):
                # Not given: what the name and district already say, not a default.
                fields["locality_kind"] = Union.infer_locality_kind(
                    name=values.get("name") or "", district=fields.get("district") or ""
                )
            current_parent = slugs_by_id.get(instance.parent_id) if instance.pk else None
            parent = (values["parent"] or None) if "parent" in present else current_parent
            entries[slug] = {
                "row": row,
                "instance": instance,
                "fields": fields,
                "parent": parent,
                "parent_changed": parent != current_parent,
            }
        # Parents: known, not the union itself, no cycles.
        for slug, entry in entries.items():
            parent = entry["parent"]
            if parent is None:
                continue
            if parent == slug:
                ctx.error(
                    entry["row"].number,
                    "parent",
                    gettext("a union cannot be its own parent"),
                    "invalid_parent",
                )
            elif parent not in existing and parent not in entries:
                ctx.error(
                    entry["row"].number,
                    "parent",
                    gettext("unknown parent union «%(slug)s»") % {"slug": parent},
                    "unknown_union",
                )
            else:
                seen = {slug}
                current = parent
                while current is not None:
                    if current in seen:
                        ctx.error(
                            entry["row"].number,
                            "parent",
                            gettext("the parent unions form a loop"),
                            "invalid_parent",
                        )
                        break
                    seen.add(current)
                    if current in entries:
                        current = entries[current]["parent"]
                    else:
                        union = existing.get(current)
                        current = slugs_by_id.get(union.parent_id) if union else None
        plan = Plan()
        for entry in entries.values():
            instance = entry["instance"]
            changed = [
                name for name, value in entry["fields"].items() if getattr(instance, name) != value
            ]
            entry["changed"] = changed
            if instance.pk is None:
                action = "new"
            elif changed or entry["parent_changed"]:
                action = "update"
            else:
                action = "skip"
            entry["action"] = action
            plan.outcomes.append((entry["row"], action))
        plan.data = {"entries": entries, "existing": existing}
        return plan

    def apply(self, ctx: Context, plan: Plan) -> None:
        entries = plan.data["entries"]
        existing = plan.data["existing"]
        done: set[str] = set()

        def save(slug: str) -> Union:
            entry = entries.get(slug)
            if entry is None:
                return existing[slug]
            instance = entry["instance"]
            if slug in done:
                return instance
            done.add(slug)
            if entry["action"] == "skip":
                return instance
            parent = entry["parent"]
            instance.parent = save(parent) if parent else None
            for name, value in entry["fields"].items():
                setattr(instance, name, value)
            instance._change_reason = ctx.change_reason
            if ctx.user is not None:
                instance._history_user = ctx.user
            instance.save()
            return instance

        for slug in entries:
            save(slug)

    def export_queryset(self, union):
        if union is None:
            return Union.objects.all()
        return Union.objects.filter(Q(pk=union.pk) | Q(parent=union))

    def export_rows(self, queryset):
        for union in queryset.select_related("parent").order_by("parent_id", "sort_name"):
            yield {
                "name": union.name,
                "slug": union.slug,
                "short_name": union.short_name,
                "parent": union.parent.slug if union.parent_id else "",
                "province": union.province,
                "district": union.district,
                "locality_kind": union.locality_kind,
                "intellectuals_estimate": union.intellectuals_estimate,
                "address": union.address,
            }


# --- terms ------------------------------------------------------------------------------------


@register
class TermsKind(KeyedKind):
    name = "terms"
    depends_on = ("unions",)
    model = Term
    duplicate_column = "label"
    columns = [
        Column("union", "Liên hiệp hội", Text(255), required=True),
        Column("label", "Nhiệm kỳ", Text(20), required=True),
        Column("starts_on", "Ngày bắt đầu", Date(), required=True),
        Column("ends_on", "Ngày kết thúc", Date(), required=True),
        Column("congress_number", "Đại hội lần thứ", Ordinal()),
    ]

    def load(self, ctx):
        terms = list(Term.objects.filter(union=ctx.union))
        return {
            "existing": {term_key(term.label): term for term in terms},
            "known": [(term.starts_on, term.congress_number) for term in terms],
        }

    def resolve(self, ctx, row, state):
        values = row.values
        if not match_union(ctx, row.number, "union", values["union"]):
            return None
        if values["ends_on"] <= values["starts_on"]:
            ctx.error(
                row.number,
                "ends_on",
                gettext("ends on %(end)s, not after it starts (%(start)s)")
                % {
                    "end": format_date(values["ends_on"]),
                    "start": format_date(values["starts_on"]),
                },
                "invalid_range",
            )
            return None
        fields = {
            "label": values["label"],
            "starts_on": values["starts_on"],
            "ends_on": values["ends_on"],
        }
        if values.get("congress_number"):
            fields["congress_number"] = values["congress_number"]
        return term_key(values["label"]), fields

    def prepare(self, ctx, rows):
        plan = super().prepare(ctx, rows)
        # A new term without a congress number follows the one before it.
        creates = sorted(plan.data["creates"], key=lambda term: term.starts_on)
        known = plan.data["state"]["known"] + [
            (t.starts_on, t.congress_number) for t in creates if t.congress_number
        ]
        for term in creates:
            if not term.congress_number:
                earlier = [number for start, number in known if start < term.starts_on]
                term.congress_number = max(earlier, default=0) + 1
                known.append((term.starts_on, term.congress_number))
        return plan

    def export_queryset(self, union):
        return Term.objects.filter(union=union)

    def export_rows(self, queryset):
        for term in queryset.select_related("union").order_by("union__slug", "starts_on"):
            yield {
                "union": term.union.slug,
                "label": term.label,
                "starts_on": term.starts_on,
                "ends_on": term.ends_on,
                "congress_number": term.congress_number,
            }
