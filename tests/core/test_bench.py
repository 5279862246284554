"""The benchmark's registry, its table and the JSON `make bench` writes."""

import io
import json

import pytest
from django.core.management import call_command

from core import bench


def _result(**kwargs):
    values = {
        "name": "members_list",
        "value": 40.0,
        "unit": "ms",
        "queries": 8,
        "floor": bench.Comparison("raw SQL", 20.0),
        "peer": bench.Comparison("ListView", 100.0),
        "goal": bench.Goal(max_floor_ratio=2.5, min_peer_speedup=2, max_queries=10),
    }
    return bench.Result(**{**values, **kwargs})


def test_result_ratios_and_verdict():
    result = _result()

    assert (result.floor_ratio, result.peer_speedup) == (2.0, 2.5)
    assert result.verdicts() == [True, True, True]
    assert _result(value=60.0).verdicts() == [False, False, True]


def test_an_unavailable_peer_has_no_ratio_and_no_verdict():
    result = _result(peer=bench.Comparison("ListView", None, "needs PostgreSQL"))

    assert result.peer_speedup is None
    assert result.verdicts() == [True, True]
    assert "unavailable: needs PostgreSQL" in bench.table([result])


def test_write_json_has_the_agreed_shape(tmp_path):
    path = tmp_path / "bench" / "latest.json"

    bench.write_json([_result()], path)

    measure = json.loads(path.read_text())["measures"][0]
    assert {key: measure[key] for key in ("name", "value", "unit", "queries")} == {
        "name": "members_list",
        "value": 40.0,
        "unit": "ms",
        "queries": 8,
    }
    assert measure["floor"] == {"name": "raw SQL", "value": 20.0}
    assert measure["peer"] == {"name": "ListView", "value": 100.0}
    assert (measure["floor_ratio"], measure["peer_speedup"], measure["met"]) == (2.0, 2.5, True)


def test_every_app_registers_its_measures_in_order():
    bench.autodiscover()

    names = [part.name for part in bench.parts()]
    measures = [m.__name__ for part in bench.parts() for m in part.measures]

    assert names.index("associations") < names.index("members") < names.index("reports")
    assert names.index("members") < names.index("contests")
    assert names.index("reports") < names.index("province")
    assert measures == [
        "measure_members_import",
        "measure_members_list",
        "measure_members_list_proxy",
        "measure_contests_assignment",
        "measure_contests_score_sheet",
        "measure_contests_score_export",
        "measure_consultations_task_list",
        "measure_consultations_dashboard",
        "measure_submissions_figures",
        "measure_report_figures",
        "measure_report_pdf",
        "measure_report_docx",
        "measure_province_rollup_figures",
        "measure_province_rollup_page",
    ]


@pytest.mark.django_db
def test_bench_command_builds_the_data_and_writes_the_measures_taken(tmp_path):
    path, out = tmp_path / "latest.json", io.StringIO()

    call_command(
        "bench",
        "--members=60",
        "--societies=6",
        "--activities=12",
        "--repeat=1",
        "--only",
        "report_figures",
        f"--json={path}",
        stdout=out,
    )

    measures = json.loads(path.read_text())["measures"]
    assert [m["name"] for m in measures] == ["report_figures"]
    assert measures[0]["queries"] <= 30
    assert measures[0]["floor"]["name"] == "one aggregate query per table"
    assert "| report_figures |" in out.getvalue()
