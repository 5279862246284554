"""Targets (chỉ tiêu) of the next term and their live progress.

A target names a metric of the registry below (`METRICS`), a comparison, a value and a period
(each year, or the whole term). Every metric is computed from live data, per calendar year and
over the term so far, for one union or several (a parent union's roll-up), by `metric_values`
in a fixed number of queries. A target whose aim no data can measure (a rating by the People's
Committee, "top of the province") names the metric `manual`: its wording is kept and the pages
say it is followed by hand.

`target_rows(report=...)` is what the pages, the dashboard and the report print.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from associations.models import Activity, ActivityKind, Society, Union
from consultations.models import ConsultationTask, TaskStatus
from contests.models import Award, Initiative, Level, RecognitionLevel
from core.text import fold, vn_number
from members.committee_selectors import commendation_figures
from members.models import CommendationForm, CommitteeBody, CommitteeSeat, RecipientType
from members.selectors import membership_counts

MANUAL = "manual"
COUNT, SHARE, STOCK = "count", "share", "stock"


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    unit: str
    kind: str  # COUNT: summed over the term; SHARE: a percentage; STOCK: the value on a date
    help: str = ""


METRICS: dict[str, Metric] = {
    metric.key: metric
    for metric in [
        Metric(
            "intellectuals_share",
            _("Share of the area's intellectuals gathered into the societies"),
            "%",
            SHARE,
            _("Distinct members at the year's end ÷ the union's estimated intellectuals."),
        ),
        Metric(
            "societies_refill_share",
            _("Share of societies re-filling their committee after a change"),
            "%",
            SHARE,
            _(
                "Societies whose committee lost a member and that filled a committee post "
                "afterwards ÷ societies whose committee lost a member."
            ),
        ),
        Metric(
            "societies_refilled",
            _("Societies re-filling posts of their committee"),
            _("societies"),
            COUNT,
        ),
        Metric(
            "active_societies_share",
            _("Share of member societies holding activities"),
            "%",
            SHARE,
            _("Societies with at least one activity in the year ÷ societies active at its end."),
        ),
        Metric(
            "consultation_topics",
            _("Consultation and critique topics delivered"),
            _("topics"),
            COUNT,
        ),
        Metric(
            "initiatives_applied_share",
            _("Share of initiatives applied"),
            "%",
            SHARE,
            _("Initiatives marked applied ÷ initiatives recorded."),
        ),
        Metric(
            "provincial_initiatives",
            _("Initiatives recognised at provincial level or above"),
            _("initiatives"),
            COUNT,
        ),
        Metric(
            "labour_creativity",
            _("Members awarded the Creative Labour Certificate"),
            _("members"),
            COUNT,
        ),
        Metric(
            "vusta_merit",
            _("Certificates of merit from the Vietnam Union to the union"),
            _("times"),
            COUNT,
        ),
        Metric(
            "awards_province_or_above",
            _("Contest awards at provincial level or above"),
            _("awards"),
            COUNT,
        ),
        Metric("members", _("Members"), _("members"), STOCK),
        Metric("new_societies", _("New member societies"), _("societies"), COUNT),
        Metric("trainings", _("Training courses"), _("courses"), COUNT),
        Metric(
            "communications",
            _("Communication activities and publications"),
            _("activities"),
            COUNT,
        ),
        Metric(MANUAL, _("Followed by hand"), "", MANUAL),
    ]
}


def metric_choices() -> list[tuple[str, str]]:
    return [(metric.key, metric.label) for metric in METRICS.values()]


# --- the computations --------------------------------------------------------------------


def _share(numerator: int, denominator: int) -> float | None:
    if not denominator:
        return None
    return round(100 * numerator / denominator, 1)


def metric_values(
    *, union_ids: Iterable[int], start: datetime.date, until: datetime.date
) -> dict[str, dict]:
    """Every metric of the registry for the period [start, until], per calendar year and over
    the whole period: `{key: {"years": {year: value}, "term": value}}` (a value is None when
    nothing measures it yet: no estimate of intellectuals, no committee change, …).

    Nine queries whatever the data; none when `until` is before `start`.
    """
    union_ids = list(union_ids)
    if until < start:
        return {key: {"years": {}, "term": None} for key in METRICS if key != MANUAL}
    years = list(range(start.year, until.year + 1))
    year_end = {year: min(datetime.date(year, 12, 31), until) for year in years}
    in_years = {"year__gte": start.year, "year__lte": until.year}
    values: dict[str, dict] = {}

    def put(key: str, by_year: dict[int, float | None], term: float | None) -> None:
        values[key] = {"years": {year: by_year.get(year) for year in years}, "term": term}

    def counted(key: str, by_year: dict[int, int]) -> None:
        full = {year: by_year.get(year, 0) for year in years}
        put(key, full, sum(full.values()))

    # 1. Consultation tasks delivered, by the year delivered.
    delivered = dict(
        ConsultationTask.objects.filter(
            union_id__in=union_ids,
            status__in=(TaskStatus.DELIVERED, TaskStatus.CLOSED),
            delivered_on__gte=start,
            delivered_on__lte=until,
        )
        .annotate(year=ExtractYear("delivered_on"))
        .order_by()
        .values("year")
        .annotate(n=Count("id"))
        .values_list("year", "n")
    )
    counted("consultation_topics", delivered)

    # 2. Initiatives by year: recorded, applied, recognised at provincial level or above.
    provincial = Q(recognition_level__in=(RecognitionLevel.PROVINCE, RecognitionLevel.NATIONAL))
    initiative_rows = (
        Initiative.objects.filter(union_id__in=union_ids, **in_years)
        .order_by()
        .values("year")
        .annotate(
            total=Count("id"),
            applied=Count("id", filter=Q(applied=True)),
            provincial=Count("id", filter=provincial),
        )
    )
    initiatives = {row["year"]: row for row in initiative_rows}
    put(
        "initiatives_applied_share",
        {y: _share(r["applied"], r["total"]) for y, r in initiatives.items()},
        _share(
            sum(r["applied"] for r in initiatives.values()),
            sum(r["total"] for r in initiatives.values()),
        ),
    )
    counted("provincial_initiatives", {y: r["provincial"] for y, r in initiatives.items()})

    # 3. Members at each year's end; 4. the area's estimated intellectuals.
    members = membership_counts(
        union_ids=union_ids, dates={str(year): day for year, day in year_end.items()}
    )
    last = str(years[-1])
    put("members", {y: members[str(y)]["memberships"] for y in years}, members[last]["memberships"])
    estimate = Union.objects.filter(id__in=union_ids).aggregate(n=Sum("intellectuals_estimate"))[
        "n"
    ]
    put(
        "intellectuals_share",
        {y: _share(members[str(y)]["people"], estimate) for y in years},
        _share(members[last]["people"], estimate),
    )

    # 5. Societies' committee seats (BCH) that began or ended in the period.
    seats = list(
        CommitteeSeat.objects.filter(
            society__union_id__in=union_ids, society__isnull=False, body=CommitteeBody.BCH
        )
        .filter(
            Q(started_on__gt=start, started_on__lte=until)
            | Q(ended_on__gte=start, ended_on__lte=until)
        )
        .order_by()
        .values_list("society_id", "started_on", "ended_on")
    )
    starts: dict[int, list[datetime.date]] = defaultdict(list)
    for society_id, started_on, _ended in seats:
        if start < started_on <= until:
            starts[society_id].append(started_on)
    refilled_by_year: dict[int, set[int]] = defaultdict(set)
    for society_id, days in starts.items():
        for day in days:
            refilled_by_year[day.year].add(society_id)
    vacated: dict[int, dict[int, bool]] = defaultdict(dict)  # year → society → all refilled
    for society_id, _started, ended_on in seats:
        if ended_on is None or not (start <= ended_on <= until):
            continue
        filled = any(day >= ended_on for day in starts.get(society_id, ()))
        year = vacated[ended_on.year]
        year[society_id] = year.get(society_id, True) and filled
    whole: dict[int, bool] = {}
    for by_society in vacated.values():
        for society_id, filled in by_society.items():
            whole[society_id] = whole.get(society_id, True) and filled
    put(
        "societies_refill_share",
        {y: _share(sum(s.values()), len(s)) for y, s in vacated.items()},
        _share(sum(whole.values()), len(whole)),
    )
    refilled_all = set().union(*refilled_by_year.values()) if refilled_by_year else set()
    put(
        "societies_refilled",
        {y: len(refilled_by_year.get(y, ())) for y in years},
        len(refilled_all),
    )

    # 6. Societies: founded in the period, active at each year's end.
    societies = list(
        Society.objects.filter(union_id__in=union_ids)
        .order_by()
        .values_list("id", "founded_on", "dissolved_on")
    )

    def active(day: datetime.date) -> set[int]:
        return {
            pk
            for pk, founded, dissolved in societies
            if (founded is None or founded <= day) and (dissolved is None or dissolved > day)
        }

    new = defaultdict(int)
    for _pk, founded, _dissolved in societies:
        if founded and start <= founded <= until:
            new[founded.year] += 1
    counted("new_societies", new)

    # 7. Activities by year, kind and society.
    activity_rows = list(
        Activity.objects.filter(union_id__in=union_ids, held_on__gte=start, held_on__lte=until)
        .annotate(year=ExtractYear("held_on"))
        .order_by()
        .values("year", "kind", "society_id")
        .annotate(n=Count("id"))
        .values_list("year", "kind", "society_id", "n")
    )
    trainings: dict[int, int] = defaultdict(int)
    communications: dict[int, int] = defaultdict(int)
    holding: dict[int, set[int]] = defaultdict(set)
    for year, kind, society_id, n in activity_rows:
        if kind == ActivityKind.TRAINING:
            trainings[year] += n
        if kind in (ActivityKind.COMMUNICATION, ActivityKind.PUBLICATION):
            communications[year] += n
        if society_id is not None:
            holding[year].add(society_id)
    counted("trainings", trainings)
    counted("communications", communications)
    active_share = {}
    for year in years:
        running = active(year_end[year])
        active_share[year] = _share(len(holding.get(year, set()) & running), len(running))
    put("active_societies_share", active_share, active_share[years[-1]])

    # 8. Awards at provincial level or above, by year.
    awards = dict(
        Award.objects.filter(
            entry__union_id__in=union_ids,
            level__in=(Level.PROVINCE, Level.NORTHERN_REGION, Level.NATIONAL),
            **in_years,
        )
        .order_by()
        .values("year")
        .annotate(n=Count("id"))
        .values_list("year", "n")
    )
    counted("awards_province_or_above", awards)

    # 9. Commendations: the Creative Labour Certificate to members; the Vietnam Union's
    # certificates of merit to the union itself.
    commendations = commendation_figures(
        union_ids=union_ids, year_from=start.year, year_to=until.year
    )["rows"]
    labour: dict[int, int] = defaultdict(int)
    merit: dict[int, int] = defaultdict(int)
    for row in commendations:
        if (
            row["form"] == CommendationForm.LABOUR_CREATIVITY
            and row["recipient_type"] == RecipientType.MEMBER
        ):
            labour[row["year"]] += row["count"]
        if (
            row["form"] == CommendationForm.CERTIFICATE_OF_MERIT
            and row["recipient_type"] == RecipientType.UNION
            and "viet nam" in fold(row["issuer"])
        ):
            merit[row["year"]] += row["count"]
    counted("labour_creativity", labour)
    counted("vusta_merit", merit)
    return values


# --- targets and their progress ----------------------------------------------------------

MET, NOT_YET, NOT_MET, NO_DATA = "met", "not_yet", "not_met", "no_data"
STATUS_LABELS = {
    MET: _("met"),
    NOT_YET: _("not yet met"),
    NOT_MET: _("not met"),
    NO_DATA: _("no data yet"),
    MANUAL: _("followed by hand"),
}
COMPARISON_SIGNS = {"at_least": "≥", "at_most": "≤", "equal": "="}


def compare(comparison: str, value: float | None, aim: Decimal | float) -> bool | None:
    if value is None:
        return None
    aim = float(aim)
    if comparison == "at_most":
        return value <= aim
    if comparison == "equal":
        return abs(value - aim) < 1e-9
    return value >= aim


def format_value(value: float | Decimal | None, unit: str) -> str:
    """1.700 · 92,5% · "—" for no value."""
    if value is None:
        return "—"
    value = float(value)
    text = vn_number(int(value)) if value == int(value) else f"{value:.1f}".replace(".", ",")
    return f"{text}%" if unit == "%" else text


def target_period(report) -> tuple[datetime.date, datetime.date]:
    """The next term the report's targets are for: its `next_term`, else the five years after
    the report's period."""
    if report.next_term_id:
        return report.next_term.starts_on, report.next_term.ends_on
    ends = report.period_end or (report.term.ends_on if report.term_id else None)
    if ends is None:
        ends = datetime.date(timezone.localdate().year, 12, 31)
    begins = ends + datetime.timedelta(days=1)
    return begins, datetime.date(begins.year + 5, begins.month, 1) - datetime.timedelta(days=1)


def progress(
    target, values: dict | None, *, start: datetime.date, end: datetime.date, today
) -> dict:
    """One target's row: its figures so far and whether it is met."""
    metric = METRICS.get(target.metric, METRICS[MANUAL])
    row = {
        "id": target.pk,
        "order": target.order,
        "wording": target.wording,
        "metric": metric.key,
        "metric_label": str(metric.label),
        "unit": str(metric.unit),
        "comparison": target.comparison,
        "comparison_sign": COMPARISON_SIGNS.get(target.comparison, target.comparison),
        "value": target.value,
        "value_display": format_value(target.value, str(metric.unit)),
        "period": target.period,
        "period_label": str(target.get_period_display()),
        "years": [],
        "current": None,
        "current_display": "—",
    }
    if metric.key == MANUAL or values is None:
        return {**row, "status": MANUAL, "status_label": str(STATUS_LABELS[MANUAL])}
    computed = values[metric.key]
    unit = str(metric.unit)
    for year, value in sorted(computed["years"].items()):
        ok = compare(target.comparison, value, target.value)
        over = datetime.date(year, 12, 31) < today or datetime.date(year, 12, 31) > end
        if target.period != "per_year":
            status = ""  # a whole-term aim: the years only show the way there
        elif ok is None:
            status = NO_DATA
        elif ok:
            status = MET
        else:
            status = NOT_MET if over else NOT_YET
        row["years"].append(
            {
                "year": year,
                "value": value,
                "display": format_value(value, unit),
                "status": status,
                "status_label": str(STATUS_LABELS[status]) if status else "",
                "over": over,
            }
        )
    if target.period == "per_year":
        statuses = [year["status"] for year in row["years"]]
        if NOT_MET in statuses:
            status = NOT_MET
        elif statuses and all(s == MET for s in statuses):
            status = MET
        elif statuses and all(s == NO_DATA for s in statuses):
            status = NO_DATA
        else:
            status = NOT_YET
        current = row["years"][-1]["value"] if row["years"] else None
    else:
        current = computed["term"]
        ok = compare(target.comparison, current, target.value)
        if ok is None:
            status = NO_DATA
        elif ok:
            status = MET
        else:
            status = NOT_MET if end < today else NOT_YET
    return {
        **row,
        "current": current,
        "current_display": format_value(current, unit),
        "status": status,
        "status_label": str(STATUS_LABELS[status]),
    }


def target_rows(
    *,
    report,
    union_ids: Iterable[int] | None = None,
    today: datetime.date | None = None,
    with_progress: bool = True,
) -> list[dict]:
    """The report's targets in order, each with its progress per year of the next term up to
    today and whether it is met. One query for the targets, and `metric_values`'s when any
    target is measured from data and `with_progress` (the document prints the wordings only).
    `union_ids` measures other unions than the report's (a roll-up)."""
    today = today or timezone.localdate()
    targets = list(report.targets.order_by("order", "pk")) if report.pk else []
    start, end = target_period(report)
    until = min(end, today)
    measured = with_progress and any(
        target.metric in METRICS and target.metric != MANUAL for target in targets
    )
    values = None
    if measured:
        ids = list(union_ids) if union_ids is not None else [report.union_id]
        values = metric_values(union_ids=ids, start=start, until=until)
    return [progress(target, values, start=start, end=end, today=today) for target in targets]


def targets_summary(rows: list[dict]) -> dict[str, int]:
    counts = {status: 0 for status in STATUS_LABELS}
    for row in rows:
        counts[row["status"]] += 1
    return counts
