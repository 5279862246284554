"""The judging bench at a tiny scale: its data, its measures and floors doing the same work."""

import pytest

from contests import bench as contests_bench
from contests.models import JudgeAssignment, Score
from tests.factories import SocietyFactory, UnionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    union = UnionFactory()
    data = {"union": union, "societies": [SocietyFactory(union=union) for _ in range(4)]}
    contests_bench.build(data, {"societies": 4})
    return data


def test_bench_data_has_a_scored_contest_and_an_empty_one(data):
    scored = data["contest_scored"]

    assert (
        data["contest_assign"].assignments.count(),
        scored.entries.count(),
        JudgeAssignment.objects.filter(contest=scored).count(),
        Score.objects.filter(assignment__contest=scored).count(),
    ) == (0, 20, 60, 300)


def test_bench_measures_run_and_leave_nothing_behind(data):
    options = {"repeat": 1}

    results = [
        contests_bench.measure_contests_assignment(data, options),
        contests_bench.measure_contests_score_sheet(data, options),
        contests_bench.measure_contests_score_export(data, options),
    ]

    assert [r.name for r in results] == [
        "contests_assignment",
        "contests_score_sheet",
        "contests_score_export",
    ]
    assert all(all(r.verdicts()) for r in results)
    assert data["contest_assign"].assignments.count() == 0


def test_bench_floor_reads_one_row_per_sheet(data):
    rows = contests_bench._floor_rows(data["contest_scored"])

    assert (len(rows), {len(row) for row in rows}) == (60, {10})
