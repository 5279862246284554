"""The term report as a Word document: the SAME HTML as the PDF, converted to DOCX.

`report_docx(context)` renders `reports.rendering.term_report_html(context)` and converts the
report's HTML subset with python-docx and lxml, so staff can finish the document in Word:

- page setup of design §5 (A4, margins 20/20/30/15 mm, Times New Roman 14 pt with the East Asian
  and complex-script font names set too, page numbers centred at the top from page 2: a
  different-first-page header holding a PAGE field);
- h1–h4 as Word's Heading 1–4 (the navigation pane shows the outline), restyled as the PDF
  prints them (Times New Roman 14 pt bold, black);
- paragraphs justified with a 12.7 mm first-line indent; bold, italic, underline runs; bullet
  and numbered lists (each list restarts its numbering);
- the two-column header and the signature block as borderless tables, the annexes' data tables
  with borders and their header rows repeated on every page, a page break before each annex;
- `<span class="footnote">` as real Word footnotes (the footnotes part, python-docx has no API);
- inline `<svg>` charts as PNG images: every chart of the report drawn in one WeasyPrint run
  (one page each) and rasterised by `pdftoppm`; where that is unavailable, the chart's title
  and labels stay as text.

Whatever the converter does not know becomes its text (never lost); unknown tags are logged at
debug level. The classes it reads are those of templates/reports/_term_report.css.
"""

from __future__ import annotations

import io

import lxml.html

from ..rendering import term_report_html
from .charts import _rasterise_charts
from .converter import _Converter

__all__ = ["html_to_docx", "report_docx"]


def report_docx(context: dict) -> bytes:
    """The term report of `context` (services.term_report_context) as DOCX bytes."""
    return html_to_docx(term_report_html(context))


def html_to_docx(html: str) -> bytes:
    """Convert the report's HTML subset to a DOCX document."""
    root = lxml.html.document_fromstring(html)
    body = root.find("body")
    if body is None:
        body = root
    converter = _Converter(title=(root.findtext(".//title") or "").strip())
    converter.charts = _rasterise_charts(body.iter("{*}svg", "svg"))
    converter.convert(body)
    out = io.BytesIO()
    converter.document.save(out)
    return out.getvalue()
