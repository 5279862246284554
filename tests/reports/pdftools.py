"""Read generated PDFs back with poppler-utils (pdftotext, pdffonts, pdfinfo)."""

import re
import subprocess
from pathlib import Path


def _run(tool: str, pdf: bytes | Path, *args: str) -> str:
    """Run a poppler tool on the PDF given on standard input."""
    content = pdf if isinstance(pdf, bytes) else Path(pdf).read_bytes()
    command = [tool, *args, "-"] + (["-"] if tool == "pdftotext" else [])
    return subprocess.run(command, input=content, capture_output=True, check=True).stdout.decode()


def pdf_text(pdf: bytes | Path) -> str:
    """The text in reading order, whitespace collapsed (lines joined with one space)."""
    return " ".join(_run("pdftotext", pdf, "-raw").split())


def pdf_lines(pdf: bytes | Path) -> list[str]:
    """The text line by line in reading order, empty lines dropped."""
    return [line.strip() for line in _run("pdftotext", pdf, "-raw").splitlines() if line.strip()]


def pdf_fonts(pdf: bytes | Path) -> list[tuple[str, bool]]:
    """(font name without the subset prefix, embedded?) for each font of the PDF."""
    fonts = []
    for line in _run("pdffonts", pdf).splitlines()[2:]:
        columns = line.split()
        name = columns[0].split("+", 1)[-1]
        embedded = columns[-5] == "yes"
        fonts.append((name, embedded))
    return fonts


def pdf_page_size(pdf: bytes | Path) -> tuple[float, float]:
    """Width and height of the first page in points."""
    info = _run("pdfinfo", pdf)
    match = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.MULTILINE)
    assert match, info
    return float(match[1]), float(match[2])
