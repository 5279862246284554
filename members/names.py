"""Vietnamese personal names for the demo and benchmark data (invented people, real names).

Weighted as they are common in Hà Tĩnh: Nguyễn is the most frequent family name, Văn and Thị
the most frequent middle names. `full_name(rng, gender)` draws one, NFC-normalised.
"""

from __future__ import annotations

import random
import unicodedata

FAMILY_NAMES = [
    ("Nguyễn", 30), ("Trần", 12), ("Lê", 10), ("Phan", 7), ("Võ", 6), ("Hoàng", 4),
    ("Đặng", 4), ("Bùi", 3), ("Đinh", 3), ("Thái", 3), ("Dương", 3), ("Hồ", 3), ("Trương", 2),
    ("Đậu", 2), ("Phạm", 3), ("Đỗ", 2), ("Ngô", 2), ("Đoàn", 1), ("Đào", 1), ("Hà", 1),
    ("Tôn", 1), ("Chu", 1), ("Cao", 1), ("Mai", 1),
]  # fmt: skip
MALE_MIDDLE = [
    ("Văn", 30), ("Đình", 10), ("Hữu", 8), ("Đức", 8), ("Minh", 7), ("Xuân", 6), ("Quang", 6),
    ("Công", 5), ("Thanh", 4), ("Ngọc", 3), ("Trọng", 4), ("Anh", 3), ("Duy", 3), ("Quốc", 3),
]  # fmt: skip
FEMALE_MIDDLE = [
    ("Thị", 55), ("Thu", 6), ("Thanh", 5), ("Ngọc", 5), ("Phương", 4), ("Minh", 4), ("Hồng", 4),
    ("Kim", 3), ("Bích", 3), ("Thúy", 3), ("Mai", 2), ("Hải", 2),
]  # fmt: skip
MALE_GIVEN = [
    "An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hùng", "Hưng", "Khánh", "Long", "Minh", "Nam",
    "Phong", "Quân", "Sơn", "Thắng", "Tuấn", "Việt", "Vinh", "Hiếu", "Trung", "Thành", "Tài",
    "Lâm", "Lợi", "Toàn", "Hòa", "Quang", "Đức", "Kiên", "Tú", "Nghĩa", "Hoàng", "Phúc", "Thịnh",
    "Tiến", "Chiến", "Hậu", "Lộc", "Tâm",
]  # fmt: skip
FEMALE_GIVEN = [
    "Anh", "Hà", "Hằng", "Hạnh", "Hiền", "Hoa", "Hương", "Lan", "Linh", "Loan", "Mai", "Nga",
    "Ngân", "Nhung", "Oanh", "Phương", "Quỳnh", "Tâm", "Thảo", "Thủy", "Trang", "Tuyết", "Vân",
    "Yến", "Dung", "Giang", "Huyền", "Lý", "My", "Nhàn", "Hồng", "Liên", "Lệ", "Sương",
]  # fmt: skip


def pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    """One value of (value, weight) pairs."""
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def full_name(rng: random.Random, gender: str) -> str:
    """Family, middle and given name for a person of `gender` ("male" or "female")."""
    family = pick(rng, FAMILY_NAMES)
    if gender == "female":
        text = f"{family} {pick(rng, FEMALE_MIDDLE)} {rng.choice(FEMALE_GIVEN)}"
    else:
        text = f"{family} {pick(rng, MALE_MIDDLE)} {rng.choice(MALE_GIVEN)}"
    return unicodedata.normalize("NFC", text)
