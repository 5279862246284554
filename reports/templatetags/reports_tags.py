from django import template

from core.text import vn_count, vn_number

register = template.Library()
register.filter("vn_count", vn_count)
register.filter("vn_number", vn_number)


@register.filter
def paragraphs(value: str | None) -> list[str]:
    """Narrative text as paragraphs: blank-line or line separated, empty lines dropped."""
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


@register.filter
def header_name(value: str) -> str:
    """Body names as document headers print them: "Khoa học và Kỹ thuật" → "KH&KT"."""
    return (
        (value or "")
        .replace("Khoa học và Kỹ thuật", "KH&KT")
        .replace("Khoa học - Kỹ thuật", "KH&KT")
    )


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
