"""Contests in the browser: a society officer submits an entry with an attachment while the
contest takes entries and finds it in the list, read-only once the window is over; staff look at
results, the honour roll and initiatives and start the judging (entries get their codes)."""

import datetime
import re

import pytest

from associations.accounts import role_assign
from associations.models import RoleKind
from contests.models import Contest, Entry
from tests.contests.factories import ContestFactory
from tests.factories import MembershipFactory, SocietyFactory, UnionFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture
def officer():
    union = UnionFactory()
    society = SocietyFactory(union=union, name="Hội KH&KT phường Trung Lương")
    MembershipFactory(society=society, member__union=union, member__full_name="Trần Văn Rèn")
    contest = ContestFactory(union=union, name="Hội thi Sáng tạo kỹ thuật thị xã", year=2024)
    user = UserFactory()
    role_assign(user=user, union=union, kind=RoleKind.OFFICER, societies=[society])
    return user, contest


def test_officer_submits_an_entry_then_it_is_frozen_after_the_window(portal, officer, tmp_path):
    user, contest = officer
    portal.login_as(user)
    page = portal.page
    portal.open(f"/contests/{contest.pk}/")

    portal.click_and_check(page.get_by_role("link", name="Nộp bài dự thi").first)
    page.get_by_label(re.compile(r"^Tiêu đề")).fill("Máy mài dao rèn bán tự động")
    portal.choose(page.get_by_label(re.compile(r"^Lĩnh vực")), "(?i)^công nghiệp")
    page.get_by_label(re.compile(r"^Đơn vị")).fill("Làng nghề rèn Trung Lương")
    page.get_by_label("Trần Văn Rèn").check()
    document = tmp_path / "thuyet-minh.pdf"
    document.write_bytes(PDF)
    page.get_by_label(re.compile(r"^Thêm tệp đính kèm")).set_input_files(str(document))
    portal.click_and_check(page.get_by_role("button", name="Lưu"))

    assert page.get_by_text("Đã lưu bài dự thi “Máy mài dao rèn bán tự động”.").is_visible()
    assert page.get_by_role("link", name="thuyet-minh.pdf").is_visible()
    entry = Entry.objects.get()
    assert [author.full_name for author in entry.authors.all()] == ["Trần Văn Rèn"]
    portal.open(f"/contests/{contest.pk}/entries/")
    assert page.get_by_role("link", name="Máy mài dao rèn bán tự động").is_visible()

    Contest.objects.filter(pk=contest.pk).update(closes_on=datetime.date(2024, 1, 31))
    portal.open(f"/contests/{contest.pk}/entries/{entry.pk}/")

    assert page.locator("#entry-frozen").is_visible()
    assert page.get_by_role("link", name="Sửa").count() == 0
    portal.open(f"/contests/{contest.pk}/entries/{entry.pk}/edit/")
    assert page.locator("form.panel").count() == 0


def test_staff_walk_through_results_honours_initiatives_and_start_the_judging(portal):
    from tests.contests.factories import AwardFactory, EntryFactory, InitiativeFactory

    union = UnionFactory()
    society = SocietyFactory(union=union, name="Hội KH&KT phường Bắc Hồng")
    contest = ContestFactory(
        union=union, name="Cuộc thi Sáng tạo thanh thiếu niên", year=2023, kind="youth_creativity"
    )
    entry = EntryFactory(contest=contest, society=society, title="Mô hình hệ Mặt Trời")
    AwardFactory(entry=entry, level="national", rank="consolation", year=2023)
    InitiativeFactory(union=union, society=society, title="Đổi mới dạy học môn Địa lí")
    user = UserFactory()
    role_assign(user=user, union=union, kind=RoleKind.STAFF)
    portal.login_as(user)
    page = portal.page

    portal.open("/contests/")
    portal.click_and_check(page.get_by_role("link", name="Cuộc thi Sáng tạo thanh thiếu niên"))
    portal.click_and_check(page.get_by_role("link", name="Kết quả"))
    assert page.get_by_role("cell", name="Mô hình hệ Mặt Trời").is_visible()
    portal.open("/contests/honours/")
    assert page.get_by_role("cell", name="Khuyến khích").is_visible()
    portal.open("/contests/initiatives/")
    portal.click_and_check(page.get_by_role("link", name="Đổi mới dạy học môn Địa lí"))
    portal.open("/contests/add/")
    portal.open(f"/contests/{contest.pk}/status/judging/")
    portal.click_and_check(page.get_by_role("button", name="Xác nhận"))
    assert page.get_by_text("Hội thi đã chuyển sang “đang chấm”.").is_visible()
    assert Entry.objects.get().code == "STTN-2023-001"
