"""The Word document itself: page setup, styles, fields, footnotes and list numbering."""

from __future__ import annotations

import logging

from django.utils import timezone
from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor

from .constants import (
    BODY_SIZE,
    BODY_STYLE,
    FIRST_LINE_INDENT,
    FONT,
    LINE_SPACING,
    LIST_HANGING,
    LIST_STEP,
    LIST_TEXT_AT,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    TABLE_SMALL_STYLE,
    TABLE_STYLE,
)

logger = logging.getLogger(__name__)


logger = logging.getLogger(__name__)

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
