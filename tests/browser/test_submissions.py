"""A reporting round in the browser, from opening to every society's report accepted: staff
open it, one society reports in time, the other runs late and is reminded (by the daily run and
by hand), staff return one report with a comment and accept both."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from associations.accounts import role_assign
from associations.models import RoleKind
from submissions.models import Round, Submission, SubmissionStatus
from submissions.reminders import submission_reminders_send
from tests.factories import SocietyFactory, UnionFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def people():
    union = UnionFactory()
    on_time = SocietyFactory(union=union, name="Hội KH&KT phường Trung Lương")
    late = SocietyFactory(union=union, name="Hội KH&KT phường Đức Thuận")
    users = {"staff": UserFactory(), "on_time": UserFactory(), "late": UserFactory()}
    role_assign(user=users["staff"], union=union, kind=RoleKind.STAFF)
    role_assign(user=users["on_time"], union=union, kind=RoleKind.OFFICER, societies=[on_time])
    role_assign(user=users["late"], union=union, kind=RoleKind.OFFICER, societies=[late])
    return users


def _write_and_submit(portal, user, text):
    page = portal.page
    portal.login_as(user)
    portal.open("/submissions/mine/")
    portal.click_and_check(page.get_by_role("link", name=re.compile("^Báo cáo năm 2025")))
    portal.click_and_check(page.get_by_role("link", name="Viết báo cáo"))
    page.locator("[name=results]").fill(text)
    portal.click_and_check(page.get_by_role("button", name="Lưu"))
    assert page.get_by_text("Đã lưu báo cáo.").is_visible()
    portal.click_and_check(page.get_by_role("link", name="Gửi báo cáo"))
    portal.click_and_check(page.get_by_role("button", name="Xác nhận"))


def test_round_from_opening_to_all_accepted_with_one_late_and_reminded(portal, people):
    page = portal.page
    portal.login_as(people["staff"])
    portal.open("/submissions/")
    portal.click_and_check(page.get_by_role("link", name="Mở đợt báo cáo"))
    page.locator("[name=title]").fill("Báo cáo năm 2025")
    page.locator("[name=year]").fill("2025")
    page.locator("[name=deadline]").fill("2099-01-15")
    portal.click_and_check(page.get_by_role("button", name="Mở đợt báo cáo"))
    round_ = Round.objects.get(title="Báo cáo năm 2025")
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [people["on_time"].email, people["late"].email]
    )

    _write_and_submit(portal, people["on_time"], "Tổ chức 05 lớp tập huấn kỹ thuật.")

    # The deadline passes: the daily run reminds the society that has not reported.
    today = timezone.localdate()
    Round.objects.filter(pk=round_.pk).update(deadline=today - datetime.timedelta(days=8))
    submission_reminders_send(today=today)
    late = Submission.objects.get(round=round_, society__name="Hội KH&KT phường Đức Thuận")
    portal.login_as(people["staff"])
    portal.open(f"/submissions/rounds/{round_.pk}/")
    assert page.locator("tr.row-overdue").count() == 1
    portal.open(f"/submissions/{late.pk}/")
    portal.click_and_check(page.get_by_role("link", name="Gửi thư nhắc"))
    portal.click_and_check(page.get_by_role("button", name="Gửi"))
    assert page.get_by_text("Đã gửi thư nhắc tới cán bộ phụ trách của hội.").is_visible()
    assert page.get_by_text("gửi thủ công").is_visible()
    late_mail = [m for m in mail.outbox if m.to == [people["late"].email]]
    assert len(late_mail) == 3  # opened, after-7, by hand

    _write_and_submit(portal, people["late"], "Tổ chức 02 hội thảo.")

    # Staff return the first report with a comment; the society completes it and resubmits.
    first = Submission.objects.get(round=round_, society__name="Hội KH&KT phường Trung Lương")
    portal.login_as(people["staff"])
    portal.open(f"/submissions/{first.pk}/")
    portal.click_and_check(page.get_by_role("link", name="Trả lại"))
    page.locator("[name=comment]").fill("Đề nghị bổ sung số hội viên mới.")
    portal.click_and_check(page.get_by_role("button", name="Xác nhận"))
    portal.login_as(people["on_time"])
    portal.open(f"/submissions/{first.pk}/")
    assert page.get_by_text("Đề nghị bổ sung số hội viên mới.", exact=True).is_visible()
    portal.click_and_check(page.get_by_role("link", name="Viết báo cáo"))
    page.locator("[name=results]").fill("Tổ chức 05 lớp tập huấn; kết nạp 12 hội viên mới.")
    portal.click_and_check(page.get_by_role("button", name="Lưu"))
    portal.click_and_check(page.get_by_role("link", name="Gửi báo cáo"))
    portal.click_and_check(page.get_by_role("button", name="Xác nhận"))

    portal.login_as(people["staff"])
    for submission in (first, late):
        portal.open(f"/submissions/{submission.pk}/")
        portal.click_and_check(page.get_by_role("link", name="Chấp nhận"))
        portal.click_and_check(page.get_by_role("button", name="Xác nhận"))
    portal.open(f"/submissions/rounds/{round_.pk}/")

    statuses = set(Submission.objects.filter(round=round_).values_list("status", flat=True))
    assert statuses == {SubmissionStatus.ACCEPTED}
    assert page.locator("tr.row-overdue").count() == 0
    portal.open("/submissions/scorecard/")
