"""Template tags that let the report's pages show what societies reported.

    {% load submissions_tags %}
    {% submission_material report as material %}

    {{ figures.submissions|submission_sentence:"Năm 2024" }}

`material`: the accepted submissions' narratives of the report's period, grouped by society
(`selectors.narrative_material`). The report is duck-typed (reports sits above this app): its
`union_id` and its period (`period_start`/`period_end`, or its term's dates).
"""

from __future__ import annotations

from django import template

from ..selectors import narrative_material
from ..text import submission_sentence as _sentence

register = template.Library()


def report_period(report):
    start = getattr(report, "period_start", None)
    end = getattr(report, "period_end", None)
    term = getattr(report, "term", None) if start is None or end is None else None
    if term is not None:
        start, end = term.starts_on, term.ends_on
    return start, end


@register.simple_tag
def submission_material(report) -> list[dict]:
    if report is None:
        return []
    start, end = report_period(report)
    if start is None or end is None:
        return []
    return narrative_material(union_id=report.union_id, start=start, end=end)


@register.filter
def submission_sentence(figures, period: str) -> str:
    """The sentence a report prints about the rounds of its period (submissions.text)."""
    if not figures:
        return ""
    return _sentence(figures, period=period)
