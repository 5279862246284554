"""A person's request to see their data: recorded by staff, the data produced, answered."""

import re

import pytest

from associations.accounts import role_assign
from associations.models import RoleKind
from members.models import DataSubjectRequest, PersonalDataAccess
from tests.factories import MembershipFactory, SocietyFactory, UnionFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def staff():
    union = UnionFactory()
    society = SocietyFactory(union=union, name="Hội KH&KT Trung tâm Y tế")
    member = MembershipFactory(
        society=society, member__union=union, member__full_name="Nguyễn Thị Ánh Tuyết"
    ).member
    user = UserFactory()
    role_assign(user=user, union=union, kind=RoleKind.STAFF)
    return user, member


def test_a_request_to_see_the_data_is_received_produced_and_answered(portal, staff):
    user, member = staff
    portal.login_as(user)
    page = portal.page
    portal.open(f"/members/{member.pk}/")

    portal.click_and_check(page.get_by_role("link", name="Ghi nhận yêu cầu về dữ liệu cá nhân"))
    portal.choose(page.get_by_label(re.compile(r"^Loại yêu cầu")), "xem dữ liệu")
    page.get_by_label(re.compile(r"^Ngày nhận")).fill("2026-11-30")
    page.get_by_label(re.compile(r"^Hình thức gửi")).fill("Thư điện tử")
    portal.click_and_check(page.get_by_role("button", name="Ghi nhận yêu cầu"))
    assert page.get_by_text(re.compile("Đã ghi nhận yêu cầu; hạn trả lời là")).is_visible()

    name, body = portal.download(page.get_by_role("link", name="Dữ liệu của người này (PDF)"))
    assert (name.endswith(".pdf"), body[:5]) == (True, b"%PDF-")
    assert PersonalDataAccess.objects.get().action == "subject_export"

    portal.click_and_check(page.get_by_role("link", name="Trả lời hoặc từ chối"))
    page.get_by_label("Trả lời yêu cầu").check()
    page.get_by_label(re.compile(r"^Trả lời:?$")).fill("Đã gửi tệp dữ liệu qua thư điện tử.")
    portal.click_and_check(page.get_by_role("button", name="Xác nhận"))

    assert page.get_by_text("Đã trả lời yêu cầu.").is_visible()
    request = DataSubjectRequest.objects.get()
    assert (request.status, request.answer, request.handled_by) == (
        "answered",
        "Đã gửi tệp dữ liệu qua thư điện tử.",
        user,
    )
