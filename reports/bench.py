"""Benchmark measures of the term report (registered with core.bench), on the synthetic
province that associations/bench.py and members/bench.py build.

- `report_figures`: every figure of the term report (ms, and its queries); floor: one
  aggregate query per table over the same data;
- `report_pdf`: the full generation (figures, render, store a version, s); floor: the bare
  WeasyPrint render of the same HTML;
- `report_docx`: the same report as DOCX (s, goal < 3 s); floor: the bare HTML render.
"""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import bench

from .bench_floors import figures_floor
from .selectors import term_report_figures


def _terms(union):
    term = union.terms.get(label="2018 - 2023")
    return term, union.terms.filter(starts_on__gt=term.starts_on).order_by("starts_on").first()


def measure_report_figures(data: dict, options: dict) -> bench.Result:
    union = data["union"]
    term, next_term = _terms(union)
    with CaptureQueriesContext(connection) as queries:
        term_report_figures(union=union, term=term, next_term=next_term)
    repeat = options.get("repeat", 20)
    medians = bench.interleaved(
        {
            "value": lambda: term_report_figures(union=union, term=term, next_term=next_term),
            "floor": lambda: figures_floor(union=union, term=term),
        },
        repeat,
    )
    value, floor = medians["value"], medians["floor"]
    return bench.Result(
        name="report_figures",
        value=value * 1000,
        unit="ms",
        queries=len(queries),
        floor=bench.Comparison("one aggregate query per table", floor * 1000),
        goal=bench.Goal(max_floor_ratio=2, max_queries=30, max_value=50),
        note=f"median of {repeat}",
    )


def measure_report_pdf(data: dict, options: dict) -> bench.Result:
    """The term report's PDF from the data: figures, context, HTML and render, as a generation
    makes it; floor: the bare WeasyPrint render of the same HTML. (A generation also writes
    the DOCX, measured on its own by `measure_report_docx`.)"""
    from . import rendering, services

    union = data["union"]
    term, _ = _terms(union)
    report = services.term_report_get_or_create(union=union, term=term)

    def full() -> bytes:
        figures = term_report_figures(union=union, term=term, next_term=report.next_term)
        return rendering.term_report_pdf(
            services.term_report_context(report=report, figures=figures)
        )

    figures = term_report_figures(union=union, term=term, next_term=report.next_term)
    html = rendering.term_report_html(services.term_report_context(report=report, figures=figures))
    repeat = options.get("pdf_repeat", 3)
    medians = bench.interleaved(
        {"bare": lambda: rendering.html_to_pdf(html), "full": full},
        repeat,
    )
    bare, value = medians["bare"], medians["full"]
    return bench.Result(
        name="report_pdf",
        value=value,
        unit="s",
        floor=bench.Comparison("bare WeasyPrint render of the same HTML", bare),
        goal=bench.Goal(max_floor_ratio=1.25, max_value=5),
        note=f"median of {repeat}, {len(full())} bytes",
    )


# --- the report in Word -----------------------------------------------------------------------


def measure_report_docx(data: dict, options: dict) -> bench.Result:
    """The DOCX of the same report (reports/docx/: render the HTML, convert it); floor: the
    bare render of that HTML, which the conversion starts from."""
    from . import rendering, services
    from .docx import report_docx

    union = data["union"]
    term, _ = _terms(union)
    report = services.term_report_get_or_create(union=union, term=term)
    figures = term_report_figures(union=union, term=term, next_term=report.next_term)
    context = services.term_report_context(report=report, figures=figures)
    repeat = options.get("pdf_repeat", 3)
    medians = bench.interleaved(
        {
            "html": lambda: rendering.term_report_html(context),
            "docx": lambda: report_docx(context),
        },
        repeat,
    )
    size = len(report_docx(context))
    return bench.Result(
        name="report_docx",
        value=medians["docx"],
        unit="s",
        floor=bench.Comparison("bare HTML render of the same report", medians["html"]),
        goal=bench.Goal(max_value=3),
        note=f"median of {repeat}, {size} bytes",
    )


bench.register(
    "reports",
    measures=[measure_report_figures, measure_report_pdf, measure_report_docx],
    after=["members"],
)

from . import bench_province  # noqa: E402, F401  (registers the "province" part)
