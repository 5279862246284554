"""Sentences of section 2.2 (tư vấn, phản biện và giám định xã hội), in the seed report's phrasing.

Written from the frozen figures (`figures["consultations"]`, see
consultations.report.consultation_term_figures): plain data in, Vietnamese text out. With no
task in the term the text says so ("Trong nhiệm kỳ, Liên hiệp hội chưa thực hiện …"), never
"0 đề án".
"""

from __future__ import annotations

from core.text import vn_count

from .text_period import within

__all__ = ["activity_words", "consultation_sentences"]

# Task types in the order reports name them, with the words a sentence uses.
TYPE_WORDS = {
    "consultation": "tư vấn",
    "critique": "phản biện",
    "social_assessment": "giám định xã hội",
}


def _join_and(words: list[str]) -> str:
    """ "a", "a và b", "a, b và c"."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " và " + words[-1]


def activity_words(types: list[str]) -> str:
    """The activity as the seed names it: "tư vấn, phản biện", "phản biện và giám định xã hội",
    "tư vấn, phản biện và giám định xã hội"; "tư vấn, phản biện" when nothing was done."""
    words = [word for code, word in TYPE_WORDS.items() if code in types]
    if not words:
        return "tư vấn, phản biện"
    if words[-1] == TYPE_WORDS["social_assessment"]:
        return _join_and(words)
    return ", ".join(words)


def consultation_sentences(figures: dict) -> dict:
    """`summary` (what was done, for whom), `recommendations` (how many were adopted) and
    `list_intro` (the line above the list of programmes); empty strings where nothing applies."""
    data = figures.get("consultations") or {}
    by_type = {code: count for code, count in (data.get("by_type") or {}).items() if count}
    total = sum(by_type.values())
    if not total:
        return {
            "summary": (
                f"{within(figures)}, Liên hiệp hội chưa thực hiện nhiệm vụ tư vấn, phản biện và "
                "giám định xã hội nào."
            ),
            "recommendations": "",
            "list_intro": "",
        }
    activity = activity_words(list(by_type))
    summary = (
        f"{within(figures)}, Liên hiệp hội đã tổ chức {activity} {vn_count(total)} đề án, "
        "chương trình"
    )
    if len(by_type) > 1:
        parts = [
            f"{word} {vn_count(by_type[code])}"
            for code, word in TYPE_WORDS.items()
            if code in by_type
        ]
        summary += f" (trong đó: {', '.join(parts)})"
    bodies = [body for body in data.get("requesting_bodies") or [] if body]
    if bodies:
        summary += f" của {_join_and(bodies)}"
    in_progress = total - data.get("delivered", total)
    if in_progress > 0:
        summary += (
            f"; đến thời điểm báo cáo, còn {vn_count(in_progress)} đề án, chương trình "
            "đang được thực hiện"
        )
    summary += "."
    return {
        "summary": summary,
        "recommendations": _recommendations_sentence(data.get("recommendations") or {}),
        "list_intro": f"Các chương trình, đề án được {activity}:",
    }


def _recommendations_sentence(recommendations: dict) -> str:
    total = recommendations.get("total", 0)
    adopted = recommendations.get("adopted", 0)
    partly = recommendations.get("partly", 0)
    if not total:
        return ""
    sentence = f"Liên hiệp hội đã đưa ra {vn_count(total)} kiến nghị"
    if adopted and partly:
        sentence += (
            f", trong đó {vn_count(adopted)} kiến nghị được các cơ quan tiếp thu và "
            f"{vn_count(partly)} kiến nghị được tiếp thu một phần"
        )
    elif adopted:
        sentence += f", trong đó {vn_count(adopted)} kiến nghị được các cơ quan tiếp thu"
    elif partly:
        sentence += f", trong đó {vn_count(partly)} kiến nghị được các cơ quan tiếp thu một phần"
    else:
        sentence += "; đến nay chưa ghi nhận kiến nghị nào được các cơ quan tiếp thu"
    return sentence + "."
