"""The contests kinds (design §6); each identifies its records by a natural key.

- contests: union + name + year
- entries: contest + society + title
- awards: entry (contest + title) + level + year
- initiatives: society + title + year

A contest is named by its name, or by "name (year)" when the union has several of that name.
Rules shared with the portal: the models' `clean()` and `services` (window, authors) — imports
are staff's own records (a past term's contests), so the submission window is not applied.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from associations.imports.lookups import SocietyIndex
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

from .models import (
    Award,
    Contest,
    ContestKind,
    ContestStatus,
    Entry,
    EntryField,
    Initiative,
    Level,
    Rank,
    RecognitionLevel,
)


class YesNo(models.TextChoices):
    YES = "yes", _("yes")
    NO = "no", _("no")


CONTEST_KINDS = Choice(
    ContestKind,
    {
        "technical_creativity": ("Hội thi STKT", "STKT", "Sáng tạo kỹ thuật"),
        "youth_creativity": ("Cuộc thi STTTNNĐ", "Sáng tạo thanh thiếu niên", "STTTNNĐ"),
    },
)
LEVELS = Choice(
    Level,
    {
        "district": ("Cấp huyện", "Cấp thị xã", "Cấp thành phố", "Huyện", "Thị xã"),
        "province": ("Tỉnh",),
        "northern_region": ("Khu vực miền Bắc", "Miền Bắc", "KV phía Bắc"),
        "national": ("Quốc gia", "Toàn quốc", "Trung ương"),
    },
)
RANKS = Choice(
    Rank,
    {
        "special": ("Giải Đặc biệt",),
        "first": ("Giải Nhất", "Giải A", "A"),
        "second": ("Giải Nhì", "Giải B", "B"),
        "third": ("Giải Ba", "Giải C", "C"),
        "consolation": ("Giải Khuyến khích", "KK"),
    },
)
FIELDS = Choice(
    EntryField,
    {
        "culture_society": ("Văn hóa - Xã hội", "Văn hoá xã hội"),
        "defence_security": ("Quốc phòng, an ninh", "QP-AN"),
        "industry_crafts": ("Công nghiệp - TTCN", "Công nghiệp, tiểu thủ công nghiệp"),
        "education": ("Giáo dục", "Giáo dục và Đào tạo"),
        "it": ("Công nghệ thông tin", "CNTT"),
    },
)
RECOGNITION_LEVELS = Choice(
    RecognitionLevel,
    {
        "unit": ("Cơ sở", "Cấp đơn vị"),
        "district": ("Cấp huyện", "Cấp thị xã"),
        "province": ("Tỉnh",),
        "national": ("Cấp bộ", "Cấp quốc gia", "Cấp Bộ, ngành"),
    },
)
YES_NO = Choice(
    YesNo, {"yes": ("có", "x", "đã ứng dụng", "1", "true"), "no": ("không", "0", "false")}
)

_WITH_YEAR = re.compile(r"^(?P<name>.+?)\s*\((?P<year>\d{4})\)\s*$")


def _authors_text(value: str | None) -> str:
    """Free-text authors: one a line in the record; the file separates them with ';'."""
    names = re.split(r"[;\n]", value or "")
    return "\n".join(name.strip() for name in names if name.strip())


class ContestIndex:
    """The union's contests by name, and by name and year."""

    def __init__(self, union):
        self.by_name: dict[str, list[Contest]] = defaultdict(list)
        for contest in Contest.objects.filter(union=union).order_by("year", "id"):
            self.by_name[norm(contest.name)].append(contest)

    def label(self, contest: Contest) -> str:
        """How an export names `contest` so that the import finds it again."""
        if len(self.by_name.get(norm(contest.name), ())) > 1:
            return f"{contest.name} ({contest.year})"
        return contest.name

    def find(self, ctx: Context, row: int, key: str, text: str) -> Contest | None:
        found = self.by_name.get(norm(text), [])
        match = _WITH_YEAR.match(text)
        if not found and match:
            year = int(match["year"])
            found = [c for c in self.by_name.get(norm(match["name"]), []) if c.year == year]
        if len(found) == 1:
            return found[0]
        if found:
            ctx.error(
                row,
                key,
                gettext(
                    "several contests are named «%(name)s» (%(years)s): write the year "
                    "after the name, e.g. «%(name)s (%(year)d)»"
                )
                % {
                    "name": text,
                    "years": ", ".join(str(c.year) for c in found),
                    "year": found[-1].year,
                },
                "ambiguous_contest",
            )
        else:
            ctx.error(
                row,
                key,
                gettext("unknown contest «%(name)s»: import it first (kind “contests”)")
                % {"name": text},
                "unknown_contest",
            )
        return None


# --- contests ---------------------------------------------------------------------------------


@register
class ContestsKind(KeyedKind):
    name = "contests"
    depends_on = ("societies",)
    model = Contest
    duplicate_column = "name"
    columns = [
        Column("name", "Tên hội thi", Text(300), required=True),
        Column("kind", "Loại hội thi", CONTEST_KINDS, required=True),
        Column("level", "Cấp tổ chức", LEVELS, required=True),
        Column("year", "Năm", Year(), required=True),
        Column("opens_on", "Ngày bắt đầu nhận bài", Date()),
        Column("closes_on", "Ngày hết hạn nhận bài", Date()),
    ]
    FIELDS = {"opens_on": "opens_on", "closes_on": "closes_on"}

    def load(self, ctx):
        existing = {
            (norm(contest.name), contest.year): contest
            for contest in Contest.objects.filter(union=ctx.union).order_by("id")
        }
        return {"existing": existing}

    def resolve(self, ctx, row, state):
        values = row.values
        fields = {
            "name": values["name"],
            "kind": values["kind"],
            "level": values["level"],
            "year": values["year"],
        }
        fields.update(pick(values, ctx.present, self.FIELDS))
        return (norm(values["name"]), values["year"]), fields

    def new(self, ctx, values):
        # A past contest comes in closed; one still ahead as a draft, to be opened in the portal.
        end = values.get("closes_on") or datetime.date(values["year"], 12, 31)
        past = end < timezone.localdate()
        status = ContestStatus.CLOSED if past else ContestStatus.DRAFT
        return Contest(union=ctx.union, status=status, **values)

    def check(self, ctx, row, instance, state):
        if instance.opens_on and instance.closes_on and instance.closes_on < instance.opens_on:
            ctx.error(
                row.number,
                "closes_on",
                gettext("closes on %(end)s, before it opens (%(start)s)")
                % {
                    "end": format_date(instance.closes_on),
                    "start": format_date(instance.opens_on),
                },
                "invalid_range",
            )

    def export_queryset(self, union):
        return Contest.objects.filter(union=union)

    def export_rows(self, queryset):
        for contest in queryset.order_by("year", "name", "id"):
            yield {
                "name": contest.name,
                "kind": contest.kind,
                "level": contest.level,
                "year": contest.year,
                "opens_on": contest.opens_on,
                "closes_on": contest.closes_on,
            }


# --- entries ----------------------------------------------------------------------------------


@register
class EntriesKind(KeyedKind):
    name = "entries"
    depends_on = ("contests",)
    model = Entry
    duplicate_column = "title"
    columns = [
        Column("contest", "Hội thi", Text(320), required=True),
        Column("title", "Tên đề tài, sản phẩm", Text(500), required=True),
        Column("society", "Hội", Text(255), required=True),
        Column("field", "Lĩnh vực", FIELDS),
        Column("unit", "Đơn vị", Text(300)),
        Column("authors", "Tác giả", Text()),
        Column("summary", "Tóm tắt", Text()),
    ]

    def load(self, ctx):
        existing = {
            (entry.contest_id, entry.society_id, norm(entry.title)): entry
            for entry in Entry.objects.filter(union=ctx.union).order_by("id")
        }
        return {
            "existing": existing,
            "contests": ContestIndex(ctx.union),
            "societies": SocietyIndex(ctx.union),
        }

    def resolve(self, ctx, row, state):
        values = row.values
        contest = state["contests"].find(ctx, row.number, "contest", values["contest"])
        society = state["societies"].find(ctx, row.number, "society", values["society"])
        if contest is None or society is None:
            return None
        fields = {"contest_id": contest.pk, "society_id": society.pk, "title": values["title"]}
        if "field" in ctx.present:
            fields["field"] = values.get("field") or EntryField.OTHER
        fields.update(pick(values, ctx.present, {"unit": "unit", "summary": "summary"}))
        if "authors" in ctx.present:
            fields["author_names"] = _authors_text(values.get("authors"))
        for name in ("unit", "summary"):
            if name in fields and fields[name] is None:
                fields[name] = ""
        return (contest.pk, society.pk, norm(values["title"])), fields

    def new(self, ctx, values):
        values = {"field": EntryField.OTHER, **values}
        return Entry(union=ctx.union, **values)

    def export_queryset(self, union):
        return Entry.objects.filter(union=union)

    def export_rows(self, queryset):
        if not queryset.exists():
            return
        contests = ContestIndex(queryset.first().union)
        for entry in queryset.select_related("contest", "society").order_by(
            "contest__year", "contest__name", "sort_title", "id"
        ):
            yield {
                "contest": contests.label(entry.contest),
                "title": entry.title,
                "society": entry.society.name,
                "field": entry.field,
                "unit": entry.unit,
                "authors": "; ".join(entry.author_lines()),
                "summary": entry.summary,
            }


# --- awards -----------------------------------------------------------------------------------


@register
class AwardsKind(KeyedKind):
    name = "awards"
    depends_on = ("entries",)
    model = Award
    duplicate_column = "entry"
    columns = [
        Column("contest", "Hội thi", Text(320), required=True),
        Column("entry", "Tên đề tài, sản phẩm", Text(500), required=True),
        Column("level", "Cấp giải", LEVELS, required=True),
        Column("rank", "Giải", RANKS, required=True),
        Column("year", "Năm", Year(), required=True),
        Column("awarding_body", "Cơ quan trao giải", Text(300)),
    ]

    def load(self, ctx):
        existing = {
            (award.entry_id, award.level, award.year): award
            for award in Award.objects.filter(entry__union=ctx.union).order_by("id")
        }
        entries: dict[tuple[int, str], list[int]] = defaultdict(list)
        for pk, contest_id, title in Entry.objects.filter(union=ctx.union).values_list(
            "pk", "contest_id", "title"
        ):
            entries[(contest_id, norm(title))].append(pk)
        return {"existing": existing, "contests": ContestIndex(ctx.union), "entries": entries}

    def resolve(self, ctx, row, state):
        values = row.values
        contest = state["contests"].find(ctx, row.number, "contest", values["contest"])
        if contest is None:
            return None
        found = state["entries"].get((contest.pk, norm(values["entry"])), [])
        if len(found) != 1:
            message = (
                gettext(
                    "no entry «%(title)s» in the contest «%(contest)s»: import it first "
                    "(kind “entries”)"
                )
                if not found
                else gettext(
                    "several entries of the contest «%(contest)s» are titled «%(title)s»; "
                    "record this award in the portal"
                )
            )
            ctx.error(
                row.number,
                "entry",
                message % {"title": values["entry"], "contest": values["contest"]},
                "unknown_entry" if not found else "ambiguous_entry",
            )
            return None
        fields = {
            "entry_id": found[0],
            "level": values["level"],
            "rank": values["rank"],
            "year": values["year"],
        }
        if "awarding_body" in ctx.present:
            fields["awarding_body"] = values.get("awarding_body") or ""
        return (found[0], values["level"], values["year"]), fields

    def new(self, ctx, values):
        return Award(**values)

    def export_queryset(self, union):
        return Award.objects.filter(entry__union=union)

    def export_rows(self, queryset):
        if not queryset.exists():
            return
        contests = ContestIndex(queryset.select_related("entry__union").first().entry.union)
        for award in queryset.select_related("entry__contest").order_by(
            "year", "entry__contest__name", "entry__sort_title", "level", "id"
        ):
            yield {
                "contest": contests.label(award.entry.contest),
                "entry": award.entry.title,
                "level": award.level,
                "rank": award.rank,
                "year": award.year,
                "awarding_body": award.awarding_body,
            }


# --- initiatives ------------------------------------------------------------------------------


@register
class InitiativesKind(KeyedKind):
    name = "initiatives"
    depends_on = ("societies",)
    model = Initiative
    duplicate_column = "title"
    columns = [
        Column("title", "Tên sáng kiến, đề tài", Text(500), required=True),
        Column("society", "Hội", Text(255), required=True),
        Column("year", "Năm", Year(), required=True),
        Column("recognition_level", "Cấp công nhận", RECOGNITION_LEVELS, required=True),
        Column("applied", "Đã ứng dụng", YES_NO),
        Column("field", "Lĩnh vực", FIELDS),
        Column("authors", "Tác giả", Text()),
        Column("applied_where", "Nơi ứng dụng", Text(300)),
        Column("benefit", "Hiệu quả", Text()),
    ]

    def load(self, ctx):
        existing = {
            (item.society_id, norm(item.title), item.year): item
            for item in Initiative.objects.filter(union=ctx.union).order_by("id")
        }
        return {"existing": existing, "societies": SocietyIndex(ctx.union)}

    def resolve(self, ctx, row, state):
        values = row.values
        society = state["societies"].find(ctx, row.number, "society", values["society"])
        if society is None:
            return None
        fields = {
            "society_id": society.pk,
            "title": values["title"],
            "year": values["year"],
            "recognition_level": values["recognition_level"],
        }
        if "applied" in ctx.present:
            fields["applied"] = values.get("applied") == YesNo.YES
        if "field" in ctx.present:
            fields["field"] = values.get("field") or EntryField.OTHER
        for key in ("authors", "applied_where", "benefit"):
            if key in ctx.present:
                fields[key] = values.get(key) or ""
        return (society.pk, norm(values["title"]), values["year"]), fields

    def new(self, ctx, values):
        values = {"field": EntryField.OTHER, **values}
        return Initiative(union=ctx.union, **values)

    def export_queryset(self, union):
        return Initiative.objects.filter(union=union)

    def export_rows(self, queryset):
        for item in queryset.select_related("society").order_by("year", "sort_title", "id"):
            yield {
                "title": item.title,
                "society": item.society.name,
                "year": item.year,
                "recognition_level": item.recognition_level,
                "applied": YesNo.YES if item.applied else YesNo.NO,
                "field": item.field,
                "authors": item.authors,
                "applied_where": item.applied_where,
                "benefit": item.benefit,
            }
