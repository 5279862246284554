"""Sentences of sections 2.3 and 2.4 of the term report (contests, awards, initiatives), written
from the frozen figures in the seed report's own phrasing. No "0 đề tài": with nothing recorded
the text says "Trong nhiệm kỳ, chưa …"."""

from __future__ import annotations

from core.text import vn_count, vn_number

from .text_period import within

RANK_WORDS = {
    "special": "giải Đặc biệt",
    "first": "giải Nhất",
    "second": "giải Nhì",
    "third": "giải Ba",
    "consolation": "giải Khuyến khích",
}


FIELD_WORDS = {
    "economy": "kinh tế",
    "culture_society": "văn hóa xã hội",
    "defence_security": "quốc phòng - an ninh",
    "industry_crafts": "công nghiệp, TTCN",
    "agriculture": "nông nghiệp",
    "education": "giáo dục - đào tạo",
    "health": "y tế",
    "it": "công nghệ thông tin",
    "other": "lĩnh vực khác",
}
RECOGNITION_WORDS = {
    "unit": "cấp cơ sở",
    "district": "cấp {locality}",
    "province": "cấp tỉnh",
    "national": "cấp bộ, cấp quốc gia",
}


def level_word(level: str, locality: str) -> str:
    return {
        "district": f"cấp {locality}",
        "province": "cấp tỉnh",
        "northern_region": "Khu vực phía Bắc",
        "national": "cấp quốc gia",
    }.get(level, level)


def about(count: int) -> str:
    """ "trên 900" for 953 (the seed's way with large counts); exact below a hundred."""
    if count >= 100 and count % 100:
        return f"trên {vn_number(count // 100 * 100)}"
    return vn_count(count)


def _contests(figures: dict) -> dict:
    return figures.get("contests") or {}


def awards_sentence(figures: dict) -> str:
    """ "Thị xã có 12 đề tài, sản phẩm đạt giải cấp quốc gia và Khu vực phía Bắc; 78 đề tài, sản
    phẩm đạt giải cấp tỉnh"."""
    data = _contests(figures)
    locality = figures["union"]["locality_word"]
    high = data.get("products_national_or_region", 0)
    province = data.get("products_province", 0)
    if not high and not province:
        return f"{within(figures)}, chưa có đề tài, sản phẩm nào đạt giải cấp tỉnh trở lên"
    parts = []
    if high:
        by_level = data.get("products_by_level", {})
        levels = [
            word
            for level, word in (
                ("national", "cấp quốc gia"),
                ("northern_region", "Khu vực phía Bắc"),
            )
            if by_level.get(level)
        ]
        parts.append(f"{vn_count(high)} đề tài, sản phẩm đạt giải {' và '.join(levels)}")
    if province:
        parts.append(f"{vn_count(province)} đề tài, sản phẩm đạt giải cấp tỉnh")
    return f"{locality[:1].upper()}{locality[1:]} có {'; '.join(parts)}"


def fields_sentence(figures: dict) -> str:
    fields = [
        FIELD_WORDS.get(row["field"], row["field"])
        for row in _contests(figures).get("winning_fields", [])
        if row["field"] != "other"
    ]
    if not fields:
        return ""
    return f"Các đề tài, sản phẩm đạt giải thuộc các lĩnh vực: {'; '.join(fields)}"


def intellectuals_sentence(figures: dict) -> str:
    """ "Trong nhiệm kỳ có 03 trí thức tiêu biểu được giới thiệu dự gặp mặt trí thức tiêu biểu
    của tỉnh"."""
    people = _contests(figures).get("typical_intellectuals", [])
    if not people:
        return f"{within(figures)}, chưa có trí thức tiêu biểu được ghi nhận"
    names = ", ".join(f"{person['name']} ({person['year']})" for person in people)
    return (
        f"{within(figures)} có {vn_count(len(people))} trí thức tiêu biểu được giới thiệu dự gặp "
        f"mặt trí thức tiêu biểu của tỉnh ({names})"
    )


def recognised_initiatives_sentence(figures: dict) -> str:
    count = _contests(figures).get("initiatives_provincial", 0)
    if not count:
        return f"{within(figures)}, chưa có sáng kiến, đề tài nào được công nhận cấp tỉnh trở lên"
    return f"Có {vn_count(count)} sáng kiến, đề tài được công nhận cấp tỉnh trở lên"


def applied_sentence(figures: dict) -> str:
    """ "Đã có trên 900 đề tài, sáng kiến được ứng dụng vào sản xuất và đời sống"."""
    count = _contests(figures).get("initiatives_applied", 0)
    if not count:
        return f"{within(figures)}, chưa ghi nhận đề tài, sáng kiến nào được ứng dụng"
    return f"Đã có {about(count)} đề tài, sáng kiến được ứng dụng vào sản xuất và đời sống"


def product_lines(figures: dict) -> list[str]:
    """The notable products: "“Title” (Trường THCS Bắc Hồng) đạt giải Nhất cấp quốc gia năm
    2023"."""
    locality = figures["union"]["locality_word"]
    return [
        f"“{row['title']}” ({row['unit']}) đạt {RANK_WORDS.get(row['rank'], 'giải')} "
        f"{level_word(row['level'], locality)} năm {row['year']}"
        for row in _contests(figures).get("notable_products", [])
    ]


def annex_awards(figures: dict) -> list[dict]:
    locality = figures["union"]["locality_word"]
    return [
        {
            **row,
            "field_word": FIELD_WORDS.get(row["field"], row["field"]),
            "level_word": level_word(row["level"], locality),
            "rank_word": RANK_WORDS.get(row["rank"], row["rank"]),
        }
        for row in _contests(figures).get("awards_annex", [])
    ]


def annex_initiatives(figures: dict) -> list[dict]:
    locality = figures["union"]["locality_word"]
    return [
        {
            **row,
            "level_word": RECOGNITION_WORDS.get(row["recognition_level"], "").format(
                locality=locality
            ),
        }
        for row in _contests(figures).get("initiatives_annex", [])
    ]


def contest_sentences(figures: dict) -> dict:
    return {
        "annex_awards": annex_awards(figures),
        "annex_initiatives": annex_initiatives(figures),
        "awards": awards_sentence(figures),
        "fields": fields_sentence(figures),
        "intellectuals": intellectuals_sentence(figures),
        "initiatives_recognised": recognised_initiatives_sentence(figures),
        "applied": applied_sentence(figures),
        "products": product_lines(figures),
    }
