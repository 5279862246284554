"""Demo data of contests: the term 2018 - 2023 as the seed report tells it (facts D, E, F).

- Each year a district round of the Youth and Children Creativity Contest, and in 2019, 2021 and
  2023 a district Technical Creativity Contest, all closed;
- 78 products with a provincial award, 12 of which went on to a national or Northern-region award
  (the seed's named products among them), each with its forwardings;
- over 900 applied initiatives across the term;
- one contest open today, for trying out submissions, and one being judged today: its entries
  coded and shared among three judges (the demo judge and two more), for trying out judging.

Deterministic (a fixed seed) and fast: everything goes in with bulk_create.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from associations.models import Society
from core import demo
from core.text import vn_number

from .demo_today import judging_contest, open_contest
from .models import (
    Award,
    Contest,
    ContestKind,
    ContestStatus,
    Entry,
    Forwarding,
    Initiative,
)
from .services import entry_code

SEED = 20231231
YEARS = range(2018, 2024)
PROVINCIAL = "Liên hiệp các Hội KH&KT tỉnh Hà Tĩnh"
VIFOTEC = "Quỹ Hỗ trợ sáng tạo kỹ thuật Việt Nam (VIFOTEC)"
REGION = "Ban Tổ chức Cuộc thi Sáng tạo thanh thiếu niên nhi đồng Khu vực phía Bắc"

# The seed's named products (facts E): title, unit, society, field, kind, best level, year.
NAMED = [
    (
        "Chuyển động tự quay quanh trục của Trái Đất và các hệ quả Địa lí",
        "Trường THCS Bắc Hồng",
        "Hội KH&KT phường Bắc Hồng",
        "education",
        ContestKind.YOUTH_CREATIVITY,
        "national",
        2023,
    ),
    (
        "Cuộc đời, thân thế sự nghiệp Cố Tổng Bí thư Trần Phú",
        "Trường TH Bắc Hồng",
        "Hội KH&KT phường Bắc Hồng",
        "culture_society",
        ContestKind.YOUTH_CREATIVITY,
        "national",
        2021,
    ),
    (
        "Phát huy, gìn giữ truyền thống nghề rèn Trung Lương, thị xã Hồng Lĩnh",
        "Trường TH Trung Lương",
        "Hội KH&KT phường Trung Lương",
        "culture_society",
        ContestKind.YOUTH_CREATIVITY,
        "national",
        2019,
    ),
    (
        "Mô hình cuộc khởi nghĩa Hai Bà Trưng",
        "Trường TH Bắc Hồng",
        "Hội KH&KT phường Bắc Hồng",
        "education",
        ContestKind.YOUTH_CREATIVITY,
        "national",
        2023,
    ),
    (
        "Bộ hố ga giao thông (kiểu 2)",
        "Công ty TNHH Núi Hồng, phường Trung Lương",
        "Hội KH&KT Công ty TNHH Núi Hồng",
        "industry_crafts",
        ContestKind.TECHNICAL_CREATIVITY,
        "northern_region",
        2019,
    ),
    (
        "Bi hợp kim dùng trong nghiền than phục vụ nhà máy nhiệt điện",
        "Hội KH&KT phường Trung Lương",
        "Hội KH&KT phường Trung Lương",
        "industry_crafts",
        ContestKind.TECHNICAL_CREATIVITY,
        "northern_region",
        2021,
    ),
    (
        "Ngói xi măng màu cao cấp không nung nhãn hiệu Goldcem",
        "Công ty Cổ phần VLXD Lam Hồng; Hội KH&KT phường Đậu Liêu",
        "Hội KH&KT Công ty CP VLXD Lam Hồng",
        "industry_crafts",
        ContestKind.TECHNICAL_CREATIVITY,
        "province",
        2021,
    ),
]
# Six more national / Northern-region winners, to make the seed's 12.
MORE_HIGH = [
    ("national", 2018), ("northern_region", 2018), ("northern_region", 2020),
    ("national", 2020), ("northern_region", 2022), ("national", 2022),
]  # fmt: skip

YOUTH_SUBJECTS = [
    "Mô hình hệ Mặt Trời",
    "Bản đồ di tích lịch sử thị xã Hồng Lĩnh",
    "Máy lọc nước mini",
    "Đèn học tự động tắt",
    "Thùng rác thông minh",
    "Mô hình nhà chống lũ",
    "Bộ thí nghiệm lực đẩy Ác-si-mét",
    "Sa bàn chiến thắng Điện Biên Phủ",
    "Xe chạy bằng năng lượng mặt trời",
    "Mô hình tưới cây tự động",
    "Bộ đồ dùng dạy học môn Toán lớp 1",
    "Cánh tay robot thủy lực",
    "Hộp đựng bút đa năng từ vật liệu tái chế",
    "Mô hình núi Hồng Lĩnh",
    "Máy cảnh báo cháy",
    "Mô hình chu trình nước",
    "Bộ tranh dân gian làng rèn Trung Lương",
    "Mô hình cầu treo",
]
TECH_SUBJECTS = [
    "Máy tách hạt lạc",
    "Giải pháp tiết kiệm điện chiếu sáng công cộng",
    "Máy băm cỏ đa năng",
    "Lò sấy nông sản bằng trấu",
    "Hệ thống giám sát nhiệt độ kho lạnh",
    "Phần mềm quản lý hồ sơ một cửa",
    "Máy ép gạch không nung",
    "Thiết bị cảnh báo quá tải điện",
    "Quy trình ủ phân vi sinh từ rơm rạ",
    "Giàn phơi thông minh",
    "Dây chuyền đóng gói bánh",
    "Máy cắt tôn cải tiến",
    "Ứng dụng tra cứu thủ tục hành chính",
    "Bể biogas composite",
    "Máy gieo hạt cầm tay",
    "Thiết bị khử khuẩn không khí phòng khám",
    "Giải pháp xử lý nước thải lò mổ",
    "Khuôn đúc bi nghiền",
]
PEOPLE = [
    "Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Đức",
    "Bùi Thị Hà", "Đặng Văn Hải", "Võ Thị Hạnh", "Phan Văn Hùng", "Đỗ Thị Lan",
    "Trương Văn Long", "Ngô Thị Mai", "Dương Văn Nam", "Lý Thị Oanh", "Tôn Văn Phúc",
]  # fmt: skip
INITIATIVE_ACTIONS = [
    "Một số biện pháp nâng cao chất lượng",
    "Ứng dụng công nghệ thông tin trong",
    "Giải pháp đổi mới",
    "Kinh nghiệm tổ chức",
    "Cải tiến quy trình",
    "Nâng cao hiệu quả",
    "Áp dụng kỹ thuật mới trong",
    "Đổi mới phương pháp",
]
INITIATIVE_SUBJECTS = [
    ("education", "dạy học môn Toán"),
    ("education", "dạy học môn Tiếng Việt"),
    ("education", "giáo dục kỹ năng sống cho học sinh"),
    ("education", "dạy học môn Tiếng Anh"),
    ("education", "công tác chủ nhiệm lớp"),
    ("education", "dạy học môn Ngữ văn"),
    ("health", "chăm sóc bệnh nhân sau phẫu thuật"),
    ("health", "khám chữa bệnh ngoại trú"),
    ("health", "tiêm chủng mở rộng"),
    ("agriculture", "chăn nuôi bò thịt"),
    ("agriculture", "sản xuất lúa chất lượng cao"),
    ("agriculture", "phòng trừ sâu bệnh hại cây ăn quả"),
    ("it", "quản lý hồ sơ công việc"),
    ("it", "cải cách thủ tục hành chính"),
    ("culture_society", "xây dựng đời sống văn hóa khu dân cư"),
    ("economy", "quản lý thu ngân sách"),
    ("industry_crafts", "sản xuất vật liệu xây dựng"),
    ("defence_security", "giữ gìn an ninh trật tự"),
]
YOUTH_CONTEST = "Cuộc thi Sáng tạo thanh thiếu niên nhi đồng thị xã Hồng Lĩnh"
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V", 6: "VI", 7: "VII"}


def _contests(union) -> dict[tuple[str, int], Contest]:
    contests = []
    for number, year in enumerate(YEARS, start=1):
        contests.append(
            Contest(
                union=union,
                name=f"{YOUTH_CONTEST} lần thứ {ROMAN[number]}",
                kind=ContestKind.YOUTH_CREATIVITY,
                level="district",
                year=year,
                opens_on=datetime.date(year, 2, 1),
                closes_on=datetime.date(year, 4, 30),
                status=ContestStatus.CLOSED,
            )
        )
    for number, year in enumerate((2019, 2021, 2023), start=4):
        contests.append(
            Contest(
                union=union,
                name=f"Hội thi Sáng tạo kỹ thuật thị xã Hồng Lĩnh lần thứ {ROMAN[number]}",
                kind=ContestKind.TECHNICAL_CREATIVITY,
                level="district",
                year=year,
                opens_on=datetime.date(year, 3, 1),
                closes_on=datetime.date(year, 7, 31),
                status=ContestStatus.CLOSED,
            )
        )
    Contest.objects.bulk_create(contests)
    return {(contest.kind, contest.year): contest for contest in contests}


def _tech_contest(contests, year):
    """The technical contest a product of `year` entered: that year's, or the one before."""
    for candidate in (year, year - 1, year + 1):
        found = contests.get((ContestKind.TECHNICAL_CREATIVITY, candidate))
        if found:
            return found
    return contests[(ContestKind.YOUTH_CREATIVITY, year)]


def _plan_entries(rng, contests, societies, by_name):
    """(entry, [(level, rank, year, body)]) for every product; 78 provincial winners."""
    plan = []
    schools = [s for s in societies if s.kind in ("school", "ward", "commune")] or societies
    firms = [s for s in societies if s.kind in ("enterprise", "agency", "health")] or societies
    # The named products, then six more high winners, then provincial winners to 78.
    high = []
    for title, unit, society, field, kind, level, year in NAMED:
        high.append((title, unit, by_name.get(society, societies[0]), field, kind, level, year))
    for index, (level, year) in enumerate(MORE_HIGH):
        subjects, pool, kind = (
            (YOUTH_SUBJECTS, schools, ContestKind.YOUTH_CREATIVITY)
            if index % 2
            else (TECH_SUBJECTS, firms, ContestKind.TECHNICAL_CREATIVITY)
        )
        society = pool[index % len(pool)]
        high.append(
            (
                subjects[index],
                society.name.replace("Hội KH&KT ", ""),
                society,
                "education" if index % 2 else "industry_crafts",
                kind,
                level,
                year,
            )
        )
    provincial_years = [year for year in YEARS for _ in range(13)]  # 6 × 13 = 78
    used: set[tuple[int, str]] = set()
    for title, unit, society, field, kind, level, year in high:
        # Provincial round the year before a national award (or the same year).
        province_year = max(YEARS[0], year - 1) if level != "province" else year
        provincial_years.remove(province_year)
        contest = (
            contests[(ContestKind.YOUTH_CREATIVITY, province_year)]
            if kind == ContestKind.YOUTH_CREATIVITY
            else _tech_contest(contests, province_year)
        )
        awards = [("district", "first", contest.year, "")]
        awards.append(("province", rng.choice(["first", "second"]), province_year, PROVINCIAL))
        if level != "province":
            body = VIFOTEC if level == "national" else REGION
            awards.append((level, rng.choice(["second", "third", "consolation"]), year, body))
        used.add((contest.pk, title))
        plan.append(
            (Entry(contest=contest, society=society, title=title, field=field, unit=unit), awards)
        )
    for index, year in enumerate(provincial_years):
        youth = index % 3 != 0
        contest = (
            contests[(ContestKind.YOUTH_CREATIVITY, year)]
            if youth
            else _tech_contest(contests, year)
        )
        subjects = YOUTH_SUBJECTS if youth else TECH_SUBJECTS
        pool = schools if youth else firms
        society = pool[index % len(pool)]
        title = f"{subjects[index % len(subjects)]} ({society.name.replace('Hội KH&KT ', '')})"
        while (contest.pk, title) in used:
            title += " cải tiến"
        used.add((contest.pk, title))
        field = (
            "education"
            if youth
            else rng.choice(["industry_crafts", "agriculture", "it", "economy"])
        )
        awards = [("province", rng.choice(["second", "third", "consolation"]), year, PROVINCIAL)]
        plan.append(
            (
                Entry(
                    contest=contest, society=society, title=title, field=field, unit=society.name
                ),
                awards,
            )
        )
    # Entries that won only at the district level, or nothing.
    for contest in contests.values():
        youth = contest.kind == ContestKind.YOUTH_CREATIVITY
        subjects = YOUTH_SUBJECTS if youth else TECH_SUBJECTS
        for index in range(8):
            society = (schools if youth else firms)[
                (index + contest.year) % len(schools if youth else firms)
            ]
            subject = subjects[(index * 5 + contest.year) % len(subjects)]
            title = f"{subject} – bài dự thi số {index + 1}"
            awards = [("district", "third", contest.year, "")] if index < 4 else []
            plan.append(
                (
                    Entry(
                        contest=contest,
                        society=society,
                        title=title,
                        field="other",
                        unit=society.name,
                    ),
                    awards,
                )
            )
    return plan


def _write_entries(rng, contests, societies, by_name) -> dict:
    plan = _plan_entries(rng, contests, societies, by_name)
    entries = []
    for entry, _awards in plan:
        entry.union_id = entry.contest.union_id
        entry.author_names = "\n".join(rng.sample(PEOPLE, rng.randint(1, 3)))
        entry.submitted_at = timezone.make_aware(
            datetime.datetime.combine(entry.contest.opens_on, datetime.time(9))
        )
        entries.append(entry)
    numbers: dict[int, int] = {}
    for entry in entries:
        numbers[entry.contest_id] = numbers.get(entry.contest_id, 0) + 1
        entry.code = entry_code(entry.contest, numbers[entry.contest_id])
    Entry.objects.bulk_create(entries)
    awards, forwardings = [], []
    for entry, entry_awards in plan:
        for level, rank, year, body in entry_awards:
            awards.append(Award(entry=entry, level=level, rank=rank, year=year, awarding_body=body))
            if level != "district":
                forwardings.append(
                    Forwarding(
                        entry=entry, level=level, year=year, forwarded_on=datetime.date(year, 5, 15)
                    )
                )
    Award.objects.bulk_create(awards)
    Forwarding.objects.bulk_create(forwardings)
    return {"entries": len(entries), "awards": len(awards)}


def _write_initiatives(rng, union, societies) -> int:
    initiatives = []
    for year in YEARS:
        for index in range(165):
            action = INITIATIVE_ACTIONS[index % len(INITIATIVE_ACTIONS)]
            field, subject = INITIATIVE_SUBJECTS[
                (index // len(INITIATIVE_ACTIONS)) % len(INITIATIVE_SUBJECTS)
            ]
            society = societies[(index * 7 + year) % len(societies)]
            level = "province" if index % 16 == 0 else rng.choice(["unit", "unit", "district"])
            applied = index % 25 != 7
            initiatives.append(
                Initiative(
                    union=union,
                    society=society,
                    title=f"{action} {subject} tại {society.name.replace('Hội KH&KT ', '')}",
                    authors=", ".join(rng.sample(PEOPLE, rng.randint(1, 2))),
                    field=field,
                    recognition_level=level,
                    year=year,
                    applied=applied,
                    applied_where=society.name.replace("Hội KH&KT ", "") if applied else "",
                )
            )
    # The same title twice for one society and year would break the unique rule: keep the first.
    seen, unique = set(), []
    for item in initiatives:
        key = (item.society_id, item.title, item.year)
        if key not in seen:
            seen.add(key)
            unique.append(item)
    Initiative.objects.bulk_create(unique)
    return len(unique)


def load(summary: dict) -> None:
    union = summary["union"]
    if Contest.objects.filter(union=union).exists():
        return
    rng = random.Random(SEED)
    societies = list(Society.objects.filter(union=union).order_by("sort_name", "id"))
    if not societies:
        return
    by_name = {society.name: society for society in societies}
    contests = _contests(union)
    summary["contests"] = len(contests) + 1
    summary.update(_write_entries(rng, contests, societies, by_name))
    summary["initiatives"] = _write_initiatives(rng, union, societies)
    open_contest(union, by_name)
    if judging_contest(union, by_name):
        summary["contests"] += 1


def describe(summary: dict) -> list[str]:
    if "contests" not in summary:
        return []
    return [
        f"  Hội thi: {vn_number(summary['contests'])}; "
        f"bài dự thi: {vn_number(summary['entries'])}; giải thưởng: {vn_number(summary['awards'])}",
        f"  Sáng kiến, đề tài ứng dụng: {vn_number(summary['initiatives'])}",
    ]


demo.register("contests", load=load, describe=describe, after=["members"])
