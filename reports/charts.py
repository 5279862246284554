"""The report's charts as vector graphics: plain data in, an SVG string out (no JS, no CDN).

The same functions draw the charts of the PDF (inline SVG, rendered by WeasyPrint as vectors)
and of the leadership dashboard. Each chart reads in black-and-white print: series are told
apart by grey levels with a black outline and each bar carries its value, numbers in the
1.700 style. The text uses the report font (Liberation Serif, shipped in static/fonts).

`chart_data(...)` builds the plain JSON the four charts draw from; the term report keeps it in
its frozen figures (`figures["charts"]`), the dashboard computes it live.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from xml.sax.saxutils import escape, quoteattr

from django.db.models import Count
from django.db.models.functions import ExtractYear

from associations.models import Activity, ActivityKind
from consultations.models import ConsultationTask, TaskStatus
from contests.models import Award, Level
from core.text import vn_number
from members.selectors import membership_counts

FONT = "Report Serif, Liberation Serif, Times New Roman, serif"

ACTIVITY_LABELS = {
    ActivityKind.TRAINING: "Tập huấn",
    ActivityKind.WORKSHOP: "Hội thảo",
    ActivityKind.COMMUNICATION: "Tuyên truyền",
    ActivityKind.PUBLICATION: "Xuất bản",
    ActivityKind.COOPERATION: "Liên kết, hợp tác",
    ActivityKind.FUNDRAISING: "Vận động đóng góp",
    ActivityKind.DEMONSTRATION: "Mô hình trình diễn",
    ActivityKind.OTHER: "Khác",
}
LEVEL_LABELS = {
    Level.DISTRICT: "Cấp cơ sở",
    Level.PROVINCE: "Cấp tỉnh",
    Level.NORTHERN_REGION: "Khu vực phía Bắc",
    Level.NATIONAL: "Cấp quốc gia",
}
# Grey levels, dark to light, each with a black outline: distinct in black-and-white print.
FILLS = ["#202020", "#6e6e6e", "#b4b4b4", "#ffffff"]


# --- the data ------------------------------------------------------------------------------


def _years(start: datetime.date, end: datetime.date) -> list[int]:
    return list(range(start.year, end.year + 1))


def member_chart_dates(start: datetime.date, end: datetime.date) -> dict[str, datetime.date]:
    """The days the members chart counts on: "start", then each year's end ("2019": its 31
    December, the last year's cut at `end`)."""
    year_ends = {
        str(year): min(datetime.date(year, 12, 31), end)
        for year in _years(start, end)
        if datetime.date(year, 12, 31) > start
    }
    return {"start": start, **year_ends}


def chart_data(
    *,
    union_ids: Iterable[int],
    start: datetime.date,
    end: datetime.date,
    figures: dict | None = None,
    member_counts: dict[str, dict[str, int]] | None = None,
    start_label: str = "Đầu NK",
) -> dict:
    """The four charts' data for the period [start, end], plain JSON. The members chart's first
    bar is labelled `start_label` ("Đầu NK"; a yearly report's "Đầu năm").

    Reuses what `figures` (a report's figure set) already holds: the awards annex (every award
    with its level and year), the consultations annex (every task with its date received) and
    the activities by kind and year when present; and `member_counts`, the
    `membership_counts` of at least the `member_chart_dates` (a report counts them with its
    own dates, in the same query). What is not there is read here: at most four queries,
    whatever the data, none when everything is given.
    """
    union_ids = list(union_ids)
    figures = figures or {}
    years = _years(start, end)
    dates = member_chart_dates(start, end)
    counts = member_counts
    if counts is None:
        counts = membership_counts(union_ids=union_ids, dates=dates, people=())
    members = [{"year": start.year, "label": start_label, "value": counts["start"]["memberships"]}]
    members += [
        {"year": int(key), "label": key, "value": counts[key]["memberships"]}
        for key in dates
        if key != "start"
    ]

    awards_annex = (figures.get("contests") or {}).get("awards_annex")
    by_level_year: dict[tuple[int, str], int] = defaultdict(int)
    if awards_annex is not None:
        for row in awards_annex:
            by_level_year[(row["year"], row["level"])] += 1
    else:
        rows = (
            Award.objects.filter(
                entry__union_id__in=union_ids, year__gte=start.year, year__lte=end.year
            )
            .order_by()
            .values("year", "level")
            .annotate(n=Count("id"))
            .values_list("year", "level", "n")
        )
        for year, level, n in rows:
            by_level_year[(year, level)] += n
    awards = [
        {"year": year, **{level: by_level_year.get((year, level), 0) for level in Level.values}}
        for year in years
    ]

    annex = (figures.get("consultations") or {}).get("annex")
    by_year: dict[int, int] = defaultdict(int)
    if annex is not None:
        for row in annex:
            by_year[int(row["received_on"][:4])] += 1
    else:
        rows = (
            ConsultationTask.objects.filter(
                union_id__in=union_ids, received_on__gte=start, received_on__lte=end
            )
            .exclude(status=TaskStatus.CANCELLED)
            .annotate(year=ExtractYear("received_on"))
            .order_by()
            .values("year")
            .annotate(n=Count("id"))
            .values_list("year", "n")
        )
        by_year.update(dict(rows))
    consultations = [{"year": year, "value": by_year.get(year, 0)} for year in years]

    activity_kinds = (figures.get("activities") or {}).get("by_kind")
    if activity_kinds is not None:
        kinds = {kind: totals["count"] for kind, totals in activity_kinds.items()}
    else:
        kinds = dict(
            Activity.objects.filter(union_id__in=union_ids, held_on__range=(start, end))
            .order_by()
            .values("kind")
            .annotate(n=Count("id"))
            .values_list("kind", "n")
        )
    activities = [
        {"kind": kind, "label": ACTIVITY_LABELS[kind], "value": kinds.get(kind, 0)}
        for kind in ActivityKind.values
    ]
    return {
        "members": members,
        "awards": awards,
        "consultations": consultations,
        "activities": activities,
    }


# --- drawing -------------------------------------------------------------------------------


def _nice_max(value: float) -> int:
    """A round whole number at least `value` (1, 2, 5 × 10^n), at least 1."""
    if value <= 1:
        return 1
    magnitude = 1
    while magnitude * 10 <= value:
        magnitude *= 10
    for step in (1, 2, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _text(x, y, content, *, size=11, anchor="middle", weight="normal", cls="") -> str:
    extra = f' class="{cls}"' if cls else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-family={quoteattr(FONT)} font-size="{size}" '
        f'text-anchor="{anchor}" font-weight="{weight}" fill="#000"{extra}>'
        f"{escape(str(content))}</text>"
    )


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f"aria-label={quoteattr(title)}><title>{escape(title)}</title>" + "".join(body) + "</svg>"
    )


def bar_chart(
    *,
    title: str,
    labels: list[str],
    series: list[dict],
    width: int = 560,
    height: int = 280,
    unit: str = "",
) -> str:
    """Vertical bars, stacked when there are several series.

    `series`: [{"name": ..., "values": [...]}] in stacking order (bottom first); every value
    is printed in its segment, the total above the bar. Each bar is a `<rect class="bar">` with
    `data-label` and `data-value` so the figure can be checked.
    """
    legend_rows = 1 if len(series) > 1 else 0
    left, right, top, bottom = 48, 12, 26, 34 + 18 * legend_rows
    plot_w, plot_h = width - left - right, height - top - bottom
    totals = [sum(s["values"][i] for s in series) for i in range(len(labels))]
    step = _nice_max(max(totals, default=0) / 4)
    ticks = max(1, -(-max(totals, default=0) // step))
    top_value = step * ticks
    body: list[str] = []
    if unit:
        body.append(_text(left - 6, top - 10, unit, size=10, anchor="end"))
    for tick in range(ticks + 1):
        y = top + plot_h - plot_h * tick / ticks
        dash = "" if tick == 0 else ' stroke-dasharray="2,2"'
        body.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" '
            f'stroke="#999" stroke-width="0.5"{dash}/>'
        )
        body.append(_text(left - 6, y + 4, vn_number(step * tick), size=10, anchor="end"))
    body.append(
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#000" '
        f'stroke-width="0.8"/>'
    )
    n = max(len(labels), 1)
    slot = plot_w / n
    bar_w = min(slot * 0.6, 60)
    for i, label in enumerate(labels):
        x = left + slot * i + (slot - bar_w) / 2
        y = top + plot_h
        for index, serie in enumerate(series):
            value = serie["values"][i]
            if not value:
                continue
            h = plot_h * value / top_value
            y -= h
            fill = FILLS[index % len(FILLS)] if len(series) > 1 else FILLS[1]
            body.append(
                f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                f'fill="{fill}" stroke="#000" stroke-width="0.8" data-label={quoteattr(label)} '
                f'data-series={quoteattr(serie["name"])} data-value="{value}"/>'
            )
            if len(series) > 1 and h >= 13:
                ink = "#fff" if index < 2 else "#000"
                body.append(
                    f'<text x="{x + bar_w / 2:.1f}" y="{y + h / 2 + 4:.1f}" '
                    f'font-family={quoteattr(FONT)} font-size="10" text-anchor="middle" '
                    f'fill="{ink}">{vn_number(value)}</text>'
                )
        body.append(
            _text(x + bar_w / 2, top + plot_h - plot_h * totals[i] / top_value - 4,
                  vn_number(totals[i]), size=11, weight="bold", cls="total")
        )  # fmt: skip
        body.append(_text(left + slot * i + slot / 2, top + plot_h + 15, label, size=11))
    if legend_rows:
        x = left
        y = height - 12
        for index, serie in enumerate(series):
            fill = FILLS[index % len(FILLS)]
            body.append(
                f'<rect x="{x}" y="{y - 9}" width="11" height="11" fill="{fill}" stroke="#000" '
                f'stroke-width="0.8"/>'
            )
            body.append(_text(x + 15, y, serie["name"], size=10, anchor="start"))
            x += 22 + 6.2 * len(serie["name"])
    return _svg(width, height, title, body)


def members_chart(data: list[dict]) -> str:
    """Members at the start of the term and at the end of each year."""
    return bar_chart(
        title="Số hội viên qua các năm",
        labels=[row["label"] for row in data],
        series=[{"name": "Hội viên", "values": [row["value"] for row in data]}],
        unit="Hội viên",
    )


def awards_chart(data: list[dict], locality_word: str = "") -> str:
    """Awards per year, stacked by level (district at the bottom, national on top); the
    district level is named by the union's locality ("Cấp thị xã"), when known."""
    labels = dict(LEVEL_LABELS)
    if locality_word:
        labels[Level.DISTRICT] = f"Cấp {locality_word}"
    return bar_chart(
        title="Số giải thưởng theo cấp qua các năm",
        labels=[str(row["year"]) for row in data],
        series=[
            {"name": labels[level], "values": [row.get(level, 0) for row in data]}
            for level in Level.values
        ],
        unit="Giải",
    )


def consultations_chart(data: list[dict]) -> str:
    return bar_chart(
        title="Số nhiệm vụ tư vấn, phản biện qua các năm",
        labels=[str(row["year"]) for row in data],
        series=[{"name": "Nhiệm vụ", "values": [row["value"] for row in data]}],
        unit="Nhiệm vụ",
    )


def activities_chart(data: list[dict]) -> str:
    """Activities of the period by kind: horizontal bars, longest labels readable."""
    rows = [row for row in data if row["value"]] or data
    width, bar_h, gap, left, right, top = 560, 18, 8, 150, 50, 10
    height = top + len(rows) * (bar_h + gap) + 10
    top_value = _nice_max(max((row["value"] for row in rows), default=0))
    plot_w = width - left - right
    body: list[str] = [
        f'<line x1="{left}" y1="{top - 4}" x2="{left}" y2="{height - 6}" stroke="#000" '
        f'stroke-width="0.8"/>'
    ]
    for i, row in enumerate(rows):
        y = top + i * (bar_h + gap)
        w = plot_w * row["value"] / top_value
        body.append(_text(left - 6, y + bar_h / 2 + 4, row["label"], size=11, anchor="end"))
        if row["value"]:
            body.append(
                f'<rect class="bar" x="{left}" y="{y}" width="{w:.1f}" height="{bar_h}" '
                f'fill="{FILLS[1]}" stroke="#000" stroke-width="0.8" '
                f'data-label={quoteattr(row["label"])} data-value="{row["value"]}"/>'
            )
        body.append(
            _text(left + w + 5, y + bar_h / 2 + 4, vn_number(row["value"]), size=11,
                  anchor="start", weight="bold", cls="total")
        )  # fmt: skip
    return _svg(width, height, "Số hoạt động theo loại hình", body)


CHARTS = {
    "members": members_chart,
    "awards": awards_chart,
    "consultations": consultations_chart,
    "activities": activities_chart,
}


# The order the charts appear in the document (sections I, 2.1, 2.2, 2.3): their numbers.
DOCUMENT_ORDER = ("members", "activities", "consultations", "awards")


def _has_data(rows: list[dict]) -> bool:
    """Any bar above zero (the members' "value", the activities', the awards' per level)."""
    return any(
        isinstance(value, int | float) and value > 0
        for row in rows
        for key, value in row.items()
        if key != "year"
    )


def chart_number(name: str, figures: dict) -> int | None:
    """ "Biểu đồ N": the chart's number among the charts with data, in document order; None when
    chart `name` has nothing to show (a section that says "chưa ghi nhận …" draws no empty
    chart, and the next chart takes its number)."""
    charts = (figures or {}).get("charts") or {}
    number = 0
    for each in DOCUMENT_ORDER:
        if _has_data(charts.get(each) or []):
            number += 1
            if each == name:
                return number
    return None


def draw(name: str, figures: dict) -> str:
    """The SVG of chart `name` from a figure set holding `charts` (empty when it has none)."""
    figures = figures or {}
    data = figures.get("charts", {}).get(name)
    if data is None:
        return ""
    if name == "awards":
        return awards_chart(data, (figures.get("union") or {}).get("locality_word", ""))
    return CHARTS[name](data)
