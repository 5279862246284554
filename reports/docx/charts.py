"""Charts: the report's inline SVGs drawn to PNG (WeasyPrint, then pdftoppm)."""

from __future__ import annotations

import copy
import logging
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import lxml.html
from docx.shared import Mm

from .constants import CHART_DPI, CHART_KEY, TEXT_WIDTH
from .converter import _tag

logger = logging.getLogger(__name__)


logger = logging.getLogger(__name__)

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
