"""Pure rendering: a context in, document bytes out. Storage and versioning live in services."""

from django.template.loader import render_to_string
from weasyprint import HTML

from .fetcher import SCHEME, StaticOnlyFetcher


def term_report_html(context: dict) -> str:
    return render_to_string("reports/term_report.html", {**context, "static_base": SCHEME})


def html_to_pdf(html: str) -> bytes:
    return HTML(string=html, base_url=SCHEME, url_fetcher=StaticOnlyFetcher()).write_pdf()


def term_report_pdf(context: dict) -> bytes:
    return html_to_pdf(term_report_html(context))
