"""The rounds' pages: who sees what, the society's and staff's journeys, the board's queries."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from core.concurrency import VERSION_FIELD
from submissions.models import Round, Submission, SubmissionStatus
from tests.conftest import make_user
from tests.factories import SocietyFactory, UnionFactory
from tests.querycount import page_queries

from .factories import RoundFactory, SubmissionFactory

S = SubmissionStatus


def detail(submission):
    return reverse("submissions:submission_detail", args=[submission.pk])


@pytest.mark.django_db
def test_officer_sees_only_own_society_submission(client, world):
    client.force_login(world["users"]["officer"])

    own = client.get(detail(world["mine"]))
    other = client.get(detail(world["theirs"]))
    mine = client.get(reverse("submissions:my_submissions"))

    assert (own.status_code, other.status_code) == (200, 404)
    assert [s.pk for s in mine.context["submissions"]] == [world["mine"].pk]


@pytest.mark.django_db
def test_officer_cannot_open_rounds_or_see_boards(client, world):
    client.force_login(world["users"]["officer"])

    answers = [
        client.get(reverse("submissions:round_list")).status_code,
        client.get(reverse("submissions:round_detail", args=[world["round"].pk])).status_code,
        client.post(reverse("submissions:submission_accept", args=[world["mine"].pk])).status_code,
    ]

    assert answers == [403, 403, 403]


@pytest.mark.django_db
def test_staff_open_a_round_through_the_form(client, world):
    client.force_login(world["users"]["staff"])

    response = client.post(
        reverse("submissions:round_add"),
        {"title": "Báo cáo năm 2025", "period_kind": "year", "year": 2025,
         "deadline": "2026-01-15", "asks_members": "on", "asks_narrative": "on"},
    )  # fmt: skip

    round_ = Round.objects.get(title="Báo cáo năm 2025")
    assert response.status_code == 302
    assert (round_.submissions.count(), round_.asks_activities, round_.asks_members) == (
        2,
        False,
        True,
    )


@pytest.mark.django_db
def test_society_writes_submits_and_then_cannot_change(client, world):
    submission = world["mine"]
    client.force_login(world["users"]["officer"])
    url = reverse("submissions:submission_edit", args=[submission.pk])
    form = client.get(url).context["form"]

    client.post(url, {"results": "Tổ chức 05 lớp tập huấn", "difficulties": "", "proposals": "",
                      VERSION_FIELD: form.initial[VERSION_FIELD]})  # fmt: skip
    client.post(reverse("submissions:submission_submit", args=[submission.pk]))
    form = client.get(url).context["form"]
    refused = client.post(url, {"results": "Sửa", VERSION_FIELD: form.initial[VERSION_FIELD]})

    submission.refresh_from_db()
    assert (submission.status, submission.results) == (S.SUBMITTED, "Tổ chức 05 lớp tập huấn")
    assert (refused.status_code, refused.context["open_for_society"]) == (200, False)
    assert list(refused.context["form"].non_field_errors()) == [
        "Báo cáo đang ở trạng thái “đã gửi”: không thể sửa nữa, trừ khi cán bộ Liên hiệp hội "
        "trả lại để bổ sung."
    ]


@pytest.mark.django_db
def test_stale_narrative_is_refused(client, world):
    submission = world["mine"]
    client.force_login(world["users"]["officer"])
    url = reverse("submissions:submission_edit", args=[submission.pk])
    version = client.get(url).context["form"].initial[VERSION_FIELD]
    Submission.objects.filter(pk=submission.pk).update(results="Người khác đã viết")

    response = client.post(url, {"results": "Của tôi", VERSION_FIELD: version})

    submission.refresh_from_db()
    assert (response.status_code, submission.results) == (200, "Người khác đã viết")


@pytest.mark.django_db
def test_staff_return_needs_a_comment_then_accept(client, world):
    submission = world["mine"]
    Submission.objects.filter(pk=submission.pk).update(status=S.SUBMITTED, results="Kết quả")
    client.force_login(world["users"]["staff"])

    client.post(reverse("submissions:submission_return", args=[submission.pk]), {"comment": ""})
    submission.refresh_from_db()
    assert submission.status == S.SUBMITTED
    client.post(reverse("submissions:submission_return", args=[submission.pk]),
                {"comment": "Bổ sung số liệu hội viên"})  # fmt: skip
    submission.refresh_from_db()
    assert (submission.status, submission.return_comment) == (
        S.RETURNED,
        "Bổ sung số liệu hội viên",
    )


@pytest.mark.django_db
def test_accept_page_asks_for_confirmation(client, world):
    submission = world["mine"]
    Submission.objects.filter(pk=submission.pk).update(status=S.SUBMITTED, results="Kết quả")
    client.force_login(world["users"]["staff"])
    url = reverse("submissions:submission_accept", args=[submission.pk])

    page = client.get(url)
    submission.refresh_from_db()
    assert (page.status_code, page.context["allowed"], submission.status) == (
        200,
        True,
        S.SUBMITTED,
    )
    client.post(url)
    submission.refresh_from_db()
    assert submission.status == S.ACCEPTED


@pytest.mark.django_db
def test_staff_remind_by_hand_and_the_page_shows_it(client, world):
    client.force_login(world["users"]["staff"])

    client.post(reverse("submissions:submission_remind", args=[world["mine"].pk]))
    page = client.get(detail(world["mine"]))

    assert [m.to for m in mail.outbox] == [[world["users"]["officer"].email]]
    assert len(page.context["reminders"]) == 1


@pytest.mark.django_db
def test_board_marks_late_submissions(client, world):
    Submission.objects.filter(pk=world["mine"].pk).update(status=S.SUBMITTED)
    client.force_login(world["users"]["staff"])

    board = client.get(reverse("submissions:round_detail", args=[world["round"].pk])).context[
        "board"
    ]

    late = {row["submission"].society.name: row["late"] for row in board["rows"]}
    assert late == {"Hội Nông nghiệp": True, "Hội Y học": False}


def _board_with(n: int):
    union = UnionFactory()
    round_ = RoundFactory(union=union, deadline=datetime.date(2099, 1, 1))
    for _ in range(n):
        SubmissionFactory(round=round_, society=SocietyFactory(union=union))
    return make_user("staff", union), round_


@pytest.mark.django_db
def test_board_query_count_does_not_grow(client):
    counts = []
    for n in (1, 4):
        user, round_ = _board_with(n)
        client.force_login(user)
        counts.append(page_queries(client, reverse("submissions:round_detail", args=[round_.pk])))

    assert counts[0] == counts[1]


@pytest.mark.django_db
def test_round_list_and_scorecard_query_counts_do_not_grow(client):
    counts = []
    for n in (1, 4):
        user, round_ = _board_with(n)
        client.force_login(user)
        counts.append(
            (
                page_queries(client, reverse("submissions:round_list")),
                page_queries(client, reverse("submissions:scorecard")),
            )
        )

    assert counts[0] == counts[1]


@pytest.mark.django_db
def test_the_officers_own_list_query_count_does_not_grow(client):
    counts = []
    for n in (1, 4):
        union = UnionFactory()
        societies = [SocietyFactory(union=union) for _ in range(n)]
        for deadline in (datetime.date(2099, 1, 1), datetime.date(2099, 7, 1)):
            round_ = RoundFactory(union=union, deadline=deadline)
            for society in societies:
                SubmissionFactory(round=round_, society=society)
        client.force_login(make_user("officer", union, societies=societies))
        counts.append(page_queries(client, reverse("submissions:my_submissions")))

    assert counts[0] == counts[1]
