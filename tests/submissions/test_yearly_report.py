import pytest

from associations.models import Union
from reports.rendering import term_report_html
from reports.services import report_figures_for, term_report_context, year_report_get_or_create

pytestmark = pytest.mark.django_db


def test_the_yearly_report_prints_its_rounds_figures_on_the_demo_data():
    from core.demo import load_demo

    load_demo()
    union = Union.objects.get(slug="hong-linh")
    report = year_report_get_or_create(union=union, year=2025)

    html = term_report_html(term_report_context(report=report, figures=report_figures_for(report)))

    assert "Năm 2025, 18/19 hội thành viên gửi báo cáo đúng hạn; 19 báo cáo được" in html
