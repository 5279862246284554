"""A judge scores an entry by its code, blind, then the union office sees the score."""

import re

import pytest

from contests.models import JudgeAssignment, Score
from tests.contests.judging_factories import (
    AUTHOR_NAME,
    MEMBER_AUTHOR,
    SOCIETY_NAME,
    UNIT_NAME,
    assign,
    judging_world,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_judge_scores_blind_saves_a_draft_submits_and_staff_see_it(portal):
    world = judging_world(judges=1)
    judge = world.judges[0]
    assignment = assign(world, judge)
    page = portal.page

    portal.login_as(judge)
    portal.open("/")
    portal.click_and_check(page.get_by_role("link", name="Mở các phiếu chấm của bạn"))
    portal.click_and_check(page.get_by_role("link", name="ST-001"))
    body = page.inner_text("body")
    for secret in (SOCIETY_NAME, UNIT_NAME, AUTHOR_NAME, MEMBER_AUTHOR):
        assert secret not in body
    page.get_by_label(re.compile(r"^Tính mới:?$")).fill("7,5")
    page.get_by_label("Nhận xét về Tính mới").fill("Ý tưởng mới, dễ làm theo")
    portal.click_and_check(page.get_by_role("button", name="Lưu nháp"))
    assert page.get_by_text("Đã lưu nháp điểm của bạn.").is_visible()
    page.get_by_label(re.compile(r"^Khả năng áp dụng:?$")).fill("16")
    portal.click_and_check(page.get_by_role("button", name="Nộp phiếu chấm"))

    assert page.get_by_text("Phiếu chấm của bạn đã được nộp.").is_visible()
    assert page.get_by_text(
        re.compile(r"Điểm trung bình các phiếu đã nộp của mục này: 76,67/100")
    ).is_visible()
    assignment.refresh_from_db()
    assert assignment.submitted_at is not None
    assert sorted(Score.objects.values_list("value", flat=True)) == [7.5, 16]

    portal.login_as(world.users["staff"])
    portal.open(f"/contests/{world.contest.pk}/judging/scores/")
    assert page.get_by_role("cell", name="76,67").first.is_visible()
    assert page.get_by_role("cell", name=judge.full_name).is_visible()
    assert JudgeAssignment.objects.filter(submitted_at__isnull=False).count() == 1


def test_staff_assign_judges_automatically_and_see_why_when_they_cannot(portal):
    world = judging_world(judges=2, entries=3)
    page = portal.page

    portal.login_as(world.users["staff"])
    portal.open(f"/contests/{world.contest.pk}/")
    portal.click_and_check(page.get_by_role("link", name="Phân công giám khảo").first)
    portal.click_and_check(page.get_by_role("link", name="Phân công tự động").first)
    page.get_by_label(re.compile(r"^Số giám khảo mỗi")).fill("3")
    portal.click_and_check(page.get_by_role("button", name="Phân công tự động"))
    assert page.get_by_text("Mỗi mục dự thi cần 3 giám khảo nhưng chỉ có 2 giám khảo.").is_visible()

    page.get_by_label(re.compile(r"^Số giám khảo mỗi")).fill("2")
    portal.click_and_check(page.get_by_role("button", name="Phân công tự động"))

    assert JudgeAssignment.objects.filter(contest=world.contest).count() == 6
    assert page.get_by_text(re.compile(r"Đã phân công giám khảo: 6 phiếu mới")).is_visible()
    portal.click_and_check(page.get_by_role("link", name="Xung đột lợi ích").first)
    portal.click_and_check(page.get_by_role("link", name="Bảng điểm").first)
