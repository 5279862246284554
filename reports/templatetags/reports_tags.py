from django import template

from core.pdf import header_name
from core.text import vn_count, vn_number

register = template.Library()
register.filter("vn_count", vn_count)
register.filter("vn_number", vn_number)
register.filter("header_name", header_name)


@register.filter
def paragraphs(value: str | None) -> list[str]:
    """A narrative as plain-text paragraphs (formatting dropped, footnotes in parentheses), for
    templates that print it paragraph by paragraph; `narrative` keeps the formatting."""
    from reports.narrative import narrative_text

    return narrative_text(value, labelled=False).splitlines()


@register.filter
def signed(value: int) -> str:
    """A change as the annex prints it: "+22", "-3", "0"."""
    value = int(value)
    return f"+{vn_number(value)}" if value > 0 else vn_number(value)


@register.filter
def iso_date(value: str) -> str:
    """An ISO date from the frozen figures as dd/mm/yyyy."""
    year, month, day = str(value).split("-")
    return f"{day}/{month}/{year}"


@register.filter
def narrative(value: str | None):
    """A narrative section as safe HTML for the document (reports/narrative.py sanitises it)."""
    from reports.narrative import narrative_html

    return narrative_html(value)


@register.simple_tag
def chart_number(name: str, figures: dict) -> int | None:
    """`{% chart_number "members" figures as n %}`: the chart's number, None when it has no
    data (reports/charts.py)."""
    from reports.charts import chart_number as number

    return number(name, figures)


@register.simple_tag
def chart(name: str, figures: dict):
    """`{% chart "members" figures %}`: the chart's SVG inline (a vector in the PDF), drawn
    from `figures.charts` by reports/charts.py; nothing when the figures have no such data."""
    from django.utils.safestring import mark_safe

    from reports.charts import draw

    return mark_safe(draw(name, figures))  # noqa: S308 - built by reports.charts, all text escaped


# --- the document's format -----------------------------------------------------------------------


@register.filter
def header_lines(value: str | None) -> list[str]:
    """A body's name in the header, one line per natural part (reports.text.header_lines)."""
    from reports.text import header_lines as lines

    return lines(value or "")
