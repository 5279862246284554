"""Pure rendering: a context in, document bytes out. Storage and versioning live in services."""

from django.template.loader import render_to_string

from core.pdf import SCHEME, html_to_pdf

__all__ = ["html_to_pdf", "term_report_html", "term_report_pdf"]


def term_report_html(context: dict) -> str:
    return render_to_string("reports/term_report.html", {**context, "static_base": SCHEME})


def term_report_pdf(context: dict) -> bytes:
    return html_to_pdf(term_report_html(context))
