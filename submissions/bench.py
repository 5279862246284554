"""Benchmark data and measures of the reporting rounds (registered with core.bench).

Data: one yearly round over the synthetic union's societies, every report accepted.
Measure `submissions_figures`: `selectors.submission_figures` for that year (two queries, the
registry's records counted in the database), beside its naive peer counting each society's
records one query at a time (five per society), in the same run on the same data.
"""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from associations.models import Activity
from contests.models import Entry, Initiative
from core import bench
from members.models import Membership

from .models import Round, Submission, SubmissionStatus
from .selectors import submission_figures

YEAR = 2022
START, END = datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31)


def build(data: dict, options: dict) -> None:
    union = data["union"]
    round_, created = Round.objects.get_or_create(
        union=union,
        period_start=START,
        period_end=END,
        defaults={
            "title": f"Báo cáo năm {YEAR}",
            "year": YEAR,
            "deadline": datetime.date(YEAR + 1, 1, 15),
            "opened_on": datetime.date(YEAR, 12, 1),
        },
    )
    if created:
        at = timezone.make_aware(datetime.datetime(YEAR + 1, 1, 10, 9))
        Submission.objects.bulk_create(
            [
                Submission(
                    round=round_,
                    society=society,
                    status=SubmissionStatus.ACCEPTED,
                    results="Kết quả",
                    first_submitted_at=at,
                    submitted_at=at,
                    accepted_at=at,
                )
                for society in data["societies"]
            ]
        )
    data["submissions_union_ids"] = [union.pk]


def _naive(union_ids) -> dict:
    totals = dict.fromkeys(("members_joined", "activities", "initiatives", "entries"), 0)
    for submission in Submission.objects.filter(
        round__union_id__in=union_ids, round__period_start__gte=START, round__period_end__lte=END
    ).select_related("round"):
        society, r = submission.society_id, submission.round
        totals["members_joined"] += Membership.objects.filter(
            society_id=society, joined_on__range=(r.period_start, r.period_end)
        ).count()
        Membership.objects.filter(
            society_id=society, left_on__range=(r.period_start, r.period_end)
        ).count()
        totals["activities"] += Activity.objects.filter(
            society_id=society, held_on__range=(r.period_start, r.period_end)
        ).count()
        totals["initiatives"] += Initiative.objects.filter(society_id=society, year=r.year).count()
        totals["entries"] += Entry.objects.filter(society_id=society, contest__year=r.year).count()
    return totals


def measure_submissions_figures(data: dict, options: dict) -> bench.Result:
    union_ids = data["submissions_union_ids"]
    with CaptureQueriesContext(connection) as queries:
        figures = submission_figures(union_ids=union_ids, start=START, end=END)
    naive = _naive(union_ids)
    assert {key: figures[key] for key in naive} == naive, (figures, naive)
    repeat = max(3, min(options.get("repeat", 20), 7))
    medians = bench.interleaved(
        {
            "value": lambda: submission_figures(union_ids=union_ids, start=START, end=END),
            "peer": lambda: _naive(union_ids),
        },
        repeat,
    )
    return bench.Result(
        name="submissions_figures",
        value=medians["value"],
        unit="s",
        queries=len(queries),
        peer=bench.Comparison("five count queries per society", medians["peer"]),
        goal=bench.Goal(max_queries=2, min_peer_speedup=2),
        note=f"median of {repeat}; {figures['accepted']} accepted reports of {YEAR}",
    )


bench.register(
    "submissions",
    build=build,
    measures=[measure_submissions_figures],
    after=["consultations", "contests"],
)
