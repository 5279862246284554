"""Section 2.2 and its annex as the term report prints them."""

import pytest

from reports.rendering import term_report_html, term_report_pdf
from reports.selectors import term_report_figures
from reports.services import term_report_context, term_report_get_or_create
from tests.factories import TermFactory
from tests.reports.pdftools import pdf_text

from .test_report_figures import END, START, _dataset


@pytest.fixture
def report():
    term = TermFactory(starts_on=START, ends_on=END)
    _dataset(term.union)
    report = term_report_get_or_create(union=term.union, term=term)
    report.sections = {"i_2_2": "Hoạt động này nâng cao vị thế của đội ngũ trí thức."}
    report.save()
    return report


def _context(report):
    figures = term_report_figures(union=report.union, term=report.term)
    return term_report_context(report=report, figures=figures)


@pytest.mark.django_db
def test_term_report_prints_section_2_2_with_figures_narrative_and_programmes(report):
    text = pdf_text(term_report_pdf(_context(report)))

    section = text[text.index("2.2. Hoạt động tư vấn, phản biện và giám định xã hội") :]
    assert section.index("Trong nhiệm kỳ, Liên hiệp hội đã tổ chức tư vấn, phản biện") < (
        section.index("Hoạt động này nâng cao vị thế của đội ngũ trí thức.")
    )
    assert "Liên hiệp hội đã đưa ra 11 kiến nghị" in section
    assert "Các chương trình, đề án được tư vấn, phản biện và giám định xã hội:" in section
    assert "- Đề án thu gom rác thải;" in section
    assert "- Kế hoạch phát triển sản xuất nông nghiệp hằng năm." in section


@pytest.mark.django_db
def test_term_report_annex_lists_every_task_of_the_term(report):
    html = term_report_html(_context(report))
    annex = html[html.index("DANH SÁCH CÁC ĐỀ ÁN, CHƯƠNG TRÌNH ĐƯỢC TƯ VẤN") :]

    assert annex.count('<tr><td class="num">') == 5
    assert "<td>Giám định xã hội</td>" in annex
    assert "01/03/2019" in annex and "20/03/2019" in annex
    assert "(+01 một phần)" in annex
    assert "Đã hủy" not in annex and "Sau nhiệm kỳ" not in annex


@pytest.mark.django_db
def test_term_report_without_tasks_says_so_and_has_no_annex():
    term = TermFactory(starts_on=START, ends_on=END)
    report = term_report_get_or_create(union=term.union, term=term)

    html = term_report_html(_context(report))

    assert (
        "Trong nhiệm kỳ, Liên hiệp hội chưa thực hiện nhiệm vụ tư vấn, phản biện và giám định "
        "xã hội nào."
    ) in html
    assert "DANH SÁCH CÁC ĐỀ ÁN, CHƯƠNG TRÌNH ĐƯỢC TƯ VẤN" not in html
