"""The association kinds of record that import and export (design §6): columns, identity, writes.

Each kind identifies existing records by a natural key, so re-importing an exported file changes
nothing:

- unions: slug
- terms: union + label (spaces and dash style ignored: "2018-2023" is "2018 - 2023")
- societies: union + name (case and spaces ignored)
- committee: term + member + body + society + from
- activities: union + society + title + date
- commendations: union + recipient + form + issuer + year

The `members` kind lives in `members/imports.py`.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext

from members.models import Commendation, CommitteeSeat, RecipientType

from ..models import (
    Activity,
    Society,
    Term,
    Union,
)
from .base import (
    Column,
    Context,
    Date,
    Integer,
    Kind,
    Ordinal,
    Plan,
    Row,
    Slug,
    Text,
    Year,
    format_date,
    norm,
    register,
)
from .lookups import (
    ACTIVITY_KINDS,
    COMMENDATION_FORMS,
    COMMITTEE_BODIES,
    COMMITTEE_POSITIONS,
    LEAVE_REASONS,
    LOCALITY_KINDS,
    RECIPIENT_TYPES,
    SOCIETY_KINDS,
    KeyedKind,
    MemberIndex,
    SocietyIndex,
    duplicate_error,
    match_union,
    pick,
    term_key,
)

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
                fields.pop("locality_kind", None)  # the model's default
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
        for union in queryset.select_related("parent").order_by("parent_id", "name"):
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


# --- societies --------------------------------------------------------------------------------


@register
class SocietiesKind(KeyedKind):
    name = "societies"
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
        for society in queryset.order_by("name"):
            yield {
                "name": society.name,
                "kind": society.kind,
                "founded_on": society.founded_on,
                "dissolved_on": society.dissolved_on,
                "contact": society.contact,
            }


# --- committee seats --------------------------------------------------------------------------


@register
class CommitteeKind(KeyedKind):
    name = "committee"
    model = CommitteeSeat
    duplicate_column = "from"
    required_any = (("member_code", "full_name"),)
    columns = [
        Column("term", "Nhiệm kỳ", Text(20), required=True),
        Column("member_code", "Mã hội viên", Text(50)),
        Column("full_name", "Họ và tên", Text(150)),
        Column("body", "Ban", COMMITTEE_BODIES, required=True),
        Column("position", "Chức vụ", COMMITTEE_POSITIONS, required=True),
        Column("from", "Từ ngày", Date(), required=True),
        Column("to", "Đến ngày", Date()),
        Column("leave_reason", "Lý do thôi", LEAVE_REASONS),
        Column("society", "Hội", Text(255)),
    ]

    def load(self, ctx):
        terms = {term_key(term.label): term for term in Term.objects.filter(union=ctx.union)}
        existing = {}
        for seat in CommitteeSeat.objects.filter(term__union=ctx.union):
            key = (seat.term_id, seat.member_id, seat.body, seat.society_id, seat.started_on)
            existing[key] = seat
        return {
            "existing": existing,
            "terms": terms,
            "members": MemberIndex(ctx.union),
            "societies": SocietyIndex(ctx.union),
        }

    def resolve(self, ctx, row, state):
        values = row.values
        term = state["terms"].get(term_key(values["term"]))
        if term is None:
            ctx.error(
                row.number,
                "term",
                gettext("unknown term «%(label)s» in %(union)s")
                % {"label": values["term"], "union": ctx.union.name},
                "unknown_term",
            )
            return None
        member_id = state["members"].find(
            ctx, row.number, values.get("member_code", ""), values.get("full_name", "")
        )
        if member_id is None:
            return None
        society_id = None
        if values.get("society"):
            society = state["societies"].find(ctx, row.number, "society", values["society"])
            if society is None:
                return None
            society_id = society.pk
        if values.get("to") and values["to"] < values["from"]:
            ctx.error(
                row.number,
                "to",
                gettext("ends on %(end)s, before it starts (%(start)s)")
                % {"end": format_date(values["to"]), "start": format_date(values["from"])},
                "invalid_range",
            )
            return None
        key = (term.pk, member_id, values["body"], society_id, values["from"])
        fields = {
            "term_id": term.pk,
            "member_id": member_id,
            "society_id": society_id,
            "body": values["body"],
            "started_on": values["from"],
            "position": values["position"],
        }
        fields.update(pick(values, ctx.present, {"to": "ended_on", "leave_reason": "leave_reason"}))
        return key, fields

    def new(self, ctx, values):
        return CommitteeSeat(**values)

    def export_queryset(self, union):
        return CommitteeSeat.objects.filter(term__union=union)

    def export_rows(self, queryset):
        seats = queryset.select_related("term", "member", "society").order_by(
            "term__starts_on", "body", "position", "started_on", "member__full_name"
        )
        for seat in seats:
            yield {
                "term": seat.term.label,
                "member_code": seat.member.member_code or "",
                "full_name": seat.member.full_name,
                "body": seat.body,
                "position": seat.position,
                "from": seat.started_on,
                "to": seat.ended_on,
                "leave_reason": seat.leave_reason,
                "society": seat.society.name if seat.society_id else "",
            }


# --- activities -------------------------------------------------------------------------------


@register
class ActivitiesKind(KeyedKind):
    name = "activities"
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


# --- commendations ----------------------------------------------------------------------------


@register
class CommendationsKind(KeyedKind):
    name = "commendations"
    model = Commendation
    duplicate_column = "recipient"
    columns = [
        Column("recipient_type", "Đối tượng", RECIPIENT_TYPES, required=True),
        Column("recipient", "Tên đối tượng được khen", Text(255), required=True),
        Column("form", "Hình thức", COMMENDATION_FORMS, required=True),
        Column("issuer", "Cấp khen", Text(255), required=True),
        Column("year", "Năm", Year(), required=True),
        Column("reason", "Lý do", Text()),
    ]

    def load(self, ctx):
        existing = {}
        for item in Commendation.objects.filter(union=ctx.union).order_by("id"):
            key = (
                item.recipient_type,
                item.society_id,
                item.member_id,
                item.form,
                norm(item.issuer),
                item.year,
            )
            existing.setdefault(key, item)
        return {
            "existing": existing,
            "societies": SocietyIndex(ctx.union),
            "members": MemberIndex(ctx.union),
        }

    def resolve(self, ctx, row, state):
        values = row.values
        kind = values["recipient_type"]
        recipient = values["recipient"]
        society_id = member_id = None
        if kind == RecipientType.UNION:
            if not match_union(ctx, row.number, "recipient", recipient):
                return None
        elif kind == RecipientType.SOCIETY:
            society = state["societies"].find(ctx, row.number, "recipient", recipient)
            if society is None:
                return None
            society_id = society.pk
        else:
            members: MemberIndex = state["members"]
            code = recipient if recipient in members.by_code else ""
            member_id = members.find(
                ctx, row.number, code, "" if code else recipient, "recipient", "recipient"
            )
            if member_id is None:
                return None
        key = (kind, society_id, member_id, values["form"], norm(values["issuer"]), values["year"])
        fields = {
            "recipient_type": kind,
            "society_id": society_id,
            "member_id": member_id,
            "form": values["form"],
            "issuer": values["issuer"],
            "year": values["year"],
        }
        fields.update(pick(values, ctx.present, {"reason": "reason"}))
        return key, fields

    def export_queryset(self, union):
        return Commendation.objects.filter(union=union)

    def export_rows(self, queryset):
        items = queryset.select_related("union", "society", "member").order_by(
            "year", "recipient_type", "id"
        )
        for item in items:
            if item.recipient_type == RecipientType.SOCIETY and item.society_id:
                recipient = item.society.name
            elif item.recipient_type == RecipientType.MEMBER and item.member_id:
                recipient = item.member.member_code or item.member.full_name
            else:
                recipient = item.union.name
            yield {
                "recipient_type": item.recipient_type,
                "recipient": recipient,
                "form": item.form,
                "issuer": item.issuer,
                "year": item.year,
                "reason": item.reason,
            }
