"""Runs, rules, numbering and table widths: the small writers the converter uses."""

from __future__ import annotations

import logging

from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt

from .constants import TEXT_WIDTH, WS, Fmt

logger = logging.getLogger(__name__)


logger = logging.getLogger(__name__)


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
