"""The report's charts: their data from a factory data set, and well-formed SVG with the right
bars and values."""

import datetime
import xml.etree.ElementTree as ET

import pytest

from reports import charts
from reports.selectors import report_figures
from tests.consultations.factories import ConsultationTaskFactory
from tests.contests.factories import AwardFactory, EntryFactory
from tests.factories import ActivityFactory, SocietyFactory, UnionFactory
from tests.reports.datasets import join

SVG = "{http://www.w3.org/2000/svg}"
START, END = datetime.date(2018, 7, 1), datetime.date(2023, 12, 31)


def bars(svg: str) -> list[tuple[str, str, int]]:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return [
        (rect.get("data-label"), rect.get("data-series", ""), int(rect.get("data-value")))
        for rect in root.iter(f"{SVG}rect")
        if rect.get("class") == "bar"
    ]


def texts(svg: str) -> list[str]:
    return [node.text for node in ET.fromstring(svg).iter(f"{SVG}text")]


@pytest.fixture
def dataset():
    union = UnionFactory()
    society = SocietyFactory(union=union)
    for _ in range(3):
        join(society, joined_on=datetime.date(2015, 1, 1))
    join(society, joined_on=datetime.date(2020, 5, 1))
    join(society, joined_on=datetime.date(2015, 1, 1), left_on=datetime.date(2022, 3, 1))
    entry = EntryFactory(contest__union=union, society=society)
    AwardFactory(entry=entry, level="province", year=2019)
    AwardFactory(entry=entry, level="national", year=2019)
    AwardFactory(entry=EntryFactory(contest__union=union), level="province", year=2021)
    ConsultationTaskFactory(union=union, received_on=datetime.date(2019, 4, 1))
    ConsultationTaskFactory(union=union, received_on=datetime.date(2019, 9, 1))
    ConsultationTaskFactory(union=union, received_on=datetime.date(2022, 9, 1))
    ConsultationTaskFactory(union=union, received_on=datetime.date(2022, 9, 2), status="cancelled")
    ActivityFactory(society=society, kind="training", held_on=datetime.date(2019, 1, 1))
    ActivityFactory(society=society, kind="training", held_on=datetime.date(2020, 1, 1))
    ActivityFactory(society=society, kind="workshop", held_on=datetime.date(2020, 1, 1))
    ActivityFactory(society=society, kind="workshop", held_on=datetime.date(2017, 1, 1))  # before
    return union


@pytest.mark.django_db
def test_chart_data_counts_each_series(dataset, django_assert_num_queries):
    with django_assert_num_queries(4):
        data = charts.chart_data(union_ids=[dataset.id], start=START, end=END)

    assert [(row["label"], row["value"]) for row in data["members"]] == [
        ("Đầu NK", 4),
        ("2018", 4),
        ("2019", 4),
        ("2020", 5),
        ("2021", 5),
        ("2022", 4),
        ("2023", 4),
    ]
    assert [(row["year"], row["province"], row["national"]) for row in data["awards"]][:4] == [
        (2018, 0, 0),
        (2019, 1, 1),
        (2020, 0, 0),
        (2021, 1, 0),
    ]
    assert [row["value"] for row in data["consultations"]] == [0, 2, 0, 0, 1, 0]
    kinds = {row["kind"]: row["value"] for row in data["activities"]}
    assert (kinds["training"], kinds["workshop"], kinds["other"]) == (2, 1, 0)


@pytest.mark.django_db
def test_chart_data_reuses_the_figure_set():
    union = UnionFactory()
    figures = {
        "contests": {"awards_annex": [{"year": 2020, "level": "district"}] * 2},
        "consultations": {"annex": [{"received_on": "2021-02-03"}]},
        "activities": {"by_kind": {"training": {"count": 7}}},
    }

    data = charts.chart_data(union_ids=[union.id], start=START, end=END, figures=figures)

    assert data["awards"][2]["district"] == 2
    assert data["consultations"][3] == {"year": 2021, "value": 1}
    assert data["activities"][0] == {"kind": "training", "label": "Tập huấn", "value": 7}


def test_members_chart_is_well_formed_with_one_bar_per_year_in_1700_style():
    data = [
        {"year": 2018, "label": "Đầu NK", "value": 1678},
        {"year": 2023, "label": "2023", "value": 1700},
    ]

    svg = charts.members_chart(data)

    assert bars(svg) == [("Đầu NK", "Hội viên", 1678), ("2023", "Hội viên", 1700)]
    assert "1.700" in texts(svg)
    assert "1.678" in texts(svg)


def test_awards_chart_stacks_levels_per_year():
    data = [
        {"year": 2019, "district": 0, "province": 3, "northern_region": 1, "national": 2},
        {"year": 2020, "district": 1, "province": 0, "northern_region": 0, "national": 0},
    ]

    svg = charts.awards_chart(data)

    assert bars(svg) == [
        ("2019", "Cấp tỉnh", 3),
        ("2019", "Khu vực phía Bắc", 1),
        ("2019", "Cấp quốc gia", 2),
        ("2020", "Cấp cơ sở", 1),
    ]
    assert {"6", "1", "Cấp quốc gia"} <= set(texts(svg))  # totals and the legend


def test_activities_chart_draws_the_kinds_held():
    data = [
        {"kind": "training", "label": "Tập huấn", "value": 12},
        {"kind": "workshop", "label": "Hội thảo", "value": 0},
        {"kind": "other", "label": "Khác & <khác>", "value": 3},
    ]

    svg = charts.activities_chart(data)

    assert bars(svg) == [("Tập huấn", "", 12), ("Khác & <khác>", "", 3)]
    assert "Khác & <khác>" in texts(svg)  # escaped, the SVG still parses


def test_consultations_chart_with_no_data_draws_an_empty_axis():
    svg = charts.consultations_chart([{"year": 2024, "value": 0}])

    assert bars(svg) == []
    assert "2024" in texts(svg)


def test_chart_tag_draws_inline_svg_from_the_figures():
    from django.template import Context, Template

    template = Template('{% load reports_tags %}{% chart "consultations" figures %}')
    figures = {"charts": {"consultations": [{"year": 2024, "value": 2}]}}

    html = template.render(Context({"figures": figures}))

    assert bars(html) == [("2024", "Nhiệm vụ", 2)]
    assert (
        Template('{% load reports_tags %}{% chart "members" f %}').render(Context({"f": {}})) == ""
    )


def test_awards_chart_names_the_district_level_by_the_locality():
    figures = {
        "union": {"locality_word": "thị xã"},
        "charts": {"awards": [{"year": 2020, "district": 2}]},
    }

    assert bars(charts.draw("awards", figures)) == [("2020", "Cấp thị xã", 2)]


@pytest.mark.django_db
def test_the_report_figures_charts_equal_the_charts_read_on_their_own(dataset):
    figures = report_figures(union=dataset, start=START, end=END)

    assert figures["charts"] == charts.chart_data(union_ids=[dataset.id], start=START, end=END)
