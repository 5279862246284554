"""The walk over the report's HTML that writes the Word document."""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass, replace

from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from lxml import etree

from .constants import (
    ALIGN,
    BLOCK_SPANS,
    BLOCK_TAGS,
    BODY_STYLE,
    CHART_KEY,
    CLASS_FMT,
    CLASS_PARA,
    HEADINGS,
    INLINE_KNOWN,
    LIST_HANGING,
    LIST_STEP,
    LIST_TEXT_AT,
    PAGE_BREAK_BEFORE,
    SKIPPED_TAGS,
    TABLE_SMALL_STYLE,
    TABLE_STYLE,
    WS,
    Fmt,
)
from .document import _Footnotes, _new_document, _Numbering
from .elements import (
    _add_rule,
    _add_run,
    _clean_text,
    _rstrip,
    _set_numbering,
)
from .tables import _TableWriter

logger = logging.getLogger(__name__)


logger = logging.getLogger(__name__)

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


class _Converter(_TableWriter):
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
            if not tag or tag in SKIPPED_TAGS:  # its tail is an item of its own
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
