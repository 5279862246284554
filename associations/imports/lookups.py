"""What the association kinds share: choices with their Vietnamese labels, lookups, writes."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext

from members.models import (
    CommendationForm,
    CommitteeBody,
    CommitteePosition,
    LeaveReason,
    RecipientType,
)

from ..models import (
    ActivityKind,
    LocalityKind,
    Society,
    SocietyKind,
    Union,
)
from .base import Choice, Context, Kind, Plan, Row, norm
from .bulk import insert_with_history, update_with_history

BATCH_SIZE = 1000

# --- choices: code, Vietnamese label, aliases -------------------------------------------------

LOCALITY_KINDS = Choice(
    [
        ("thi_xa", "Thị xã"),
        ("huyen", "Huyện"),
        ("thanh_pho", "Thành phố"),
        ("quan", "Quận"),
        ("tinh", "Tỉnh"),
    ],
    LocalityKind,
)
SOCIETY_KINDS = Choice(
    [
        ("agency", "Cơ quan"),
        ("enterprise", "Doanh nghiệp"),
        ("school", "Trường học"),
        ("health", "Y tế"),
        ("ward", "Phường"),
        ("commune", "Xã"),
        ("other", "Khác"),
    ],
    SocietyKind,
)
COMMITTEE_BODIES = Choice(
    [
        ("bch", "Ban Chấp hành", "BCH"),
        ("btv", "Ban Thường vụ", "BTV"),
        ("standing", "Thường trực", "Thường trực Liên hiệp hội"),
    ],
    CommitteeBody,
)
COMMITTEE_POSITIONS = Choice(
    [
        ("chair", "Chủ tịch"),
        ("vice_chair", "Phó Chủ tịch"),
        ("secretary", "Tổng Thư ký", "Thư ký"),
        ("member", "Ủy viên", "Uỷ viên"),
    ],
    CommitteePosition,
)
LEAVE_REASONS = Choice(
    [
        ("transfer", "Chuyển công tác"),
        ("retirement", "Nghỉ hưu"),
        ("resignation", "Xin thôi", "Thôi"),
        ("deceased", "Từ trần", "Qua đời"),
        ("other", "Khác"),
    ],
    LeaveReason,
)
ACTIVITY_KINDS = Choice(
    [
        ("training", "Tập huấn"),
        ("workshop", "Hội thảo"),
        ("communication", "Tuyên truyền"),
        ("publication", "Xuất bản"),
        ("cooperation", "Liên kết hợp tác", "Hợp tác"),
        ("fundraising", "Vận động đóng góp", "Từ thiện"),
        ("demonstration", "Mô hình trình diễn"),
        ("other", "Khác"),
    ],
    ActivityKind,
)
RECIPIENT_TYPES = Choice(
    [
        ("union", "Liên hiệp hội"),
        ("society", "Hội", "Hội thành viên"),
        ("member", "Hội viên", "Cá nhân"),
    ],
    RecipientType,
)
COMMENDATION_FORMS = Choice(
    [
        ("bang_khen", "Bằng khen"),
        ("giay_khen", "Giấy khen"),
        ("co_thi_dua", "Cờ thi đua"),
        ("lao_dong_sang_tao", "Bằng Lao động sáng tạo", "Lao động sáng tạo"),
        ("other", "Khác"),
    ],
    CommendationForm,
)


def term_key(label: str) -> str:
    return re.sub(r"\s+", "", label).replace("–", "-").replace("—", "-").casefold()


# --- shared lookups ---------------------------------------------------------------------------


class SocietyIndex:
    """The union's societies by name (case and spaces ignored), loaded once."""

    def __init__(self, union):
        self.union = union
        self.by_name: dict[str, Society] = {}
        for society in Society.objects.filter(union=union).order_by("id"):
            self.by_name.setdefault(norm(society.name), society)
        self._missing: dict[str, tuple[str, str]] = {}
        self._seen: dict[str, Society] = {}

    def find(self, ctx: Context, row: int, key: str, name: str) -> Society | None:
        society = self._seen.get(name)
        if society is not None:
            return society
        society = self.by_name.get(norm(name))
        if society is not None:
            self._seen[name] = society
            return society
        if name not in self._missing:
            other = (
                Society.objects.filter(Q(name=name) | Q(name__iexact=name))
                .exclude(union=self.union)
                .select_related("union")
                .first()
            )
            if other is not None:
                self._missing[name] = (
                    gettext(
                        "the society «%(name)s» belongs to another union (%(other)s), "
                        "not to %(union)s"
                    )
                    % {"name": name, "other": other.union.name, "union": self.union.name},
                    "other_union",
                )
            else:
                self._missing[name] = (
                    gettext("unknown society «%(name)s» in %(union)s")
                    % {"name": name, "union": self.union.name},
                    "unknown_society",
                )
        message, code = self._missing[name]
        ctx.error(row, key, message, code)
        return None


class MemberIndex:
    """The union's members by code and by name, for rows that refer to a person."""

    def __init__(self, union):
        from members.models import Member

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


def match_union(ctx: Context, row: int, key: str, text: str) -> bool:
    """True when `text` names the union being imported into (slug, name or short name)."""
    union = ctx.union
    if norm(text) in {norm(union.slug), norm(union.name), norm(union.short_name or union.name)}:
        return True
    other = Union.objects.filter(Q(slug=text) | Q(name=text)).first()
    if other is not None:
        ctx.error(
            row,
            key,
            gettext("«%(value)s» is another union; this import is for %(union)s (%(slug)s)")
            % {"value": text, "union": union.name, "slug": union.slug},
            "other_union",
        )
    else:
        ctx.error(
            row,
            key,
            gettext("unknown union «%(value)s»; this import is for %(union)s (%(slug)s)")
            % {"value": text, "union": union.name, "slug": union.slug},
            "unknown_union",
        )
    return False


def save_bulk(ctx: Context, model, creates: list, updates: list[tuple[Any, list[str]]]) -> None:
    """Write with history records (who, when, why) in bulk."""
    insert_with_history(model, creates, user=ctx.user, reason=ctx.change_reason)
    if updates:
        fields = sorted({name for _, changed in updates for name in changed})
        update_with_history(
            model,
            [instance for instance, _ in updates],
            fields,
            user=ctx.user,
            reason=ctx.change_reason,
        )


def duplicate_error(ctx: Context, row: int, key: str, first: int) -> None:
    ctx.error(
        row,
        key,
        gettext("duplicate row: the same record as row %(row)d") % {"row": first},
        "duplicate_row",
    )


class KeyedKind(Kind):
    """A kind whose rows map one-to-one to records found by a natural key.

    Subclasses implement `load` (lookups, once), `resolve` (a row to its key and field values; None
    after reporting an error), `new` (an unsaved instance) and optionally `check` (rules across
    rows). Only the columns present in the file are compared and written.
    """

    duplicate_column = ""

    def load(self, ctx: Context) -> dict[str, Any]:
        return {}

    def resolve(self, ctx: Context, row: Row, state: dict) -> tuple[Any, dict] | None:
        raise NotImplementedError

    def new(self, ctx: Context, values: dict) -> Any:
        return self.model(union=ctx.union, **values)

    def check(self, ctx: Context, row: Row, instance: Any, state: dict) -> None:
        pass

    def prepare(self, ctx: Context, rows: list[Row]) -> Plan:
        state = self.load(ctx)
        existing: dict = state["existing"]
        plan = Plan()
        seen: dict[Any, int] = {}
        creates, updates = [], []
        for row in rows:
            if row.number in ctx.bad_rows:
                continue
            resolved = self.resolve(ctx, row, state)
            if resolved is None:
                continue
            key, values = resolved
            if key in seen:
                duplicate_error(ctx, row.number, self.duplicate_column, seen[key])
                continue
            seen[key] = row.number
            instance = existing.get(key)
            if instance is None:
                instance = self.new(ctx, values)
                creates.append(instance)
                action = "new"
            else:
                changed = [
                    name for name, value in values.items() if getattr(instance, name) != value
                ]
                for name in changed:
                    setattr(instance, name, values[name])
                if changed:
                    updates.append((instance, changed))
                action = "update" if changed else "skip"
            self.check(ctx, row, instance, state)
            plan.outcomes.append((row, action))
        plan.data = {"creates": creates, "updates": updates, "state": state}
        return plan

    def apply(self, ctx: Context, plan: Plan) -> None:
        save_bulk(ctx, self.model, plan.data["creates"], plan.data["updates"])


def pick(values: dict, present: set[str], mapping: dict[str, str]) -> dict:
    """Model field values for the columns present in the file (column key -> field name)."""
    return {name: values[key] for key, name in mapping.items() if key in present}
