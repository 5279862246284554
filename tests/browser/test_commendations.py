"""An officer's day with commendations: record one for a member, correct it, delete it."""

import re

import pytest

from associations.accounts import role_assign
from associations.models import RoleKind
from members.models import Commendation
from tests.factories import MembershipFactory, SocietyFactory, UnionFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def officer():
    union = UnionFactory()
    society = SocietyFactory(union=union, name="Hội KH&KT Trung tâm Y tế")
    member = MembershipFactory(
        society=society, member__union=union, member__full_name="Nguyễn Thị Ánh Tuyết"
    ).member
    user = UserFactory()
    role_assign(user=user, union=union, kind=RoleKind.OFFICER, societies=[society])
    return user, society, member


def test_officer_records_corrects_and_deletes_a_commendation(portal, officer):
    user, society, member = officer
    portal.login_as(user)
    page = portal.page
    portal.open(f"/societies/{society.pk}/commendations/")

    portal.click_and_check(page.get_by_role("link", name="Ghi nhận khen thưởng"))
    page.get_by_label("Một hội viên của hội").check()
    portal.choose(page.get_by_label(re.compile(r"^Hội viên")), "Nguyễn Thị Ánh Tuyết")
    portal.choose(page.get_by_label(re.compile(r"^Hình thức")), "Giấy khen")
    page.get_by_label(re.compile(r"^Cơ quan khen thưởng")).fill("UBND thị xã")
    page.get_by_label(re.compile(r"^Năm")).fill("2022")
    portal.click_and_check(page.get_by_role("button", name="Lưu"))

    assert page.get_by_text("Đã ghi nhận khen thưởng.").is_visible()
    assert page.get_by_role("cell", name="UBND thị xã").is_visible()
    portal.click_and_check(page.get_by_role("link", name="Sửa"))
    page.get_by_label(re.compile(r"^Cơ quan khen thưởng")).fill("Chủ tịch UBND thị xã")
    portal.click_and_check(page.get_by_role("button", name="Lưu"))
    assert page.get_by_role("cell", name="Chủ tịch UBND thị xã").is_visible()
    portal.click_and_check(page.get_by_role("link", name="Xóa"))
    assert Commendation.objects.filter(member=member).count() == 1  # asked first
    portal.click_and_check(page.get_by_role("button", name="Xóa"))

    assert Commendation.objects.filter(member=member).count() == 0
    assert page.get_by_text("Chưa có khen thưởng nào được ghi nhận.").is_visible()
