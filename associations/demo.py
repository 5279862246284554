"""Demo data: the Hồng Lĩnh town union (Hà Tĩnh), term 2018 - 2023, as in the seed report.

`load_demo()` loads everything in one transaction. It is idempotent: when the union already exists
the data is left alone and only the demo accounts are made sure of. People's names are invented
(built deterministically from lists of Vietnamese names with a fixed seed); places and units come
from the seed report.

The figures the report prints come out of this data exactly:
19 member societies on 31/12/2023 (13 institutional, 06 local), 1.678 memberships on 01/07/2018 and
1.700 on 31/12/2023 (+22), a union BCH of 17 of whom 03 left (transfer, retirement) leaving 14,
04 societies that re-filled posts of their BCH during the term, VUSTA Bằng khen in 2018, 2021, 2023.
"""

from __future__ import annotations

import datetime
import random
import time
import unicodedata
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction

from core.text import fold
from members.models import Member, Membership

from .accounts import role_assign
from .models import (
    Activity,
    ActivityKind,
    Commendation,
    CommendationForm,
    CommitteeBody,
    CommitteePosition,
    CommitteeSeat,
    LeaveReason,
    LocalityKind,
    RecipientType,
    RoleKind,
    Society,
    SocietyKind,
    Term,
    Union,
    User,
)

D = datetime.date

DEMO_PASSWORD = "demo12345"
SEED = 20181231

PARENT_SLUG = "ha-tinh"
UNION_SLUG = "hong-linh"
VUSTA = "Liên hiệp các Hội KH&KT Việt Nam"
PROVINCIAL_UNION = "Liên hiệp các Hội KH&KT tỉnh Hà Tĩnh"
TOWN_COMMITTEE = "UBND thị xã Hồng Lĩnh"

TERM_START = D(2018, 7, 1)
TERM_END = D(2023, 12, 31)

# Memberships during term IV: 1.678 at its start, 1.700 at its end.
JOINED_IN_TERM = 140  # joined during the term and still members at its end
LEFT_IN_TERM = 118  # members at the start who left during the term
TRANSIENT = 10  # joined and left within the term (count on neither date)
HISTORIC = 18  # joined and left before the term (count on neither date)
SHARED_PEOPLE = 30  # people holding two memberships at once (institution + their ward)

TRUNG_LUONG = "Hội KH&KT phường Trung Lương"


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# --- the societies ---------------------------------------------------------------------------
# (name, kind, founded on, members on 31/12/2023, [(workplace, position, field), ...])


def _ward_jobs(kind_word: str, place: str) -> list[tuple[str, str, str]]:
    return [
        (f"UBND {kind_word} {place}", "Công chức", "Quản lý hành chính"),
        (f"UBND {kind_word} {place}", "Cán bộ địa chính - xây dựng", "Xây dựng"),
        (f"Trường TH {place}", "Giáo viên", "Giáo dục tiểu học"),
        (f"Trường THCS {place}", "Giáo viên", "Giáo dục"),
        (f"Trường Mầm non {place}", "Giáo viên", "Giáo dục mầm non"),
        (f"Trạm Y tế {kind_word} {place}", "Y sĩ", "Y tế"),
        (f"HTX Nông nghiệp {place}", "Kỹ sư nông nghiệp", "Nông nghiệp"),
        (f"HTX Nông nghiệp {place}", "Cán bộ thú y", "Thú y"),
        (f"{kind_word.capitalize()} {place}", "Hội viên hưu trí", "Kinh tế"),
        (f"{kind_word.capitalize()} {place}", "Kỹ sư", "Kỹ thuật điện"),
        (f"{kind_word.capitalize()} {place}", "Chủ hộ kinh doanh", "Kinh tế"),
        (f"{kind_word.capitalize()} {place}", "Kỹ sư", "Công nghệ thông tin"),
    ]


SOCIETIES: list[dict] = [
    # khối cơ quan, doanh nghiệp, trường học (13)
    {
        "name": "Hội KH&KT cơ quan Chính quyền",
        "kind": SocietyKind.AGENCY,
        "founded_on": D(2004, 3, 15),
        "end_count": 85,
        "jobs": [
            ("UBND thị xã Hồng Lĩnh", "Chuyên viên", "Quản lý hành chính"),
            ("Phòng Kinh tế thị xã", "Chuyên viên", "Kinh tế"),
            ("Phòng Tài chính - Kế hoạch thị xã", "Chuyên viên", "Tài chính - Kế toán"),
            ("Phòng Quản lý đô thị thị xã", "Chuyên viên", "Xây dựng"),
            ("Phòng Tư pháp thị xã", "Chuyên viên", "Luật"),
            ("Phòng Tài nguyên và Môi trường thị xã", "Chuyên viên", "Môi trường"),
            ("Văn phòng HĐND và UBND thị xã", "Chuyên viên", "Công nghệ thông tin"),
        ],
    },
    {
        "name": "Hội KH&KT cơ quan Khối dân",
        "kind": SocietyKind.AGENCY,
        "founded_on": D(2006, 9, 1),
        "end_count": 60,
        "jobs": [
            ("Ủy ban MTTQ Việt Nam thị xã", "Chuyên viên", "Khoa học xã hội"),
            ("Ban Tuyên giáo Thị ủy", "Chuyên viên", "Chính trị học"),
            ("Hội Nông dân thị xã", "Cán bộ", "Nông nghiệp"),
            ("Hội Liên hiệp Phụ nữ thị xã", "Cán bộ", "Xã hội học"),
            ("Thị đoàn Hồng Lĩnh", "Cán bộ", "Quản lý văn hóa"),
            ("Liên đoàn Lao động thị xã", "Cán bộ", "Kinh tế"),
        ],
    },
    {
        "name": "Hội KH&KT Trung tâm Y tế",
        "kind": SocietyKind.HEALTH,
        "founded_on": D(2003, 5, 20),
        "end_count": 95,
        "jobs": [
            ("Trung tâm Y tế thị xã Hồng Lĩnh", "Bác sĩ", "Y học"),
            ("Trung tâm Y tế thị xã Hồng Lĩnh", "Bác sĩ", "Y học"),
            ("Trung tâm Y tế thị xã Hồng Lĩnh", "Điều dưỡng", "Điều dưỡng"),
            ("Trung tâm Y tế thị xã Hồng Lĩnh", "Dược sĩ", "Dược học"),
            ("Trung tâm Y tế thị xã Hồng Lĩnh", "Kỹ thuật viên xét nghiệm", "Xét nghiệm y học"),
            ("Trung tâm Y tế thị xã Hồng Lĩnh", "Bác sĩ", "Y tế công cộng"),
        ],
    },
    {
        "name": "Hội KH&KT Trường Trung cấp Kỹ nghệ",
        "kind": SocietyKind.SCHOOL,
        "founded_on": D(2008, 11, 20),
        "end_count": 55,
        "jobs": [
            ("Trường Trung cấp Kỹ nghệ Hà Tĩnh", "Giáo viên", "Cơ khí chế tạo"),
            ("Trường Trung cấp Kỹ nghệ Hà Tĩnh", "Giáo viên", "Điện công nghiệp"),
            ("Trường Trung cấp Kỹ nghệ Hà Tĩnh", "Giáo viên", "Công nghệ ô tô"),
            ("Trường Trung cấp Kỹ nghệ Hà Tĩnh", "Giáo viên", "Tin học"),
            ("Trường Trung cấp Kỹ nghệ Hà Tĩnh", "Cán bộ đào tạo", "Quản lý giáo dục"),
        ],
    },
    {
        "name": "Hội KH&KT Bệnh viện đa khoa Hồng Hà",
        "kind": SocietyKind.HEALTH,
        "founded_on": D(2014, 6, 10),
        "end_count": 70,
        "jobs": [
            ("Bệnh viện đa khoa Hồng Hà", "Bác sĩ", "Y học"),
            ("Bệnh viện đa khoa Hồng Hà", "Bác sĩ", "Chẩn đoán hình ảnh"),
            ("Bệnh viện đa khoa Hồng Hà", "Điều dưỡng", "Điều dưỡng"),
            ("Bệnh viện đa khoa Hồng Hà", "Kỹ thuật viên xét nghiệm", "Xét nghiệm y học"),
            ("Bệnh viện đa khoa Hồng Hà", "Dược sĩ", "Dược học"),
        ],
    },
    {
        "name": "Chi hội KH&KT các trường học",
        "kind": SocietyKind.SCHOOL,
        "founded_on": D(2005, 10, 15),
        "end_count": 110,
        "jobs": [
            ("Trường THCS Bắc Hồng", "Giáo viên", "Toán học"),
            ("Trường TH Bắc Hồng", "Giáo viên", "Giáo dục tiểu học"),
            ("Trường TH Trung Lương", "Giáo viên", "Giáo dục tiểu học"),
            ("Trường THCS Nam Hồng", "Giáo viên", "Ngữ văn"),
            ("Trường THCS Đức Thuận", "Giáo viên", "Vật lý"),
            ("Trường THCS Đậu Liêu", "Giáo viên", "Địa lý"),
            ("Phòng Giáo dục và Đào tạo thị xã", "Chuyên viên", "Quản lý giáo dục"),
            ("Trường TH Nam Hồng", "Giáo viên", "Tiếng Anh"),
        ],
    },
    {
        "name": "Hội KH&KT Công ty CP VLXD Lam Hồng",
        "kind": SocietyKind.ENTERPRISE,
        "founded_on": D(2010, 4, 2),
        "end_count": 40,
        "jobs": [
            ("Công ty Cổ phần VLXD Lam Hồng", "Kỹ sư", "Vật liệu xây dựng"),
            ("Công ty Cổ phần VLXD Lam Hồng", "Kỹ thuật viên", "Hóa silicat"),
            ("Công ty Cổ phần VLXD Lam Hồng", "Quản đốc phân xưởng", "Cơ khí"),
            ("Công ty Cổ phần VLXD Lam Hồng", "Kế toán", "Tài chính - Kế toán"),
        ],
    },
    {
        "name": "Hội KH&KT Công ty TNHH Núi Hồng",
        "kind": SocietyKind.ENTERPRISE,
        "founded_on": D(2011, 8, 18),
        "end_count": 35,
        "jobs": [
            ("Công ty TNHH Núi Hồng", "Kỹ sư", "Cơ khí"),
            ("Công ty TNHH Núi Hồng", "Kỹ sư", "Luyện kim"),
            ("Công ty TNHH Núi Hồng", "Kỹ thuật viên", "Kỹ thuật điện"),
            ("Công ty TNHH Núi Hồng", "Kế toán", "Tài chính - Kế toán"),
        ],
    },
    {
        "name": "Hội KH&KT Trung tâm Ứng dụng KHKT&BVCTVN",
        "kind": SocietyKind.OTHER,
        "founded_on": D(2009, 2, 25),
        "end_count": 30,
        "jobs": [
            ("Trung tâm Ứng dụng KHKT&BVCTVN thị xã", "Kỹ sư nông nghiệp", "Nông nghiệp"),
            ("Trung tâm Ứng dụng KHKT&BVCTVN thị xã", "Kỹ sư", "Bảo vệ thực vật"),
            ("Trung tâm Ứng dụng KHKT&BVCTVN thị xã", "Bác sĩ thú y", "Thú y"),
            ("Trung tâm Ứng dụng KHKT&BVCTVN thị xã", "Kỹ sư", "Nuôi trồng thủy sản"),
        ],
    },
    {
        "name": "Hội KH&KT Trung tâm Văn hóa - Truyền thông",
        "kind": SocietyKind.OTHER,
        "founded_on": D(2012, 12, 5),
        "end_count": 25,
        "jobs": [
            ("Trung tâm Văn hóa - Truyền thông thị xã", "Phóng viên", "Báo chí - Truyền thông"),
            ("Trung tâm Văn hóa - Truyền thông thị xã", "Biên tập viên", "Văn hóa học"),
            ("Trung tâm Văn hóa - Truyền thông thị xã", "Diễn viên", "Âm nhạc"),
            ("Trung tâm Văn hóa - Truyền thông thị xã", "Họa sĩ", "Mỹ thuật"),
        ],
    },
    {
        "name": "Hội KH&KT Trung tâm Hành chính công",
        "kind": SocietyKind.AGENCY,
        "founded_on": D(2016, 5, 19),
        "end_count": 20,
        "jobs": [
            ("Trung tâm Hành chính công thị xã Hồng Lĩnh", "Chuyên viên", "Công nghệ thông tin"),
            ("Trung tâm Hành chính công thị xã Hồng Lĩnh", "Chuyên viên", "Luật"),
            ("Trung tâm Hành chính công thị xã Hồng Lĩnh", "Chuyên viên", "Quản lý hành chính"),
        ],
    },
    {
        "name": "Hội KH&KT Nhà máy bia Hà Nội - Nghệ Tĩnh",
        "kind": SocietyKind.ENTERPRISE,
        "founded_on": D(2015, 9, 9),
        "end_count": 45,
        "jobs": [
            ("Nhà máy bia Hà Nội - Nghệ Tĩnh", "Kỹ sư", "Công nghệ thực phẩm"),
            ("Nhà máy bia Hà Nội - Nghệ Tĩnh", "Kỹ sư", "Công nghệ sinh học"),
            ("Nhà máy bia Hà Nội - Nghệ Tĩnh", "Kỹ sư", "Tự động hóa"),
            ("Nhà máy bia Hà Nội - Nghệ Tĩnh", "Kỹ thuật viên", "Cơ điện"),
        ],
    },
    {
        "name": "Hội KH&KT Trường THPT Hồng Lĩnh",
        "kind": SocietyKind.SCHOOL,
        "founded_on": D(2007, 11, 20),
        "end_count": 50,
        "jobs": [
            ("Trường THPT Hồng Lĩnh", "Giáo viên", "Toán học"),
            ("Trường THPT Hồng Lĩnh", "Giáo viên", "Vật lý"),
            ("Trường THPT Hồng Lĩnh", "Giáo viên", "Hóa học"),
            ("Trường THPT Hồng Lĩnh", "Giáo viên", "Sinh học"),
            ("Trường THPT Hồng Lĩnh", "Giáo viên", "Lịch sử"),
            ("Trường THPT Hồng Lĩnh", "Giáo viên", "Tin học"),
        ],
    },
    # phường, xã (06)
    {
        "name": "Hội KH&KT phường Bắc Hồng",
        "kind": SocietyKind.WARD,
        "founded_on": D(2002, 8, 20),
        "end_count": 190,
        "jobs": _ward_jobs("phường", "Bắc Hồng"),
    },
    {
        "name": "Hội KH&KT phường Nam Hồng",
        "kind": SocietyKind.WARD,
        "founded_on": D(2002, 9, 5),
        "end_count": 180,
        "jobs": _ward_jobs("phường", "Nam Hồng"),
    },
    {
        "name": TRUNG_LUONG,
        "kind": SocietyKind.WARD,
        "founded_on": D(2003, 3, 26),
        "end_count": 200,
        "jobs": _ward_jobs("phường", "Trung Lương"),
    },
    {
        "name": "Hội KH&KT phường Đức Thuận",
        "kind": SocietyKind.WARD,
        "founded_on": D(2004, 7, 12),
        "end_count": 150,
        "jobs": _ward_jobs("phường", "Đức Thuận"),
    },
    {
        "name": "Hội KH&KT phường Đậu Liêu",
        "kind": SocietyKind.WARD,
        "founded_on": D(2005, 4, 8),
        "end_count": 140,
        "jobs": _ward_jobs("phường", "Đậu Liêu"),
    },
    {
        "name": "Hội KH&KT xã Thuận Lộc",
        "kind": SocietyKind.COMMUNE,
        "founded_on": D(2006, 6, 16),
        "end_count": 120,
        "jobs": _ward_jobs("xã", "Thuận Lộc"),
    },
]

# Where doctors, teachers and officials who also join their ward's society come from.
SHARING_SOCIETIES = (
    "Hội KH&KT Trung tâm Y tế",
    "Hội KH&KT Bệnh viện đa khoa Hồng Hà",
    "Chi hội KH&KT các trường học",
    "Hội KH&KT cơ quan Chính quyền",
    "Hội KH&KT cơ quan Khối dân",
    "Hội KH&KT Trường THPT Hồng Lĩnh",
)

FEMALE_SHARE = {
    SocietyKind.HEALTH: 0.65,
    SocietyKind.SCHOOL: 0.68,
    SocietyKind.AGENCY: 0.45,
    SocietyKind.ENTERPRISE: 0.28,
    SocietyKind.OTHER: 0.45,
    SocietyKind.WARD: 0.45,
    SocietyKind.COMMUNE: 0.42,
}

# (qualification, weight): mostly bachelor, some master, a few doctorate, college, vocational.
QUALIFICATIONS = {
    "default": [("bachelor", 70), ("master", 12), ("doctorate", 1), ("college", 10),
                ("vocational", 7)],
    SocietyKind.HEALTH: [("bachelor", 60), ("master", 20), ("doctorate", 3), ("college", 14),
                         ("vocational", 3)],
    SocietyKind.ENTERPRISE: [("bachelor", 55), ("master", 5), ("college", 20),
                             ("vocational", 20)],
}  # fmt: skip

LEAVE_REASONS = [
    ("Chuyển công tác", 45),
    ("Nghỉ hưu", 35),
    ("Chuyển nơi cư trú", 12),
    ("Xin thôi tham gia hội", 8),
]

# --- names -------------------------------------------------------------------------------------

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


def _pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def _full_name(rng: random.Random, gender: str) -> str:
    family = _pick(rng, FAMILY_NAMES)
    if gender == "female":
        return _nfc(f"{family} {_pick(rng, FEMALE_MIDDLE)} {rng.choice(FEMALE_GIVEN)}")
    return _nfc(f"{family} {_pick(rng, MALE_MIDDLE)} {rng.choice(MALE_GIVEN)}")


def _date_between(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return D.fromordinal(rng.randint(start.toordinal(), end.toordinal()))


def _apportion(total: int, weights: list[int]) -> list[int]:
    """Split `total` in proportion to `weights` (largest remainder); the parts sum to `total`."""
    whole = sum(weights)
    exact = [total * w / whole for w in weights]
    parts = [int(x) for x in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: (parts[i] - exact[i], i))
    for i in by_remainder[: total - sum(parts)]:
        parts[i] += 1
    return parts


# --- the plan (everything decided in memory, then written with bulk_create) ----------------------


@dataclass
class _Person:
    full_name: str
    gender: str
    birth_year: int
    qualification: str
    field: str
    workplace: str
    position: str
    email: str = ""
    typical_intellectual_year: int | None = None
    obj: Member | None = None


@dataclass
class _Row:
    society: int  # index into SOCIETIES
    person: _Person
    joined_on: datetime.date
    left_on: datetime.date | None = None
    leave_reason: str = ""
    status: str = "stay"  # stay, leave, join, transient, historic


@dataclass
class _Seat:
    person: _Person
    body: str
    position: str
    society: int | None
    started_on: datetime.date
    ended_on: datetime.date | None = None
    leave_reason: str = ""


@dataclass
class _Plan:
    rows: list[_Row] = field(default_factory=list)
    seats: list[_Seat] = field(default_factory=list)
    member_awards: list[tuple[_Person, int]] = field(default_factory=list)
    contacts: dict[int, str] = field(default_factory=dict)


def _new_person(rng: random.Random, society: dict, joined_on: datetime.date) -> _Person:
    kind = society["kind"]
    workplace, position, field_ = rng.choice(society["jobs"])
    female_share = 0.95 if workplace.startswith("Trường Mầm non") else FEMALE_SHARE[kind]
    gender = "female" if rng.random() < female_share else "male"
    if position == "Hội viên hưu trí":
        birth_year = rng.randint(1946, 1963)
    else:
        birth_year = min(rng.randint(1958, 1998), joined_on.year - 22)
    return _Person(
        full_name=_full_name(rng, gender),
        gender=gender,
        birth_year=birth_year,
        qualification=_pick(rng, QUALIFICATIONS.get(kind, QUALIFICATIONS["default"])),
        field=field_,
        workplace=workplace,
        position=position,
    )


def _plan(rng: random.Random) -> _Plan:
    plan = _Plan()
    index = {s["name"]: i for i, s in enumerate(SOCIETIES)}
    ends = [s["end_count"] for s in SOCIETIES]
    joins = _apportion(JOINED_IN_TERM, ends)
    leaves = _apportion(LEFT_IN_TERM, ends)
    before_term = TERM_START - datetime.timedelta(days=1)

    stayers: dict[int, list[_Row]] = {}
    leavers: dict[int, list[_Row]] = {}
    for i, society in enumerate(SOCIETIES):
        founded = society["founded_on"]
        stayers[i], leavers[i] = [], []
        for _ in range(society["end_count"] - joins[i]):
            joined = _date_between(rng, founded, before_term)
            row = _Row(i, _new_person(rng, society, joined), joined)
            stayers[i].append(row)
        for _ in range(leaves[i]):
            joined = _date_between(rng, founded, before_term)
            left = _date_between(rng, D(2018, 8, 1), D(2023, 11, 30))
            reason = _pick(rng, LEAVE_REASONS)
            row = _Row(i, _new_person(rng, society, joined), joined, left, reason, "leave")
            leavers[i].append(row)
        for _ in range(joins[i]):
            joined = _date_between(rng, D(2018, 7, 15), D(2023, 11, 30))
            row = _Row(i, _new_person(rng, society, joined), joined, status="join")
            plan.rows.append(row)
        plan.rows += stayers[i] + leavers[i]

    # Joined and left within the term, and former members who left before it.
    for _ in range(TRANSIENT):
        i = rng.randrange(len(SOCIETIES))
        joined = _date_between(rng, D(2018, 9, 1), D(2021, 12, 31))
        left = _date_between(rng, joined + datetime.timedelta(days=180), D(2023, 11, 30))
        person = _new_person(rng, SOCIETIES[i], joined)
        plan.rows.append(_Row(i, person, joined, left, _pick(rng, LEAVE_REASONS), "transient"))
    old_societies = [i for i, s in enumerate(SOCIETIES) if s["founded_on"] < D(2012, 1, 1)]
    for _ in range(HISTORIC):
        i = rng.choice(old_societies)
        joined = _date_between(rng, SOCIETIES[i]["founded_on"], D(2013, 12, 31))
        left = _date_between(rng, D(2015, 1, 1), D(2018, 6, 30))
        person = _new_person(rng, SOCIETIES[i], joined)
        plan.rows.append(_Row(i, person, joined, left, _pick(rng, LEAVE_REASONS), "historic"))

    # Sharing: a doctor, teacher or official also belongs to the society of the ward they live in.
    local = [
        i for i, s in enumerate(SOCIETIES) if s["kind"] in (SocietyKind.WARD, SocietyKind.COMMUNE)
    ]
    pool = [row for name in SHARING_SOCIETIES for row in stayers[index[name]]]
    ward_pool = [row for i in local for row in stayers[i]]
    for inst_row, ward_row in zip(
        rng.sample(pool, SHARED_PEOPLE), rng.sample(ward_pool, SHARED_PEOPLE), strict=True
    ):
        ward_row.person = inst_row.person
        adult = D(inst_row.person.birth_year + 22, 1, 1)
        ward_row.joined_on = max(ward_row.joined_on, adult)

    # Seats and honours go to people not yet picked; the shared people are left out of them.
    taken: set[int] = {id(r.person) for r in ward_pool} & {id(r.person) for r in pool}

    def take_stayer(society_name: str) -> _Row:
        for row in stayers[index[society_name]]:
            if id(row.person) not in taken:
                taken.add(id(row.person))
                return row
        raise RuntimeError(f"No stayer left in {society_name}")

    def take_leaver(society_name: str, left_on: datetime.date, reason: str) -> _Row:
        for row in leavers[index[society_name]]:
            if id(row.person) not in taken:
                taken.add(id(row.person))
                row.left_on = left_on
                row.leave_reason = reason
                return row
        raise RuntimeError(f"No leaver left in {society_name}")

    _plan_union_committee(plan, take_stayer, take_leaver)
    _plan_society_committees(plan, take_stayer, take_leaver)
    _plan_honours(plan, take_stayer)
    _plan_emails(plan, rng)
    return plan


def _plan_union_committee(plan: _Plan, take_stayer, take_leaver) -> None:
    """The union's BCH, term IV: 17 seats from 01/07/2018; 03 left (transfer, retirement)."""
    chair = take_stayer("Hội KH&KT cơ quan Chính quyền").person
    chair.position, chair.qualification = "Phó Chủ tịch UBND thị xã", "master"
    vice_1 = take_stayer("Hội KH&KT cơ quan Khối dân").person
    vice_1.position = "Phó Chủ tịch Ủy ban MTTQ Việt Nam thị xã"
    vice_2 = take_stayer("Hội KH&KT Trung tâm Y tế").person
    vice_2.position, vice_2.field, vice_2.qualification = "Giám đốc", "Y học", "master"
    vice_2.workplace = "Trung tâm Y tế thị xã Hồng Lĩnh"
    officers = [(chair, CommitteePosition.CHAIR), (vice_1, CommitteePosition.VICE_CHAIR),
                (vice_2, CommitteePosition.VICE_CHAIR)]  # fmt: skip
    members = [
        take_stayer(name).person
        for name in (
            "Hội KH&KT phường Bắc Hồng",
            "Hội KH&KT phường Nam Hồng",
            TRUNG_LUONG,
            "Hội KH&KT phường Đức Thuận",
            "Hội KH&KT phường Đậu Liêu",
            "Hội KH&KT xã Thuận Lộc",
            "Hội KH&KT Bệnh viện đa khoa Hồng Hà",
            "Chi hội KH&KT các trường học",
            "Hội KH&KT Công ty CP VLXD Lam Hồng",
            "Hội KH&KT Trung tâm Văn hóa - Truyền thông",
            "Hội KH&KT Trường THPT Hồng Lĩnh",
        )
    ]
    for person, position in officers + [(p, CommitteePosition.MEMBER) for p in members]:
        plan.seats.append(_Seat(person, CommitteeBody.BCH, position, None, TERM_START))
    # BTV: the chair, both vice chairs and two members of the BCH.
    for person, position in officers + [(p, CommitteePosition.MEMBER) for p in members[:2]]:
        plan.seats.append(_Seat(person, CommitteeBody.BTV, position, None, TERM_START))
    # Those who left: their seat ends the day their membership does.
    for society, left_on, reason, membership_reason in (
        ("Hội KH&KT Trung tâm Ứng dụng KHKT&BVCTVN", D(2020, 4, 1), LeaveReason.RETIREMENT,
         "Nghỉ hưu"),
        ("Hội KH&KT Trường Trung cấp Kỹ nghệ", D(2021, 8, 16), LeaveReason.TRANSFER,
         "Chuyển công tác"),
        ("Hội KH&KT Công ty TNHH Núi Hồng", D(2022, 10, 3), LeaveReason.TRANSFER,
         "Chuyển công tác"),
    ):  # fmt: skip
        row = take_leaver(society, left_on, membership_reason)
        plan.seats.append(
            _Seat(
                row.person,
                CommitteeBody.BCH,
                CommitteePosition.MEMBER,
                None,
                TERM_START,
                left_on,
                reason,
            )  # fmt: skip
        )


# Societies that re-filled a post of their BCH during the term ("kiện toàn các chức danh").
RENEWED = {
    TRUNG_LUONG: (CommitteePosition.CHAIR, D(2019, 9, 2), LeaveReason.RETIREMENT, "Nghỉ hưu"),
    "Hội KH&KT phường Nam Hồng": (
        CommitteePosition.VICE_CHAIR, D(2020, 11, 16), LeaveReason.TRANSFER, "Chuyển công tác"),
    "Hội KH&KT Trung tâm Y tế": (
        CommitteePosition.VICE_CHAIR, D(2021, 3, 1), LeaveReason.TRANSFER, "Chuyển công tác"),
    "Hội KH&KT Trường Trung cấp Kỹ nghệ": (
        CommitteePosition.CHAIR, D(2022, 6, 1), LeaveReason.RETIREMENT, "Nghỉ hưu"),
}  # fmt: skip


def _plan_society_committees(plan: _Plan, take_stayer, take_leaver) -> None:
    """Every society's BCH from the term start; four of them re-filled a post during the term."""
    for i, society in enumerate(SOCIETIES):
        name = society["name"]
        size = 5 if society["end_count"] >= 100 else 3
        positions = [CommitteePosition.CHAIR, CommitteePosition.VICE_CHAIR] + [
            CommitteePosition.MEMBER
        ] * (size - 2)
        chair_person = None
        for position in positions:
            renewed = RENEWED.get(name)
            if renewed and renewed[0] == position:
                _, left_on, reason, membership_reason = renewed
                leaver = take_leaver(name, left_on, membership_reason).person
                plan.seats.append(
                    _Seat(leaver, CommitteeBody.BCH, position, i, TERM_START, left_on, reason)
                )
                successor = take_stayer(name).person
                started = left_on + datetime.timedelta(days=24)
                plan.seats.append(_Seat(successor, CommitteeBody.BCH, position, i, started))
                holder = successor
            else:
                holder = take_stayer(name).person
                plan.seats.append(_Seat(holder, CommitteeBody.BCH, position, i, TERM_START))
            if position == CommitteePosition.CHAIR:
                chair_person = holder
        plan.contacts[i] = f"{chair_person.full_name} (Chủ tịch hội)"


def _plan_honours(plan: _Plan, take_stayer) -> None:
    """03 outstanding intellectuals; 03 people with a VUSTA Bằng khen."""
    for society, year in (
        ("Hội KH&KT Trung tâm Y tế", 2019),
        ("Chi hội KH&KT các trường học", 2021),
        (TRUNG_LUONG, 2023),
    ):
        person = take_stayer(society).person
        person.qualification = "doctorate" if year == 2019 else "master"
        person.typical_intellectual_year = year
    for society, year in (
        ("Hội KH&KT Trung tâm Y tế", 2019),
        ("Hội KH&KT Công ty TNHH Núi Hồng", 2021),
        ("Hội KH&KT phường Bắc Hồng", 2023),
    ):
        plan.member_awards.append((take_stayer(society).person, year))


def _plan_emails(plan: _Plan, rng: random.Random) -> None:
    seen: set[str] = set()
    people = {id(r.person): r.person for r in plan.rows}.values()
    for person in people:
        if rng.random() >= 0.3:
            continue
        parts = fold(person.full_name).split()
        local = f"{parts[-1]}.{''.join(p[0] for p in parts[:-1])}{person.birth_year % 100:02d}"
        email, n = f"{local}@example.com", 1
        while email in seen:
            n += 1
            email = f"{local}{n}@example.com"
        seen.add(email)
        person.email = email


# --- activities and commendations (from the seed report) -----------------------------------------

_UD = "Trung tâm Ứng dụng tiến bộ KHKT và bảo vệ cây trồng vật nuôi thị xã"
_VHTT = "Trung tâm Văn hóa - Truyền thông thị xã"

# (date, kind, title, society name or None, partners, participants, amount in VND)
ACTIVITIES = [
    (D(2018, 7, 10), ActivityKind.OTHER,
     "Hội nghị BCH Liên hiệp hội khóa IV phiên thứ nhất: bầu các chức danh, phân công nhiệm vụ",
     None, "", 17, None),
    (D(2018, 9, 12), ActivityKind.TRAINING, "Tập huấn kỹ thuật chăn nuôi gà an toàn sinh học",
     "Hội KH&KT xã Thuận Lộc", _UD, 65, None),
    (D(2018, 10, 17), ActivityKind.FUNDRAISING, "Vận động ủng hộ Quỹ vì người nghèo năm 2018",
     None, "Ủy ban MTTQ Việt Nam thị xã", 320, 8_500_000),
    (D(2018, 11, 20), ActivityKind.TRAINING,
     "Tập huấn kỹ thuật gieo trồng, chăm sóc cây rau màu vụ Đông 2018",
     "Hội KH&KT phường Đức Thuận", _UD, 70, None),
    (D(2019, 1, 10), ActivityKind.TRAINING, "Tập huấn kỹ thuật sản xuất lúa vụ Xuân 2019",
     "Hội KH&KT xã Thuận Lộc", _UD, 90, None),
    (D(2019, 3, 20), ActivityKind.COMMUNICATION,
     "Tuyên truyền Hội thi Sáng tạo kỹ thuật và Cuộc thi Sáng tạo thanh thiếu niên nhi đồng "
     "(in tờ rơi, pano)", None, "Liên hiệp các Hội KH&KT tỉnh Hà Tĩnh", 400, None),
    (D(2019, 5, 22), ActivityKind.TRAINING, "Tập huấn kỹ thuật sản xuất lúa vụ Hè Thu 2019",
     "Hội KH&KT phường Đậu Liêu", _UD, 75, None),
    (D(2019, 6, 12), ActivityKind.DEMONSTRATION,
     "Mô hình nuôi bò thịt chất lượng cao liên kết với doanh nghiệp", "Hội KH&KT xã Thuận Lộc",
     _UD, 30, None),
    (D(2019, 7, 25), ActivityKind.FUNDRAISING,
     "Ủng hộ nạn nhân chất độc da cam/dioxin nhân ngày Thương binh - Liệt sĩ", None,
     "Hội Nạn nhân chất độc da cam/dioxin thị xã", 180, 6_000_000),
    (D(2019, 8, 27), ActivityKind.WORKSHOP,
     "Hội thảo chuyên đề giải pháp nâng cao hiệu quả sử dụng đất nông nghiệp",
     "Hội KH&KT cơ quan Chính quyền", "Các hội chuyên ngành nông nghiệp tỉnh Hà Tĩnh", 85, None),
    (D(2019, 10, 8), ActivityKind.TRAINING, "Tập huấn kỹ thuật trồng rau màu vụ Đông 2019",
     "Hội KH&KT phường Nam Hồng", _UD, 60, None),
    (D(2019, 11, 19), ActivityKind.COOPERATION,
     "Lớp đào tạo \"Cơ hội và thách thức cho nhà quản trị trong thời đại công nghệ 4.0\"",
     "Hội KH&KT cơ quan Chính quyền", "Phòng Thương mại và Công nghiệp Việt Nam (VCCI)", 60,
     None),
    (D(2019, 12, 18), ActivityKind.COOPERATION,
     "Phối hợp tổ chức tổng kết Cuộc thi Sáng tạo thanh thiếu niên nhi đồng toàn tỉnh", None,
     "Liên hiệp các Hội KH&KT tỉnh Hà Tĩnh", 250, None),
    (D(2020, 1, 14), ActivityKind.TRAINING,
     "Tập huấn kỹ thuật bọc mạ che phủ nilon, sản xuất lúa vụ Xuân 2020",
     "Hội KH&KT xã Thuận Lộc", _UD, 85, None),
    (D(2020, 4, 21), ActivityKind.DEMONSTRATION, "Mô hình nuôi gà liên kết",
     "Hội KH&KT phường Đức Thuận", _UD, 25, None),
    (D(2020, 6, 16), ActivityKind.TRAINING, "Tập huấn phòng trừ sâu bệnh hại lúa vụ Hè Thu 2020",
     TRUNG_LUONG, _UD, 55, None),
    (D(2020, 7, 8), ActivityKind.COOPERATION,
     "Chuyển giao công nghệ xét nghiệm: đếm số lượng vi rút viêm gan B, C; nội tiết, ung thư",
     "Hội KH&KT Trung tâm Y tế", "Bệnh viện Đa khoa Medlatec (Hà Nội)", 35, None),
    (D(2020, 9, 15), ActivityKind.DEMONSTRATION,
     "Mô hình sinh kế chăn nuôi gà theo hướng an toàn sinh học", "Hội KH&KT phường Nam Hồng",
     _UD, 18, None),
    (D(2020, 10, 28), ActivityKind.FUNDRAISING,
     "Ủng hộ đồng bào miền Trung bị thiệt hại do bão lụt", None, "Ủy ban MTTQ Việt Nam thị xã",
     410, 12_000_000),
    (D(2020, 11, 5), ActivityKind.TRAINING, "Tập huấn phân loại, xử lý rác thải hộ gia đình",
     "Hội KH&KT phường Bắc Hồng", "Phòng Tài nguyên và Môi trường thị xã", 120, None),
    (D(2020, 12, 10), ActivityKind.COMMUNICATION,
     "Viết bài giới thiệu mô hình ứng dụng tiến bộ KHKT đăng trên báo Khoa học & Cuộc sống",
     None, "Báo Khoa học & Cuộc sống", None, None),
    (D(2021, 1, 12), ActivityKind.TRAINING, "Tập huấn kỹ thuật sản xuất lúa vụ Xuân 2021",
     "Hội KH&KT phường Đức Thuận", _UD, 80, None),
    (D(2021, 3, 23), ActivityKind.COOPERATION,
     "Chuyển giao kỹ thuật chụp, chiếu công nghệ cao và một số xét nghiệm phức tạp",
     "Hội KH&KT Bệnh viện đa khoa Hồng Hà", "Bệnh viện Bạch Mai", 30, None),
    (D(2021, 5, 18), ActivityKind.TRAINING, "Tập huấn kỹ thuật chăn nuôi gà an toàn",
     "Hội KH&KT phường Đậu Liêu", _UD, 50, None),
    (D(2021, 6, 10), ActivityKind.FUNDRAISING, "Ủng hộ Quỹ phòng, chống dịch Covid-19", None,
     "Ủy ban MTTQ Việt Nam thị xã", 520, 10_000_000),
    (D(2021, 7, 13), ActivityKind.DEMONSTRATION, "Mô hình nuôi lươn không bùn",
     "Hội KH&KT phường Đậu Liêu", _UD, 20, None),
    (D(2021, 9, 14), ActivityKind.WORKSHOP,
     "Hội thảo nâng cao chất lượng hoạt động tư vấn, phản biện và giám định xã hội của Hội "
     "KH&KT các cấp", "Hội KH&KT cơ quan Khối dân", "Liên hiệp các Hội KH&KT tỉnh Hà Tĩnh", 70,
     None),
    (D(2021, 10, 12), ActivityKind.TRAINING,
     "Tập huấn kỹ thuật gieo trồng giống cây ăn quả mới vụ Đông 2021", "Hội KH&KT xã Thuận Lộc",
     _UD, 45, None),
    (D(2021, 11, 9), ActivityKind.COMMUNICATION,
     "Hướng dẫn hội viên tham gia cuộc thi tìm hiểu pháp luật về Bảo hiểm xã hội", None,
     "Ban chỉ đạo cải cách hành chính thị xã", 230, None),
    (D(2022, 1, 11), ActivityKind.TRAINING, "Tập huấn kỹ thuật gieo cấy giống lúa mới vụ Xuân 2022",
     "Hội KH&KT xã Thuận Lộc", _UD, 95, None),
    (D(2022, 3, 15), ActivityKind.COMMUNICATION,
     "Tuyên truyền thực hiện Đề án 06 về định danh và xác thực điện tử", None,
     "Công an thị xã Hồng Lĩnh", 150, None),
    (D(2022, 5, 24), ActivityKind.TRAINING,
     "Tập huấn ứng dụng công nghệ thông tin và phổ biến pháp luật", "Hội KH&KT cơ quan Chính quyền",
     "Sở Thông tin và Truyền thông; Sở Tư pháp", 110, None),
    (D(2022, 6, 14), ActivityKind.COOPERATION,
     "Ứng dụng kỹ thuật điều trị đục thủy tinh thể bằng phương pháp Phaco",
     "Hội KH&KT Trung tâm Y tế", "Bệnh viện Mắt Trung ương", 25, None),
    (D(2022, 7, 20), ActivityKind.COMMUNICATION,
     "Xây dựng phóng sự, phim tài liệu về 30 năm thành lập thị xã", None, _VHTT, 12, None),
    (D(2022, 8, 15), ActivityKind.PUBLICATION,
     "Xuất bản sách \"Hồng Lĩnh tiềm năng và cơ hội đầu tư\"", None, _VHTT, None, None),
    (D(2022, 8, 15), ActivityKind.PUBLICATION, "Xuất bản sách nhạc \"Hồng Lĩnh khúc tình ca\"",
     None, _VHTT, None, None),
    (D(2022, 8, 20), ActivityKind.COMMUNICATION,
     "Gắn biển 6 công trình chào mừng kỷ niệm 30 năm thành lập thị xã", None, TOWN_COMMITTEE,
     200, None),
    (D(2022, 8, 25), ActivityKind.COMMUNICATION,
     "Triển lãm ảnh \"Hồng Lĩnh 30 năm một chặng đường\"", None, _VHTT, 800, None),
    (D(2022, 8, 30), ActivityKind.COMMUNICATION,
     "Chuỗi sự kiện kỷ niệm 30 năm ngày thành lập thị xã Hồng Lĩnh", None,
     f"{TOWN_COMMITTEE}; {_VHTT}", 500, None),
    (D(2022, 9, 5), ActivityKind.FUNDRAISING, "Đóng góp Quỹ khuyến học, khuyến tài năm 2022",
     None, "Hội Khuyến học thị xã", 260, 7_500_000),
    (D(2022, 9, 20), ActivityKind.TRAINING, "Tập huấn kỹ thuật nuôi trồng thủy sản",
     "Hội KH&KT phường Đậu Liêu", _UD, 40, None),
    (D(2022, 10, 25), ActivityKind.COMMUNICATION,
     "Hướng dẫn hội viên tham gia cuộc thi trực tuyến tìm hiểu về cải cách hành chính", None,
     "Ban chỉ đạo cải cách hành chính thị xã", 340, None),
    (D(2023, 1, 10), ActivityKind.TRAINING, "Tập huấn kỹ thuật sản xuất lúa vụ Xuân 2023", None,
     _UD, 100, None),
    (D(2023, 4, 11), ActivityKind.WORKSHOP,
     "Hội thảo giải pháp nâng cao hiệu quả sản xuất nông nghiệp theo hướng hàng hóa", None,
     "Phòng Kinh tế thị xã", 65, None),
    (D(2023, 5, 16), ActivityKind.TRAINING, "Tập huấn kỹ thuật sản xuất lúa vụ Hè Thu 2023",
     "Hội KH&KT phường Nam Hồng", _UD, 70, None),
    (D(2023, 7, 20), ActivityKind.FUNDRAISING,
     "Vận động đóng góp xây nhà tình nghĩa, đền ơn đáp nghĩa", None,
     "Ủy ban MTTQ Việt Nam thị xã", 210, 5_000_000),
    (D(2023, 10, 17), ActivityKind.TRAINING, "Tập huấn kỹ thuật sản xuất rau màu vụ Đông 2023",
     "Hội KH&KT phường Đức Thuận", _UD, 65, None),
]  # fmt: skip

# (year, form, issuer, recipient society name or None for the union, reason)
COMMENDATIONS = [
    *[
        (year, CommendationForm.CERTIFICATE_OF_MERIT, VUSTA, None,
         f"Đã có thành tích xuất sắc trong hoạt động Liên hiệp hội năm {year}")
        for year in (2018, 2021, 2023)
    ],
    *[
        (year, CommendationForm.CERTIFICATE, PROVINCIAL_UNION, None,
         f"Hoàn thành xuất sắc nhiệm vụ năm {year}")
        for year in range(2018, 2024)
    ],
    (2019, CommendationForm.CERTIFICATE, PROVINCIAL_UNION, TRUNG_LUONG,
     "Có thành tích xuất sắc trong công tác xây dựng tổ chức hội"),
    (2020, CommendationForm.CERTIFICATE, TOWN_COMMITTEE, "Hội KH&KT Trung tâm Y tế",
     "Có thành tích xuất sắc trong phòng, chống dịch Covid-19"),
    (2021, CommendationForm.CERTIFICATE, PROVINCIAL_UNION, "Hội KH&KT phường Bắc Hồng",
     "Có thành tích trong Cuộc thi Sáng tạo thanh thiếu niên nhi đồng"),
    (2022, CommendationForm.CERTIFICATE, TOWN_COMMITTEE, "Chi hội KH&KT các trường học",
     "Có thành tích xuất sắc trong phong trào thi đua lao động sáng tạo"),
    (2023, CommendationForm.CERTIFICATE, PROVINCIAL_UNION, "Hội KH&KT phường Nam Hồng",
     "Có thành tích trong công tác phổ biến kiến thức KH&KT"),
]  # fmt: skip

# --- demo accounts -----------------------------------------------------------------------------

# (email, full name, role kind or "superuser", label shown in the logins table)
ACCOUNTS = [
    ("admin@demo.lienhiephoi.vn", "Đặng Minh Tuấn", "superuser", "Quản trị hệ thống"),
    ("staff@demo.lienhiephoi.vn", "Nguyễn Thị Thu Hà", RoleKind.STAFF,
     "Văn phòng Liên hiệp hội"),
    ("leader@demo.lienhiephoi.vn", "Trần Đình Hùng", RoleKind.LEADERSHIP,
     "Lãnh đạo (Ban Thường vụ)"),
    ("officer@demo.lienhiephoi.vn", "Lê Văn Lợi", RoleKind.OFFICER,
     f"Cán bộ hội cơ sở ({TRUNG_LUONG})"),
    ("expert@demo.lienhiephoi.vn", "Phan Thị Minh Nguyệt", RoleKind.EXPERT,
     "Chuyên gia tư vấn, phản biện"),
    ("judge@demo.lienhiephoi.vn", "Võ Quang Trung", RoleKind.JUDGE, "Giám khảo"),
]  # fmt: skip


def ensure_accounts(union: Union) -> list[dict]:
    """The demo accounts, one per role. Existing accounts keep their password."""
    hashed = None
    trung_luong = Society.objects.filter(union=union, name=TRUNG_LUONG).first()
    out = []
    for email, full_name, kind, label in ACCOUNTS:
        user = User.objects.filter(email=email).first()
        created = user is None
        if created:
            hashed = hashed or make_password(DEMO_PASSWORD)  # hash once for every account
            extra = {"is_staff": True, "is_superuser": True} if kind == "superuser" else {}
            user = User.objects.create_user(email, None, full_name=full_name, **extra)
            user.password = hashed
            user.save(update_fields=["password"])
        if kind != "superuser":
            trung_luong_only = [trung_luong] if kind == RoleKind.OFFICER and trung_luong else []
            role_assign(user=user, union=union, kind=kind, societies=trung_luong_only)
        out.append({"email": email, "password": DEMO_PASSWORD, "role": label, "created": created})
    return out


# --- loading -----------------------------------------------------------------------------------


def _write(plan: _Plan) -> dict:
    parent, _ = Union.objects.get_or_create(
        slug=PARENT_SLUG,
        defaults={
            "name": "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Hà Tĩnh",
            "short_name": "Liên hiệp hội tỉnh",
            "province": "Hà Tĩnh",
            "locality_kind": LocalityKind.PROVINCE,
            "address": "thành phố Hà Tĩnh, tỉnh Hà Tĩnh",
        },
    )
    union = Union.objects.create(
        slug=UNION_SLUG,
        name="Liên hiệp các Hội Khoa học và Kỹ thuật thị xã Hồng Lĩnh",
        short_name="Liên hiệp hội thị xã",
        parent=parent,
        province="Hà Tĩnh",
        district="Hồng Lĩnh",
        locality_kind=LocalityKind.TOWN,
        address="thị xã Hồng Lĩnh, tỉnh Hà Tĩnh",
        intellectuals_estimate=1850,
        uses_national_motto=True,
    )
    term = Term.objects.create(
        union=union, congress_number=4, label="2018 - 2023", starts_on=TERM_START, ends_on=TERM_END
    )
    Term.objects.create(
        union=union,
        congress_number=5,
        label="2024 - 2029",
        starts_on=D(2024, 1, 1),
        ends_on=D(2029, 12, 31),
    )
    societies = [
        Society.objects.create(
            union=union,
            name=s["name"],
            kind=s["kind"],
            founded_on=s["founded_on"],
            contact=plan.contacts.get(i, ""),
        )
        for i, s in enumerate(SOCIETIES)
    ]
    by_name = {s.name: s for s in societies}

    # People, numbered in the order they first joined.
    first_joined: dict[int, tuple[datetime.date, int, _Person]] = {}
    for n, row in enumerate(plan.rows):
        key = id(row.person)
        if key not in first_joined or row.joined_on < first_joined[key][0]:
            first_joined[key] = (row.joined_on, n, row.person)
    people = [p for _, _, p in sorted(first_joined.values(), key=lambda t: (t[0], t[1]))]
    members = []
    for number, person in enumerate(people, start=1):
        member = Member(
            union=union,
            member_code=f"HL{number:05d}",
            full_name=person.full_name,
            gender=person.gender,
            birth_year=person.birth_year,
            qualification=person.qualification,
            field=person.field,
            workplace=person.workplace,
            position=person.position,
            email=person.email,
            typical_intellectual_year=person.typical_intellectual_year,
        )
        member.search_text = member.build_search_text()
        person.obj = member
        members.append(member)
    Member.objects.bulk_create(members, batch_size=500)
    memberships = [
        Membership(
            member=row.person.obj,
            society=societies[row.society],
            joined_on=row.joined_on,
            left_on=row.left_on,
            leave_reason=row.leave_reason,
        )
        for row in sorted(plan.rows, key=lambda r: (r.joined_on, r.person.obj.member_code))
    ]
    Membership.objects.bulk_create(memberships, batch_size=500)
    CommitteeSeat.objects.bulk_create(
        CommitteeSeat(
            term=term,
            society=societies[seat.society] if seat.society is not None else None,
            member=seat.person.obj,
            body=seat.body,
            position=seat.position,
            started_on=seat.started_on,
            ended_on=seat.ended_on,
            leave_reason=seat.leave_reason,
        )
        for seat in plan.seats
    )
    Activity.objects.bulk_create(
        Activity(
            union=union,
            society=by_name[society] if society else None,
            kind=kind,
            title=_nfc(title),
            held_on=held_on,
            partners=partners,
            participants=participants,
            amount_vnd=amount,
        )
        for held_on, kind, title, society, partners, participants, amount in ACTIVITIES
    )
    commendations = [
        Commendation(
            union=union,
            recipient_type=RecipientType.SOCIETY if society else RecipientType.UNION,
            society=by_name[society] if society else None,
            form=form,
            issuer=issuer,
            year=year,
            reason=reason,
        )
        for year, form, issuer, society, reason in COMMENDATIONS
    ]
    commendations += [
        Commendation(
            union=union,
            recipient_type=RecipientType.MEMBER,
            member=person.obj,
            form=CommendationForm.CERTIFICATE_OF_MERIT,
            issuer=VUSTA,
            year=year,
            reason="Có thành tích xuất sắc trong hoạt động khoa học và công nghệ",
        )
        for person, year in plan.member_awards
    ]
    Commendation.objects.bulk_create(commendations)
    return {
        "union": union,
        "term": term,
        "societies": len(societies),
        "members": len(members),
        "memberships": len(memberships),
        "committee_seats": len(plan.seats),
        "activities": len(ACTIVITIES),
        "commendations": len(commendations),
    }


def load_demo(*, stdout=None) -> dict:
    """Load the demo data (once) and make sure of the demo accounts. Returns a summary."""
    started = time.perf_counter()
    with transaction.atomic():
        union = Union.objects.filter(slug=UNION_SLUG).first()
        summary: dict = {"created": union is None}
        if union is None:
            summary.update(_write(_plan(random.Random(SEED))))
            union = summary["union"]
        summary["union"] = union
        summary["accounts"] = ensure_accounts(union)
    summary["seconds"] = round(time.perf_counter() - started, 2)
    if stdout is not None:
        stdout.write(format_summary(summary))
        stdout.write(format_logins(summary["accounts"]))
    return summary


def _vn(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def format_summary(summary: dict) -> str:
    union = summary["union"]
    if not summary["created"]:
        return (
            f"Dữ liệu mẫu đã có sẵn ({union.name}); không nạp lại. "
            "Đã kiểm tra các tài khoản dùng thử.\n"
        )
    return (
        f"Đã nạp dữ liệu mẫu: {union.name} (nhiệm kỳ {summary['term'].label}) "
        f"trong {summary['seconds']} giây.\n"
        f"  Hội thành viên: {summary['societies']}\n"
        f"  Hội viên (người): {_vn(summary['members'])}; "
        f"lượt sinh hoạt hội: {_vn(summary['memberships'])}\n"
        f"  Ghế ủy viên BCH/BTV: {summary['committee_seats']}\n"
        f"  Hoạt động: {summary['activities']}; khen thưởng: {summary['commendations']}\n"
    )


def format_logins(accounts: list[dict]) -> str:
    width = max(len(a["email"]) for a in accounts)
    lines = ["", "Tài khoản dùng thử:", f"  {'Email':<{width}}  {'Mật khẩu':<10}  Vai trò"]
    for account in accounts:
        note = "" if account["created"] else " (đã có, giữ nguyên mật khẩu)"
        lines.append(
            f"  {account['email']:<{width}}  {account['password']:<10}  {account['role']}{note}"
        )
    return "\n".join(lines) + "\n"
