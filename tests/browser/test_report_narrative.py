"""Staff write a section of the term report with the editor (bold, a footnote), save it,
generate the report and find the text in the PDF."""

import re

import pytest

from reports.models import ReportSection
from tests.conftest import make_user
from tests.factories import TermReportFactory
from tests.reports.datasets import decrease_dataset
from tests.reports.pdftools import pdf_text

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_write_a_section_with_bold_and_a_footnote_and_generate(portal):
    union, term = decrease_dataset()
    report = TermReportFactory(term=term)
    staff = make_user("staff", union)
    page = portal.page
    portal.login_as(staff)

    portal.open(f"/reports/{report.pk}/narrative/")
    section = page.locator("#section-i_1")
    portal.click_and_check(section.get_by_role("link", name="Sửa"))
    assert page.locator("textarea[name=text]").is_hidden()  # the editor took its place
    editor = page.locator(".narrative-area")
    editor.click()
    page.keyboard.type("Đội ngũ hội viên có trình độ, ")
    page.get_by_role("button", name="B", exact=True).click()
    page.keyboard.type("tâm huyết và sáng tạo")
    page.get_by_role("button", name="B", exact=True).click()
    footnote = "Số liệu tính đến ngày 31/12/2023"
    page.keyboard.type(f". {footnote}")
    for _ in footnote:
        page.keyboard.press("Shift+ArrowLeft")
    page.get_by_role("button", name="Chú thích").click()
    portal.click_and_check(page.get_by_role("button", name="Lưu"))

    stored = ReportSection.objects.get(report=report, key="i_1").text
    assert "<strong>tâm huyết và sáng tạo</strong>" in stored
    assert f'<span class="footnote">{footnote}</span>' in stored
    assert "tâm huyết và sáng tạo" in page.locator("#section-i_1").inner_text()

    portal.open(f"/reports/{report.pk}/")
    portal.click_and_check(page.get_by_role("button", name="Tạo PDF và DOCX"))
    assert "v1" in page.locator("main table").inner_text()
    name, body = portal.download(page.get_by_role("link", name=re.compile("Tải xuống")).first)
    text = " ".join(pdf_text(body).split())
    assert name.endswith(".pdf")
    assert "Đội ngũ hội viên có trình độ, tâm huyết và sáng tạo" in text
    assert "Số liệu tính đến ngày 31/12/2023" in text
