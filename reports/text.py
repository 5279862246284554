"""Sentences of the term report, written from its figures in the seed report's own phrasing."""

from .formatting import vn_count


def organisation_sentence(figures: dict) -> str:
    """Section I.1: "Hiện nay, Liên hiệp hội thị xã có 19 hội thành viên (...), tập hợp ..."."""
    societies = figures["societies"]
    members = figures["members"]
    change = members["change"]
    if change > 0:
        change_text = f"tăng {vn_count(change)} hội viên so với đầu nhiệm kỳ"
    elif change < 0:
        change_text = f"giảm {vn_count(-change)} hội viên so với đầu nhiệm kỳ"
    else:
        change_text = "không thay đổi so với đầu nhiệm kỳ"
    locality = figures["union"]["locality_word"]
    return (
        f"Hiện nay, Liên hiệp hội {locality} có {vn_count(societies['total'])} hội thành viên "
        f"(trong đó có {vn_count(societies['institutional'])} hội thuộc khối các cơ quan, "
        f"doanh nghiệp, trường học và {vn_count(societies['local'])} hội của phường, xã), "
        f"tập hợp được {vn_count(members['end']['memberships'])} hội viên, {change_text}"
    )
