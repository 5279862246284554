"""Each role's day in the browser, on the demo data (issue 12).

Steps find things the way a user does, by their Vietnamese label, role or visible text, so that
markup changes do not break them; every page landed on goes through Portal.check (console
errors, requests off 127.0.0.1, English leftovers, sideways scrolling at 1280 and 390 px).
"""

import io
import re

import openpyxl
import pytest

from associations.demo import DEMO_PASSWORD
from associations.models import Role, Society
from core.text import fold
from members.models import Member, Membership
from reports.models import TermReport
from tests.browser.conftest import Portal
from tests.factories import ReportVersionFactory, SocietyFactory, TermReportFactory, UnionFactory

pytestmark = pytest.mark.django_db(transaction=True)


def label(text: str):
    """A form label as Django prints it, with or without the trailing colon."""
    return re.compile(rf"^\s*{re.escape(text)}:?\s*$")


def officer_society(user) -> Society:
    return Role.objects.get(user=user, kind="officer").societies.get()


def test_officer_adds_edits_and_ends_a_membership(portal, demo):
    officer = demo["officer"]
    society = officer_society(officer)
    page = portal.page
    portal.login_with_form(officer.email, DEMO_PASSWORD)

    # From the dashboard to their society's members.
    portal.click_and_check(page.get_by_role("link", name=society.name).first)
    portal.click_and_check(page.locator("main").get_by_role("link", name="Hội viên", exact=True))
    portal.click_and_check(page.get_by_role("link", name="Thêm hội viên"))

    # A birth year out of range is refused in Vietnamese, the form keeps what was typed.
    page.get_by_label(label("Họ và tên")).fill("Nguyễn Thị Ánh Tuyết")
    page.get_by_label(label("Năm sinh")).fill("1850")
    page.get_by_label(label("Email")).fill("anh.tuyet@example.vn")
    page.get_by_label(label("Ngày vào hội")).fill("2024-03-01")
    portal.click_and_check(page.get_by_role("button", name="Thêm"))
    assert "Năm sinh" in page.locator(".errorlist").first.inner_text()
    page.get_by_label(label("Năm sinh")).fill("1985")
    portal.click_and_check(page.get_by_role("button", name="Thêm"))
    assert "Nguyễn Thị Ánh Tuyết" in page.locator(".messages").inner_text()

    # Edit the person's workplace.
    page.get_by_label("Tìm kiếm").fill("anh tuyet")
    portal.click_and_check(page.get_by_role("button", name="Lọc"))
    portal.click_and_check(page.get_by_role("link", name="Sửa Nguyễn Thị Ánh Tuyết"))
    page.get_by_label(label("Nơi công tác")).fill("Trường THCS Trung Lương")
    portal.click_and_check(page.get_by_role("button", name="Lưu"))
    assert Member.objects.get(email="anh.tuyet@example.vn").workplace == "Trường THCS Trung Lương"

    # End the membership after the confirmation page.
    page.get_by_label("Tìm kiếm").fill("anh tuyet")
    portal.click_and_check(page.get_by_role("button", name="Lọc"))
    portal.click_and_check(page.get_by_role("link", name="Ghi nhận rời hội Nguyễn Thị Ánh Tuyết"))
    page.get_by_label(label("Ngày rời hội")).fill("2025-01-31")
    page.get_by_label(label("Lý do rời hội")).fill("Chuyển công tác")
    portal.click_and_check(page.locator("main form").get_by_role("button").first)
    assert "rời" in page.locator(".messages").inner_text()

    # The person's own page: the membership, now ended, and the history of the changes.
    page.get_by_label("Tìm kiếm").fill("anh tuyet")
    portal.click_and_check(page.get_by_role("button", name="Lọc"))
    portal.click_and_check(page.get_by_role("link", name="Nguyễn Thị Ánh Tuyết", exact=True))
    main = page.locator("main").inner_text()
    assert "31/01/2025" in main and "Chuyển công tác" in main
    history = page.locator(".timeline").inner_text()
    assert "Trường THCS Trung Lương" in history and f"Sinh hoạt tại {society.name}" in history


def test_officer_records_an_activity_with_an_attachment_and_downloads_it(portal, demo):
    officer = demo["officer"]
    society = officer_society(officer)
    page = portal.page
    content = b"%PDF-1.4\n% bien ban tap huan\n%%EOF\n"
    portal.login_as(officer)

    portal.open(f"/societies/{society.pk}/activities/")
    portal.click_and_check(page.locator("main").get_by_role("link", name="Ghi nhận hoạt động"))
    page.get_by_label(label("Loại")).select_option("training")
    page.get_by_label(label("Tiêu đề")).fill("Tập huấn kỹ thuật trồng rau sạch")
    page.get_by_label(label("Ngày")).fill("2025-05-20")
    page.get_by_label(label("Số người tham gia")).fill("45")
    page.get_by_label(label("Thêm tệp đính kèm")).set_input_files(
        files=[{"name": "biên bản.pdf", "mimeType": "application/pdf", "buffer": content}]
    )
    portal.click_and_check(page.get_by_role("button", name="Lưu"))

    # The detail page: the amount left empty is a dash, the file downloads as it was sent.
    assert page.get_by_role("heading", name="Tập huấn kỹ thuật trồng rau sạch").is_visible()
    name, body = portal.download(page.get_by_role("link", name="biên bản.pdf"))
    assert (name, body) == ("biên bản.pdf", content)
    portal.click_and_check(page.locator(".breadcrumbs").get_by_role("link", name="Hoạt động"))
    row = page.get_by_role("row", name=re.compile("Tập huấn kỹ thuật trồng rau sạch"))
    assert "—" in row.inner_text()


def test_staff_searches_filters_and_exports_the_directory(portal, demo):
    page = portal.page
    portal.login_as(demo["staff"])
    portal.open("/")
    portal.click_and_check(page.locator(".mainnav").get_by_role("link", name="Hội viên"))
    assert page.locator(".mainnav [aria-current=page]").inner_text() == "Hội viên"

    # Without diacritics, "nguyen thi" finds the Nguyễn Thị.
    page.get_by_label(label("Tìm kiếm")).fill("nguyen thi")
    portal.click_and_check(page.get_by_role("button", name="Lọc"))
    names = page.locator("main table tbody tr td:first-child").all_inner_texts()
    assert names and all("nguyen thi" in fold(name) for name in names)

    # Then one society only.
    society = Society.objects.filter(memberships__member__full_name__startswith="Nguyễn Thị")
    society = society.order_by("name").first()
    page.get_by_label(label("Hội")).select_option(label=society.name)
    portal.click_and_check(page.get_by_role("button", name="Lọc"))
    shown = sorted(page.locator("main table tbody tr td:first-child").all_inner_texts())
    assert shown

    # The export holds exactly the filtered people, and opens in openpyxl.
    _, body = portal.download(page.get_by_role("link", name=re.compile("XLSX")))
    sheet = openpyxl.load_workbook(io.BytesIO(body), read_only=True).active
    header, *rows = sheet.iter_rows(values_only=True)
    name_column = [fold(str(cell)) for cell in header].index("ho va ten")
    exported = sorted(row[name_column] for row in rows)
    assert exported == shown

    # A person's page from the directory.
    portal.click_and_check(page.get_by_role("link", name=shown[0]).first)
    assert page.get_by_role("heading", name="Sinh hoạt hội").is_visible()


def test_staff_imports_members_in_the_admin_with_a_preview(portal, demo, tmp_path):
    page = portal.page
    society = Society.objects.filter(union__slug="hong-linh").order_by("name").first()
    csv = tmp_path / "hoi-vien.csv"
    csv.write_text(
        "full_name,society,joined_on,birth_year,email\n"
        f"Đỗ Thị Thanh Xuân,{society.name},2023-09-01,1990,thanh.xuan@example.vn\n",
        encoding="utf-8",
    )
    portal.login_as(demo["staff"])

    portal.open("/admin/members/member/")
    portal.click_and_check(
        page.locator("#content").get_by_role("link", name=re.compile("^Nhập")).first
    )
    page.locator("input[type=file]").set_input_files(str(csv))
    portal.choose(page.locator("select[name=format]"), "(?i)csv")
    portal.click_and_check(page.locator("#content form [type=submit]").first)
    assert "Đỗ Thị Thanh Xuân" in page.locator("#content").inner_text()
    assert not Member.objects.filter(full_name="Đỗ Thị Thanh Xuân").exists()  # preview only

    portal.click_and_check(page.locator("#content form [type=submit]").first)
    imported = Member.objects.get(full_name="Đỗ Thị Thanh Xuân")

    # Edited in the portal (a change with no reason), then its history in the admin: the empty
    # reason is a dash, not "None".
    membership = imported.memberships.get()
    portal.open(f"/societies/{society.pk}/memberships/{membership.pk}/edit/")
    page.get_by_label(label("Nơi công tác")).fill("Trường Tiểu học Nam Hồng")
    portal.click_and_check(page.get_by_role("button", name="Lưu"))
    portal.open(f"/admin/members/member/{imported.pk}/history/")
    assert "Trường Tiểu học Nam Hồng" in page.locator("#change-history").inner_text()


def test_staff_generates_a_report_and_downloads_it(portal, demo):
    page = portal.page
    portal.login_as(demo["staff"])
    portal.open("/reports/")
    if not TermReport.objects.exists():
        portal.choose(page.locator("main select").first, "2018 - 2023")
        portal.click_and_check(page.get_by_role("button", name="Tạo báo cáo"))
    else:
        portal.click_and_check(page.locator("main table a").first)
    portal.click_and_check(page.get_by_role("button", name=re.compile("Tạo")).first)
    name, body = portal.download(page.get_by_role("link", name="Tải xuống").first)
    assert name.endswith(".pdf") and body.startswith(b"%PDF-")


def test_leadership_approves_and_downloads_a_report(portal, demo):
    page = portal.page
    leader = demo["leader"]
    union = Role.objects.get(user=leader, kind="leadership").union
    report = TermReport.objects.filter(union=union).first() or TermReportFactory(
        term=union.terms.get(label="2018 - 2023")
    )
    version = ReportVersionFactory(report=report, number=1)
    TermReport.objects.filter(pk=report.pk).update(status="in_review")  # generated: in review
    portal.login_as(leader)

    portal.open(f"/reports/{report.pk}/")
    portal.click_and_check(page.get_by_role("link", name="Phê duyệt"))
    # The confirmation page says what approving does, then approves the version it showed.
    assert "phiên bản 1" in page.locator("main").inner_text()
    portal.click_and_check(page.get_by_role("button", name="Phê duyệt"))
    report.refresh_from_db()
    assert report.approved_by == leader and report.approved_version == version
    _, body = portal.download(page.get_by_role("link", name="Tải xuống").first)
    assert body == version.file.open("rb").read()

    # Staff regenerating the approved report are told first that it withdraws the approval.
    portal.login_as(demo["staff"])
    portal.open(f"/reports/{report.pk}/")
    portal.click_and_check(page.locator("main").get_by_role("link", name="Tạo PDF"))
    warning = page.locator("main .warning").inner_text()
    assert "đã được phê duyệt (phiên bản 1)" in warning
    portal.click_and_check(page.get_by_role("button", name="Tạo phiên bản mới"))
    report.refresh_from_db()
    assert (report.status, report.approved_version) == ("in_review", None)
    assert list(report.versions.order_by("number").values_list("number", flat=True)) == [1, 2]


@pytest.mark.parametrize(
    ("account", "section"),
    [("expert", "Nhiệm vụ tư vấn"), ("judge", "Bài dự thi cần chấm")],
)
def test_expert_and_judge_see_their_dashboard_and_no_registry(portal, demo, account, section):
    page = portal.page
    portal.login_as(demo[account])
    portal.open("/")
    assert page.locator("main").get_by_role("heading", name=re.compile(section)).is_visible()
    assert not page.locator(".mainnav").get_by_role("link", name="Hội viên").count()

    # The directory is not theirs: a Vietnamese 403 inside the layout, with a way back.
    portal.open("/members/", status=403)
    assert page.get_by_role("heading", level=1).inner_text() == "Bạn không có quyền mở trang này"
    portal.click_and_check(page.locator("main").get_by_role("link", name="Về trang chủ"))
    assert page.url.rstrip("/") == portal.base_url


def test_missing_page_is_a_vietnamese_404_with_a_way_back(portal, demo):
    page = portal.page
    portal.login_as(demo["staff"])
    portal.open("/members/999999999/", status=404)
    assert page.get_by_role("heading", level=1).inner_text() == "Không tìm thấy trang"
    assert page.locator(".mainnav").is_visible()  # inside the portal's layout
    portal.click_and_check(page.locator("main").get_by_role("link", name="Về trang chủ"))


def test_user_changes_their_name_on_the_profile_page(portal, demo):
    page = portal.page
    portal.login_as(demo["staff"])
    portal.open("/")
    portal.click_and_check(page.locator(".usernav").get_by_role("link", name=str(demo["staff"])))
    assert page.get_by_role("heading", level=1).inner_text() == "Tài khoản của tôi"
    page.get_by_label(label("Họ và tên")).fill("Nguyễn Thị Thu Hà (Văn phòng)")
    portal.click_and_check(page.get_by_role("button", name="Lưu"))
    assert (
        page.locator(".usernav").get_by_role("link", name="Nguyễn Thị Thu Hà (Văn phòng)").count()
    )
    portal.click_and_check(page.get_by_role("link", name="Đổi mật khẩu"))
    portal.open("/profile/")
    portal.click_and_check(page.get_by_role("link", name=re.compile("xác thực hai lớp")))


def test_second_of_two_editors_is_refused_and_keeps_their_input(portal, demo, browser, live_server):
    officer = demo["officer"]
    society = officer_society(officer)
    membership = Membership.objects.filter(society=society, left_on__isnull=True).first()
    edit = f"/societies/{society.pk}/memberships/{membership.pk}/edit/"
    other = Portal(browser, live_server.url)
    try:
        portal.login_as(officer)
        other.login_as(demo["staff"])
        portal.open(edit)
        other.open(edit)

        # The first save goes through.
        portal.page.get_by_label(label("Nơi công tác")).fill("Trạm Y tế phường Trung Lương")
        portal.click_and_check(portal.page.get_by_role("button", name="Lưu"))
        assert membership.member.full_name in portal.page.locator(".messages").inner_text()

        # The second, from a page opened before it, is refused: it says why, shows the value
        # saved meanwhile and keeps what was typed.
        field = other.page.get_by_label(label("Nơi công tác"))
        field.fill("Trường THCS Trung Lương")
        other.click_and_check(other.page.get_by_role("button", name="Lưu"))
        main = other.page.locator("main").inner_text()
        assert "Người khác đã thay đổi bản ghi này" in main
        assert "Trạm Y tế phường Trung Lương" in main
        assert other.page.get_by_label(label("Nơi công tác")).input_value() == (
            "Trường THCS Trung Lương"
        )
        membership.member.refresh_from_db()
        assert membership.member.workplace == "Trạm Y tế phường Trung Lương"
    finally:
        other.close()


def test_admin_history_of_another_unions_record_is_not_found(portal, demo):
    page = portal.page
    own = Society.objects.filter(union__slug="hong-linh").order_by("name").first()
    foreign = SocietyFactory(union=UnionFactory(slug="nghi-son"), name="Hội KH&KT xã Hải Hà")
    portal.login_as(demo["staff"])

    portal.open(f"/admin/associations/society/{own.pk}/history/")
    assert own.name in page.locator("#content").inner_text()
    portal.open(f"/admin/associations/society/{foreign.pk}/history/", status=404)
    assert page.get_by_role("heading", level=1).inner_text() == "Không tìm thấy trang"
    assert foreign.name not in page.locator("body").inner_text()
