"""Tables of the report (the header, the signature block, the annexes' data) in Word."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.shared import Pt
from lxml import etree

from .constants import (
    CELL_ALIGN,
    TABLE_SMALL_STYLE,
    TABLE_STYLE,
    Fmt,
)
from .elements import (
    _clean_text,
    _column_widths,
    _set_widths,
    _table_width,
)

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


class _TableWriter:
    """The converter's table writing (mixed into `_Converter`)."""

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
