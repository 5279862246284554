"""A narrative never makes the PDF renderer fetch anything (core/pdf.py's static-only fetcher)."""

import pytest
from django.template import engines
from weasyprint import HTML

from core.pdf import SCHEME, StaticOnlyFetcher
from reports import rendering
from reports.narrative_services import report_context, report_section_save
from tests.factories import TermReportFactory
from tests.reports.datasets import decrease_dataset
from tests.reports.pdftools import pdf_text

HOSTILE = (
    '<link rel="stylesheet" href="file:///etc/passwd">'
    "<style>@import url(file:///etc/passwd); @import url(http://evil.example/x.css);</style>"
    '<p>Trước <img src="file:///etc/passwd"><img src="http://evil.example/x.png">'
    '<b>đậm</b><span class="footnote">Chú thích của mục</span>'
    '<a href="file:///etc/passwd">liên kết</a>'
    '<span style="background:url(file:///etc/passwd)">sau</span></p>'
    '<svg><image href="file:///etc/passwd"/></svg><iframe src="file:///etc/passwd"></iframe>'
)


class RecordingFetcher(StaticOnlyFetcher):
    def __init__(self):
        super().__init__()
        self.urls = []

    def fetch(self, url, headers=None):
        self.urls.append(url)
        return super().fetch(url, headers)


def render(html: str) -> tuple[bytes, list[str]]:
    fetcher = RecordingFetcher()
    pdf = HTML(string=html, base_url=SCHEME, url_fetcher=fetcher).write_pdf()
    return pdf, fetcher.urls


def test_narrative_filter_output_makes_the_renderer_fetch_nothing():
    template = engines["django"].from_string(
        "{% load reports_tags %}<html><body>{{ text|narrative }}</body></html>"
    )

    pdf, urls = render(template.render({"text": HOSTILE}))

    assert urls == []
    text = pdf_text(pdf)
    assert ("Trước" in text, "đậm" in text, "Chú thích của mục" in text) == (True, True, True)
    assert "passwd" not in text


@pytest.mark.django_db
def test_term_report_with_a_hostile_narrative_fetches_only_static_files():
    union, term = decrease_dataset()
    report = TermReportFactory(term=term)
    for key in ("opening", "i_1_before", "i_1", "i_2_2", "i_2_3", "i_2_4", "ii", "closing"):
        report_section_save(report=report, key=key, text=HOSTILE, user=None, version=None)

    pdf, urls = render(rendering.term_report_html(report_context(report)))

    assert [url for url in urls if not url.startswith(SCHEME)] == []
    assert "passwd" not in pdf_text(pdf)
