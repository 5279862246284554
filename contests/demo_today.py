"""Demo contests running today: one taking entries and one being judged (its entries coded and
shared among the demo judge and two more), so officers and judges have something to try.
Part of the contests demo (contests/demo.py)."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from associations.accounts import role_assign
from associations.demo import DEMO_PASSWORD
from associations.models import RoleKind

from .judging_services import assignments_auto
from .models import Contest, ContestKind, ContestStatus, Criterion, Entry
from .services import DEFAULT_CRITERIA, contest_transition


def open_contest(union, by_name) -> None:
    """A contest taking entries today, with criteria and two entries (one of Trung Lương)."""
    today = timezone.localdate()
    contest = Contest.objects.create(
        union=union,
        name="Hội thi Sáng tạo kỹ thuật thị xã Hồng Lĩnh (vòng nhận bài)",
        kind=ContestKind.TECHNICAL_CREATIVITY,
        level="district",
        year=today.year,
        opens_on=today - datetime.timedelta(days=30),
        closes_on=today + datetime.timedelta(days=60),
        scoring_due_on=today + datetime.timedelta(days=90),
        status=ContestStatus.OPEN,
    )
    Criterion.objects.bulk_create(
        Criterion(contest=contest, name=name, weight=weight, max_score=top, order=order)
        for order, (name, weight, top) in enumerate(DEFAULT_CRITERIA, start=1)
    )
    for name, title in (
        ("Hội KH&KT phường Trung Lương", "Máy mài dao rèn bán tự động"),
        ("Hội KH&KT Công ty TNHH Núi Hồng", "Khuôn đúc nắp hố ga composite"),
    ):
        society = by_name.get(name)
        if society is not None:
            Entry.objects.create(
                contest=contest,
                union=union,
                society=society,
                title=title,
                field="industry_crafts",
                unit=society.name,
                submitted_at=timezone.now(),
            )


# The demo judge and two more, so each entry of the contest being judged gets three judges.
JUDGE_EMAIL = "judge@demo.lienhiephoi.vn"
STAFF_EMAIL = "staff@demo.lienhiephoi.vn"
MORE_JUDGES = [
    ("giamkhao2@demo.lienhiephoi.vn", "Hoàng Thị Lan"),
    ("giamkhao3@demo.lienhiephoi.vn", "Đinh Văn Sơn"),
]
JUDGED_ENTRIES = [
    ("Hội KH&KT phường Trung Lương", "Thiết bị cảnh báo ngập nước cho hộ gia đình", "it"),
    ("Hội KH&KT Công ty TNHH Núi Hồng", "Dây chuyền phân loại đá xây dựng tự động",
     "industry_crafts"),
    ("Hội KH&KT phường Đậu Liêu", "Mô hình trồng rau thủy canh hồi lưu", "agriculture"),
    ("Hội KH&KT phường Bắc Hồng", "Phần mềm quản lý hồ sơ hội viên cho hội cơ sở", "it"),
    ("Hội KH&KT phường Nam Hồng", "Bếp đun tiết kiệm củi từ vỏ trấu", "economy"),
    ("Hội KH&KT phường Đức Thuận", "Hệ thống tưới nhỏ giọt điều khiển qua điện thoại",
     "agriculture"),
]  # fmt: skip


def judging_contest(union, by_name) -> bool:
    """A contest whose window has closed and which is being judged today, through the same
    services staff use: codes given, entries shared among three judges."""
    User = get_user_model()
    staff = User.objects.filter(email=STAFF_EMAIL).first()
    judge = User.objects.filter(email=JUDGE_EMAIL).first()
    if staff is None or judge is None:
        return False
    for email, full_name in MORE_JUDGES:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, None, full_name=full_name)
            user.password = make_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        role_assign(user=user, union=union, kind=RoleKind.JUDGE)
    today = timezone.localdate()
    contest = Contest.objects.create(
        union=union,
        name="Cuộc thi Sáng tạo thanh thiếu niên nhi đồng thị xã Hồng Lĩnh (vòng chấm)",
        kind=ContestKind.YOUTH_CREATIVITY,
        level="district",
        year=today.year,
        opens_on=today - datetime.timedelta(days=90),
        closes_on=today - datetime.timedelta(days=10),
        scoring_due_on=today + datetime.timedelta(days=3),
        status=ContestStatus.OPEN,
    )
    Criterion.objects.bulk_create(
        Criterion(contest=contest, name=name, weight=weight, max_score=top, order=order)
        for order, (name, weight, top) in enumerate(DEFAULT_CRITERIA, start=1)
    )
    for name, title, field in JUDGED_ENTRIES:
        society = by_name.get(name)
        if society is not None:
            Entry.objects.create(
                contest=contest,
                union=union,
                society=society,
                title=title,
                field=field,
                unit=society.name,
                summary="Sản phẩm dự thi (dữ liệu mẫu).",
                submitted_at=timezone.now() - datetime.timedelta(days=20),
            )
    contest = contest_transition(contest=contest, to=ContestStatus.JUDGING, user=staff)
    assignments_auto(contest=contest, per_entry=3, by=staff)
    return True
