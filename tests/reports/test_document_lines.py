"""The document's formal lines: the date line as the decree writes it, and the charts' numbers
among those with data."""

import datetime
import re

import pytest

from associations.models import Union
from reports.rendering import term_report_html
from reports.selectors import term_report_figures
from reports.services import term_report_context, term_report_get_or_create
from tests.consultations.factories import ConsultationTaskFactory
from tests.factories import ActivityFactory, SocietyFactory, TermFactory, UnionFactory
from tests.reports.datasets import TERM_END, TERM_START, join

D = datetime.date


@pytest.fixture
def dataset():
    """A union with one member and two activities in its term, no consultation, no award."""
    union = UnionFactory(locality_kind="thi_xa")
    term = TermFactory(union=union, starts_on=TERM_START, ends_on=TERM_END)
    society = SocietyFactory(union=union)
    ActivityFactory(society=society, kind="training", held_on=D(2019, 3, 1))
    ActivityFactory(society=society, kind="workshop", held_on=D(2021, 5, 1))
    return Union.objects.select_related("parent").get(pk=union.pk), term


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("issued_on", "line"),
    [
        (datetime.date(2023, 3, 15), "ngày 15 tháng 3 năm 2023"),
        (datetime.date(2023, 2, 5), "ngày 05 tháng 02 năm 2023"),
    ],
)
def test_the_date_line_writes_months_as_the_decree_says(dataset, issued_on, line):
    union, term = dataset
    report = term_report_get_or_create(union=union, term=term)
    report.issued_on = issued_on
    report.save()
    figures = term_report_figures(union=union, term=term)

    html = term_report_html(term_report_context(report=report, figures=figures))

    assert line in html


@pytest.mark.django_db
def test_charts_are_numbered_in_order_among_those_with_data(dataset):
    union, term = dataset  # activities, no consultation task, no award
    join(SocietyFactory(union=union))
    ConsultationTaskFactory(union=union, received_on=D(2020, 4, 1))
    report = term_report_get_or_create(union=union, term=term)
    figures = term_report_figures(union=union, term=term)

    html = term_report_html(term_report_context(report=report, figures=figures))

    captions = re.findall(r"<figcaption>(Biểu đồ \d+: [^<]*)</figcaption>", html)
    assert captions == [
        "Biểu đồ 1: Số hội viên đầu nhiệm kỳ và cuối mỗi năm",
        "Biểu đồ 2: Số hoạt động theo loại hình trong nhiệm kỳ",
        "Biểu đồ 3: Số nhiệm vụ tư vấn, phản biện và giám định xã hội qua các năm",
    ]
