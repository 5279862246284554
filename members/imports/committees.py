"""The committee and commendation kinds (design §6): rows that name a person.

- committee: term + member + body + society + from
- commendations: union + recipient + form + issuer + year
"""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext

from associations.imports.lookups import SocietyIndex, match_union, term_key
from associations.models import Term
from core.imports import (
    Choice,
    Column,
    Context,
    Date,
    KeyedKind,
    Text,
    Year,
    format_date,
    norm,
    pick,
    register,
)

from ..models import (
    Commendation,
    CommendationForm,
    CommitteeBody,
    CommitteePosition,
    CommitteeSeat,
    LeaveReason,
    Member,
    RecipientType,
)

COMMITTEE_BODIES = Choice(
    CommitteeBody,
    {
        "bch": ("Ban Chấp hành", "BCH"),
        "btv": ("Ban Thường vụ", "BTV"),
        "standing": ("Thường trực Liên hiệp hội",),
    },
)
COMMITTEE_POSITIONS = Choice(CommitteePosition, {"secretary": ("Thư ký",), "member": ("Uỷ viên",)})
LEAVE_REASONS = Choice(LeaveReason, {"resignation": ("Thôi",), "deceased": ("Qua đời",)})
RECIPIENT_TYPES = Choice(RecipientType, {"society": ("Hội thành viên",), "member": ("Cá nhân",)})
COMMENDATION_FORMS = Choice(CommendationForm, {"lao_dong_sang_tao": ("Lao động sáng tạo",)})


class MemberIndex:
    """The union's members by code and by name, for rows that refer to a person."""

    def __init__(self, union):
        self.union = union
        self.by_code: dict[str, int] = {}
        self.by_name: dict[str, list[int]] = defaultdict(list)
        self.names: dict[int, str] = {}
        self.codes: dict[int, str] = {}
        for pk, code, name in Member.objects.filter(union=union).values_list(
            "id", "member_code", "full_name"
        ):
            if code:
                self.by_code[code] = pk
                self.codes[pk] = code
            self.by_name[norm(name)].append(pk)
            self.names[pk] = name

    def find(
        self,
        ctx: Context,
        row: int,
        code: str,
        name: str,
        code_key: str = "member_code",
        name_key: str = "full_name",
    ) -> int | None:
        if code:
            pk = self.by_code.get(code)
            if pk is None:
                ctx.error(
                    row,
                    code_key,
                    gettext("no member has the code «%(code)s» in %(union)s")
                    % {"code": code, "union": self.union.name},
                    "unknown_member",
                )
                return None
            if name and norm(name) != norm(self.names[pk]):
                ctx.error(
                    row,
                    name_key,
                    gettext("the member with code «%(code)s» is «%(name)s», not «%(given)s»")
                    % {"code": code, "name": self.names[pk], "given": name},
                    "member_mismatch",
                )
                return None
            return pk
        if not name:
            ctx.error(row, code_key, gettext("give the member's code or full name"), "required")
            return None
        found = self.by_name.get(norm(name), [])
        if len(found) == 1:
            return found[0]
        if not found:
            ctx.error(
                row,
                name_key,
                gettext("no member named «%(name)s» in %(union)s")
                % {"name": name, "union": self.union.name},
                "unknown_member",
            )
        else:
            ctx.error(
                row,
                name_key,
                gettext("%(count)d members are named «%(name)s»; give the member code")
                % {"count": len(found), "name": name},
                "ambiguous_member",
            )
        return None


# --- committee seats --------------------------------------------------------------------------


@register
class CommitteeKind(KeyedKind):
    name = "committee"
    depends_on = ("terms", "members")
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
            "term__starts_on", "body", "position", "started_on", "member__sort_name"
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


# --- commendations ----------------------------------------------------------------------------


@register
class CommendationsKind(KeyedKind):
    name = "commendations"
    depends_on = ("societies", "members")
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
