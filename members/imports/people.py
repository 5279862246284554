"""The `members` import kind: one row per membership (design §6).

Identity rules:
- a person is their `member_code` within the union; without a code, rows are the same person when
  full name (case and spaces ignored), birth year and e-mail (case ignored) all match;
- a code-less row joins a coded person of the file with the same name, birth year and e-mail, and
  a coded person not yet in the database takes over a code-less member with the same three values;
- a membership is person + society + joined_on; a row whose society and joined_on are both empty
  records the person only.

Rows of the same person may leave cells empty; filled cells must agree. A column that is present
replaces the stored value (an empty cell clears it); an absent column leaves it alone.
"""

from __future__ import annotations

from collections import defaultdict
from types import SimpleNamespace
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext

from associations.imports.lookups import SocietyIndex
from core.imports import (
    Choice,
    Column,
    Context,
    Date,
    Email,
    Kind,
    Plan,
    Row,
    Text,
    Year,
    duplicate_error,
    format_date,
    insert_with_history,
    norm,
    register,
    update_with_history,
)
from members.validators import member_row_errors

from ..models import (
    PERSON_DETAIL_FIELDS,
    AcademicTitle,
    Gender,
    Member,
    Membership,
    Qualification,
)
from ..privacy.models import ConsentMethod, LegalBasis
from .identity import Person, person_triple, refuse_likely_duplicates

GENDERS = Choice(Gender)
QUALIFICATIONS = Choice(
    Qualification,
    {
        "doctorate": ("TS",),
        "master": ("ThS",),
        "bachelor": ("ĐH", "Cử nhân", "Kỹ sư"),
        "college": ("CĐ",),
        "vocational": ("TC",),
    },
)
ACADEMIC_TITLES = Choice(AcademicTitle, {"professor": ("GS",), "associate_professor": ("PGS",)})

LEGAL_BASES = Choice(LegalBasis, {"consent": ("Đồng ý",), "contract": ("Điều lệ", "Hợp đồng")})
CONSENT_METHODS = Choice(ConsentMethod, {"paper": ("Giấy", "Phiếu giấy"), "email": ("Email",)})
CONSENT_FIELDS = ("legal_basis", "consent_given_on", "consent_method", "consent_withdrawn_on")

# Fields of the person (Member), compared and written when their column is present.
MEMBER_FIELDS = ("full_name", *PERSON_DETAIL_FIELDS, *CONSENT_FIELDS)


def _defaults(model) -> dict[str, Any]:
    return {
        field.attname: field.get_default()
        for field in model._meta.concrete_fields
        if not field.primary_key
    }


@register
class MembersKind(Kind):
    name = "members"
    depends_on = ("societies",)
    verbose_name = Member._meta.verbose_name_plural
    model = Membership
    columns = [
        Column("full_name", "Họ và tên", Text(150), required=True, aliases=("Họ tên",)),
        Column("society", "Hội", Text(255), required=True, blank_ok=True),
        Column("joined_on", "Ngày vào hội", Date(), required=True, blank_ok=True),
        Column("member_code", "Mã hội viên", Text(50)),
        Column("gender", "Giới tính", GENDERS),
        Column("birth_year", "Năm sinh", Year()),
        Column("qualification", "Trình độ", QUALIFICATIONS, aliases=("Trình độ chuyên môn",)),
        Column("academic_title", "Học hàm", ACADEMIC_TITLES),
        Column("field", "Lĩnh vực", Text(150), aliases=("Chuyên ngành",)),
        Column("workplace", "Nơi công tác", Text(255), aliases=("Đơn vị công tác",)),
        Column("position", "Chức vụ", Text(150)),
        Column("email", "Email", Email(), aliases=("E-mail", "Thư điện tử")),
        Column("phone", "Điện thoại", Text(30), aliases=("Số điện thoại",)),
        Column("left_on", "Ngày ra hội", Date()),
        Column("leave_reason", "Lý do ra hội", Text(255)),
        Column("typical_intellectual_year", "Năm trí thức tiêu biểu", Year()),
        Column("legal_basis", "Căn cứ xử lý dữ liệu", LEGAL_BASES),
        Column("consent_given_on", "Ngày đồng ý", Date()),
        Column("consent_method", "Hình thức đồng ý", CONSENT_METHODS),
        Column("consent_withdrawn_on", "Ngày rút lại đồng ý", Date()),
    ]

    # --- checking -----------------------------------------------------------------------------

    def prepare(self, ctx: Context, rows: list[Row]) -> Plan:
        union = ctx.union
        present = ctx.present
        fields = [name for name in MEMBER_FIELDS if name in present]
        has_left = "left_on" in present
        has_reason = "leave_reason" in present

        # People already in the union.
        records: dict[int, tuple[str, dict]] = {}
        by_code: dict[str, int] = {}
        by_triple: dict[tuple, list[int]] = defaultdict(list)
        for record in Member.objects.filter(union=union).values_list(
            "id", "member_code", *MEMBER_FIELDS
        ):
            pk, code = record[0], record[1] or ""
            data = dict(zip(MEMBER_FIELDS, record[2:], strict=True))
            records[pk] = (code, data)
            if code:
                by_code[code] = pk
            by_triple[person_triple(data)].append(pk)

        # 1. Which rows are the same person.
        societies = SocietyIndex(union)
        keyed: list[tuple[Row, tuple, str, tuple]] = []
        coded_triples: dict[tuple, set] = defaultdict(set)
        today = timezone.localdate()
        for row in rows:
            if row.number in ctx.bad_rows:
                if row.values.get("society"):  # still worth saying, with the row's other problems
                    societies.find(ctx, row.number, "society", row.values["society"])
                continue
            values = row.values
            for key, error in member_row_errors(values, today=today).items():  # forms' rules too
                ctx.error(row.number, key, error.messages[0], error.code)
            if row.number in ctx.bad_rows:
                continue
            code = values.get("member_code") or ""
            triple = person_triple(values)
            if code:
                key: tuple = ("code", code)
                coded_triples[triple].add(key)
            else:
                key = ("person", *triple)
            keyed.append((row, key, code, triple))
        people: dict[tuple, Person] = {}
        for row, key, code, triple in keyed:
            if not code and len(coded_triples.get(triple, ())) == 1:
                key = next(iter(coded_triples[triple]))
                code = key[1]
            person = people.get(key)
            if person is None:
                people[key] = Person(key, code, triple, row, fields)
                continue
            person.rows.append(row)
            values = row.values
            for name in fields:
                value = values[name]
                if value == "" or value is None:
                    continue
                current = person.values[name]
                if current == "" or current is None:
                    person.values[name] = value
                    person.value_rows[name] = row.number
                elif current != value and not (
                    isinstance(value, str)
                    and isinstance(current, str)
                    and norm(value) == norm(current)
                ):
                    ctx.error(
                        row.number,
                        name,
                        gettext("«%(value)s» differs from «%(other)s» on row %(row)d (same person)")
                        % {"value": value, "other": current, "row": person.value_rows[name]},
                        "conflict",
                    )

        # 1b. Consent: the basis defaults to consent; consent given by a file without saying
        # how was given as the file says; it cannot be withdrawn before it was given.
        for person in people.values():
            values = person.values
            if "legal_basis" in fields and not values["legal_basis"]:
                values["legal_basis"] = LegalBasis.CONSENT
            if "consent_method" in fields and values.get("consent_given_on"):
                values["consent_method"] = values["consent_method"] or ConsentMethod.IMPORT
            given, withdrawn = values.get("consent_given_on"), values.get("consent_withdrawn_on")
            if given and withdrawn and withdrawn < given:
                ctx.error(
                    person.value_rows.get("consent_withdrawn_on", person.first_row),
                    "consent_withdrawn_on",
                    gettext("consent cannot be withdrawn before the day it was given"),
                    "invalid",
                )

        # 2. Who they are in the database, and what changes.
        claimed: dict[int, int] = {}
        for person in people.values():
            pk = None
            if person.code:
                pk = by_code.get(person.code)
                if pk is None:
                    candidates = [p for p in by_triple.get(person.triple, ()) if not records[p][0]]
                    if len(candidates) == 1:
                        pk = candidates[0]
            else:
                candidates = by_triple.get(person.triple, [])
                if len(candidates) > 1:
                    ctx.error(
                        person.first_row,
                        "full_name",
                        gettext(
                            "%(count)d recorded members have this name, birth year and e-mail; "
                            "add the member code"
                        )
                        % {"count": len(candidates)},
                        "ambiguous_member",
                    )
                    continue
                if candidates:
                    pk = candidates[0]
            if pk is None:
                continue
            if pk in claimed:
                ctx.error(
                    person.first_row,
                    "member_code" if "member_code" in present else "full_name",
                    gettext("the same recorded member as row %(row)d") % {"row": claimed[pk]},
                    "duplicate_person",
                )
                continue
            claimed[pk] = person.first_row
            person.member_id = pk
            code, data = records[pk]
            person.changed = [name for name in fields if data[name] != person.values[name]]
            if person.code and not code:
                person.changed.append("member_code")

        # 2b. People the file would add (or change) who look like another person of the union.
        refuse_likely_duplicates(ctx, people, records)

        # 3. Memberships.
        existing: dict[tuple, tuple] = {}
        by_pair: dict[tuple, list[tuple]] = defaultdict(list)
        if claimed:
            for record in Membership.objects.filter(member__union=union).values_list(
                "id", "member_id", "society_id", "joined_on", "left_on", "leave_reason"
            ):
                existing[(record[1], record[2], record[3])] = record
                by_pair[(record[1], record[2])].append(record)
        plan = Plan()
        new_memberships: list[tuple[Person, int, dict]] = []
        changed_memberships: list[tuple[int, dict]] = []
        seen: dict[tuple, int] = {}
        intervals: dict[tuple, list[list]] = defaultdict(list)
        required = gettext("a value is required")
        for person in people.values():
            first = True
            for row in person.rows:
                values = row.values
                society_name, joined = values["society"], values["joined_on"]
                person_action = (
                    "new" if person.member_id is None else ("update" if person.changed else "skip")
                )
                if not society_name and joined is None:
                    plan.outcomes.append((row, person_action if first else "skip"))
                    first = False
                    continue
                if not society_name:
                    ctx.error(row.number, "society", required, "required")
                    continue
                if joined is None:
                    ctx.error(row.number, "joined_on", required, "required")
                    continue
                society = societies.find(ctx, row.number, "society", society_name)
                if society is None:
                    continue
                left = values["left_on"] if has_left else None
                if left is not None and left < joined:
                    ctx.error(
                        row.number,
                        "left_on",
                        gettext("left on %(left)s, before joining on %(joined)s")
                        % {"left": format_date(left), "joined": format_date(joined)},
                        "invalid_range",
                    )
                    continue
                key = (person.key, society.pk, joined)
                if key in seen:
                    duplicate_error(ctx, row.number, "joined_on", seen[key])
                    continue
                seen[key] = row.number
                record = None
                if person.member_id is not None:
                    record = existing.get((person.member_id, society.pk, joined))
                if record is None:
                    data = {
                        "left_on": left,
                        "leave_reason": values["leave_reason"] if has_reason else "",
                    }
                    new_memberships.append((person, society.pk, {"joined_on": joined, **data}))
                    action = "new"
                else:
                    changes = {}
                    if has_left and record[4] != left:
                        changes["left_on"] = left
                    if has_reason and record[5] != values["leave_reason"]:
                        changes["leave_reason"] = values["leave_reason"]
                    if not has_left:
                        left = record[4]
                    if changes:
                        changed_memberships.append((record[0], changes))
                    action = "update" if changes else "skip"
                if action == "skip" and first and person_action != "skip":
                    action = person_action
                intervals[(person.key, society.pk)].append(
                    [joined, left, row.number, record[0] if record else None]
                )
                plan.outcomes.append((row, action))
                first = False

        # 4. No two memberships of one person in one society may overlap.
        for (person_key, society_id), spans in intervals.items():
            member_id = people[person_key].member_id
            if member_id is not None:
                matched = {span[3] for span in spans}
                for record in by_pair.get((member_id, society_id), ()):
                    if record[0] not in matched:
                        spans.append([record[3], record[4], None, record[0]])
            if len(spans) < 2:
                continue
            spans.sort(key=lambda span: (span[0], span[2] or 0))
            holder = spans[0]
            for span in spans[1:]:
                if holder[1] is None or holder[1] > span[0]:
                    self._overlap(ctx, span, holder)
                if holder[1] is not None and (span[1] is None or span[1] > holder[1]):
                    holder = span

        plan.outcomes.sort(key=lambda item: item[0].number)
        plan.data = {
            "people": list(people.values()),
            "fields": fields,
            "new_memberships": new_memberships,
            "changed_memberships": changed_memberships,
        }
        plan.details = {
            "people_created": sum(1 for p in people.values() if p.member_id is None),
            "people_updated": sum(1 for p in people.values() if p.member_id and p.changed),
        }
        return plan

    @staticmethod
    def _overlap(ctx: Context, span: list, other: list) -> None:
        row, against = (span, other) if span[2] is not None else (other, span)
        if against[2] is not None:
            where = gettext("the membership on row %(row)d") % {"row": against[2]}
        else:
            where = gettext("the recorded membership from %(joined)s") % {
                "joined": format_date(against[0])
            }
        ctx.error(
            row[2],
            "joined_on",
            gettext("overlaps %(other)s in the same society") % {"other": where},
            "overlap",
        )

    # --- writing ------------------------------------------------------------------------------

    def apply(self, ctx: Context, plan: Plan) -> None:
        people: list[Person] = plan.data["people"]
        fields: list[str] = plan.data["fields"]
        history = {"user": ctx.user, "reason": ctx.change_reason}
        recorder = getattr(ctx.user, "pk", None)

        created = [person for person in people if person.member_id is None]
        if created:
            # Plain records rather than model instances: 10,000 Model.__init__ calls cost ~0.15 s.
            defaults = _defaults(Member)
            defaults["union_id"] = ctx.union.pk
            records = []
            for person in created:
                record = SimpleNamespace(**defaults)
                record.member_code = person.code or None
                for name in fields:
                    setattr(record, name, person.values[name])
                if recorder and any(name in CONSENT_FIELDS for name in fields):
                    record.consent_recorded_by_id = recorder
                record.search_text = Member.build_search_text(record)
                records.append(record)
            insert_with_history(Member, records, **history)
            for person, record in zip(created, records, strict=True):
                person.member_id = record.pk

        changed = [person for person in people if person.member_id and person.changed]
        if changed:
            instances = Member.objects.in_bulk([person.member_id for person in changed])
            names: set[str] = {"search_text"}
            for person in changed:
                member = instances[person.member_id]
                for name in person.changed:
                    if name == "member_code":
                        member.member_code = person.code
                    else:
                        setattr(member, name, person.values[name])
                    names.add(name)
                if recorder and any(name in CONSENT_FIELDS for name in person.changed):
                    member.consent_recorded_by_id = recorder
                    names.add("consent_recorded_by")
                member.search_text = member.build_search_text()
            update_with_history(Member, list(instances.values()), sorted(names), **history)

        if plan.data["new_memberships"]:
            defaults = _defaults(Membership)
            records = [
                SimpleNamespace(
                    **{**defaults, "member_id": person.member_id, "society_id": society_id, **data}
                )
                for person, society_id, data in plan.data["new_memberships"]
            ]
            insert_with_history(Membership, records, **history)

        changes = dict(plan.data["changed_memberships"])
        if changes:
            instances = Membership.objects.in_bulk(list(changes))
            names = set()
            for pk, data in changes.items():
                for name, value in data.items():
                    setattr(instances[pk], name, value)
                    names.add(name)
            update_with_history(Membership, list(instances.values()), sorted(names), **history)

    # --- export -------------------------------------------------------------------------------

    def export_queryset(self, union):
        return Member.objects.filter(union=union)

    def export_rows(self, queryset):
        if queryset.model is Membership:
            memberships = queryset
            members = Member.objects.filter(pk__in=queryset.values("member_id"))
            include_bare = False
        else:
            members = queryset
            memberships = Membership.objects.filter(member__in=queryset.values("pk"))
            include_bare = True
        by_member: dict[int, list[tuple]] = defaultdict(list)
        for record in memberships.values_list(
            "member_id", "society__name", "joined_on", "left_on", "leave_reason"
        ).order_by("joined_on", "society__sort_name"):
            by_member[record[0]].append(record)
        person_columns = ("id", "member_code", *MEMBER_FIELDS)
        for record in members.order_by("sort_name", "id").values_list(*person_columns):
            person: dict[str, Any] = dict(zip(MEMBER_FIELDS, record[2:], strict=True))
            person["member_code"] = record[1] or ""
            rows = by_member.get(record[0], [])
            if not rows and include_bare:
                yield {**person, "society": "", "joined_on": None}
            for _member_id, society, joined, left, reason in rows:
                yield {
                    **person,
                    "society": society,
                    "joined_on": joined,
                    "left_on": left,
                    "leave_reason": reason,
                }
