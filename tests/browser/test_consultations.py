"""A consultation task from received to delivered: staff record it and assign two experts, each
expert opens the draft and submits an opinion, staff draft the recommendations, leadership
approve, staff deliver. Each sees only what they may."""

import re

import pytest

from associations.accounts import role_assign
from associations.models import RoleKind
from consultations.models import ConsultationTask, DocumentAccess, TaskStatus
from tests.consultations.factories import PDF, OpinionLetterFactory
from tests.factories import UnionFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Dự thảo Đề án phát triển đô thị thị xã đến năm 2030"


@pytest.fixture
def people():
    union = UnionFactory()
    users = {}
    for key, kind, name in [
        ("staff", RoleKind.STAFF, "Nguyễn Thị Thu Hà"),
        ("leader", RoleKind.LEADERSHIP, "Trần Đình Hùng"),
        ("expert_a", RoleKind.EXPERT, "Phan Thị Minh Nguyệt"),
        ("expert_b", RoleKind.EXPERT, "Nguyễn Văn Khánh"),
        ("outsider", RoleKind.EXPERT, "Lê Văn Ngoài"),
    ]:
        users[key] = UserFactory(full_name=name)
        role_assign(user=users[key], union=union, kind=kind)
    return users


def move(portal, label: str) -> None:
    page = portal.page
    portal.click_and_check(page.get_by_role("link", name=f"Chuyển sang “{label}”"))
    portal.click_and_check(page.get_by_role("button", name="Xác nhận"))
    assert page.get_by_text(f"Nhiệm vụ đã chuyển sang “{label}”.").is_visible()


def assign(portal, name: str, *, lead: bool, due: str) -> None:
    page = portal.page
    portal.click_and_check(page.get_by_role("link", name="Phân công chuyên gia"))
    portal.choose(page.get_by_label(re.compile(r"^Chuyên gia:?$")), name)
    if lead:
        page.get_by_label(re.compile(r"^Chuyên gia chủ trì")).check()
    page.get_by_label(re.compile(r"^Hạn gửi ý kiến")).fill(due)
    portal.click_and_check(page.get_by_role("button", name="Lưu"))
    assert page.get_by_text("Đã phân công chuyên gia.").is_visible()


def expert_gives_opinion(portal, user, text: str) -> None:
    page = portal.page
    portal.login_as(user)
    portal.open("/consultations/mine/")
    portal.click_and_check(page.get_by_role("link", name=TITLE))
    name, content = portal.download(page.get_by_role("link", name="phiên bản 1"))
    assert (name, content) == ("du-thao-de-an.pdf", PDF)
    portal.click_and_check(page.get_by_role("link", name="Viết ý kiến"))
    page.get_by_label(re.compile(r"^Ý kiến")).fill(text)
    portal.click_and_check(page.get_by_role("button", name="Gửi ý kiến"))
    assert page.get_by_text("Ý kiến của bạn đã được gửi. Xin cảm ơn.").is_visible()


def test_task_from_received_to_delivered(portal, people):
    page = portal.page
    # Staff record the task, store the draft and assign two experts.
    portal.login_as(people["staff"])
    portal.open("/consultations/")
    portal.click_and_check(page.get_by_role("link", name="Tiếp nhận nhiệm vụ"))
    page.get_by_label(re.compile(r"^Tên dự thảo xin ý kiến")).fill(TITLE)
    portal.choose(page.get_by_label(re.compile(r"^Hình thức")), "Phản biện")
    page.get_by_label(re.compile(r"^Cơ quan đề nghị")).fill("UBND thị xã")
    page.get_by_label(re.compile(r"^Hạn trả lời")).fill("2030-01-31")
    portal.click_and_check(page.get_by_role("button", name="Lưu"))
    assert page.get_by_text("Đã tiếp nhận nhiệm vụ.").is_visible()
    task = ConsultationTask.objects.get(title=TITLE)

    portal.click_and_check(page.get_by_role("link", name="Thêm tài liệu"))
    page.get_by_label(re.compile(r"^Tiêu đề")).fill("Dự thảo Đề án")
    page.get_by_label(re.compile(r"^Tệp")).set_input_files(
        {"name": "du-thao-de-an.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    portal.click_and_check(page.get_by_role("button", name="Lưu"))
    assert page.get_by_text("Đã lưu tài liệu.").is_visible()
    assign(portal, "Phan Thị Minh Nguyệt", lead=True, due="2030-01-20")
    assign(portal, "Nguyễn Văn Khánh", lead=False, due="2030-01-20")
    move(portal, "Đã phân công")

    # An expert who is not on the task finds nothing of it.
    portal.login_as(people["outsider"])
    portal.open(f"/consultations/tasks/{task.pk}/", status=404)
    document = task.documents.get()
    portal.open(f"/consultations/documents/{document.pk}/", status=404)

    # Each expert opens the draft (the review begins) and submits an opinion.
    expert_gives_opinion(portal, people["expert_a"], "Đề nghị bổ sung chỉ tiêu về không gian xanh.")
    task.refresh_from_db()
    assert task.status == TaskStatus.IN_REVIEW
    expert_gives_opinion(portal, people["expert_b"], "Cần làm rõ nguồn vốn đầu tư hạ tầng.")

    # Staff draft the consolidated opinion and its recommendations.
    portal.login_as(people["staff"])
    portal.open(f"/consultations/tasks/{task.pk}/")
    assert page.get_by_text("Nhật ký truy cập tài liệu").is_visible()
    move(portal, "Đang tổng hợp ý kiến")
    for text in ("Bổ sung chỉ tiêu về không gian xanh", "Làm rõ nguồn vốn đầu tư hạ tầng"):
        portal.click_and_check(page.get_by_role("link", name="Thêm kiến nghị"))
        page.get_by_label(re.compile(r"^Kiến nghị")).fill(text)
        portal.click_and_check(page.get_by_role("button", name="Lưu"))
    assert page.get_by_role("cell", name="Làm rõ nguồn vốn đầu tư hạ tầng", exact=True).is_visible()

    # Leadership approve.
    portal.login_as(people["leader"])
    portal.open(f"/consultations/tasks/{task.pk}/")
    move(portal, "Đã duyệt")

    # Staff deliver. The letter is generated by the letter pages; until they are merged here,
    # the precondition is met with a letter from the factory (merger: generate it in the
    # browser through the letter pages instead).
    OpinionLetterFactory(task=task)
    portal.login_as(people["staff"])
    portal.open(f"/consultations/tasks/{task.pk}/")
    move(portal, "Đã gửi")

    # The dashboard and the yearly plans.
    portal.open("/")
    assert page.get_by_text("Tư vấn, phản biện và giám định xã hội").first.is_visible()
    portal.open("/consultations/plans/")
    portal.click_and_check(page.get_by_role("link", name="Lập kế hoạch năm"))
    page.get_by_label(re.compile(r"^Năm")).fill("2031")
    portal.click_and_check(page.get_by_role("button", name="Lưu"))
    portal.click_and_check(page.get_by_role("link", name="Thêm chuyên đề"))
    page.get_by_label(re.compile(r"^Tiêu đề")).fill("Đề án phát triển đô thị")
    portal.click_and_check(page.get_by_role("button", name="Lưu"))
    assert page.get_by_role("cell", name="Đề án phát triển đô thị", exact=True).is_visible()

    task.refresh_from_db()
    assert task.status == TaskStatus.DELIVERED
    assert task.delivered_on is not None
    assert list(task.transitions.values_list("to_status", flat=True).order_by("at", "id")) == [
        "received",
        "assigned",
        "in_review",
        "drafting",
        "approved",
        "delivered",
    ]
    log = sorted(DocumentAccess.objects.values_list("user__full_name", "what"))
    assert log == [
        ("Lê Văn Ngoài", "refused"),
        ("Nguyễn Văn Khánh", "download"),
        ("Phan Thị Minh Nguyệt", "download"),
    ]
