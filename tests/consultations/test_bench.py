"""The consultations' benchmark at a small scale: its data, its measures and their floors."""

import pytest

from associations.bench import build as build_union
from consultations import bench
from consultations.models import ConsultationTask, ExpertAssignment


@pytest.fixture
def data():
    data = {}
    options = {"societies": 4, "activities": 5, "consultations": 60, "consultation_rounds": 2}
    build_union(data, options)
    bench.build(data, options)
    return data, options


@pytest.mark.django_db
def test_bench_data_has_five_experts_a_task_and_is_built_once(data):
    data, options = data
    union = data["union"]

    bench.build(data, options)

    assert ConsultationTask.objects.filter(union=union).count() == 60
    assert ExpertAssignment.objects.filter(task__union=union).count() == 300
    assert ConsultationTask.objects.filter(union=data["consultations_small_union"]).count() == 30


@pytest.mark.django_db
def test_bench_measures_come_with_their_floor_and_a_fixed_query_count(data):
    data, options = data

    results = [
        bench.measure_consultations_task_list(data, options),
        bench.measure_consultations_dashboard(data, options),
    ]

    assert [result.name for result in results] == [
        "consultations_task_list",
        "consultations_dashboard",
    ]
    for result in results:
        assert result.value > 0 and result.floor.value > 0
        assert all(result.verdicts()), result.to_json()
