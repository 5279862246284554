"""The province roll-up benchmark at a small scale: its data is made once, kept apart from the
single union's, and its measures come with their floor and a fixed query count."""

import pytest

from associations.models import Union
from consultations.models import ConsultationTask
from contests.models import Award
from members.models import Member
from reports import bench_province
from reports.selectors import report_figures

OPTIONS = {"societies": 20, "members": 400, "activities": 120, "repeat": 1}


@pytest.fixture
def data():
    data = {}
    bench_province.build(data, OPTIONS)
    return data


@pytest.mark.django_db
def test_province_data_is_ten_districts_made_once(data):
    bench_province.build(data, OPTIONS)

    districts = data["province_districts"]
    ids = [district.pk for district in districts]
    assert (
        len(districts),
        Union.objects.filter(parent=data["province_small"]).count(),
        Member.objects.filter(union_id__in=ids).count(),
        Member.objects.filter(union=data["province"]).count(),
    ) == (10, 2, 400, 0)
    assert Award.objects.filter(entry__union_id__in=ids).exists()
    assert ConsultationTask.objects.filter(union_id__in=ids).exists()
    assert not Union.objects.filter(slug="bench-province").exists()


@pytest.mark.django_db
def test_province_data_gives_every_section_of_the_rollup_figures_data(data):
    parent = data["province"]
    term = parent.terms.get(label="2018 - 2023")
    ids = [parent.pk, *(district.pk for district in data["province_districts"])]

    figures = report_figures(
        union=parent, start=term.starts_on, end=term.ends_on, term=term, union_ids=ids
    )

    contests = figures["contests"]
    counts = {
        "members": figures["members"]["end"]["people"],
        "committee": figures["committee"]["bch_seats_at_end"],
        "committee_ended": figures["committee"]["bch_ended"],
        "awards": contests["awards_total"],
        "initiatives": contests["initiatives_total"],
        "typical_intellectuals": len(contests["typical_intellectuals"]),
        "consultations": figures["consultations"]["recommendations"]["total"],
        "activities": figures["activities"]["total"]["count"],
        "commendations": figures["commendations"]["total"],
        "commendation_recipients": len(figures["commendation_recipients"]),
    }
    assert [name for name, value in counts.items() if not value] == []


@pytest.mark.django_db
def test_province_measures_have_a_floor_and_queries_within_the_goal(data):
    results = [
        bench_province.measure_province_rollup_figures(data, OPTIONS),
        bench_province.measure_province_rollup_page(data, OPTIONS),
    ]

    assert [result.name for result in results] == [
        "province_rollup_figures",
        "province_rollup_page",
    ]
    for result in results:
        assert result.value > 0 and result.floor.value > 0
        assert result.queries <= result.goal.max_queries, result.to_json()
