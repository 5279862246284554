"""The judging pages: who sees what (blind for judges), forms, the score sheet and its export."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from contests import judging_selectors
from contests.models import ContestStatus, JudgeAssignment, Score, SheetReopening
from tests.conftest import make_user
from tests.factories import UnionFactory
from tests.querycount import page_queries

from .factories import EntryFactory, ScoreFactory
from .judging_factories import (
    AUTHOR_NAME,
    MEMBER_AUTHOR,
    SOCIETY_NAME,
    UNIT_NAME,
    assign,
    judging_world,
)

pytestmark = pytest.mark.django_db


def _sheet_url(assignment):
    return reverse("contests:judging_sheet", kwargs={"pk": assignment.pk})


def _submit(assignment, world, novelty="8", use="10"):
    for criterion, value in ((world.novelty, novelty), (world.use, use)):
        ScoreFactory(assignment=assignment, criterion=criterion, value=Decimal(value))
    JudgeAssignment.objects.filter(pk=assignment.pk).update(submitted_at="2024-06-01T00:00Z")


def _statuses(client, users, url):
    found = {}
    for role, user in users.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        found[role] = client.get(url).status_code
    return found


# --- the judge's pages -------------------------------------------------------------------------


def test_judge_sheet_is_blind_no_society_unit_or_author(client):
    world = judging_world(judges=1)
    assignment = assign(world, world.judges[0])
    client.force_login(world.judges[0])

    pages = [
        client.get(reverse("contests:judging_my_entries")).content.decode(),
        client.get(_sheet_url(assignment)).content.decode(),
    ]

    for page in pages:
        assert "ST-001" in page
        for secret in (SOCIETY_NAME, UNIT_NAME, AUTHOR_NAME, MEMBER_AUTHOR, "thuyet-minh"):
            assert secret not in page
    assert "Máy gieo hạt cải tiến 0" in pages[1]


def test_judge_gets_404_for_an_entry_not_assigned_to_them(client):
    world = judging_world(judges=2)
    theirs = assign(world, world.judges[1])
    client.force_login(world.judges[0])

    assert client.get(_sheet_url(theirs)).status_code == 404
    assert client.post(_sheet_url(theirs), {"save": "1"}).status_code == 404


def test_judge_of_another_union_gets_404_even_for_their_own_assignment(client):
    world = judging_world(judges=0)
    outsider = make_user("judge", UnionFactory())  # a judge of another union
    assignment = assign(world, outsider)
    client.force_login(outsider)

    assert client.get(_sheet_url(assignment)).status_code == 404


def test_judge_pages_refuse_other_roles():
    from django.test import Client

    world = judging_world(judges=1)
    assignment = assign(world, world.judges[0])
    users = {**world.users, "judge": world.judges[0]}

    found = {
        name: _statuses(Client(), users, url)
        for name, url in [
            ("list", reverse("contests:judging_my_entries")),
            ("sheet", _sheet_url(assignment)),
        ]
    }

    expected = {"staff": 403, "leadership": 403, "officer": 403, "expert": 403, "judge": 200}
    assert found == {"list": expected, "sheet": expected}


def test_judge_does_not_see_other_judges_scores_before_submitting(client):
    world = judging_world(judges=2)
    mine = assign(world, world.judges[0])
    other = assign(world, world.judges[1])
    _submit(other, world, novelty="3.75", use="17.25")
    client.force_login(world.judges[0])

    page = client.get(_sheet_url(mine)).content.decode()

    assert ("3,75" in page, "17,25" in page, world.judges[1].full_name in page) == (
        False,
        False,
        False,
    )


def test_judge_sees_the_mean_without_names_after_submitting(client):
    world = judging_world(judges=2)
    mine = assign(world, world.judges[0])
    other = assign(world, world.judges[1])
    _submit(mine, world, novelty="8", use="10")  # 100 · (2·0.8 + 1·0.5) / 3 = 70
    _submit(other, world, novelty="5", use="20")  # 100 · (2·0.5 + 1·1) / 3 = 66.67
    client.force_login(world.judges[0])

    page = client.get(_sheet_url(mine)).content.decode()

    assert "68,33/100 (2 phiếu)" in page
    assert world.judges[1].full_name not in page


def test_judge_saves_a_draft_then_submits(client):
    world = judging_world(judges=1)
    assignment = assign(world, world.judges[0])
    client.force_login(world.judges[0])
    version = judging_selectors.sheet_version(assignment_id=assignment.pk)

    client.post(
        _sheet_url(assignment),
        {
            f"score_{world.novelty.pk}": "7,5",
            f"comment_{world.novelty.pk}": "Khá mới",
            "record_version": version,
            "save": "1",
        },
    )
    version = judging_selectors.sheet_version(assignment_id=assignment.pk)
    response = client.post(
        _sheet_url(assignment),
        {
            f"score_{world.novelty.pk}": "7,5",
            f"score_{world.use.pk}": "12",
            "record_version": version,
            "submit": "1",
        },
    )

    assignment.refresh_from_db()
    assert response.status_code == 302
    assert sorted(Score.objects.values_list("criterion__name", "value")) == [
        ("Khả năng áp dụng", Decimal("12.00")),
        ("Tính mới", Decimal("7.50")),
    ]
    assert assignment.submitted_at is not None


def test_judge_post_with_a_stale_version_keeps_the_input_and_saves_nothing(client):
    world = judging_world(judges=1)
    assignment = assign(world, world.judges[0])
    client.force_login(world.judges[0])
    shown = judging_selectors.sheet_version(assignment_id=assignment.pk)
    ScoreFactory(assignment=assignment, criterion=world.novelty, value=Decimal("2"))

    response = client.post(
        _sheet_url(assignment),
        {f"score_{world.novelty.pk}": "9", "record_version": shown, "save": "1"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Người khác đã thay đổi bản ghi này sau khi bạn mở nó" in page
    assert list(Score.objects.values_list("value", flat=True)) == [Decimal("2.00")]


def test_judge_declares_a_conflict_from_the_sheet(client):
    world = judging_world(judges=1)
    assignment = assign(world, world.judges[0])
    client.force_login(world.judges[0])
    url = reverse("contests:judging_conflict_declare", kwargs={"pk": assignment.pk})

    response = client.post(url, {"reason": "Tôi hướng dẫn đề tài này"})

    assert response.status_code == 302
    assert JudgeAssignment.objects.count() == 0
    assert world.contest.conflicts.get().reason == "Tôi hướng dẫn đề tài này"


# --- staff's pages -------------------------------------------------------------------------------


def _staff_urls(world, assignment):
    pk = world.contest.pk
    return {
        "assignments": reverse("contests:judging_assignments", kwargs={"contest_pk": pk}),
        "auto": reverse("contests:judging_assign_auto", kwargs={"contest_pk": pk}),
        "add": reverse("contests:judging_assign_add", kwargs={"contest_pk": pk}),
        "conflicts": reverse("contests:judging_conflicts", kwargs={"contest_pk": pk}),
        "remove": reverse("contests:judging_assignment_remove", kwargs={"pk": assignment.pk}),
        "reopen": reverse("contests:judging_sheet_reopen", kwargs={"pk": assignment.pk}),
        "scores": reverse("contests:judging_score_sheet", kwargs={"contest_pk": pk}),
        "export": reverse("contests:judging_score_export", kwargs={"contest_pk": pk, "fmt": "csv"}),
    }


def test_staff_pages_answer_each_role():
    from django.test import Client

    world = judging_world(judges=1)
    assignment = assign(world, world.judges[0])
    users = {
        **world.users,
        "judge": world.judges[0],
        "other_staff": make_user("staff", UnionFactory()),
    }

    found = {
        name: _statuses(Client(), users, url)
        for name, url in _staff_urls(world, assignment).items()
    }

    manage = {
        "staff": 200,
        "leadership": 403,
        "officer": 403,
        "expert": 403,
        "judge": 403,
        "other_staff": 404,
    }
    view = {**manage, "leadership": 200}
    assert found == {
        "assignments": manage,
        "auto": manage,
        "add": manage,
        "conflicts": manage,
        "remove": manage,
        "reopen": manage,
        "scores": view,
        "export": view,
    }


def test_staff_auto_assignment_page_shows_why_it_is_impossible(client):
    world = judging_world(judges=2, entries=1)
    client.force_login(world.users["staff"])
    url = reverse("contests:judging_assign_auto", kwargs={"contest_pk": world.contest.pk})

    response = client.post(url, {"per_entry": "3"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Mỗi mục dự thi cần 3 giám khảo nhưng chỉ có 2 giám khảo." in page
    assert JudgeAssignment.objects.count() == 0


def test_staff_auto_assignment_assigns_and_goes_back_to_the_list(client):
    world = judging_world(judges=3, entries=4)
    client.force_login(world.users["staff"])
    url = reverse("contests:judging_assign_auto", kwargs={"contest_pk": world.contest.pk})

    response = client.post(url, {"per_entry": "2"})

    assert response.status_code == 302
    assert JudgeAssignment.objects.count() == 8
    assert set(JudgeAssignment.objects.values_list("automatic", flat=True)) == {True}


def test_staff_assign_by_hand_shows_the_conflict(client):
    world = judging_world(judges=1)
    world.contest.conflicts.create(judge=world.judges[0], entry=world.entry, reason="Bạn thân")
    client.force_login(world.users["staff"])
    url = reverse("contests:judging_assign_add", kwargs={"contest_pk": world.contest.pk})

    response = client.post(url, {"entry": world.entry.pk, "judge": world.judges[0].pk})

    assert "có xung đột lợi ích với mục ST-001" in response.content.decode()
    assert JudgeAssignment.objects.count() == 0


def test_staff_reopen_requires_a_reason_and_records_it(client):
    world = judging_world(judges=1)
    assignment = assign(world, world.judges[0])
    _submit(assignment, world)
    client.force_login(world.users["staff"])
    url = reverse("contests:judging_sheet_reopen", kwargs={"pk": assignment.pk})

    empty = client.post(url, {"reason": ""})
    done = client.post(url, {"reason": "Giám khảo nhập nhầm"})

    assignment.refresh_from_db()
    assert (empty.status_code, done.status_code, assignment.submitted_at) == (200, 302, None)
    assert list(SheetReopening.objects.values_list("reason", flat=True)) == ["Giám khảo nhập nhầm"]


def test_leadership_cannot_reopen_a_sheet(client):
    world = judging_world(judges=1)
    assignment = assign(world, world.judges[0])
    _submit(assignment, world)
    client.force_login(world.users["leadership"])

    response = client.post(
        reverse("contests:judging_sheet_reopen", kwargs={"pk": assignment.pk}), {"reason": "X"}
    )

    assignment.refresh_from_db()
    assert (response.status_code, assignment.submitted_at is not None) == (403, True)


def test_score_sheet_shows_every_judge_and_the_ranking(client):
    world = judging_world(judges=2, entries=2)
    first, second = world.entries
    _submit(assign(world, world.judges[0], first), world, novelty="8", use="10")  # 70
    _submit(assign(world, world.judges[1], first), world, novelty="5", use="20")  # 66.67
    _submit(assign(world, world.judges[0], second), world, novelty="10", use="20")  # 100
    client.force_login(world.users["staff"])

    page = client.get(
        reverse("contests:judging_score_sheet", kwargs={"contest_pk": world.contest.pk})
    ).content.decode()

    assert page.index("ST-002") < page.index("ST-001")
    for text in (
        "68,33",
        "100,00",
        "66,67",
        "70,00",
        world.judges[0].full_name,
        world.judges[1].full_name,
        SOCIETY_NAME,
    ):
        assert text in page


def test_score_sheet_export_is_formula_safe_and_has_every_line(client):
    world = judging_world(judges=2, entries=1)
    EntryFactory(
        contest=world.contest,
        union=world.union,
        society=world.society,
        title='=HYPERLINK("http://x")',
        code="ST-009",
    )
    _submit(assign(world, world.judges[0]), world)
    assign(world, world.judges[1])
    client.force_login(world.users["leadership"])

    response = client.get(
        reverse(
            "contests:judging_score_export", kwargs={"contest_pk": world.contest.pk, "fmt": "csv"}
        )
    )

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:7] == [
        "Mã số",
        "Tên đề tài, sản phẩm",
        "Hội",
        "Đơn vị",
        "Giám khảo",
        "Tính mới (tối đa 10)",
        "Khả năng áp dụng (tối đa 20)",
    ]
    assert len(rows) == 1 + 2 + 1  # two judges' lines for ST-001, one empty line for ST-009
    titles = [row[1] for row in rows[1:]]
    assert '\'=HYPERLINK("http://x")' in titles


def test_score_sheet_xlsx_export_opens(client):
    import openpyxl

    world = judging_world(judges=1, entries=1)
    _submit(assign(world, world.judges[0]), world)
    client.force_login(world.users["staff"])

    response = client.get(
        reverse(
            "contests:judging_score_export", kwargs={"contest_pk": world.contest.pk, "fmt": "xlsx"}
        )
    )

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 2
    assert sheet.cell(row=2, column=1).value == "ST-001"


# --- query counts ------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["score_sheet", "assignments"])
def test_staff_pages_queries_do_not_grow_with_entries(client, page):
    counts = []
    for size in (1, 4):
        world = judging_world(judges=3, entries=size)
        for entry in world.entries:
            for judge in world.judges:
                _submit(assign(world, judge, entry), world)
        client.force_login(world.users["staff"])
        url = reverse(f"contests:judging_{page}", kwargs={"contest_pk": world.contest.pk})
        counts.append(page_queries(client, url, limit=15))

    assert counts[0] == counts[1]


def test_judge_list_queries_do_not_grow_with_sheets(client):
    counts = []
    for size in (1, 4):
        world = judging_world(judges=1, entries=size)
        for entry in world.entries:
            assign(world, world.judges[0], entry)
        client.force_login(world.judges[0])
        counts.append(page_queries(client, reverse("contests:judging_my_entries"), limit=10))

    assert counts[0] == counts[1]


def test_judge_sheet_page_outside_judging_is_read_only(client):
    world = judging_world(judges=1)
    assignment = assign(world, world.judges[0])
    world.contest.status = ContestStatus.OPEN
    world.contest.save()
    client.force_login(world.judges[0])

    page = client.get(_sheet_url(assignment)).content.decode()

    assert 'name="submit"' not in page


def test_assignment_page_searches_entries_by_code_or_title_without_accents(client):
    world = judging_world(judges=1, entries=3)
    client.force_login(world.users["staff"])
    url = reverse("contests:judging_assignments", kwargs={"contest_pk": world.contest.pk})

    page = client.get(url, {"q": "cai tien 2"}).content.decode()

    assert ("ST-003" in page, "ST-001" in page, "ST-002" in page) == (True, False, False)
