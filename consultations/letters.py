"""The official opinion letter (văn bản góp ý, báo cáo phản biện) as a PDF: context in, bytes out.

The context is plain data (it is frozen in each generated version's `figures`, so a delivered
letter can be rendered again as it was); `consultations.letter_services` builds it from a task.
The layout follows the administrative-document conventions of Nghị định 30/2020/NĐ-CP: issuing
body and number on the left of a two-column header, the national motto on the right, place and
date in italics, "Kính gửi", the body, the signature block, "Nơi nhận" at the bottom left.

Context keys:
    issuer: {"superior_body", "name", "uses_national_motto"}
    document_number ("12/LHH-TV"), excerpt ("V/v …"), place, issued_on (ISO date or None),
    addressees (list of lines), opening, paragraphs (list), recommendations_intro,
    recommendations (list of {"number", "text"}), closing, signer_on_behalf
    ("TM. BAN THƯỜNG TRỰC"), signer_title, signer_name, recipients (list of lines), title.
"""

from __future__ import annotations

import datetime

from django.template.loader import render_to_string

from core.pdf import SCHEME, header_name, html_to_pdf
from core.text import vn_month

__all__ = ["letter_date", "letter_html", "letter_pdf", "recipient_lines"]


def letter_date(place: str, issued_on: str | datetime.date | None) -> str:
    """ "Hồng Lĩnh, ngày 05 tháng 01 năm 2026": days below 10 and the months 1 and 2 take a
    leading zero (Nghị định 30/2020), other months do not ("tháng 3"). Without a date, blanks
    for the hand that signs it."""
    if isinstance(issued_on, str):
        issued_on = datetime.date.fromisoformat(issued_on) if issued_on else None
    prefix = f"{place}, " if place else ""
    if issued_on is None:
        year = datetime.date.today().year
        return f"{prefix}ngày \u00a0\u00a0\u00a0\u00a0 tháng \u00a0\u00a0\u00a0\u00a0 năm {year}"
    day, month = f"{issued_on.day:02d}", vn_month(issued_on.month)
    return f"{prefix}ngày {day} tháng {month} năm {issued_on.year}"


def recipient_lines(text: str | list[str]) -> list[str]:
    """ "Nơi nhận" lines as the format writes them: "- Như trên;" … "- Lưu: VT." (a dash each, a
    semicolon after all but the last, a full stop after the last), whatever staff typed."""
    lines = text.splitlines() if isinstance(text, str) else list(text)
    cleaned = [line.strip().lstrip("-–•").strip().rstrip(";.,").strip() for line in lines]
    cleaned = [line for line in cleaned if line]
    return [
        f"- {line}{'.' if index == len(cleaned) - 1 else ';'}" for index, line in enumerate(cleaned)
    ]


# Every key the template reads, so a context without one renders it empty.
EMPTY_CONTEXT = {
    "title": "",
    "excerpt": "",
    "opening": "",
    "paragraphs": [],
    "recommendations_intro": "",
    "recommendations": [],
    "closing": "",
    "signer_on_behalf": "",
    "signer_title": "",
    "signer_name": "",
}


def letter_html(context: dict) -> str:
    issuer = context.get("issuer") or {}
    addressees = [line for line in context.get("addressees") or [] if line.strip()]
    return render_to_string(
        "consultations/letter/letter.html",
        {
            **EMPTY_CONTEXT,
            **context,
            "static_base": SCHEME,
            "superior_body": _locality_unbroken(header_name(issuer.get("superior_body", ""))),
            "issuer_name": _locality_unbroken(header_name(issuer.get("name", ""))),
            "uses_national_motto": issuer.get("uses_national_motto", True),
            "number_line": _number_line(context.get("document_number", "")),
            "date_line": letter_date(context.get("place", ""), context.get("issued_on")),
            "addressees": addressees,
            "recipient_list": recipient_lines(context.get("recipients") or []),
        },
    )


def _locality_unbroken(name: str) -> str:
    """A header name wraps before its locality ("… KH&KT / THỊ XÃ HỒNG LĨNH"), never inside it:
    the words after "KH&KT" are joined with non-breaking spaces."""
    head, sep, locality = name.partition("KH&KT ")
    if not sep:
        return name
    return f"{head}{sep}{locality.strip().replace(' ', chr(0xA0))}"


def _number_line(document_number: str) -> str:
    """ "Số: 12/LHH-TV", whether or not staff typed the "Số:" themselves."""
    number = (document_number or "").strip()
    if number.lower().startswith("số"):
        number = number[2:].lstrip(" :.")
    return f"Số: {number}" if number else "Số: \u00a0\u00a0\u00a0\u00a0\u00a0/LHH"


def letter_pdf(context: dict) -> bytes:
    return html_to_pdf(letter_html(context))
