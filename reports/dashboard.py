"""The leadership dashboard: the next term's targets with their progress, the report's charts
over the running term, and a scorecard per society showing who lags; for a parent union, the
roll-up over its district unions (their sum and each one's figures). Plain data, a fixed number
of queries whatever the number of societies or unions."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Count

from associations.models import Activity, Society, Term, Union
from associations.selectors import current_term
from consultations.models import ConsultationTask, TaskStatus
from contests.models import Award, Entry, Initiative
from members.models import Membership, MembershipQuerySet

from .charts import chart_data
from .models import TermReport
from .targets import target_rows, targets_summary


def _by(qs, key: str) -> dict[int, int]:
    return dict(qs.order_by().values(key).annotate(n=Count("id")).values_list(key, "n"))


def term_window(term: Term | None, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The charts' period: the running term up to today, else the last five years."""
    if term is not None and term.starts_on <= today:
        return term.starts_on, min(term.ends_on, today)
    return datetime.date(today.year - 4, 1, 1), today


def targets_report(*, union_id: int, term: Term | None) -> TermReport | None:
    """The report that set the running term's targets: the one whose next term it is, else the
    latest report with targets. One query."""
    reports = list(
        TermReport.objects.filter(union_id=union_id, targets__isnull=False)
        .select_related("union", "term", "next_term")
        .distinct()
        .order_by("-pk")[:20]
    )
    for report in reports:
        if term is not None and report.next_term_id == term.pk:
            return report
    return reports[0] if reports else None


def society_scorecard(*, union_ids: Iterable[int], year: int, today: datetime.date) -> list[dict]:
    """Each society active today: members now and at the year's start, and this year's
    activities, initiatives, contest entries and awards; `lagging` with its reasons (no activity
    and no initiative this year, or members falling). Five queries."""
    union_ids = list(union_ids)
    year_start = datetime.date(year, 1, 1)
    societies = list(
        Society.objects.filter(union_id__in=union_ids)
        .active_on(today)
        .annotate(
            members_now=Count(
                "memberships", filter=MembershipQuerySet.active_on_q(today, "memberships__")
            ),
            members_start=Count(
                "memberships", filter=MembershipQuerySet.active_on_q(year_start, "memberships__")
            ),
        )
        .order_by("sort_name", "pk")
        .values("id", "name", "union_id", "members_now", "members_start")
    )
    activities = _by(
        Activity.objects.filter(
            union_id__in=union_ids, held_on__gte=year_start, held_on__lte=today
        ),
        "society_id",
    )
    initiatives = _by(Initiative.objects.filter(union_id__in=union_ids, year=year), "society_id")
    entries = _by(Entry.objects.filter(union_id__in=union_ids, contest__year=year), "society_id")
    awards = _by(
        Award.objects.filter(entry__union_id__in=union_ids, year=year), "entry__society_id"
    )
    rows = []
    for society in societies:
        pk = society["id"]
        row = {
            **society,
            "members_change": society["members_now"] - society["members_start"],
            "activities": activities.get(pk, 0),
            "initiatives": initiatives.get(pk, 0),
            "entries": entries.get(pk, 0),
            "awards": awards.get(pk, 0),
        }
        reasons = []
        if not row["activities"] and not row["initiatives"]:
            reasons.append("no_activity")
        if row["members_change"] < 0:
            reasons.append("members_falling")
        row["lagging"] = reasons
        rows.append(row)
    return rows


def union_dashboard(*, union: Union, today: datetime.date) -> dict:
    """Everything the dashboard of one union shows. About 25 queries whatever the data."""
    term = current_term(union_id=union.pk, on=today)
    start, end = term_window(term, today)
    report = targets_report(union_id=union.pk, term=term)
    targets = target_rows(report=report, today=today) if report is not None else []
    scorecard = society_scorecard(union_ids=[union.pk], year=today.year, today=today)
    return {
        "union": union,
        "term": term,
        "start": start,
        "end": end,
        "year": today.year,
        "report": report,
        "targets": targets,
        "targets_summary": targets_summary(targets),
        "figures": {
            "union": {"locality_word": union.locality_word},
            "charts": chart_data(union_ids=[union.pk], start=start, end=end),
        },
        "scorecard": scorecard,
        "lagging": sum(1 for row in scorecard if row["lagging"]),
    }


def child_union_table(*, unions: list[Union], year: int, today: datetime.date) -> list[dict]:
    """Each district union's figures: societies and members now, and this year's activities,
    initiatives, contest entries, awards and consultations delivered. Six queries."""
    ids = [union.pk for union in unions]
    societies = _by(Society.objects.filter(union_id__in=ids).active_on(today), "union_id")
    members = dict(
        Membership.objects.active_on(today)
        .filter(society__union_id__in=ids)
        .order_by()
        .values("society__union_id")
        .annotate(n=Count("id"))
        .values_list("society__union_id", "n")
    )
    year_start = datetime.date(year, 1, 1)
    activities = _by(
        Activity.objects.filter(union_id__in=ids, held_on__gte=year_start, held_on__lte=today),
        "union_id",
    )
    initiatives = _by(Initiative.objects.filter(union_id__in=ids, year=year), "union_id")
    awards = _by(Award.objects.filter(entry__union_id__in=ids, year=year), "entry__union_id")
    consultations = _by(
        ConsultationTask.objects.filter(
            union_id__in=ids,
            status__in=(TaskStatus.DELIVERED, TaskStatus.CLOSED),
            delivered_on__gte=year_start,
            delivered_on__lte=today,
        ),
        "union_id",
    )
    return [
        {
            "union": union,
            "societies": societies.get(union.pk, 0),
            "members": members.get(union.pk, 0),
            "activities": activities.get(union.pk, 0),
            "initiatives": initiatives.get(union.pk, 0),
            "awards": awards.get(union.pk, 0),
            "consultations": consultations.get(union.pk, 0),
        }
        for union in unions
    ]


ROLLUP_COLUMNS = ("societies", "members", "activities", "initiatives", "awards", "consultations")


def rollup_dashboard(*, union: Union, today: datetime.date) -> dict:
    """The roll-up of a parent union over its district unions (the unions directly below it):
    their sum and each one's figures, the charts over all of them, and the parent's targets
    measured on its children's data. A fixed number of queries whatever the number of unions."""
    children = list(Union.objects.filter(parent=union).order_by("sort_name", "pk"))
    ids = [child.pk for child in children]
    term = current_term(union_id=union.pk, on=today)
    start, end = term_window(term, today)
    rows = child_union_table(unions=children, year=today.year, today=today)
    totals = {column: sum(row[column] for row in rows) for column in ROLLUP_COLUMNS}
    report = targets_report(union_id=union.pk, term=term)
    targets = target_rows(report=report, union_ids=ids, today=today) if report and ids else []
    return {
        "union": union,
        "term": term,
        "start": start,
        "end": end,
        "year": today.year,
        "children": rows,
        "totals": totals,
        "report": report,
        "targets": targets,
        "targets_summary": targets_summary(targets),
        "figures": {
            "union": {"locality_word": union.locality_word},
            "charts": chart_data(union_ids=ids, start=start, end=end),
        },
    }


def rollup_report_context(*, union: Union, today: datetime.date) -> dict:
    """The province-level report of a parent union over its running term (or its last term):
    the figure set summed over the union and its district unions (reports.selectors
    `report_figures` with `union_ids`), in the term report's context. The union's own report of
    that term lends its narrative and targets when it exists."""
    from .selectors import report_figures
    from .services import term_report_context

    ids = [union.pk, *Union.objects.filter(parent=union).values_list("pk", flat=True)]
    term = current_term(union_id=union.pk, on=today)
    start, end = term_window(term, today)
    next_term = (
        Term.objects.filter(union=union, starts_on__gt=term.starts_on).order_by("starts_on").first()
        if term
        else None
    )
    report = (
        TermReport.objects.filter(union=union, term=term).first() if term else None
    ) or TermReport(union=union, term=term, next_term=next_term)
    figures = report_figures(
        union=union,
        start=term.starts_on if term else start,
        end=term.ends_on if term else end,
        kind="term" if term else "midterm",
        term=term,
        next_term=next_term,
        union_ids=ids,
    )
    return term_report_context(report=report, figures=figures)
