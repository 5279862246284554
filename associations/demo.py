"""Demo data of the union: Hồng Lĩnh town (Hà Tĩnh), term 2018 - 2023, as in the seed report.

This part (registered with core.demo) makes the provincial and the town union, their terms, the
19 member societies (13 institutional, 06 local on 31/12/2023), the activities of the term and
the demo accounts; members/demo.py adds the people, their memberships, committee seats and
commendations. Idempotent: when the union already exists its data is left alone and only the
demo accounts are made sure of. Places and units come from the seed report.
"""

from __future__ import annotations

import datetime
import unicodedata

from django.contrib.auth.hashers import make_password

from core import demo
from core.text import vn_number

from .accounts import role_assign
from .models import (
    Activity,
    ActivityKind,
    LocalityKind,
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

TRUNG_LUONG = "Hội KH&KT phường Trung Lương"


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# --- the societies ---------------------------------------------------------------------------
# name, kind, founded on, members on 31/12/2023 (members/demo_people.py gives them their jobs)

SOCIETIES: list[dict] = [
    # khối cơ quan, doanh nghiệp, trường học (13)
    {
        "name": "Hội KH&KT cơ quan Chính quyền",
        "kind": SocietyKind.AGENCY,
        "founded_on": D(2004, 3, 15),
        "end_count": 85,
    },
    {
        "name": "Hội KH&KT cơ quan Khối dân",
        "kind": SocietyKind.AGENCY,
        "founded_on": D(2006, 9, 1),
        "end_count": 60,
    },
    {
        "name": "Hội KH&KT Trung tâm Y tế",
        "kind": SocietyKind.HEALTH,
        "founded_on": D(2003, 5, 20),
        "end_count": 95,
    },
    {
        "name": "Hội KH&KT Trường Trung cấp Kỹ nghệ",
        "kind": SocietyKind.SCHOOL,
        "founded_on": D(2008, 11, 20),
        "end_count": 55,
    },
    {
        "name": "Hội KH&KT Bệnh viện đa khoa Hồng Hà",
        "kind": SocietyKind.HEALTH,
        "founded_on": D(2014, 6, 10),
        "end_count": 70,
    },
    {
        "name": "Chi hội KH&KT các trường học",
        "kind": SocietyKind.SCHOOL,
        "founded_on": D(2005, 10, 15),
        "end_count": 110,
    },
    {
        "name": "Hội KH&KT Công ty CP VLXD Lam Hồng",
        "kind": SocietyKind.ENTERPRISE,
        "founded_on": D(2010, 4, 2),
        "end_count": 40,
    },
    {
        "name": "Hội KH&KT Công ty TNHH Núi Hồng",
        "kind": SocietyKind.ENTERPRISE,
        "founded_on": D(2011, 8, 18),
        "end_count": 35,
    },
    {
        "name": "Hội KH&KT Trung tâm Ứng dụng KHKT&BVCTVN",
        "kind": SocietyKind.OTHER,
        "founded_on": D(2009, 2, 25),
        "end_count": 30,
    },
    {
        "name": "Hội KH&KT Trung tâm Văn hóa - Truyền thông",
        "kind": SocietyKind.OTHER,
        "founded_on": D(2012, 12, 5),
        "end_count": 25,
    },
    {
        "name": "Hội KH&KT Trung tâm Hành chính công",
        "kind": SocietyKind.AGENCY,
        "founded_on": D(2016, 5, 19),
        "end_count": 20,
    },
    {
        "name": "Hội KH&KT Nhà máy bia Hà Nội - Nghệ Tĩnh",
        "kind": SocietyKind.ENTERPRISE,
        "founded_on": D(2015, 9, 9),
        "end_count": 45,
    },
    {
        "name": "Hội KH&KT Trường THPT Hồng Lĩnh",
        "kind": SocietyKind.SCHOOL,
        "founded_on": D(2007, 11, 20),
        "end_count": 50,
    },
    # phường, xã (06)
    {
        "name": "Hội KH&KT phường Bắc Hồng",
        "kind": SocietyKind.WARD,
        "founded_on": D(2002, 8, 20),
        "end_count": 190,
    },
    {
        "name": "Hội KH&KT phường Nam Hồng",
        "kind": SocietyKind.WARD,
        "founded_on": D(2002, 9, 5),
        "end_count": 180,
    },
    {
        "name": TRUNG_LUONG,
        "kind": SocietyKind.WARD,
        "founded_on": D(2003, 3, 26),
        "end_count": 200,
    },
    {
        "name": "Hội KH&KT phường Đức Thuận",
        "kind": SocietyKind.WARD,
        "founded_on": D(2004, 7, 12),
        "end_count": 150,
    },
    {
        "name": "Hội KH&KT phường Đậu Liêu",
        "kind": SocietyKind.WARD,
        "founded_on": D(2005, 4, 8),
        "end_count": 140,
    },
    {
        "name": "Hội KH&KT xã Thuận Lộc",
        "kind": SocietyKind.COMMUNE,
        "founded_on": D(2006, 6, 16),
        "end_count": 120,
    },
]

# --- activities (from the seed report) ----------- -----------------------------------------

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
     "Lớp đào tạo “Cơ hội và thách thức cho nhà quản trị trong thời đại công nghệ 4.0”",
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
     "Xuất bản sách “Hồng Lĩnh tiềm năng và cơ hội đầu tư”", None, _VHTT, None, None),
    (D(2022, 8, 15), ActivityKind.PUBLICATION, "Xuất bản sách nhạc “Hồng Lĩnh khúc tình ca”",
     None, _VHTT, None, None),
    (D(2022, 8, 20), ActivityKind.COMMUNICATION,
     "Gắn biển 6 công trình chào mừng kỷ niệm 30 năm thành lập thị xã", None, TOWN_COMMITTEE,
     200, None),
    (D(2022, 8, 25), ActivityKind.COMMUNICATION,
     "Triển lãm ảnh “Hồng Lĩnh 30 năm một chặng đường”", None, _VHTT, 800, None),
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


def _write() -> dict:
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
            union=union, name=s["name"], kind=s["kind"], founded_on=s["founded_on"]
        )
        for s in SOCIETIES
    ]
    by_name = {s.name: s for s in societies}
    Activity.objects.bulk_create(
        Activity(
            union=union,
            society=by_name[society] if society else None,
            kind=kind,
            title=nfc(title),
            held_on=held_on,
            partners=partners,
            participants=participants,
            amount_vnd=amount,
        )
        for held_on, kind, title, society, partners, participants, amount in ACTIVITIES
    )
    return {
        "union": union,
        "term": term,
        "societies": societies,
        "activities": len(ACTIVITIES),
    }


def load(summary: dict) -> None:
    """The union and its societies (once), then the demo accounts (every time)."""
    union = Union.objects.filter(slug=UNION_SLUG).first()
    summary["created"] = union is None
    if union is None:
        summary.update(_write())
        union = summary["union"]
    summary["union"] = union
    summary["accounts"] = ensure_accounts(union)


def describe(summary: dict) -> list[str]:
    union = summary["union"]
    if not summary["created"]:
        return [
            f"Dữ liệu mẫu đã có sẵn ({union.name}); không nạp lại. "
            "Đã kiểm tra các tài khoản dùng thử."
        ]
    return [
        f"Đã nạp dữ liệu mẫu: {union.name} (nhiệm kỳ {summary['term'].label}) "
        f"trong {summary['seconds']} giây.",
        f"  Hội thành viên: {vn_number(len(summary['societies']))}",
        f"  Hoạt động: {vn_number(summary['activities'])}",
    ]


def logins(summary: dict) -> list[str]:
    """The table of demo accounts, printed after every part's summary."""
    accounts = summary["accounts"]
    width = max(len(a["email"]) for a in accounts)
    lines = ["", "Tài khoản dùng thử:", f"  {'Email':<{width}}  {'Mật khẩu':<10}  Vai trò"]
    for account in accounts:
        note = "" if account["created"] else " (đã có, giữ nguyên mật khẩu)"
        lines.append(
            f"  {account['email']:<{width}}  {account['password']:<10}  {account['role']}{note}"
        )
    return lines


demo.register("associations", load=load, describe=describe, notes=logins)
