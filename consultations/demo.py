"""Demo data of the consultations (registered with core.demo, after the members).

The programmes and plans the 2018 - 2023 term report lists under 2.2 (each delivered in the
term, with its recommendations and whether they were adopted), the yearly plans 2024 - 2026
against the "01 - 02 topics a year" target, a task delivered in 2024 and one open task with two
experts (the demo expert and a second one) in review. Fixed dates and texts: deterministic.
Idempotent: nothing is written when the union already has consultation tasks.
"""

from __future__ import annotations

import datetime
import hashlib

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.utils import timezone

from associations.accounts import role_assign
from associations.demo import DEMO_PASSWORD
from associations.models import RoleKind, User
from core import demo
from core.text import vn_count

from .models import (
    Adoption,
    ConsultationPlan,
    ConsultationTask,
    DocumentKind,
    ExpertAssignment,
    Opinion,
    PlannedTopic,
    Recommendation,
    TaskDocument,
    TaskStatus,
    TaskTransition,
    TaskType,
)

D = datetime.date
A, P, N = Adoption.ADOPTED, Adoption.PARTLY, Adoption.NOT_ADOPTED
UBND = "UBND thị xã Hồng Lĩnh"
NOTE = "Dữ liệu mẫu"
EXPERT_EMAIL = "expert@demo.lienhiephoi.vn"
SECOND_EXPERT = ("chuyengia2@demo.lienhiephoi.vn", "Nguyễn Văn Khánh")

# (title, type, requesting body, legal basis, received, delivered, [(recommendation, adoption)])
DELIVERED = [
    ("Đề án phát triển đô thị thị xã Hồng Lĩnh đến năm 2025 và những năm tiếp theo",
     TaskType.CRITIQUE, UBND, "Quyết định số 14/2014/QĐ-TTg của Thủ tướng Chính phủ",
     D(2019, 4, 8), D(2019, 4, 26), [
         ("Bổ sung đánh giá hiện trạng hạ tầng kỹ thuật các phường trước khi đặt chỉ tiêu", A),
         ("Làm rõ nguồn lực đầu tư và lộ trình nâng loại đô thị", A),
         ("Ưu tiên quỹ đất cho không gian xanh, công viên", P),
     ]),
    ("Chương trình phát triển đô thị thị xã",
     TaskType.CRITIQUE, UBND, "", D(2020, 9, 14), D(2020, 10, 2), [
         ("Gắn chương trình với quy hoạch chung đã được phê duyệt", A),
         ("Bổ sung chỉ tiêu về thu gom, xử lý nước thải", P),
     ]),
    ("Đề án ứng dụng và phát triển CNTT",
     TaskType.CONSULTATION, "Phòng Văn hóa và Thông tin thị xã", "",
     D(2020, 6, 15), D(2020, 7, 3), [
         ("Ưu tiên cung cấp dịch vụ công trực tuyến mức độ 3", A),
         ("Bồi dưỡng kỹ năng CNTT cho cán bộ phường, xã", A),
         ("Đầu tư trung tâm dữ liệu dùng chung của thị xã", N),
     ]),
    ("Đề án thu gom rác thải",
     TaskType.CRITIQUE, "Phòng Tài nguyên và Môi trường thị xã", "",
     D(2021, 5, 10), D(2021, 5, 28), [
         ("Tổ chức phân loại rác tại nguồn, thí điểm ở 02 phường", A),
         ("Xã hội hóa dịch vụ thu gom, vận chuyển", P),
     ]),
    ("Kế hoạch thực hiện Nghị quyết số 02/NQ-ThU ngày 31/12/2021 của BCH Đảng bộ Thị xã về "
     "tăng cường lãnh đạo phát triển du lịch văn hóa, tâm linh trên địa bàn thị xã đến năm 2025",
     TaskType.CONSULTATION, UBND, "Nghị quyết số 02/NQ-ThU ngày 31/12/2021",
     D(2022, 2, 21), D(2022, 3, 11), [
         ("Xây dựng sản phẩm du lịch gắn với di tích chùa Chân Tiên, đền Củi", A),
         ("Đào tạo hướng dẫn viên du lịch tại chỗ", A),
     ]),
    ("Chương trình hành động thực hiện Nghị quyết 03-NQ/ThU ngày 02/6/2022 của BCH Đảng bộ thị "
     "xã về phát triển các khu, cụm công nghiệp; nâng cao hiệu quả thu hút đầu tư giai đoạn "
     "2022-2025 và những năm tiếp theo",
     TaskType.CONSULTATION, UBND, "Nghị quyết 03-NQ/ThU ngày 02/6/2022",
     D(2022, 7, 11), D(2022, 8, 1), [
         ("Hoàn thiện hạ tầng cụm công nghiệp Nam Hồng trước khi kêu gọi đầu tư", A),
         ("Công khai quỹ đất sạch và thủ tục đầu tư trên cổng thông tin", A),
         ("Có chính sách thu hút lao động kỹ thuật cao", P),
     ]),
    ("Kế hoạch phát triển sản xuất nông nghiệp hằng năm",
     TaskType.CONSULTATION, "Phòng Kinh tế thị xã", "", D(2023, 1, 9), D(2023, 1, 27), [
         ("Mở rộng mô hình rau màu vụ Đông ứng dụng tiến bộ kỹ thuật", A),
         ("Hỗ trợ liên kết tiêu thụ sản phẩm cho hợp tác xã", P),
     ]),
]  # fmt: skip

AFTER_TERM = (
    "Kế hoạch chuyển đổi số thị xã Hồng Lĩnh giai đoạn 2024 - 2025",
    TaskType.CRITIQUE, UBND, "Quyết định số 14/2014/QĐ-TTg của Thủ tướng Chính phủ",
    D(2024, 4, 1), D(2024, 4, 19), [
        ("Bổ sung chỉ tiêu tỷ lệ hồ sơ giải quyết trực tuyến", A),
        ("Phân công rõ đơn vị chủ trì từng nhiệm vụ", A),
    ],
)  # fmt: skip

OPEN_TASK = (
    "Dự thảo Kế hoạch phát triển du lịch cộng đồng thị xã Hồng Lĩnh giai đoạn 2026 - 2030",
    TaskType.SOCIAL_ASSESSMENT,
    UBND,
    "Quyết định số 14/2014/QĐ-TTg của Thủ tướng Chính phủ",
    D(2026, 11, 2),
    D(2026, 12, 15),
)

# year -> (planned topics, [(topic, requesting body)], notes)
PLANS = {
    2024: (2, [("Kế hoạch chuyển đổi số thị xã giai đoạn 2024 - 2025", UBND),
               ("Đề án phát triển nông nghiệp hữu cơ", "Phòng Kinh tế thị xã")],
           "Theo chỉ tiêu nhiệm kỳ 2024 - 2029: mỗi năm 01 - 02 chuyên đề."),
    2025: (2, [("Quy hoạch hệ thống thoát nước đô thị", UBND),
               ("Chương trình giảm nghèo bền vững", "Phòng Lao động - Thương binh và Xã hội")],
           ""),
    2026: (1, [("Kế hoạch phát triển du lịch cộng đồng giai đoạn 2026 - 2030", UBND)], ""),
}  # fmt: skip

PDF_TEMPLATE = "%PDF-1.4\n% {title}\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def _pdf(title: str, version: int) -> bytes:
    ascii_title = title.encode("ascii", "ignore").decode() or "du-thao"
    return PDF_TEMPLATE.format(title=f"{ascii_title} v{version}").encode()


def _moment(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))


def _delivered(union, staff, spec, status=TaskStatus.CLOSED) -> ConsultationTask:
    title, kind, body, basis, received, delivered, recommendations = spec
    task = ConsultationTask.objects.create(
        union=union,
        title=title,
        type=kind,
        requesting_body=body,
        legal_basis=basis,
        received_on=received,
        due_on=received + datetime.timedelta(days=20),
        status=status,
        confidential=True,
        summary="Liên hiệp hội thị xã cơ bản thống nhất với dự thảo và có các kiến nghị sau.",
        delivered_on=delivered,
        created_by=staff,
    )
    Recommendation.objects.bulk_create(
        Recommendation(
            task=task,
            number=number,
            text=text,
            adoption=adoption,
            answer="Cơ quan soạn thảo đã tiếp thu, chỉnh sửa dự thảo."
            if adoption != Adoption.NOT_ADOPTED
            else "Chưa tiếp thu do chưa bố trí được nguồn lực.",
            answered_on=delivered + datetime.timedelta(days=30),
        )
        for number, (text, adoption) in enumerate(recommendations, start=1)
    )
    TaskTransition.objects.create(task=task, from_status="", to_status=status, by=staff, note=NOTE)
    return task


def _second_expert(union) -> User:
    email, full_name = SECOND_EXPERT
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, None, full_name=full_name)
        user.password = make_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    role_assign(user=user, union=union, kind=RoleKind.EXPERT)
    return user


def _open_task(union, staff) -> ConsultationTask:
    title, kind, body, basis, received, due = OPEN_TASK
    task = ConsultationTask.objects.create(
        union=union,
        title=title,
        type=kind,
        requesting_body=body,
        legal_basis=basis,
        received_on=received,
        due_on=due,
        status=TaskStatus.IN_REVIEW,
        created_by=staff,
    )
    for version in (1, 2):
        content = _pdf(title, version)
        document = TaskDocument(
            task=task,
            kind=DocumentKind.INPUT,
            title="Dự thảo Kế hoạch",
            version=version,
            original_name=f"du-thao-ke-hoach-v{version}.pdf",
            size=len(content),
            checksum=hashlib.sha256(content).hexdigest(),
            uploaded_by=staff,
        )
        document.file.save(f"demo-{version}.pdf", ContentFile(content), save=False)
        document.save()
    experts = [User.objects.get(email=EXPERT_EMAIL), _second_expert(union)]
    first = ExpertAssignment.objects.create(
        task=task, expert=experts[0], lead=True, due_on=D(2026, 11, 25), assigned_by=staff
    )
    second = ExpertAssignment.objects.create(
        task=task, expert=experts[1], lead=False, due_on=D(2026, 12, 5), assigned_by=staff
    )
    Opinion.objects.create(
        assignment=first,
        text="Đề nghị bổ sung đánh giá sức chứa của các điểm du lịch cộng đồng.",
        submitted_at=_moment(D(2026, 11, 20)),
    )
    Opinion.objects.create(assignment=second, text="Bản nháp: cần làm rõ cơ chế chia sẻ lợi ích.")
    for from_status, to_status, day in (
        ("", TaskStatus.RECEIVED, received),
        (TaskStatus.RECEIVED, TaskStatus.ASSIGNED, D(2026, 11, 4)),
        (TaskStatus.ASSIGNED, TaskStatus.IN_REVIEW, D(2026, 11, 6)),
    ):
        move = TaskTransition.objects.create(
            task=task, from_status=from_status, to_status=to_status, by=staff, note=NOTE
        )
        TaskTransition.objects.filter(pk=move.pk).update(at=_moment(day))
    return task


def load(summary: dict) -> None:
    union = summary["union"]
    if ConsultationTask.objects.filter(union=union).exists():
        summary["consultations"] = ConsultationTask.objects.filter(union=union).count()
        return
    staff = User.objects.filter(email="staff@demo.lienhiephoi.vn").first()
    for spec in DELIVERED:
        _delivered(union, staff, spec)
    done_2024 = _delivered(union, staff, AFTER_TERM, status=TaskStatus.DELIVERED)
    _open_task(union, staff)
    for year, (planned, topics, notes) in PLANS.items():
        plan = ConsultationPlan.objects.create(
            union=union, year=year, planned_topics=planned, notes=notes
        )
        for index, (topic, body) in enumerate(topics):
            PlannedTopic.objects.create(
                plan=plan,
                title=topic,
                requesting_body=body,
                task=done_2024 if (year, index) == (2024, 0) else None,
            )
    summary["consultations"] = ConsultationTask.objects.filter(union=union).count()


def describe(summary: dict) -> list[str]:
    return [
        f"  Nhiệm vụ tư vấn, phản biện: {vn_count(summary.get('consultations', 0))} "
        f"(kế hoạch năm 2024 - 2026)"
    ]


demo.register("consultations", load=load, describe=describe, after=["members"])
