"""The rounds bench at a tiny scale: its data, and the measure agreeing with its naive peer."""

import datetime

import pytest

from submissions import bench as submissions_bench
from tests.factories import ActivityFactory, SocietyFactory, UnionFactory

pytestmark = pytest.mark.django_db


def test_bench_figures_measure_runs_in_two_queries():
    union = UnionFactory()
    societies = [SocietyFactory(union=union) for _ in range(4)]
    for society in societies:
        ActivityFactory(society=society, union=union, held_on=datetime.date(2022, 5, 1))
    data = {"union": union, "societies": societies}
    submissions_bench.build(data, {})
    submissions_bench.build(data, {})

    result = submissions_bench.measure_submissions_figures(data, {"repeat": 1})

    assert (result.name, result.queries) == ("submissions_figures", 2)
    assert "04 accepted" not in result.note and "4 accepted" in result.note
