from pathlib import Path

import pytest
from django.conf import settings
from weasyprint import HTML
from weasyprint.urls import URLFetchingError, fetch

from core.pdf import StaticOnlyFetcher, html_to_pdf, static_url
from tests.reports.pdftools import pdf_text

FONT = Path(settings.BASE_DIR) / "static" / "fonts" / "LiberationSerif-Regular.ttf"


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.com/x.png",
        "https://example.com/x.css",
        "portal-static:../settings.py",
        "portal-static:fonts/../../config/settings.py",
        "portal-static:/etc/passwd",
        "portal-static://etc/passwd",
        "portal-static:",
        "portal-static:fonts/no-such-font.ttf",
    ],
)
def test_static_only_fetcher_refuses_anything_but_our_static_files(url):
    fetcher = StaticOnlyFetcher()

    with pytest.raises(ValueError):
        fetcher.fetch(url)


def test_static_only_fetcher_refusal_reaches_weasyprint_as_a_fetching_error():
    with pytest.raises(URLFetchingError), fetch(StaticOnlyFetcher(), "file:///etc/passwd"):
        pass


def test_static_only_fetcher_serves_the_report_font():
    fetcher = StaticOnlyFetcher()

    response = fetcher.fetch(static_url("fonts/LiberationSerif-Regular.ttf"))

    assert response.read() == FONT.read_bytes()
    assert response.content_type == "font/ttf"


def test_static_only_fetcher_serves_stylesheets_as_css():
    response = StaticOnlyFetcher().fetch("portal-static:css/portal.css")

    assert response.content_type == "text/css"
    assert b":root" in response.read()


def _leaky_html(tmp_path) -> str:
    stylesheet = tmp_path / "leak.css"
    stylesheet.write_text('p.probe::after { content: " LEAKED-CSS"; }')
    return (
        f'<html><head><link rel="stylesheet" href="file://{stylesheet}"></head><body>'
        '<p class="probe">Probe paragraph</p>'
        '<img src="file:///etc/hostname" alt="">'
        '<img src="http://127.0.0.1:9/x.png" alt="">'
        "</body></html>"
    )


def test_html_to_pdf_does_not_read_local_files(tmp_path):
    html = _leaky_html(tmp_path)

    pdf = html_to_pdf(html)

    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf)
    assert "Probe paragraph" in text
    assert "LEAKED-CSS" not in text


def test_the_leak_probe_would_be_read_by_an_unrestricted_renderer(tmp_path):
    """Control: without our fetcher the same HTML does pull the local stylesheet in."""
    html = _leaky_html(tmp_path)

    pdf = HTML(string=html).write_pdf()

    assert "LEAKED-CSS" in pdf_text(pdf)
