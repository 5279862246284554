"""The admin's import preview in Chromium: it fits 1280 px, errors read without hovering."""

import datetime

import pytest

from associations.accounts import role_assign
from associations.models import RoleKind
from tests.associations.import_helpers import xlsx_bytes
from tests.browser.conftest import DESKTOP
from tests.factories import SocietyFactory, UnionFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

HEADER = [
    "Họ và tên", "Hội", "Ngày vào hội", "Mã hội viên", "Giới tính", "Năm sinh", "Trình độ",
    "Học hàm", "Lĩnh vực", "Nơi công tác", "Chức vụ", "Email", "Điện thoại", "Ngày ra hội",
    "Lý do ra hội", "Năm trí thức tiêu biểu",
]  # fmt: skip
SOCIETY = "Hội Khoa học và Kỹ thuật Trung tâm Y tế thị xã Nghi Sơn"


def member_row(i: int, **overrides) -> list:
    values = {
        "Họ và tên": f"Nguyễn Thị Ánh Tuyết Số {i}",
        "Hội": SOCIETY,
        "Ngày vào hội": datetime.datetime(2022, 6, 15),
        "Mã hội viên": f"HV{i:06d}",
        "Giới tính": "Nữ",
        "Năm sinh": 1970,
        "Trình độ": "Thạc sĩ",
        "Học hàm": "PGS",
        "Lĩnh vực": "Quản lý nhà nước về khoa học, công nghệ và môi trường",
        "Nơi công tác": "Trung tâm Y tế thị xã Nghi Sơn, tỉnh Thanh Hoá, khoa Hồi sức cấp cứu",
        "Chức vụ": "Phó Trưởng khoa phụ trách chuyên môn",
        "Email": f"nguyen.thi.anh.tuyet.{i}@trungtamytenghison.example.vn",
        "Điện thoại": f"0912 345 {i:03d}",
        "Ngày ra hội": datetime.datetime(2024, 1, 31),
        "Lý do ra hội": "Chuyển công tác về Sở Khoa học và Công nghệ tỉnh Thanh Hoá",
        "Năm trí thức tiêu biểu": 2020,
        **overrides,
    }
    return [values[name] for name in HEADER]


@pytest.fixture
def staff():
    union = UnionFactory()
    SocietyFactory(union=union, name=SOCIETY)
    user = UserFactory()
    role_assign(user=user, union=union, kind=RoleKind.STAFF)
    return user, union


def preview(portal, union, rows, tmp_path):
    path = tmp_path / "hoi-vien.xlsx"
    path.write_bytes(xlsx_bytes([HEADER, *rows]))
    portal.open("/admin/members/member/import/", allow_english=("Members",))
    page = portal.page
    page.locator("select[name=format]").select_option(label="xlsx")
    union_select = page.locator("select[name=union]")
    if union_select.count():
        union_select.select_option(value=str(union.pk))
    page.locator("input[name=import_file]").set_input_files(str(path))
    with page.expect_navigation():
        page.locator("form input[type=submit]").first.click()
    portal.check(widths=(DESKTOP,), allow_english=("Members",))
    return page


def test_import_preview_of_every_column_fits_1280_px(portal, staff, tmp_path):
    user, union = staff
    portal.login_as(user)

    page = preview(portal, union, [member_row(i) for i in range(40)], tmp_path)

    assert page.locator("table.import-preview tbody tr").count() == 40
    first = page.locator("table.import-preview tbody tr").first
    assert first.locator("dt").all_inner_texts() == HEADER
    assert page.get_by_text("15/06/2022").first.is_visible()


def test_import_errors_are_visible_without_hovering(portal, staff, tmp_path):
    user, union = staff
    portal.login_as(user)
    rows = [member_row(1), member_row(2, **{"Hội": "Hội không có", "Ngày vào hội": "31/02/2020"})]

    page = preview(portal, union, rows, tmp_path)

    problems = page.locator("table.import-problems")
    assert problems.get_by_text("31/02/2020").first.is_visible()
    assert problems.get_by_text("Hội không có").first.is_visible()
