"""The DOCX conversion's page setup, fonts and the report stylesheet's classes it knows."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

logger = logging.getLogger(__name__)


logger = logging.getLogger(__name__)

FONT = "Times New Roman"
BODY_SIZE = Pt(14)
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(20), Mm(20), Mm(30), Mm(15)
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
FIRST_LINE_INDENT = Mm(12.7)
LINE_SPACING = 1.15  # Word's "multiple": about CSS line-height 1.3 for Times New Roman
BODY_STYLE = "Body Text"
TABLE_STYLE, TABLE_SMALL_STYLE = "Table Text", "Table Text Small"  # data tables: 12 and 11 pt
CHART_DPI = 150
# Lists: the marker at the paragraphs' first-line indent, the text 6 mm further; 7 mm a level.
LIST_HANGING, LIST_STEP = 6.0, 7.0
LIST_TEXT_AT = 12.7 + LIST_HANGING
CHART_KEY = "data-docx-chart"  # marks each <svg> with its index among the rasterised charts

BLOCK_TAGS = {
    "p", "div", "section", "article", "header", "footer", "main", "aside", "nav", "figure",
    "figcaption", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "table",
    "svg", "hr", "pre", "dl", "dt", "dd", "address",
}  # fmt: skip
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 4, "h6": 4}
SKIPPED_TAGS = {"head", "style", "script", "title", "template", "noscript", "colgroup", "col"}
INLINE_KNOWN = {"span", "a", "abbr", "small", "code", "time", "mark", "cite", "q", "font", "nobr"}


@dataclass(frozen=True)
class Fmt:
    """Character formatting carried down the inline tree."""

    bold: bool = False
    italic: bool = False
    underline: bool = False
    upper: bool = False
    nowrap: bool = False
    size: float | None = None  # pt
    superscript: bool = False
    subscript: bool = False


# Class rules of templates/reports/_term_report.css that Word can carry.
# Character formatting per class:
CLASS_FMT = {
    "body-upper": {"upper": True},
    "body-name": {"bold": True, "upper": True},
    "motto-1": {"bold": True, "size": 12.5},
    "motto-2": {"bold": True, "size": 13.5},
    "place-date": {"italic": True},
    "doc-title": {"bold": True},
    "annex-note": {"italic": True, "size": 13},
    "nw": {"nowrap": True},
    "left": {"size": 12.5},  # the header's left column
}
# Paragraph formatting per class: alignment, first-line indent (None: none), space before/after.
CLASS_PARA = {
    "place-date": {"align": "right", "indent": False, "before": 6},
    "doc-title": {"align": "center", "indent": False, "before": 18, "after": 12},
    "annex-note": {"align": "center", "indent": False},
    "list-intro": {"keep_next": True},
    "annex-title": {"align": "center"},
}
BLOCK_SPANS = {"part", "kind", "subject"}  # spans the stylesheet shows as display: block
PAGE_BREAK_BEFORE = {"annex"}
ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
CELL_ALIGN = {"num": "right", "date": "center", "count": "center"}
WS = re.compile(r"[ \t\n\r\f]+")  # HTML white space (not the no-break space)
