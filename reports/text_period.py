"""How a report names its period: "Trong 05 năm qua" and "nhiệm kỳ 2018 - 2023" for a term,
"Trong năm 2024" for a year, "Trong 02 năm qua" and "giữa nhiệm kỳ 2024 - 2029" for a mid-term
review. Everything reads the figures' `period` (reports.selectors.period_data); figures frozen
before periods existed are a term's, and their period is worked out from the term."""

from __future__ import annotations

import datetime

from core.text import vn_count

__all__ = ["period_of", "period_phrases"]


def period_of(figures: dict) -> dict:
    """The figures' period; for older frozen figures, their term's."""
    period = figures.get("period")
    if period:
        return period
    term = figures.get("term") or {}
    fallback = figures.get("as_of") or datetime.date.today().isoformat()
    starts = datetime.date.fromisoformat(term.get("starts_on") or fallback)
    ends = datetime.date.fromisoformat(term.get("ends_on") or fallback)
    return {
        "kind": "term",
        "start": starts.isoformat(),
        "end": ends.isoformat(),
        "years": max(1, ends.year - starts.year),
        "year": None,
        "label": term.get("label", f"{starts.year} - {ends.year}"),
    }


def over(figures: dict) -> str:
    """ "Trong 05 năm qua", "Trong năm 2024", "Trong 02 năm qua"."""
    period = period_of(figures)
    if period["kind"] == "year":
        return f"Trong năm {period['year']}"
    return f"Trong {vn_count(period['years'])} năm qua"


def within(figures: dict) -> str:
    """What an empty section starts with: "Trong nhiệm kỳ", "Trong năm 2024", "Từ đầu nhiệm kỳ
    đến nay"."""
    kind = period_of(figures)["kind"]
    if kind == "year":
        return over(figures)
    if kind == "midterm":
        return "Từ đầu nhiệm kỳ đến nay"
    return "Trong nhiệm kỳ"


def named(figures: dict) -> str:
    """ "nhiệm kỳ 2018 - 2023", "năm 2024", "giữa nhiệm kỳ 2024 - 2029"."""
    period = period_of(figures)
    if period["kind"] == "year":
        return f"năm {period['year']}"
    if period["kind"] == "midterm":
        return f"giữa nhiệm kỳ {period['label']}"
    return f"nhiệm kỳ {period['label']}"


def since_start(figures: dict) -> str:
    """ "so với đầu nhiệm kỳ", "so với đầu năm"."""
    return "so với đầu năm" if period_of(figures)["kind"] == "year" else "so với đầu nhiệm kỳ"


def title_words(figures: dict) -> str:
    """The report's subject line: "TỔNG KẾT HOẠT ĐỘNG NHIỆM KỲ 2018 - 2023", "KẾT QUẢ HOẠT
    ĐỘNG NĂM 2024", "SƠ KẾT HOẠT ĐỘNG GIỮA NHIỆM KỲ 2024 - 2029"."""
    period = period_of(figures)
    if period["kind"] == "year":
        return f"KẾT QUẢ HOẠT ĐỘNG NĂM {period['year']}"
    if period["kind"] == "midterm":
        return f"SƠ KẾT HOẠT ĐỘNG GIỮA NHIỆM KỲ {period['label']}"
    return f"TỔNG KẾT HOẠT ĐỘNG NHIỆM KỲ {period['label']}"


def next_named(figures: dict) -> str:
    """What Part Two plans for: "nhiệm kỳ 2024 - 2029", "năm 2025", "những năm còn lại của
    nhiệm kỳ"; "nhiệm kỳ tới" when the next term is not recorded yet."""
    period = period_of(figures)
    if period["kind"] == "year":
        return f"năm {period['year'] + 1}"
    if period["kind"] == "midterm":
        return "những năm còn lại của nhiệm kỳ"
    next_term = figures.get("next_term")
    return f"nhiệm kỳ {next_term['label']}" if next_term else "nhiệm kỳ tới"


def period_phrases(figures: dict) -> dict:
    """Every wording of the period, for the template."""
    return {
        "next": next_named(figures),
        **period_of(figures),
        "over": over(figures),
        "within": within(figures),
        "named": named(figures),
        "since_start": since_start(figures),
        "title": title_words(figures),
    }
