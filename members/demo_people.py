"""The people of the demo (members/demo.py): decided in memory, with a fixed seed, then written.

The figures the seed report prints come out of this plan exactly: 1.678 memberships on
01/07/2018 and 1.700 on 31/12/2023 (+22), about 30 people in two societies at once, a union BCH
of 17 of whom 03 left (transfer, retirement) leaving 14, 04 societies that re-filled posts of
their BCH during the term, 03 outstanding intellectuals and 03 people with a VUSTA Bằng khen.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from associations.demo import SOCIETIES, TERM_START, TRUNG_LUONG
from associations.models import SocietyKind
from core.text import fold

from .models import CommitteeBody, CommitteePosition, LeaveReason, Member
from .names import full_name, pick

D = datetime.date

# Memberships during term IV: 1.678 at its start, 1.700 at its end.
JOINED_IN_TERM = 140  # joined during the term and still members at its end
LEFT_IN_TERM = 118  # members at the start who left during the term
TRANSIENT = 10  # joined and left within the term (count on neither date)
HISTORIC = 18  # joined and left before the term (count on neither date)
SHARED_PEOPLE = 30  # people holding two memberships at once (institution + their ward)


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


# (workplace, position, field) of the people of each society.
JOBS: dict[str, list[tuple[str, str, str]]] = {
    "Hội KH&KT cơ quan Chính quyền": [
        ("UBND thị xã Hồng Lĩnh", "Chuyên viên", "Quản lý hành chính"),
        ("Phòng Kinh tế thị xã", "Chuyên viên", "Kinh tế"),
        ("Phòng Tài chính - Kế hoạch thị xã", "Chuyên viên", "Tài chính - Kế toán"),
        ("Phòng Quản lý đô thị thị xã", "Chuyên viên", "Xây dựng"),
        ("Phòng Tư pháp thị xã", "Chuyên viên", "Luật"),
        ("Phòng Tài nguyên và Môi trường thị xã", "Chuyên viên", "Môi trường"),
        ("Văn phòng HĐND và UBND thị xã", "Chuyên viên", "Công nghệ thông tin"),
    ],
    "Hội KH&KT cơ quan Khối dân": [
        ("Ủy ban MTTQ Việt Nam thị xã", "Chuyên viên", "Khoa học xã hội"),
        ("Ban Tuyên giáo Thị ủy", "Chuyên viên", "Chính trị học"),
        ("Hội Nông dân thị xã", "Cán bộ", "Nông nghiệp"),
        ("Hội Liên hiệp Phụ nữ thị xã", "Cán bộ", "Xã hội học"),
        ("Thị đoàn Hồng Lĩnh", "Cán bộ", "Quản lý văn hóa"),
        ("Liên đoàn Lao động thị xã", "Cán bộ", "Kinh tế"),
    ],
    "Hội KH&KT Trung tâm Y tế": [
        ("Trung tâm Y tế thị xã Hồng Lĩnh", "Bác sĩ", "Y học"),
        ("Trung tâm Y tế thị xã Hồng Lĩnh", "Bác sĩ", "Y học"),
        ("Trung tâm Y tế thị xã Hồng Lĩnh", "Điều dưỡng", "Điều dưỡng"),
        ("Trung tâm Y tế thị xã Hồng Lĩnh", "Dược sĩ", "Dược học"),
        ("Trung tâm Y tế thị xã Hồng Lĩnh", "Kỹ thuật viên xét nghiệm", "Xét nghiệm y học"),
        ("Trung tâm Y tế thị xã Hồng Lĩnh", "Bác sĩ", "Y tế công cộng"),
    ],
    "Hội KH&KT Trường Trung cấp Kỹ nghệ": [
        ("Trường Trung cấp Kỹ nghệ Hà Tĩnh", "Giáo viên", "Cơ khí chế tạo"),
        ("Trường Trung cấp Kỹ nghệ Hà Tĩnh", "Giáo viên", "Điện công nghiệp"),
        ("Trường Trung cấp Kỹ nghệ Hà Tĩnh", "Giáo viên", "Công nghệ ô tô"),
        ("Trường Trung cấp Kỹ nghệ Hà Tĩnh", "Giáo viên", "Tin học"),
        ("Trường Trung cấp Kỹ nghệ Hà Tĩnh", "Cán bộ đào tạo", "Quản lý giáo dục"),
    ],
    "Hội KH&KT Bệnh viện đa khoa Hồng Hà": [
        ("Bệnh viện đa khoa Hồng Hà", "Bác sĩ", "Y học"),
        ("Bệnh viện đa khoa Hồng Hà", "Bác sĩ", "Chẩn đoán hình ảnh"),
        ("Bệnh viện đa khoa Hồng Hà", "Điều dưỡng", "Điều dưỡng"),
        ("Bệnh viện đa khoa Hồng Hà", "Kỹ thuật viên xét nghiệm", "Xét nghiệm y học"),
        ("Bệnh viện đa khoa Hồng Hà", "Dược sĩ", "Dược học"),
    ],
    "Chi hội KH&KT các trường học": [
        ("Trường THCS Bắc Hồng", "Giáo viên", "Toán học"),
        ("Trường TH Bắc Hồng", "Giáo viên", "Giáo dục tiểu học"),
        ("Trường TH Trung Lương", "Giáo viên", "Giáo dục tiểu học"),
        ("Trường THCS Nam Hồng", "Giáo viên", "Ngữ văn"),
        ("Trường THCS Đức Thuận", "Giáo viên", "Vật lý"),
        ("Trường THCS Đậu Liêu", "Giáo viên", "Địa lý"),
        ("Phòng Giáo dục và Đào tạo thị xã", "Chuyên viên", "Quản lý giáo dục"),
        ("Trường TH Nam Hồng", "Giáo viên", "Tiếng Anh"),
    ],
    "Hội KH&KT Công ty CP VLXD Lam Hồng": [
        ("Công ty Cổ phần VLXD Lam Hồng", "Kỹ sư", "Vật liệu xây dựng"),
        ("Công ty Cổ phần VLXD Lam Hồng", "Kỹ thuật viên", "Hóa silicat"),
        ("Công ty Cổ phần VLXD Lam Hồng", "Quản đốc phân xưởng", "Cơ khí"),
        ("Công ty Cổ phần VLXD Lam Hồng", "Kế toán", "Tài chính - Kế toán"),
    ],
    "Hội KH&KT Công ty TNHH Núi Hồng": [
        ("Công ty TNHH Núi Hồng", "Kỹ sư", "Cơ khí"),
        ("Công ty TNHH Núi Hồng", "Kỹ sư", "Luyện kim"),
        ("Công ty TNHH Núi Hồng", "Kỹ thuật viên", "Kỹ thuật điện"),
        ("Công ty TNHH Núi Hồng", "Kế toán", "Tài chính - Kế toán"),
    ],
    "Hội KH&KT Trung tâm Ứng dụng KHKT&BVCTVN": [
        ("Trung tâm Ứng dụng KHKT&BVCTVN thị xã", "Kỹ sư nông nghiệp", "Nông nghiệp"),
        ("Trung tâm Ứng dụng KHKT&BVCTVN thị xã", "Kỹ sư", "Bảo vệ thực vật"),
        ("Trung tâm Ứng dụng KHKT&BVCTVN thị xã", "Bác sĩ thú y", "Thú y"),
        ("Trung tâm Ứng dụng KHKT&BVCTVN thị xã", "Kỹ sư", "Nuôi trồng thủy sản"),
    ],
    "Hội KH&KT Trung tâm Văn hóa - Truyền thông": [
        ("Trung tâm Văn hóa - Truyền thông thị xã", "Phóng viên", "Báo chí - Truyền thông"),
        ("Trung tâm Văn hóa - Truyền thông thị xã", "Biên tập viên", "Văn hóa học"),
        ("Trung tâm Văn hóa - Truyền thông thị xã", "Diễn viên", "Âm nhạc"),
        ("Trung tâm Văn hóa - Truyền thông thị xã", "Họa sĩ", "Mỹ thuật"),
    ],
    "Hội KH&KT Trung tâm Hành chính công": [
        ("Trung tâm Hành chính công thị xã Hồng Lĩnh", "Chuyên viên", "Công nghệ thông tin"),
        ("Trung tâm Hành chính công thị xã Hồng Lĩnh", "Chuyên viên", "Luật"),
        ("Trung tâm Hành chính công thị xã Hồng Lĩnh", "Chuyên viên", "Quản lý hành chính"),
    ],
    "Hội KH&KT Nhà máy bia Hà Nội - Nghệ Tĩnh": [
        ("Nhà máy bia Hà Nội - Nghệ Tĩnh", "Kỹ sư", "Công nghệ thực phẩm"),
        ("Nhà máy bia Hà Nội - Nghệ Tĩnh", "Kỹ sư", "Công nghệ sinh học"),
        ("Nhà máy bia Hà Nội - Nghệ Tĩnh", "Kỹ sư", "Tự động hóa"),
        ("Nhà máy bia Hà Nội - Nghệ Tĩnh", "Kỹ thuật viên", "Cơ điện"),
    ],
    "Hội KH&KT Trường THPT Hồng Lĩnh": [
        ("Trường THPT Hồng Lĩnh", "Giáo viên", "Toán học"),
        ("Trường THPT Hồng Lĩnh", "Giáo viên", "Vật lý"),
        ("Trường THPT Hồng Lĩnh", "Giáo viên", "Hóa học"),
        ("Trường THPT Hồng Lĩnh", "Giáo viên", "Sinh học"),
        ("Trường THPT Hồng Lĩnh", "Giáo viên", "Lịch sử"),
        ("Trường THPT Hồng Lĩnh", "Giáo viên", "Tin học"),
    ],
    "Hội KH&KT phường Bắc Hồng": _ward_jobs("phường", "Bắc Hồng"),
    "Hội KH&KT phường Nam Hồng": _ward_jobs("phường", "Nam Hồng"),
    TRUNG_LUONG: _ward_jobs("phường", "Trung Lương"),
    "Hội KH&KT phường Đức Thuận": _ward_jobs("phường", "Đức Thuận"),
    "Hội KH&KT phường Đậu Liêu": _ward_jobs("phường", "Đậu Liêu"),
    "Hội KH&KT xã Thuận Lộc": _ward_jobs("xã", "Thuận Lộc"),
}

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
class Person:
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
class Row:
    society: int  # index into SOCIETIES
    person: Person
    joined_on: datetime.date
    left_on: datetime.date | None = None
    leave_reason: str = ""
    status: str = "stay"  # stay, leave, join, transient, historic


@dataclass
class Seat:
    person: Person
    body: str
    position: str
    society: int | None
    started_on: datetime.date
    ended_on: datetime.date | None = None
    leave_reason: str = ""


@dataclass
class Plan:
    rows: list[Row] = field(default_factory=list)
    seats: list[Seat] = field(default_factory=list)
    member_awards: list[tuple[Person, int]] = field(default_factory=list)
    contacts: dict[int, str] = field(default_factory=dict)


def _new_person(rng: random.Random, society: dict, joined_on: datetime.date) -> Person:
    kind = society["kind"]
    workplace, position, field_ = rng.choice(JOBS[society["name"]])
    female_share = 0.95 if workplace.startswith("Trường Mầm non") else FEMALE_SHARE[kind]
    gender = "female" if rng.random() < female_share else "male"
    if position == "Hội viên hưu trí":
        birth_year = rng.randint(1946, 1963)
    else:
        birth_year = min(rng.randint(1958, 1998), joined_on.year - 22)
    return Person(
        full_name=full_name(rng, gender),
        gender=gender,
        birth_year=birth_year,
        qualification=pick(rng, QUALIFICATIONS.get(kind, QUALIFICATIONS["default"])),
        field=field_,
        workplace=workplace,
        position=position,
    )


def make_plan(rng: random.Random) -> Plan:
    plan = Plan()
    index = {s["name"]: i for i, s in enumerate(SOCIETIES)}
    ends = [s["end_count"] for s in SOCIETIES]
    joins = _apportion(JOINED_IN_TERM, ends)
    leaves = _apportion(LEFT_IN_TERM, ends)
    before_term = TERM_START - datetime.timedelta(days=1)

    stayers: dict[int, list[Row]] = {}
    leavers: dict[int, list[Row]] = {}
    for i, society in enumerate(SOCIETIES):
        founded = society["founded_on"]
        stayers[i], leavers[i] = [], []
        for _ in range(society["end_count"] - joins[i]):
            joined = _date_between(rng, founded, before_term)
            row = Row(i, _new_person(rng, society, joined), joined)
            stayers[i].append(row)
        for _ in range(leaves[i]):
            joined = _date_between(rng, founded, before_term)
            left = _date_between(rng, D(2018, 8, 1), D(2023, 11, 30))
            reason = pick(rng, LEAVE_REASONS)
            row = Row(i, _new_person(rng, society, joined), joined, left, reason, "leave")
            leavers[i].append(row)
        for _ in range(joins[i]):
            joined = _date_between(rng, D(2018, 7, 15), D(2023, 11, 30))
            row = Row(i, _new_person(rng, society, joined), joined, status="join")
            plan.rows.append(row)
        plan.rows += stayers[i] + leavers[i]

    # Joined and left within the term, and former members who left before it.
    for _ in range(TRANSIENT):
        i = rng.randrange(len(SOCIETIES))
        joined = _date_between(rng, D(2018, 9, 1), D(2021, 12, 31))
        left = _date_between(rng, joined + datetime.timedelta(days=180), D(2023, 11, 30))
        person = _new_person(rng, SOCIETIES[i], joined)
        plan.rows.append(Row(i, person, joined, left, pick(rng, LEAVE_REASONS), "transient"))
    old_societies = [i for i, s in enumerate(SOCIETIES) if s["founded_on"] < D(2012, 1, 1)]
    for _ in range(HISTORIC):
        i = rng.choice(old_societies)
        joined = _date_between(rng, SOCIETIES[i]["founded_on"], D(2013, 12, 31))
        left = _date_between(rng, D(2015, 1, 1), D(2018, 6, 30))
        person = _new_person(rng, SOCIETIES[i], joined)
        plan.rows.append(Row(i, person, joined, left, pick(rng, LEAVE_REASONS), "historic"))

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

    def take_stayer(society_name: str) -> Row:
        for row in stayers[index[society_name]]:
            if id(row.person) not in taken:
                taken.add(id(row.person))
                return row
        raise RuntimeError(f"No stayer left in {society_name}")

    def take_leaver(society_name: str, left_on: datetime.date, reason: str) -> Row:
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


def _plan_union_committee(plan: Plan, take_stayer, take_leaver) -> None:
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
        plan.seats.append(Seat(person, CommitteeBody.BCH, position, None, TERM_START))
    # BTV: the chair, both vice chairs and two members of the BCH.
    for person, position in officers + [(p, CommitteePosition.MEMBER) for p in members[:2]]:
        plan.seats.append(Seat(person, CommitteeBody.BTV, position, None, TERM_START))
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
            Seat(
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


def _plan_society_committees(plan: Plan, take_stayer, take_leaver) -> None:
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
                    Seat(leaver, CommitteeBody.BCH, position, i, TERM_START, left_on, reason)
                )
                successor = take_stayer(name).person
                started = left_on + datetime.timedelta(days=24)
                plan.seats.append(Seat(successor, CommitteeBody.BCH, position, i, started))
                holder = successor
            else:
                holder = take_stayer(name).person
                plan.seats.append(Seat(holder, CommitteeBody.BCH, position, i, TERM_START))
            if position == CommitteePosition.CHAIR:
                chair_person = holder
        plan.contacts[i] = f"{chair_person.full_name} (Chủ tịch hội)"


def _plan_honours(plan: Plan, take_stayer) -> None:
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


def _plan_emails(plan: Plan, rng: random.Random) -> None:
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
