"""Sentences of sections 2.1 (communication and training), 3 (cooperation) and 4 (the
Fatherland Front role: fundraising, commendations received), written from the frozen figures in
the seed report's phrasing. With nothing recorded the text says "Trong nhiệm kỳ, chưa …", never
"0 lớp" or "0 lần"."""

from __future__ import annotations

import re

from core.text import vn_count, vn_number

from .text_period import named, over, within

__all__ = [
    "amount_words",
    "commendation_sentences",
    "communication_sentences",
    "cooperation_sentences",
    "fundraising_sentences",
]


def _join_and(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " và " + words[-1]


def _lower_first(text: str) -> str:
    """A title in a running sentence: "Mô hình nuôi gà" → "mô hình nuôi gà" (not "UBND")."""
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def _kind(figures: dict, kind: str) -> dict:
    by_kind = (figures.get("activities") or {}).get("by_kind") or {}
    return by_kind.get(kind) or {"count": 0, "participants": 0, "amount_vnd": 0}


def _listed(figures: dict, kind: str) -> list[dict]:
    return (figures.get("activity_lists") or {}).get(kind) or []


def _more(figures: dict, kind: str) -> int:
    """How many activities of a kind the figures count but do not list."""
    return max(0, _kind(figures, kind)["count"] - len(_listed(figures, kind)))


# --- 2.1 -----------------------------------------------------------------------------------------

# (kind, how one is counted)
EVENT_WORDS = [
    ("training", "lớp tập huấn"),
    ("workshop", "hội thảo"),
    ("communication", "buổi tuyên truyền"),
]
_PUBLISHED = re.compile(r"^(xuất bản|phát hành)\s+", re.IGNORECASE)


def communication_sentences(figures: dict) -> dict:
    """`summary` (sessions by kind and their participants; models; publications), `models` and
    `publications` (the lines listing them, "" when none)."""
    events = [
        f"{vn_count(_kind(figures, kind)['count'])} {word}"
        for kind, word in EVENT_WORDS
        if _kind(figures, kind)["count"]
    ]
    participants = sum(_kind(figures, kind)["participants"] for kind, _ in EVENT_WORDS)
    models = _kind(figures, "demonstration")["count"]
    publications = _kind(figures, "publication")["count"]
    period = within(figures)
    parts = []
    if events:
        part = f"tổ chức {_join_and(events)}"
        if participants:
            part += f" với {vn_number(participants)} lượt người tham dự"
        parts.append(part)
    if models:
        parts.append(f"xây dựng {vn_count(models)} mô hình trình diễn")
    if publications:
        parts.append(f"xuất bản {vn_count(publications)} ấn phẩm")
    if parts:
        summary = f"{period}, Liên hiệp hội và các hội thành viên đã {'; '.join(parts)}."
    else:
        summary = f"{period}, chưa ghi nhận hoạt động tập huấn, hội thảo, tuyên truyền nào."
    return {
        "summary": summary,
        "models": _list_line(
            "Các mô hình trình diễn được xây dựng",
            [_lower_first(row["title"]) for row in _listed(figures, "demonstration")],
            _more(figures, "demonstration"),
            "mô hình khác",
        ),
        "publications": _list_line(
            "Các ấn phẩm được xuất bản",
            [_PUBLISHED.sub("", row["title"]) for row in _listed(figures, "publication")],
            _more(figures, "publication"),
            "ấn phẩm khác",
        ),
    }


def _list_line(intro: str, items: list[str], more: int, more_word: str) -> str:
    if not items:
        return ""
    if more:
        items = [*items, f"và {vn_count(more)} {more_word}"]
    return f"{intro}: {'; '.join(items)}."


# --- 3 -------------------------------------------------------------------------------------------


def cooperation_sentences(figures: dict) -> dict:
    """`summary` (how many cooperation activities, with which partners) and `lines` (one per
    activity: "Hội …: phối hợp với … — title (năm)")."""
    count = _kind(figures, "cooperation")["count"]
    period = within(figures)
    if not count:
        return {
            "summary": f"{period}, chưa ghi nhận hoạt động liên kết, hợp tác nào.",
            "lines": [],
        }
    partners = (figures.get("activity_lists") or {}).get("cooperation_partners") or []
    summary = (
        f"{period}, Liên hiệp hội và các hội thành viên đã phối hợp tổ chức "
        f"{vn_count(count)} hoạt động liên kết, hợp tác"
    )
    if partners and _more(figures, "cooperation"):
        shown = partners[:8]
        names = _join_and(shown) if len(partners) <= 8 else ", ".join(shown) + "…"
        summary += f" với {vn_count(len(partners))} đối tác ({names})"
    elif partners:
        summary += f" với {vn_count(len(partners))} đối tác"
    lines = []
    for row in _listed(figures, "cooperation"):
        who = row["society"] or "Liên hiệp hội"
        line = f"{who}: {_lower_first(row['title'])}"
        if row["partners"]:
            line += f" (phối hợp với {row['partners']})"
        lines.append(f"{line}, năm {row['held_on'][:4]}")
    more = _more(figures, "cooperation")
    if more:
        lines.append(f"Và {vn_count(more)} hoạt động liên kết, hợp tác khác")
    return {"summary": summary + ":" if lines else summary + ".", "lines": lines}


# --- 4 -------------------------------------------------------------------------------------------


def amount_words(amount: int) -> str:
    """An amount raised as the seed words it: 49.000.000 → "hàng chục triệu đồng"."""
    for floor, words in (
        (10**11, "hàng trăm tỷ đồng"),
        (10**10, "hàng chục tỷ đồng"),
        (10**9, "hàng tỷ đồng"),
        (10**8, "hàng trăm triệu đồng"),
        (10**7, "hàng chục triệu đồng"),
        (10**6, "hàng triệu đồng"),
    ):
        if amount >= floor:
            return words
    return f"{vn_number(amount)} đồng"


def fundraising_sentences(figures: dict) -> dict:
    """`summary` ("… vận động đóng góp hàng chục triệu đồng") and `note` (the exact amount, for a
    footnote; "" when nothing was raised)."""
    data = _kind(figures, "fundraising")
    if not data["count"]:
        return {
            "summary": f"{within(figures)}, chưa ghi nhận hoạt động vận động đóng góp nào.",
            "note": "",
        }
    summary = (
        f"{over(figures)}, Liên hiệp hội và các hội thành viên đã tổ chức "
        f"{vn_count(data['count'])} đợt vận động ủng hộ các phong trào, các quỹ xã hội"
    )
    if data["participants"]:
        summary += f" với {vn_number(data['participants'])} lượt người tham gia"
    note = ""
    if data["amount_vnd"]:
        summary += f", vận động đóng góp {amount_words(data['amount_vnd'])}"
        note = (
            f"Tổng số tiền vận động đóng góp được ghi nhận: {vn_number(data['amount_vnd'])} đồng."
        )
    return {"summary": summary + ".", "note": note}


FORM_WORDS = {
    "co_thi_dua": "Cờ thi đua",
    "bang_khen": "Bằng khen",
    "giay_khen": "Giấy khen",
    "lao_dong_sang_tao": "Bằng Lao động sáng tạo",
}
FORM_ORDER = ["co_thi_dua", "bang_khen", "lao_dong_sang_tao", "giay_khen", "other"]


def _given(issuer: str, form: str) -> str:
    """ "được Liên hiệp các Hội KH&KT Việt Nam tặng Bằng khen"; other forms: "khen thưởng"."""
    if form in FORM_WORDS:
        return f"được {issuer} tặng {FORM_WORDS[form]}"
    return f"được {issuer} khen thưởng"


def _form_order(form: str) -> int:
    return FORM_ORDER.index(form) if form in FORM_ORDER else len(FORM_ORDER)


def commendation_sentences(figures: dict) -> dict:
    """`union` (the union's own: "Trong nhiệm kỳ 2018 - 2023, Liên hiệp hội thị xã 03 lần được
    Liên hiệp các Hội KH&KT Việt Nam tặng Bằng khen (năm 2018, 2021, 2023)"; "Hằng năm, …" for a
    form received every year) and `recipients` (societies and people: "03 cá nhân được …")."""
    locality = figures["union"]["locality_word"]
    period = figures.get("period") or {}
    rows = (figures.get("commendations") or {}).get("rows") or []
    groups: dict[tuple[str, str], list[int]] = {}
    for row in rows:
        if row["recipient_type"] == "union":
            groups.setdefault((row["form"], row["issuer"]), []).extend([row["year"]] * row["count"])
    start, end = (period.get("start") or ""), (period.get("end") or "")
    all_years = set(range(int(start[:4]), int(end[:4]) + 1)) if start and end else set()
    yearly, counted = [], []
    for (form, issuer), years in sorted(
        groups.items(), key=lambda item: (_form_order(item[0][0]), -len(item[1]), item[0][1])
    ):
        if len(all_years) > 1 and all_years <= set(years):
            yearly.append(_given(issuer, form))
            continue
        distinct = sorted(set(years))
        if len(years) == 1:
            text = f"{_given(issuer, form)} năm {distinct[0]}"
            if period.get("kind") == "year":
                text = _given(issuer, form)
        else:
            listed = ", ".join(str(year) for year in distinct)
            text = f"{vn_count(len(years))} lần {_given(issuer, form)} (năm {listed})"
        counted.append(text)
    sentences = []
    if counted:
        prefix = within(figures) if period.get("kind") == "midterm" else f"Trong {named(figures)}"
        sentences.append(f"{prefix}, Liên hiệp hội {locality} {'; '.join(counted)}.")
    if yearly:
        sentences.append(f"Hằng năm, Liên hiệp hội {locality} {'; '.join(yearly)}.")
    recipients = []
    for row in sorted(
        (figures.get("commendation_recipients") or []),
        key=lambda r: (r["recipient_type"] != "member", _form_order(r["form"]), -r["recipients"]),
    ):
        who = "cá nhân" if row["recipient_type"] == "member" else "hội thành viên"
        recipients.append(
            f"{vn_count(row['recipients'])} {who} {_given(row['issuer'], row['form'])}"
        )
    recipient_sentence = ""
    if recipients:
        recipient_sentence = "; ".join(recipients) + "."
        recipient_sentence = recipient_sentence[:1].upper() + recipient_sentence[1:]
    if not sentences and not recipients:
        sentences.append(
            f"{within(figures)}, chưa ghi nhận khen thưởng nào đối với Liên hiệp hội, "
            "các hội thành viên và hội viên."
        )
    return {"union": " ".join(sentences), "recipients": recipient_sentence}
