"""The official opinion letter in the browser: staff write it, generate it, download it and
record it as delivered."""

import datetime
import re

import pytest

from consultations.models import OpinionLetter, TaskStatus, TaskType
from tests.conftest import make_user
from tests.consultations.factories import ConsultationTaskFactory, RecommendationFactory
from tests.factories import UnionFactory
from tests.reports.pdftools import pdf_text

pytestmark = pytest.mark.django_db(transaction=True)


def label(text: str):
    return re.compile(rf"^\s*{re.escape(text)}:?\s*$")


def test_staff_edits_generates_downloads_and_delivers_the_letter(portal):
    union = UnionFactory(
        name="Liên hiệp các Hội Khoa học và Kỹ thuật thị xã Hồng Lĩnh",
        district="Thị xã Hồng Lĩnh",
        locality_kind="thi_xa",
    )
    staff = make_user("staff", union)
    task = ConsultationTaskFactory(
        union=union,
        title="Đề án thu gom rác thải",
        type=TaskType.CRITIQUE,
        requesting_body="UBND thị xã Hồng Lĩnh",
        status=TaskStatus.APPROVED,
        received_on=datetime.date(2024, 3, 1),
    )
    RecommendationFactory(task=task, number=1, text="Bổ sung phương án phân loại rác tại nguồn.")
    page = portal.page
    portal.login_as(staff)

    portal.open(f"/consultations/tasks/{task.pk}/letter/")
    portal.click_and_check(page.get_by_role("link", name="Sửa văn bản"))
    page.locator("#id_signer_name").fill("Nguyễn Văn Đạt")
    page.get_by_label(label("Nội dung văn bản")).fill(
        "Đề án được xây dựng công phu, phù hợp thực tiễn."
    )
    portal.click_and_check(page.get_by_role("button", name="Lưu"))
    portal.click_and_check(page.get_by_role("link", name="Tạo PDF"))
    portal.click_and_check(page.get_by_role("button", name=re.compile("Tạo phiên bản")))
    assert "v1" in page.locator("main table").inner_text()

    name, body = portal.download(page.get_by_role("link", name="Tải xuống").first)
    text = pdf_text(body)
    assert name.endswith(".pdf")
    assert "Số: 01/LHH-PB" in text and "Kính gửi: UBND thị xã Hồng Lĩnh" in text
    assert "1. Bổ sung phương án phân loại rác tại nguồn." in text
    assert "Nguyễn Văn Đạt" in text

    portal.click_and_check(page.get_by_role("link", name="Ghi nhận đã gửi"))
    page.locator("#id_delivered_on").fill(datetime.date.today().isoformat())
    portal.click_and_check(page.get_by_role("button", name="Ghi nhận đã gửi"))

    letter = OpinionLetter.objects.get(task=task)
    task.refresh_from_db()
    assert (letter.delivered_on, task.status) == (datetime.date.today(), TaskStatus.DELIVERED)
    assert "Ghi nhận đã gửi" not in page.locator("main .actions").inner_text()
