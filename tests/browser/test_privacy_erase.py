"""Staff erase a person's data on the demo: confirmation first, the code everywhere after, the
society's counts unchanged."""

import re

import pytest

from associations.demo import TRUNG_LUONG
from associations.models import Society
from members.models import Member

pytestmark = pytest.mark.django_db(transaction=True)


def _members_now(portal, society) -> str:
    portal.open(f"/societies/{society.pk}/")
    return portal.page.locator("dt:has-text('Hội viên hiện nay') + dd").inner_text()


def test_staff_erase_a_person_after_confirmation(portal, demo):
    society = Society.objects.get(name=TRUNG_LUONG)
    member = (
        Member.objects.filter(memberships__society=society, memberships__left_on__isnull=True)
        .order_by("pk")
        .first()
    )
    name = member.full_name
    portal.login_as(demo["staff"])
    page = portal.page
    before = _members_now(portal, society)

    portal.open(f"/members/{member.pk}/")
    portal.click_and_check(page.get_by_role("link", name="Xóa dữ liệu cá nhân"))
    assert page.get_by_text(re.compile(f"Xóa dữ liệu cá nhân của {name}")).is_visible()
    member.refresh_from_db()
    assert member.anonymised_at is None  # asked first
    page.get_by_label(re.compile(r"^Lý do")).fill("Theo đơn đề nghị ngày 02/03/2026")
    portal.click_and_check(page.get_by_role("button", name="Xóa dữ liệu cá nhân"))

    member.refresh_from_db()
    heading = page.get_by_role("heading", level=1).inner_text()
    assert heading == member.full_name
    assert heading.startswith("Hội viên ẩn danh #")
    assert name not in page.inner_text("body")
    assert _members_now(portal, society) == before
    code = member.full_name.split("#")[1]
    portal.open(f"/societies/{society.pk}/members/?q={code}")
    assert page.get_by_role("link", name=member.full_name, exact=True).is_visible()
    portal.open(f"/societies/{society.pk}/members/?q={name}")
    assert name not in page.locator("table").all_inner_texts()


def test_staff_read_the_processing_record_and_the_retention_review(portal, demo):
    portal.login_as(demo["staff"])
    page = portal.page

    portal.open("/privacy/record/")
    assert page.get_by_role("heading", name="Hồ sơ xử lý dữ liệu cá nhân").is_visible()
    assert page.get_by_text("members_historicalmember").first.is_visible()
    portal.click_and_check(page.get_by_role("link", name="Rà soát thời hạn lưu trữ"))

    assert page.get_by_role("heading", name="Rà soát thời hạn lưu trữ").is_visible()
