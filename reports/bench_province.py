"""Benchmark of a provincial union's roll-up (registered with core.bench as "province").

Data (reports/bench_province_data.py), apart from the single union of associations/bench.py
(slugs bench-province-rollup*): a provincial union over 10 district unions, each with the terms
2018 - 2023 and 2024 - 2029, `--societies` ÷ 10 societies, `--members` ÷ 10 members (one in
twenty in two societies, as in members/bench.py), `--activities` ÷ 10 activities, contests
with awards, initiatives, consultations with their recommendations, commendations and typical
intellectuals; the province has its committee, and its last report set the running term's
targets. A second, small province over 2 district unions counts the roll-up page's queries
beside the big one. Made once per database.
Measures:
- `province_rollup_figures`: every figure of the term report summed over the province and its
  10 district unions (reports.selectors `report_figures` with `union_ids`, as the roll-up
  report computes them); floor: the same counts by one aggregate query per table over those
  unions (reports/bench_floors.py `figures_floor`); its queries equal over 2 district unions;
- `province_rollup_page`: the roll-up page (reports:dashboard_rollup) through the Django
  stack in-process; floor: the page's table alone (one grouped query per table); its
  queries equal on the small province.
"""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from associations.models import Role, RoleKind, Union, User
from consultations.bench import _settings as in_process_settings
from core import bench

from .bench_floors import figures_floor
from .bench_province_data import SMALL_DISTRICTS, build
from .dashboard import child_union_table
from .selectors import report_figures


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured)


def measure_province_rollup_figures(data: dict, options: dict) -> bench.Result:
    parent, districts = data["province"], data["province_districts"]
    term, next_term = parent.terms.order_by("starts_on")[:2]
    ids = [parent.pk, *(district.pk for district in districts)]

    def figures(union_ids: list[int]) -> dict:
        return report_figures(
            union=parent,
            start=term.starts_on,
            end=term.ends_on,
            term=term,
            next_term=next_term,
            union_ids=union_ids,
        )

    queries = _queries(lambda: figures(ids))
    two = _queries(lambda: figures(ids[:3]))
    if two != queries:
        raise RuntimeError(f"roll-up figures' queries grow with the unions: {two} → {queries}")
    repeat = options.get("repeat", 20)
    medians = bench.interleaved(
        {
            "value": lambda: figures(ids),
            "floor": lambda: figures_floor(union=parent, term=term, union_ids=ids),
        },
        repeat,
    )
    people = figures(ids)["structure"]["people"]
    return bench.Result(
        name="province_rollup_figures",
        value=medians["value"] * 1000,
        unit="ms",
        queries=queries,
        floor=bench.Comparison(
            "one aggregate query per table over the unions", medians["floor"] * 1000
        ),
        goal=bench.Goal(max_floor_ratio=2.5, max_queries=30),
        note=f"median of {repeat}, term {term.label}, the province and its {len(districts)} "
        f"district unions ({people} members at the term's end); queries over 2 district "
        f"unions: {two}, over {len(districts)}: {queries}",
    )


def _leader(union: Union) -> User:
    user, _ = User.objects.get_or_create(
        email=f"lanh-dao-{union.slug}@bench.test", defaults={"full_name": "Lãnh đạo Thử"}
    )
    Role.objects.get_or_create(user=user, union=union, kind=RoleKind.LEADERSHIP)
    return user


def _page(union: Union):
    client = Client()
    client.force_login(_leader(union))
    url = reverse("reports:dashboard_rollup", kwargs={"union_pk": union.pk})

    def get() -> None:
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"province_rollup_page: {url} answered {response.status_code}")

    return get


def measure_province_rollup_page(data: dict, options: dict) -> bench.Result:
    parent, districts = data["province"], data["province_districts"]
    today = timezone.localdate()
    with in_process_settings():  # testserver, plain HTTP, static URLs without the manifest
        page, small_page = _page(parent), _page(data["province_small"])
        queries, small = _queries(page), _queries(small_page)
        if small != queries:
            raise RuntimeError(f"roll-up page's queries grow with the unions: {small} → {queries}")
        repeat = options.get("repeat", 20)
        medians = bench.interleaved(
            {
                "value": page,
                "floor": lambda: child_union_table(unions=districts, year=today.year, today=today),
            },
            repeat,
        )
    return bench.Result(
        name="province_rollup_page",
        value=medians["value"] * 1000,
        unit="ms",
        queries=queries,
        floor=bench.Comparison(
            "the page's table alone, one grouped query per table", medians["floor"] * 1000
        ),
        goal=bench.Goal(max_queries=30),
        note=f"median of {repeat}, in-process (Django test client), {len(districts)} district "
        f"unions; queries over {SMALL_DISTRICTS} district unions: {small}, over "
        f"{len(districts)}: {queries}",
    )


bench.register(
    "province",
    build=build,
    measures=[measure_province_rollup_figures, measure_province_rollup_page],
    after=["reports"],
)
