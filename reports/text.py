"""Sentences of the term report, written from its figures in the seed report's own phrasing."""

import re
import unicodedata

from core.pdf import header_name
from core.text import vn_count, vn_number

from .text_period import since_start, within


def organisation_sentence(figures: dict) -> str:
    """Section I.1: "Hiện nay, Liên hiệp hội thị xã có 19 hội thành viên (...), tập hợp ..."."""
    societies = figures["societies"]
    members = figures["members"]
    change = members["change"]
    since = since_start(figures)
    if change > 0:
        change_text = f"tăng {vn_count(change)} hội viên {since}"
    elif change < 0:
        change_text = f"giảm {vn_count(-change)} hội viên {since}"
    else:
        change_text = f"không thay đổi {since}"
    locality = figures["union"]["locality_word"]
    if not societies["total"]:
        # No society recorded: say so rather than "có 0 hội thành viên (trong đó có 0 …)".
        return (
            f"Hiện nay, Liên hiệp hội {locality} chưa ghi nhận thông tin về các hội thành viên "
            "và hội viên"
        )
    return (
        f"Hiện nay, Liên hiệp hội {locality} có {vn_count(societies['total'])} hội thành viên "
        f"(trong đó có {vn_count(societies['institutional'])} hội thuộc khối các cơ quan, "
        f"doanh nghiệp, trường học và {vn_count(societies['local'])} hội của phường, xã), "
        f"tập hợp được {vn_count(members['end']['memberships'])} hội viên, {change_text}"
    )


LEAVE_REASON_WORDS = {
    "transfer": "chuyển công tác",
    "retirement": "nghỉ hưu",
    "resignation": "xin thôi",
    "deceased": "từ trần",
    "other": "lý do khác",
    "": "lý do khác",
}


def _join_or(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " hoặc " + words[-1]


def committee_sentence(figures: dict) -> str:
    """The footnote of section I.1: who left the BCH and why, seats at the end, re-filled posts."""
    committee = figures.get("committee")
    if not committee:  # a yearly report names no term, so no committee of one
        return ""
    next_term = figures.get("next_term")
    refilled = ""
    if committee["societies_refilled_bch"]:
        refilled = (
            f" Có {vn_count(committee['societies_refilled_bch'])} hội cơ sở tổ chức kiện toàn "
            "các chức danh trong BCH."
        )
    if not committee["bch_ended"] and not committee["bch_people_at_end"]:
        # No seat of the union's BCH recorded for the term: say so, not "0 đồng chí".
        nothing = "chưa ghi nhận thông tin về Ban Chấp hành Liên hiệp hội."
        return f"{within(figures)}, {nothing}{refilled}"
    parts = []
    if committee["bch_ended"]:
        reasons = []
        for code, count in committee["bch_ended_by_reason"].items():
            word = LEAVE_REASON_WORDS.get(code, "lý do khác")
            if count and word not in reasons:
                reasons.append(word)
        parts.append(
            f"{within(figures)}, có {vn_count(committee['bch_ended'])} đồng chí do "
            f"{_join_or(reasons)} nên không tiếp tục tham gia BCH"
        )
    else:
        parts.append(f"{within(figures)}, BCH Liên hiệp hội không có biến động về nhân sự")
    if (figures.get("period") or {}).get("kind") == "midterm":
        moment = "tính đến thời điểm báo cáo"
    elif next_term:
        moment = f"tính đến thời điểm Đại hội lần thứ {next_term['congress_roman']}"
    else:
        moment = "tính đến cuối nhiệm kỳ"
    if committee["bch_people_at_end"]:
        parts.append(
            f"{moment}, BCH Liên hiệp hội có {vn_count(committee['bch_people_at_end'])} đồng chí"
        )
    else:
        parts.append(f"{moment}, chưa ghi nhận đồng chí nào còn tham gia BCH Liên hiệp hội")
    return "; ".join(parts) + "." + refilled


QUALIFICATION_WORDS = [
    ("doctorate", "tiến sĩ"),
    ("master", "thạc sĩ"),
    ("bachelor", "có trình độ đại học"),
    ("college", "cao đẳng"),
    ("vocational", "trung cấp"),
]


def structure_sentence(figures: dict) -> str:
    """Member structure by qualification and academic title, counting people once."""
    structure = figures["structure"]
    by_qualification = structure["by_qualification"]
    parts = [
        f"{vn_count(by_qualification[code])} {word}"
        for code, word in QUALIFICATION_WORDS
        if by_qualification.get(code)
    ]
    titles = structure["by_academic_title"]
    professors = titles.get("professor", 0) + titles.get("associate_professor", 0)
    if professors:
        parts.insert(0, f"{vn_count(professors)} giáo sư, phó giáo sư")
    if not parts:
        return ""
    return (
        f"Trong số {vn_number(structure['people'])} người đang sinh hoạt tại các hội thành viên "
        f"có {', '.join(parts)}."
    )


# --- the document header -------------------------------------------------------------------------

_HEADER_BREAK = re.compile(r"\s+(?=(?:thị xã|huyện|thành phố|quận|tỉnh)\s)", re.IGNORECASE)


def header_lines(name: str) -> list[str]:
    """A body's name as the header prints it, upper case, broken at its natural boundary: before
    the locality ("LIÊN HIỆP CÁC HỘI KH&KT" / "THỊ XÃ HỒNG LĨNH"), never inside it."""
    short = header_name(unicodedata.normalize("NFC", name or "")).strip()
    if not short:
        return []
    parts = _HEADER_BREAK.split(short, maxsplit=1)
    return [part.strip().upper() for part in parts if part.strip()]
