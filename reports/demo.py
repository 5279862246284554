"""Demo data of reports: the term report 2018 - 2023 of the demo union (made if no other part
made it) and the targets its Part Two sets for 2024 - 2029, as the seed report words them
(facts.md H; registered with core.demo, after the parts whose data the targets measure)."""

from decimal import Decimal

from core import demo

from .models import Target, TermReport
from .services import term_report_get_or_create

# (wording, metric, comparison, value, period): the seed's targets, in its order.
SEED_TARGETS = [
    (
        "Phấn đấu tập hợp trên 90% trí thức vào các tổ chức Hội.",
        "intellectuals_share", "at_least", "90", "whole_term",
    ),
    (
        "100% các hội thành viên kiện toàn kịp thời tổ chức cơ sở hội khi có biến động về công "
        "tác nhân sự Ban Chấp hành, Ban Thường vụ.",
        "societies_refill_share", "at_least", "100", "whole_term",
    ),
    (
        "100% các hội cơ sở hoạt động hiệu quả, bám sát điều lệ của Liên hiệp hội.",
        "active_societies_share", "at_least", "100", "per_year",
    ),
    (
        "Mỗi năm thực hiện tư vấn, cho ý kiến từ 01 - 02 chuyên đề về phát triển kinh tế - xã "
        "hội của thị xã và các cơ quan, ban ngành thị xã.",
        "consultation_topics", "at_least", "1", "per_year",
    ),
    (
        "Trên 90% đề tài sáng kiến, ứng dụng tiến bộ khoa học của các ngành được áp dụng có hiệu "
        "quả vào các lĩnh vực của cuộc sống.",
        "initiatives_applied_share", "at_least", "90", "whole_term",
    ),
    (
        "Hằng năm, có ít nhất 01 đề tài sáng kiến kinh nghiệm, đề tài nghiên cứu khoa học đạt "
        "cấp tỉnh.",
        "provincial_initiatives", "at_least", "1", "per_year",
    ),
    (
        "Phấn đấu trong nhiệm kỳ có ít nhất 01 hội viên được đề nghị tặng Bằng Lao động sáng "
        "tạo.",
        "labour_creativity", "at_least", "1", "whole_term",
    ),
    (
        "Hằng năm phối hợp tổ chức tập huấn kiến thức về trồng trọt, chăn nuôi, nuôi trồng thủy "
        "sản cho hội viên và bà con nhân dân.",
        "trainings", "at_least", "1", "per_year",
    ),
    (
        "Hưởng ứng tích cực Hội thi Sáng tạo kỹ thuật và Cuộc thi Sáng tạo thanh, thiếu niên, "
        "nhi đồng, phấn đấu là đơn vị đạt kết quả xếp vào top đầu của tỉnh.",
        "manual", "at_least", "0", "whole_term",
    ),
    (
        "Hằng năm, Liên hiệp hội thị xã phấn đấu được UBND thị xã đánh giá hoàn thành xuất sắc "
        "nhiệm vụ.",
        "manual", "at_least", "0", "per_year",
    ),
    (
        "Hằng năm, Liên hiệp hội thị xã được Liên hiệp các Hội KH&KT Việt Nam tặng Bằng khen.",
        "vusta_merit", "at_least", "1", "per_year",
    ),
]  # fmt: skip


def load(summary: dict) -> None:
    """The 2018 - 2023 report of the demo union and its targets, once."""
    union = summary["union"]
    term = union.terms.get(label="2018 - 2023")
    report = TermReport.objects.filter(
        union=union, term=term, kind="term"
    ).first() or term_report_get_or_create(union=union, term=term)
    summary["report"] = report
    if report.targets.exists():
        summary["targets"] = report.targets.count()
        return
    Target.objects.bulk_create(
        Target(
            report=report,
            wording=wording,
            metric=metric,
            comparison=comparison,
            value=Decimal(value),
            period=period,
            order=order,
        )
        for order, (wording, metric, comparison, value, period) in enumerate(SEED_TARGETS)
    )
    summary["targets"] = len(SEED_TARGETS)


def describe(summary: dict) -> list[str]:
    if "targets" not in summary:
        return []
    return [f"  Chỉ tiêu nhiệm kỳ 2024 - 2029: {summary['targets']:02d}"]


demo.register(
    "reports", load=load, describe=describe, after=["members", "contests", "consultations"]
)
