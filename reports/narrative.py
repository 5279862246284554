"""The narrative staff write around the computed figures: which sections, and how a stored text
becomes safe HTML for the document. Only a small formatting subset survives (nh3)."""

import nh3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Tags a narrative may keep; everything else (scripts, images, links, styles) is removed.
ALLOWED_TAGS = {"p", "br", "ul", "ol", "li", "strong", "b", "em", "i"}


def narrative_html(value: str | None) -> SafeString:
    """Stored text → safe HTML: HTML is sanitised; plain text (no tags) becomes one paragraph a
    line, as the sections typed before the editor existed."""
    text = (value or "").strip()
    if not text:
        return mark_safe("")  # noqa: S308 (empty)
    if "<" not in text:
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        return mark_safe("".join(f"<p>{escape(line)}</p>" for line in lines))  # noqa: S308
    return mark_safe(nh3.clean(text, tags=ALLOWED_TAGS, attributes={}, url_schemes=set()))  # noqa: S308
