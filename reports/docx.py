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

import copy
import io
import logging
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

import lxml.html
from django.utils import timezone
from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor
from lxml import etree

from .rendering import term_report_html

logger = logging.getLogger(__name__)

__all__ = ["html_to_docx", "report_docx"]

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


# --- the document: page setup, styles, footnotes, numbering ---------------------------------------


def _set_fonts(rpr) -> None:
    """Times New Roman for every script (Latin, East Asian, complex), theme fonts removed."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attr}"), None)
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attr}"), FONT)


def _new_document(title: str):
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    section.start_type = WD_SECTION.NEW_PAGE
    # Page numbers centred at the top from page 2: the first page has its own (empty) header.
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _add_field(header, "PAGE", placeholder="2", size=13)

    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    _set_fonts(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:val"), "vi-VN")
    ppr = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}")
    spacing = ppr.find(qn("w:spacing"))
    if spacing is not None:
        ppr.remove(spacing)

    normal = styles["Normal"]
    normal.font.name, normal.font.size = FONT, BODY_SIZE
    _set_fonts(normal.element.get_or_add_rPr())
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = LINE_SPACING

    body = styles[BODY_STYLE]
    body.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    body.paragraph_format.first_line_indent = FIRST_LINE_INDENT
    body.paragraph_format.space_after = Pt(6)

    for level in range(1, 5):
        style = styles[f"Heading {level}"]
        _set_fonts(style.element.get_or_add_rPr())
        style.font.size = BODY_SIZE
        style.font.bold = True
        style.font.italic = level == 4
        color = style.element.rPr.find(qn("w:color"))
        if color is not None:
            style.element.rPr.remove(color)
        style.font.color.rgb = RGBColor(0, 0, 0)
        fmt = style.paragraph_format
        fmt.space_before, fmt.space_after = Pt(10), Pt(6)
        fmt.keep_with_next = True
        fmt.line_spacing = LINE_SPACING
        fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER if level == 1 else WD_ALIGN_PARAGRAPH.JUSTIFY
        if level >= 3:
            fmt.first_line_indent = FIRST_LINE_INDENT

    for name, size in ((TABLE_STYLE, 12), (TABLE_SMALL_STYLE, 11)):
        cells = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        cells.base_style = normal
        cells.font.size = Pt(size)
        cells.paragraph_format.line_spacing = 1.0
        cells.paragraph_format.space_before = cells.paragraph_format.space_after = Pt(1)

    note = styles.add_style("Footnote Text", WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = normal
    note.font.size = Pt(11)
    note.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    note.paragraph_format.line_spacing = 1.0
    reference = styles.add_style("Footnote Reference", WD_STYLE_TYPE.CHARACTER)
    reference.font.superscript = True

    properties = document.core_properties
    properties.title, properties.language = title, "vi-VN"
    properties.author = properties.last_modified_by = properties.comments = ""
    properties.created = properties.modified = timezone.now().replace(microsecond=0)
    package = document.part.package
    for rid, rel in list(package.rels.items()):  # python-docx's sample thumbnail
        if rel.reltype == RT.THUMBNAIL:
            package.rels.pop(rid)
    return document


def _add_field(paragraph, instruction: str, *, placeholder: str, size: float | None = None):
    """A complex field (begin, instruction, separate, cached result, end) at the paragraph's end."""

    def run(*children):
        r = paragraph.add_run()
        if size:
            r.font.size = Pt(size)
        for child in children:
            r._r.append(child)
        return r

    begin, separate, end = (OxmlElement("w:fldChar") for _ in range(3))
    begin.set(qn("w:fldCharType"), "begin")
    separate.set(qn("w:fldCharType"), "separate")
    end.set(qn("w:fldCharType"), "end")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run(begin)
    run(instr)
    run(separate)
    run().text = placeholder
    run(end)


FOOTNOTES_XML = (
    f"<w:footnotes {nsdecls('w', 'r')}>"
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240"'
    ' w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0"'
    ' w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p>'
    "</w:footnote></w:footnotes>"
)


class _Footnotes:
    """The footnotes part (word/footnotes.xml), created on the first footnote."""

    def __init__(self, document):
        self.document = document
        self.root = None
        self.next_id = 1

    def add(self) -> tuple[int, object]:
        """A new footnote: its id and its paragraph (w:p), reference mark already in place."""
        if self.root is None:
            package = self.document.part.package
            part = XmlPart(
                PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, parse_xml(FOOTNOTES_XML), package
            )
            self.document.part.relate_to(part, RT.FOOTNOTES)
            self.root = part.element
            settings = self.document.settings.element
            pr = parse_xml(
                f'<w:footnotePr {nsdecls("w")}><w:footnote w:id="-1"/><w:footnote w:id="0"/>'
                "</w:footnotePr>"
            )
            settings.insert_element_before(pr, *_SETTINGS_AFTER_FOOTNOTEPR)
        number = self.next_id
        self.next_id += 1
        note = parse_xml(
            f'<w:footnote {nsdecls("w")} w:id="{number}"><w:p><w:pPr>'
            '<w:pStyle w:val="FootnoteText"/></w:pPr><w:r><w:rPr>'
            '<w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>'
            '<w:r><w:t xml:space="preserve"> </w:t></w:r></w:p></w:footnote>'
        )
        self.root.append(note)
        return number, note.find(qn("w:p"))


# The CT_Settings children that follow w:footnotePr (ECMA-376 order).
_SETTINGS_AFTER_FOOTNOTEPR = tuple(
    f"w:{name}"
    for name in (
        "endnotePr", "compat", "docVars", "rsids", "mathPr", "attachedSchema", "themeFontLang",
        "clrSchemeMapping", "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures",
        "forceUpgrade", "captions", "readModeInkLockDown", "smartTagType", "schemaLibrary",
        "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol", "listSeparator",
    )
)  # fmt: skip


ABSTRACT_BULLET, ABSTRACT_DECIMAL = 90, 91


def _abstract_num(number: int, *, bullet: bool) -> str:
    levels = []
    for level in range(3):
        left = LIST_TEXT_AT + LIST_STEP * level
        text = ("-", "+", "·")[level] if bullet else f"%{level + 1}."
        fmt = "bullet" if bullet else ("decimal", "lowerLetter", "lowerRoman")[level]
        levels.append(
            f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/><w:pPr>'
            f'<w:ind w:left="{Mm(left).twips}" w:hanging="{Mm(LIST_HANGING).twips}"/></w:pPr>'
            f'<w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}"/></w:rPr></w:lvl>'
        )
    return (
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{number}">'
        f'<w:multiLevelType w:val="hybridMultilevel"/>{"".join(levels)}</w:abstractNum>'
    )


class _Numbering:
    """Our two list kinds (dash bullets, decimal numbers); each list gets its own w:num."""

    def __init__(self, document):
        self.document = document
        self.root = None

    def new_list(self, *, ordered: bool) -> int:
        if self.root is None:
            self.root = self.document.part.numbering_part.element
            first_num = self.root.find(qn("w:num"))
            for number, bullet in ((ABSTRACT_BULLET, True), (ABSTRACT_DECIMAL, False)):
                element = parse_xml(_abstract_num(number, bullet=bullet))
                if first_num is not None:
                    first_num.addprevious(element)
                else:
                    self.root.append(element)
        num = self.root.add_num(ABSTRACT_DECIMAL if ordered else ABSTRACT_BULLET)
        if ordered:
            num.add_lvlOverride(ilvl=0).add_startOverride(1)
        return num.numId


# --- the HTML walk -----------------------------------------------------------------------------


def _classes(element) -> set[str]:
    return set((element.get("class") or "").split())


def _tag(element) -> str:
    tag = element.tag
    if not isinstance(tag, str):
        return ""  # comment or processing instruction
    return etree.QName(tag).localname.lower()


@dataclass
class _Block:
    """Paragraph-level settings carried down the block tree."""

    align: str | None = None
    indent: bool = True
    size: float | None = None
    list_depth: int = 0


class _Converter:
    def __init__(self, *, title: str = ""):
        self.document = _new_document(title)
        self.footnotes = _Footnotes(self.document)
        self.numbering = _Numbering(self.document)
        self.charts: dict = {}
        self.page_break = False
        styles = self.document.styles
        self.style_ids = {
            name: styles[name].style_id
            for name in (
                BODY_STYLE,
                TABLE_STYLE,
                TABLE_SMALL_STYLE,
                "Heading 1",
                "Heading 2",
                "Heading 3",
                "Heading 4",
            )  # fmt: skip
        }

    # -- blocks

    def convert(self, body) -> None:
        # The template paragraph python-docx's default document starts with is empty: drop it.
        for paragraph in list(self.document.paragraphs):
            if not paragraph.text:
                paragraph._p.getparent().remove(paragraph._p)
        self.container(body, self.document, _Block(), Fmt())

    def container(self, element, target, block: _Block, fmt: Fmt) -> None:
        """Children of a block element: inline runs gathered into paragraphs, blocks in turn."""
        pending: list = []  # inline items: (text, Fmt) or ("__el__", element, Fmt)
        if element.text:
            pending.append((element.text, fmt))
        for child in element:
            tag = _tag(child)
            if "rule" in _classes(child):  # the short line under a header name
                self.flush(pending, target, block)
                pending = []
                self.rule(target, block, wide="rule-wide" in _classes(child))
            elif tag in BLOCK_TAGS or tag in SKIPPED_TAGS or tag in ("tr", "tbody", "thead"):
                self.flush(pending, target, block)
                pending = []
                self.block(child, target, block, fmt)
            elif tag:
                pending.append(("__el__", child, fmt))
            if child.tail:
                pending.append((child.tail, fmt))
        self.flush(pending, target, block)

    def flush(self, pending: list, target, block: _Block, style: str = BODY_STYLE) -> None:
        if not any(
            item[0] == "__el__" or WS.sub("", item[0]) for item in pending
        ):  # white space only
            return
        paragraph = self.paragraph(target, block, style=style)
        self.inline_items(pending, paragraph)

    def paragraph(self, target, block: _Block, *, style: str = BODY_STYLE, classes=()):
        if target is self.document:
            paragraph = self.document.add_paragraph()
            if style != "Normal":
                paragraph._p.style = self.style_ids[style]
        else:  # a table cell: reuse its first, empty paragraph
            paragraphs = target.paragraphs
            last = paragraphs[-1] if paragraphs else None
            if last is not None and not last.runs and getattr(target, "_fresh", True):
                paragraph = last
            else:
                paragraph = target.add_paragraph()
            target._fresh = False
            style = "Normal"
        fmt = paragraph.paragraph_format
        align = block.align
        indent = block.indent and target is self.document and style == BODY_STYLE
        for cls in classes:
            rule = CLASS_PARA.get(cls, {})
            align = rule.get("align", align)
            if rule.get("indent") is False:
                indent = False
            if "before" in rule:
                fmt.space_before = Pt(rule["before"])
            if "after" in rule:
                fmt.space_after = Pt(rule["after"])
            if rule.get("keep_next"):
                fmt.keep_with_next = True
        if align:
            paragraph.alignment = ALIGN[align]
        if style == BODY_STYLE and not indent:
            fmt.first_line_indent = Mm(0)
        if self.page_break and target is self.document:
            fmt.page_break_before = True
            self.page_break = False
        return paragraph

    def block(self, element, target, block: _Block, fmt: Fmt) -> None:
        tag, classes = _tag(element), _classes(element)
        if tag in SKIPPED_TAGS or not tag:
            return
        if classes & PAGE_BREAK_BEFORE:
            self.page_break = True
        fmt = self.class_fmt(fmt, classes)
        for cls in classes:
            rule = CLASS_PARA.get(cls, {})
            if "align" in rule or rule.get("indent") is False:
                block = replace(
                    block,
                    align=rule.get("align", block.align),
                    indent=block.indent and rule.get("indent", True),
                )
        if tag in HEADINGS:
            if target is self.document:
                level = HEADINGS[tag]
                paragraph = self.paragraph(target, block, style=f"Heading {level}", classes=classes)
            else:
                paragraph = self.paragraph(target, block, classes=classes)
                fmt = replace(fmt, bold=True)
            self.inline(element, paragraph, fmt, skip_tail=True)
        elif tag in ("p", "dt", "dd", "figcaption", "address", "pre") or (
            tag in ("div", "blockquote", "section", "article")
            and not any(_tag(child) in BLOCK_TAGS for child in element)
        ):
            if tag == "figcaption":
                block = replace(block, align="center", indent=False)
                fmt = replace(fmt, italic=True)
            if not (element.text or "").strip() and not len(element):
                return
            paragraph = self.paragraph(target, block, classes=classes)
            self.inline(element, paragraph, fmt, skip_tail=True)
        elif tag in ("ul", "ol"):
            self.list(element, target, block, fmt, ordered=tag == "ol")
        elif tag == "li":  # a stray item outside a list
            self.list_item(element, target, block, fmt, None)
        elif tag == "table":
            self.table(element, target, block, fmt)
        elif tag in ("tbody", "thead", "tr"):
            self.container(element, target, block, fmt)
        elif tag == "svg":
            self.chart(element, target, block)
        elif tag == "hr":
            self.rule(target, block, wide=True, full=True)
        else:  # div, section, figure, blockquote… holding blocks
            self.container(element, target, block, fmt)

    def list(self, element, target, block: _Block, fmt: Fmt, *, ordered: bool) -> None:
        num_id = self.numbering.new_list(ordered=ordered)
        depth = block.list_depth
        inner = replace(block, list_depth=depth + 1)
        pending: list = []
        for child in element:
            if _tag(child) == "li":
                self.flush(pending, target, block)
                pending = []
                self.list_item(child, target, inner, fmt, (num_id, depth))
            elif _tag(child):
                pending.append(("__el__", child, fmt))
            if child.tail and child.tail.strip():
                pending.append((child.tail, fmt))
        self.flush(pending, target, block)

    def list_item(self, element, target, block: _Block, fmt: Fmt, numbering) -> None:
        """A list item: its inline content in a numbered paragraph; nested lists after it."""
        pending: list = []
        paragraph = None

        def emit():
            nonlocal paragraph, pending
            if paragraph is None and pending:
                paragraph = self.paragraph(target, replace(block, indent=False))
                paragraph.paragraph_format.space_after = Pt(3)
                if numbering:
                    _set_numbering(paragraph, *numbering)
                    # Direct indents, as the list level's: a style's first-line indent never
                    # competes with the hanging marker.
                    level = min(numbering[1], 2)
                    fmt = paragraph.paragraph_format
                    # In a table cell (the recipients of the signature block) the marker
                    # starts at the cell's edge.
                    start = LIST_TEXT_AT if target is self.document else LIST_HANGING
                    fmt.left_indent = Mm(start + LIST_STEP * level)
                    fmt.first_line_indent = -Mm(LIST_HANGING)
            if pending:
                self.inline_items(pending, paragraph)
            pending = []

        if element.text:
            pending.append((element.text, fmt))
        for child in element:
            tag = _tag(child)
            if tag in BLOCK_TAGS and tag != "p":
                emit()
                self.block(child, target, block, fmt)
            elif tag == "p":
                if paragraph is None:
                    pending.append(("__el__", child, fmt))
                    emit()
                else:
                    self.block(child, target, block, fmt)
            elif tag:
                pending.append(("__el__", child, fmt))
            if child.tail:
                pending.append((child.tail, fmt))
        if any(item[0] == "__el__" or item[0].strip() for item in pending):
            emit()
        elif paragraph is None and numbering:  # an empty item keeps its place in the list
            pending = [("", fmt)]
            emit()

    def rule(self, target, block: _Block, *, wide: bool, full: bool = False) -> None:
        """A line: an empty paragraph 2 pt high with a bottom border, narrowed by its indents."""
        paragraph = self.paragraph(target, replace(block, indent=False))
        paragraph.paragraph_format.line_spacing = Pt(2)
        paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(0)
        _add_rule(paragraph, wide=wide, full=full)

    # -- tables

    def table(self, element, target, block: _Block, fmt: Fmt) -> None:
        classes = _classes(element)
        rows = []  # (tr element, is_header)
        for child in element:
            tag = _tag(child)
            if tag == "tr":
                rows.append((child, False))
            elif tag in ("thead", "tbody", "tfoot"):
                rows.extend((tr, tag == "thead") for tr in child if _tag(tr) == "tr")
            elif tag == "caption":
                paragraph = self.paragraph(target, replace(block, align="center", indent=False))
                self.inline(child, paragraph, replace(fmt, bold=True), skip_tail=True)
        if not rows:
            return
        cells_of = [
            [cell for cell in tr if _tag(cell) in ("td", "th")] for tr, _header in rows
        ]  # fmt: skip
        columns = max(sum(int(c.get("colspan") or 1) for c in cells) for cells in cells_of) or 1
        data = "data" in classes or any(header for _tr, header in rows)
        if self.page_break and target is self.document:
            self.paragraph(target, block)  # carries the page break
        table = target.add_table(rows=0, cols=columns)
        tbl = table._tbl
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        if data:
            table.style = self.document.styles["Table Grid"]
        _table_width(tbl)
        size = 11 if "annex-consultations" in classes else 12 if data else None
        if "doc-header" in classes:
            size = 13
        widths = _column_widths(cells_of, columns, data=data, classes=classes)
        for (_tr, header), cells in zip(rows, cells_of, strict=True):
            row = table.add_row()
            trpr = row._tr.get_or_add_trPr()
            if data:  # (ECMA-376 order: cantSplit before tblHeader)
                trpr.append(OxmlElement("w:cantSplit"))
            if header:
                trpr.append(OxmlElement("w:tblHeader"))
            docx_cells = row.cells
            index = 0
            for cell in cells:
                span = max(1, int(cell.get("colspan") or 1))
                if index >= columns:
                    break
                target_cell = docx_cells[index]
                if span > 1 and index + span - 1 < columns:
                    target_cell = target_cell.merge(docx_cells[index + span - 1])
                self.cell(
                    cell, target_cell, block, fmt, data=data, header=header, size=size,
                    bold="signature" in classes,
                )  # fmt: skip
                index += span
        _set_widths(table, widths)
        if target is self.document:
            # Word needs a paragraph between two tables; it also gives the table room.
            spacer = self.document.add_paragraph()
            spacer.paragraph_format.space_after = Pt(0)
            spacer.paragraph_format.line_spacing = 1.0
            if size:
                spacer.paragraph_format.line_spacing = Pt(6)

    def cell(self, element, cell, block: _Block, fmt: Fmt, *, data, header, size, bold) -> None:
        classes = _classes(element)
        tag = _tag(element)
        align = None
        for cls in classes:
            align = CELL_ALIGN.get(cls, align)
        if header or tag == "th":
            fmt = replace(fmt, bold=True)
            align = align or "center"
        if not data:
            align = align or "center"  # layout tables: header columns and signature block
            if bold:
                fmt = replace(fmt, bold=True)
        if "left" in classes:
            fmt = replace(fmt, size=12.5)
        elif size and not data and fmt.size is None:
            fmt = replace(fmt, size=size)
        fmt = self.class_fmt(fmt, classes - {"left"})
        recipients = bold and _clean_text(element).startswith("Nơi nhận")
        if recipients:  # "Nơi nhận:" in bold italic 12 pt, then the recipients in 11 pt
            align, fmt = "left", replace(fmt, bold=False, size=11)
        cell._fresh = True
        inner = replace(block, align=align, indent=False)
        self.container(element, cell, inner, fmt)
        if recipients:
            for run in cell.paragraphs[0].runs:
                run.bold, run.italic, run.font.size = True, True, Pt(12)
        if data:  # the table's size and spacing come from a style: quicker than per run
            style = self.style_ids[TABLE_SMALL_STYLE if size == 11 else TABLE_STYLE]
            for p in cell._tc.p_lst:
                p.style = style

    # -- charts

    def chart(self, element, target, block: _Block) -> None:
        png = self.charts.get(element.get(CHART_KEY))
        if png is not None:
            picture, width = png
            paragraph = self.paragraph(target, replace(block, align="center", indent=False))
            paragraph.paragraph_format.keep_with_next = True
            paragraph.add_run().add_picture(io.BytesIO(picture), width=width)
            return
        # No rasteriser: the chart's title and labels as text, never lost.
        words = [
            WS.sub(" ", text).strip()
            for text in element.itertext()
            if text and text.strip()
        ]  # fmt: skip
        if words:
            paragraph = self.paragraph(target, replace(block, align="center", indent=False))
            paragraph.add_run(" · ".join(words)).italic = True

    # -- inline

    def class_fmt(self, fmt: Fmt, classes) -> Fmt:
        for cls in classes:
            if cls in CLASS_FMT:
                fmt = replace(fmt, **CLASS_FMT[cls])
        return fmt

    def inline(self, element, paragraph, fmt: Fmt, *, skip_tail=False) -> None:
        """The inline content of `element` (its text and children) as runs of `paragraph`."""
        items: list = []
        if element.text:
            items.append((element.text, fmt))
        for child in element:
            if _tag(child):
                items.append(("__el__", child, fmt))
            if child.tail:
                items.append((child.tail, fmt))
        self.inline_items(items, paragraph)

    def inline_items(self, items: list, paragraph) -> None:
        runs: list = []  # (text | None, Fmt, special)
        self._collect(items, runs)
        self._emit(runs, paragraph)

    def _collect(self, items, runs) -> None:
        for item in items:
            if item[0] != "__el__":
                runs.append((item[0], item[1], None))
                continue
            _, element, fmt = item
            tag, classes = _tag(element), _classes(element)
            if not tag or tag in SKIPPED_TAGS:
                if element.tail:
                    pass
                continue
            if tag == "span" and "footnote" in classes:
                if _clean_text(element):  # an empty note would leave a bare mark
                    runs.append((None, fmt, ("footnote", element)))
                continue
            if tag == "span" and "rule" in classes:
                continue
            child_fmt = self.class_fmt(fmt, classes)
            if tag in ("b", "strong", "th"):
                child_fmt = replace(child_fmt, bold=True)
            elif tag in ("i", "em", "cite", "var", "dfn"):
                child_fmt = replace(child_fmt, italic=True)
            elif tag in ("u", "ins"):
                child_fmt = replace(child_fmt, underline=True)
            elif tag == "sup":
                child_fmt = replace(child_fmt, superscript=True)
            elif tag == "sub":
                child_fmt = replace(child_fmt, subscript=True)
            elif tag == "br":
                runs.append((None, fmt, ("break",)))
                continue
            elif tag == "img":
                alt = element.get("alt") or ""
                if alt:
                    runs.append((alt, fmt, None))
                continue
            elif tag == "svg":
                runs.append((None, fmt, ("svg", element)))
                continue
            elif tag not in INLINE_KNOWN and tag not in ("span",):
                logger.debug("report docx: unknown tag <%s> kept as its text", tag)
            block_span = tag == "span" and classes & BLOCK_SPANS
            if block_span:
                runs.append((None, fmt, ("block-start",)))
            sub: list = []
            if element.text:
                sub.append((element.text, child_fmt))
            for grandchild in element:
                if _tag(grandchild):
                    sub.append(("__el__", grandchild, child_fmt))
                if grandchild.tail:
                    sub.append((grandchild.tail, child_fmt))
            self._collect(sub, runs)
            if block_span:
                runs.append((None, fmt, ("block-end",)))

    def _emit(self, runs, paragraph) -> None:
        """Write runs to the paragraph, white space collapsed as HTML does."""
        pieces: list = []  # (text, fmt) | special tuples, after collapsing
        at_line_start = True
        for text, fmt, special in runs:
            if special is None:
                text = WS.sub(" ", text)
                if at_line_start:
                    text = text.lstrip(" ")
                elif (
                    pieces
                    and pieces[-1][0] == "text"
                    and pieces[-1][1].endswith(" ")
                    and text.startswith(" ")
                ):
                    text = text[1:]
                if not text:
                    continue
                pieces.append(("text", text, fmt))
                at_line_start = False
            elif special[0] in ("break", "block-start", "block-end"):
                if special[0] == "break" or not at_line_start:
                    _rstrip(pieces)
                    if special[0] == "break" or pieces:
                        pieces.append(("break",))
                    at_line_start = True
            else:
                pieces.append((special[0], special[1], fmt))
        _rstrip(pieces)
        while pieces and pieces[-1][0] == "break":
            pieces.pop()
            _rstrip(pieces)
        for piece in pieces:
            kind = piece[0]
            if kind == "text":
                _add_run(paragraph, piece[1], piece[2])
            elif kind == "break":
                paragraph.add_run().add_break(WD_BREAK.LINE)
            elif kind == "footnote":
                self.footnote(piece[1], paragraph, piece[2])
            elif kind == "svg":
                png = self.charts.get(piece[1].get(CHART_KEY))
                if png is not None:
                    paragraph.add_run().add_picture(io.BytesIO(png[0]), width=png[1])

    def footnote(self, element, paragraph, fmt: Fmt) -> None:
        """A real footnote: its text in the footnotes part, its reference mark in the text."""
        number, note_p = self.footnotes.add()
        items = []
        if element.text:
            items.append((element.text, Fmt()))
        for child in element:
            if _tag(child):
                items.append(("__el__", child, Fmt()))
            if child.tail:
                items.append((child.tail, Fmt()))
        runs: list = []
        self._collect(items, runs)
        from docx.text.paragraph import Paragraph

        note = Paragraph(note_p, paragraph._parent)
        self._emit(runs, note)
        reference = paragraph.add_run()
        reference.style = self.document.styles["Footnote Reference"]
        mark = OxmlElement("w:footnoteReference")
        mark.set(qn("w:id"), str(number))
        reference._r.append(mark)


def _clean_text(element) -> str:
    return WS.sub(" ", element.text_content() or "").strip()


def _rstrip(pieces: list) -> None:
    while pieces and pieces[-1][0] == "text":
        text = pieces[-1][1].rstrip(" ")
        if text:
            pieces[-1] = ("text", text, pieces[-1][2])
            return
        pieces.pop()


def _add_run(paragraph, text: str, fmt: Fmt) -> None:
    if fmt.upper:
        text = text.upper()
    if fmt.nowrap:
        text = text.replace(" ", "\u00a0")
    run = paragraph.add_run(text)
    if fmt.bold:
        run.bold = True
    if fmt.italic:
        run.italic = True
    if fmt.underline:
        run.underline = True
    if fmt.superscript:
        run.font.superscript = True
    if fmt.subscript:
        run.font.subscript = True
    if fmt.size:
        run.font.size = Pt(fmt.size)


def _add_rule(paragraph, *, wide: bool, full: bool = False) -> None:
    """The short line under a header name: a bottom border, narrowed by the indents. Its
    width is a share of the header column (35 % of the left one, 62 % under the motto)."""
    ppr = paragraph._p.get_or_add_pPr()
    border = parse_xml(
        f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="6" w:space="1" w:color="000000"/>'
        "</w:pBdr>"
    )
    ppr.insert_element_before(
        border,
        *(
            f"w:{name}"
            for name in (
                "shd",
                "tabs",
                "suppressAutoHyphens",
                "kinsoku",
                "wordWrap",
                "overflowPunct",
                "topLinePunct",
                "autoSpaceDE",
                "autoSpaceDN",
                "bidi",
                "adjustRightInd",
                "snapToGrid",
                "spacing",
                "ind",
                "contextualSpacing",
                "mirrorIndents",
                "suppressOverlap",
                "jc",
                "textDirection",
                "textAlignment",
                "textboxTightWrap",
                "outlineLvl",
                "divId",
                "cnfStyle",
                "rPr",
                "sectPr",
                "pPrChange",
            )
        ),  # fmt: skip
    )
    if not full:
        # The text in the cell is centred; a border spans the paragraph's indents.
        column = TEXT_WIDTH * (0.55 if wide else 0.45)
        share = 0.62 if wide else 0.35
        margin = int(column * (1 - share) / 2)
        paragraph.paragraph_format.left_indent = margin
        paragraph.paragraph_format.right_indent = margin


def _set_numbering(paragraph, num_id: int, level: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    numpr = ppr.get_or_add_numPr()
    numpr.get_or_add_ilvl().val = min(level, 2)
    numpr.get_or_add_numId().val = num_id


def _table_width(tbl) -> None:
    tblpr = tbl.tblPr
    width = tblpr.find(qn("w:tblW"))
    if width is None:
        width = OxmlElement("w:tblW")
        tblpr.append(width)
    width.set(qn("w:type"), "pct")
    width.set(qn("w:w"), "5000")


def _column_widths(cells_of, columns: int, *, data: bool, classes) -> list[int]:
    """Column widths (EMU) over the text width: header and signature tables by the stylesheet's
    shares, data tables by how much text each column holds (numbers narrow, titles wide)."""
    if "doc-header" in classes:
        shares = [0.45, 0.55]
    elif not data or columns == 1:
        shares = [1 / columns] * columns
    else:
        weight = [0.0] * columns
        for cells in cells_of:
            if sum(int(c.get("colspan") or 1) for c in cells) != columns:
                continue  # group and total rows span columns
            for index, cell in enumerate(cells):
                longest = max((len(w) for w in (cell.text_content() or "").split()), default=0)
                length = len(WS.sub(" ", cell.text_content() or "").strip())
                weight[index] = max(weight[index], min(length, 60) ** 0.75, longest, 3)
        total = sum(weight) or 1
        shares = [w / total for w in weight]
    if len(shares) < columns:
        shares += [1 / columns] * (columns - len(shares))
    return [int(TEXT_WIDTH * share) for share in shares[:columns]]


def _set_widths(table, widths: list[int]) -> None:
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths, strict=False):
        col.set(qn("w:w"), str(int(width / 635)))  # twips
    for tr in table._tbl.tr_lst:
        index = 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            tcpr = tc.get_or_add_tcPr()
            tcw = tcpr.find(qn("w:tcW"))
            if tcw is None:
                tcw = OxmlElement("w:tcW")
                tcpr.insert(0, tcw)
            tcw.set(qn("w:type"), "dxa")
            tcw.set(qn("w:w"), str(int(sum(widths[index : index + span]) / 635)))
            index += span


# --- charts: SVG → PNG -------------------------------------------------------------------------


_LENGTH = re.compile(r"^\s*([\d.]+)\s*(px|pt|mm|cm|in)?\s*$")
_PX = {"px": 1.0, None: 1.0, "pt": 96 / 72, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96.0}


def _svg_size(svg) -> tuple[float, float]:
    """The SVG's size in CSS px: its width and height, else its viewBox."""

    def length(value):
        match = _LENGTH.match(value or "")
        return float(match[1]) * _PX[match[2]] if match else None

    width, height = length(svg.get("width")), length(svg.get("height"))
    box = (svg.get("viewBox") or svg.get("viewbox") or "").replace(",", " ").split()
    if len(box) == 4:
        box_w, box_h = float(box[2]), float(box[3])
        if width and not height and box_w:
            height = width * box_h / box_w
        elif height and not width and box_h:
            width = height * box_w / box_h
        width, height = width or box_w, height or box_h
    return width or 600.0, height or 300.0


def _rasterise_charts(svgs) -> dict:
    """{svg's CHART_KEY: (png bytes, width in EMU)} for every chart, drawn in one WeasyPrint run
    (one page each) and rasterised by pdftoppm; {} when that is not possible."""
    svgs = [svg for svg in svgs if svg.getparent() is None or _tag(svg.getparent()) != "svg"]
    if not svgs or shutil.which("pdftoppm") is None:
        return {}
    from django.template.loader import render_to_string

    from core.pdf import SCHEME, html_to_pdf

    pages, css = [], []
    sizes = []
    for index, svg in enumerate(svgs):
        svg.set(CHART_KEY, str(index))
        width, height = _svg_size(svg)
        sizes.append(width)
        css.append(
            f"@page c{index} {{ size: {width:.1f}px {height:.1f}px; margin: 0;"
            " @top-center { content: none } } "
            f".c{index} {{ page: c{index}; width: {width:.1f}px; height: {height:.1f}px }}"
        )
        clone = copy.deepcopy(svg)
        clone.tail = None
        del clone.attrib[CHART_KEY]
        clone.set("width", f"{width:.1f}px")
        clone.set("height", f"{height:.1f}px")
        pages.append(f'<div class="c{index}">{lxml.html.tostring(clone, encoding="unicode")}</div>')
    fonts = render_to_string("core/_pdf_fonts.css", {"static_base": SCHEME})
    html = (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><style>'
        f"{fonts} html {{ font-family: 'Report Serif', serif }} body {{ margin: 0 }} "
        f"div {{ break-after: page; overflow: hidden }} svg {{ display: block }} {' '.join(css)}"
        f"</style></head><body>{''.join(pages)}</body></html>"
    )
    try:
        pdf = html_to_pdf(html)
        with tempfile.TemporaryDirectory() as tmp:
            source = Path(tmp) / "charts.pdf"
            source.write_bytes(pdf)
            subprocess.run(
                ["pdftoppm", "-png", "-r", str(CHART_DPI), str(source), str(Path(tmp) / "c")],
                check=True,
                capture_output=True,
                timeout=60,
            )
            images = sorted(Path(tmp).glob("c*.png"), key=lambda p: int(p.stem.split("-")[-1]))
            if len(images) != len(svgs):
                logger.warning("report docx: %d charts but %d images", len(svgs), len(images))
                return {}
            result = {}
            for svg, image, width in zip(svgs, images, sizes, strict=True):
                emu = min(int(Mm(width * 25.4 / 96)), int(TEXT_WIDTH))
                result[svg.get(CHART_KEY)] = (image.read_bytes(), emu)
            return result
    except (OSError, subprocess.SubprocessError, ValueError) as error:
        logger.warning("report docx: charts left as text (%s)", error)
        return {}
