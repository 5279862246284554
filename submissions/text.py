"""Sentences about the reporting rounds, in the report's phrasing (the report is Vietnamese).

`submission_sentence(figures, period=...)` turns `selectors.submission_figures` into the sentence
a yearly or term report prints, e.g. "Năm 2024, 18/19 hội thành viên gửi báo cáo đúng hạn; 19 báo
cáo được chấp nhận ghi nhận 45 hội viên mới, 120 hoạt động, 12 sáng kiến và 08 đề tài, sản phẩm
dự thi." With no round in the period it says so, never "0 hội thành viên".
"""

from __future__ import annotations

from core.text import vn_count


def _join(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " và " + parts[-1]


def submission_sentence(figures: dict, *, period: str) -> str:
    """`period`: "Năm 2024" for a yearly report, "Trong nhiệm kỳ" for a term report."""
    if not figures.get("rounds"):
        return f"{period}, chưa tổ chức đợt báo cáo nào của các hội thành viên qua cổng thông tin."
    total, on_time, accepted = figures["submissions"], figures["on_time"], figures["accepted"]
    rounds = ""
    if figures["rounds"] > 1:
        rounds = f" qua {vn_count(figures['rounds'])} đợt báo cáo"
    head = f"{period}{rounds}, {on_time}/{total} báo cáo của hội thành viên được gửi đúng hạn"
    if figures["rounds"] == 1:
        head = f"{period}, {on_time}/{total} hội thành viên gửi báo cáo đúng hạn"
    if not accepted:
        return f"{head}; chưa có báo cáo nào được chấp nhận."
    recorded = []
    for key, noun in (
        ("members_joined", "hội viên mới"),
        ("activities", "hoạt động"),
        ("initiatives", "sáng kiến"),
        ("entries", "đề tài, sản phẩm dự thi"),
    ):
        if figures.get(key):
            recorded.append(f"{vn_count(figures[key])} {noun}")
    tail = f"{vn_count(accepted)} báo cáo được chấp nhận"
    if recorded:
        tail += " ghi nhận " + _join(recorded)
    return f"{head}; {tail}."
