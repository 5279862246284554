"""Leadership's dashboard: from the home page to the targets with their progress, the charts
and the scorecard of the societies."""

import datetime
from decimal import Decimal

import pytest

from reports.models import Target, TermReport
from tests.conftest import make_user
from tests.factories import ActivityFactory, SocietyFactory, TermFactory, UnionFactory
from tests.reports.datasets import join

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def leadership():
    union = UnionFactory(intellectuals_estimate=10)
    term = TermFactory(union=union)
    next_term = TermFactory(
        union=union,
        label="2024 - 2029",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2029, 12, 31),
    )
    report = TermReport.objects.create(union=union, term=term, next_term=next_term)
    busy = SocietyFactory(union=union, name="Hội KH&KT phường Trung Lương")
    SocietyFactory(union=union, name="Hội KH&KT Trung tâm Y tế")
    for _ in range(3):
        join(busy)
    ActivityFactory(society=busy, held_on=datetime.date.today().replace(month=1, day=2))
    Target.objects.create(
        report=report,
        metric="trainings",
        value=Decimal(1),
        wording="Hằng năm phối hợp tổ chức tập huấn kiến thức cho hội viên",
    )
    Target.objects.create(
        report=report,
        metric="manual",
        value=0,
        wording="Được UBND thị xã đánh giá hoàn thành xuất sắc nhiệm vụ",
        order=1,
    )
    return make_user("leadership", union)


def test_leadership_opens_the_dashboard_and_sees_targets_charts_and_scorecard(portal, leadership):
    portal.login_as(leadership)
    page = portal.page
    portal.open("/")

    portal.click_and_check(
        page.get_by_role("link", name="Bảng điều hành: chỉ tiêu, biểu đồ và các hội")
    )

    assert page.get_by_role("heading", name="Chỉ tiêu của nhiệm kỳ").is_visible()
    assert page.get_by_text(
        "Hằng năm phối hợp tổ chức tập huấn kiến thức cho hội viên"
    ).is_visible()
    assert page.get_by_text("theo dõi thủ công").first.is_visible()
    assert page.locator("svg.chart-svg").count() == 4
    assert page.get_by_role("img", name="Số hội viên qua các năm").is_visible()
    scorecard = page.locator("#scorecard")
    assert scorecard.get_by_role("cell", name="Hội KH&KT phường Trung Lương").is_visible()
    lagging = scorecard.locator("tr.row-lagging")
    assert lagging.count() == 1
    assert lagging.get_by_text("Hội KH&KT Trung tâm Y tế").is_visible()
    page.screenshot(path="/tmp/dashboard.png", full_page=True)


def test_staff_add_order_and_delete_the_next_terms_targets(portal, leadership):
    report = TermReport.objects.get(union=leadership.roles.get().union)
    portal.login_as(make_user("staff", report.union))
    page = portal.page
    portal.open(f"/reports/{report.pk}/")

    portal.click_and_check(page.get_by_role("link", name="Chỉ tiêu nhiệm kỳ tới"))
    portal.click_and_check(page.get_by_role("link", name="Thêm chỉ tiêu"))
    page.get_by_label("Nội dung chỉ tiêu").fill("Mỗi năm tổ chức ít nhất 02 lớp tập huấn")
    page.get_by_label("Chỉ số").select_option(label="Số lớp tập huấn")
    page.get_by_label("Giá trị").fill("2")
    portal.click_and_check(page.get_by_role("button", name="Lưu"))

    rows = page.locator("tbody tr")
    assert page.get_by_text("Đã thêm chỉ tiêu.").is_visible()
    assert rows.last.get_by_text("Mỗi năm tổ chức ít nhất 02 lớp tập huấn").is_visible()
    portal.click_and_check(rows.last.get_by_role("button", name="Lên"))
    assert page.locator("tbody tr").nth(1).get_by_text("Mỗi năm tổ chức").is_visible()

    portal.click_and_check(page.locator("tbody tr").nth(1).get_by_role("link", name="Xóa"))
    assert page.get_by_text("Mỗi năm tổ chức ít nhất 02 lớp tập huấn").is_visible()
    portal.click_and_check(page.get_by_role("button", name="Xóa"))
    assert page.get_by_text("Đã xóa chỉ tiêu “Mỗi năm tổ chức").is_visible()
    assert page.locator("tbody").get_by_text("Mỗi năm tổ chức").count() == 0
    assert Target.objects.filter(report=report).count() == 2
