"""The data subject's requests: working-day deadlines, recording, answering, reminders."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from core.concurrency import VERSION_FIELD
from core.reminders import reminders_for
from members.models import DataSubjectRequest, Member
from members.privacy import requests
from members.privacy.models import RequestStatus
from tests.conftest import make_user, role_users, statuses
from tests.factories import MembershipFactory, SocietyFactory, UnionFactory
from tests.querycount import page_queries


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def world():
    union = UnionFactory()
    society = SocietyFactory(union=union)
    membership = MembershipFactory(society=society, member__union=union)
    other_union = UnionFactory()
    users = role_users(union, own=society, other_union=other_union)
    return {"union": union, "member": membership.member, "users": users, "society": society}


def record(member, kind="access", received_on=datetime.date(2026, 3, 2), **kwargs):
    return requests.request_record(member=member, kind=kind, received_on=received_on, **kwargs)


# --- working days ---------------------------------------------------------------------------


def test_deadline_skips_the_weekend():
    # Friday 6 March 2026 + 10 working days: 9, 10, 11, 12, 13, 16, 17, 18, 19, 20 March.
    assert requests.due_on(kind="access", received_on=datetime.date(2026, 3, 6)) == (
        datetime.date(2026, 3, 20)
    )


def test_deadline_skips_public_holidays():
    # Received Thursday 23 April 2026: Giỗ Tổ is given on Monday 27/4, 30/4 and 1/5 are off.
    # Working days: 24, 28, 29 April, 4, 5, 6, 7, 8, 11, 12 May.
    assert requests.due_on(kind="access", received_on=datetime.date(2026, 4, 23)) == (
        datetime.date(2026, 5, 12)
    )


def test_deadline_over_tet_2026():
    # Received Friday 13 February 2026: Tết from 16 to 20 February; 15 working days later.
    assert requests.due_on(kind="withdraw", received_on=datetime.date(2026, 2, 13)) == (
        datetime.date(2026, 3, 13)
    )


def test_deadline_per_kind_comes_from_the_settings(settings):
    settings.PERSONAL_DATA_REQUEST_DEADLINES = {"erase": 2}
    monday = datetime.date(2026, 3, 2)
    assert (
        requests.due_on(kind="erase", received_on=monday),
        requests.due_on(kind="rectify", received_on=monday),
    ) == (datetime.date(2026, 3, 4), datetime.date(2026, 3, 16))


def test_holiday_table_holds_only_weekdays_of_2025_to_2030():
    assert {(day.year, day.weekday() < 5) for day in requests.PUBLIC_HOLIDAYS} == {
        (year, True) for year in range(2025, 2031)
    }


@pytest.mark.django_db
def test_days_left_counts_working_days_and_goes_negative_when_passed(world):
    item = record(world["member"])  # received Monday 2/3/2026, due 16/3/2026
    assert [
        requests.days_left(item, datetime.date(2026, 3, 13)),
        requests.days_left(item, datetime.date(2026, 3, 16)),
        requests.days_left(item, datetime.date(2026, 3, 18)),
    ] == [1, 0, -2]


# --- pages and permissions ---------------------------------------------------------------------


@pytest.mark.django_db
def test_request_list_is_for_staff_and_leadership(client, world):
    record(world["member"])
    got = statuses(client, world["users"], reverse("members:privacy_requests"))
    assert got == {
        "staff": 200,
        "leadership": 200,
        "officer": 403,
        "expert": 403,
        "judge": 403,
        "other_staff": 200,
        "anonymous": 302,
    }


@pytest.mark.django_db
def test_leadership_reads_a_request_but_cannot_answer(client, world):
    item = record(world["member"])
    client.force_login(world["users"]["leadership"])
    detail = client.get(reverse("members:privacy_request_detail", args=[item.pk]))
    answer = client.get(reverse("members:privacy_request_answer", args=[item.pk]))
    assert (detail.status_code, detail.context["can_answer"], answer.status_code) == (
        200,
        False,
        403,
    )


@pytest.mark.django_db
def test_another_unions_staff_do_not_see_the_request(client, world):
    item = record(world["member"])
    client.force_login(world["users"]["other_staff"])
    response = client.get(reverse("members:privacy_request_detail", args=[item.pk]))
    listed = client.get(reverse("members:privacy_requests"))
    assert (response.status_code, list(listed.context["data_requests"])) == (404, [])


@pytest.mark.django_db
def test_staff_record_a_request_with_its_due_date(client, world):
    client.force_login(world["users"]["staff"])
    response = client.post(
        reverse("members:privacy_request_add", args=[world["member"].pk]),
        {"kind": "rectify", "received_on": "2026-03-06", "channel": "Thư giấy", "details": "Sai"},
    )
    item = DataSubjectRequest.objects.get()
    assert (response.status_code, item.kind, item.due_on, item.union_id, item.status) == (
        302,
        "rectify",
        datetime.date(2026, 3, 20),
        world["union"].pk,
        "open",
    )


@pytest.mark.django_db
def test_request_list_shows_overdue_first(client, world, settings):
    member = world["member"]
    late = record(member, received_on=datetime.date(2026, 1, 5))
    soon = record(member, received_on=datetime.date(2026, 11, 20))
    client.force_login(world["users"]["staff"])
    response = client.get(reverse("members:privacy_requests"))
    assert [item.pk for item in response.context["data_requests"]] == [late.pk, soon.pk]


def _answer(client, item, outcome="answer", text="Đã xử lý", version=None):
    url = reverse("members:privacy_request_answer", args=[item.pk])
    if version is None:
        version = client.get(url).context["form"][VERSION_FIELD].value()
    return client.post(url, {"outcome": outcome, "answer": text, VERSION_FIELD: version})


@pytest.mark.django_db
def test_answering_a_withdraw_request_withdraws_the_consent(client, world):
    item = record(world["member"], kind="withdraw")
    client.force_login(world["users"]["staff"])
    response = _answer(client, item)
    item.refresh_from_db()
    member = Member.objects.get(pk=world["member"].pk)
    assert (response.status_code, item.status, item.answer, item.handled_by) == (
        302,
        "answered",
        "Đã xử lý",
        world["users"]["staff"],
    )
    assert member.consent_withdrawn_on is not None


@pytest.mark.django_db
def test_answering_a_restrict_request_restricts_processing(client, world):
    item = record(world["member"], kind="restrict")
    client.force_login(world["users"]["staff"])
    _answer(client, item)
    assert Member.objects.get(pk=world["member"].pk).processing_restricted is True


@pytest.mark.django_db
def test_refusing_changes_nothing_of_the_person(client, world):
    item = record(world["member"], kind="withdraw")
    client.force_login(world["users"]["staff"])
    _answer(client, item, outcome="refuse", text="Không đủ căn cứ")
    item.refresh_from_db()
    assert (item.status, Member.objects.get(pk=world["member"].pk).consent_withdrawn_on) == (
        "refused",
        None,
    )


@pytest.mark.django_db
def test_a_stale_answer_is_refused(client, world):
    item = record(world["member"])
    client.force_login(world["users"]["staff"])
    url = reverse("members:privacy_request_answer", args=[item.pk])
    version = client.get(url).context["form"][VERSION_FIELD].value()
    DataSubjectRequest.objects.filter(pk=item.pk).update(answer="Người khác đã viết")
    response = _answer(client, item, version=version)
    item.refresh_from_db()
    assert (response.status_code, item.status) == (200, "open")
    assert response.context["form"].non_field_errors()


@pytest.mark.django_db
def test_an_answered_request_cannot_be_answered_again(client, world):
    item = record(world["member"])
    client.force_login(world["users"]["staff"])
    _answer(client, item)
    response = client.get(reverse("members:privacy_request_answer", args=[item.pk]))
    assert response.status_code == 302


@pytest.mark.django_db
def test_rectify_request_links_to_the_persons_page(client, world):
    item = record(world["member"], kind="rectify")
    client.force_login(world["users"]["staff"])
    response = client.get(reverse("members:privacy_request_detail", args=[item.pk]))
    assert reverse("members:member_detail", args=[world["member"].pk]) in response.content.decode()


# --- reminders ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_reminders_go_three_working_days_before_and_on_the_due_date_once_each(world):
    staff = world["users"]["staff"]
    item = record(world["member"])  # due Monday 16/3/2026
    sent = [
        requests.request_reminders_send(today=datetime.date(2026, 3, 10)),  # 4 days left
        requests.request_reminders_send(today=datetime.date(2026, 3, 11)),  # 3 left: before
        requests.request_reminders_send(today=datetime.date(2026, 3, 12)),  # sent already
        requests.request_reminders_send(today=datetime.date(2026, 3, 16)),  # due
        requests.request_reminders_send(today=datetime.date(2026, 3, 16)),  # sent already
    ]
    keys = sorted(r.key for r in reminders_for(f"members.data_request:{item.pk}:"))
    assert (sent, keys, [m.to for m in mail.outbox]) == (
        [0, 1, 0, 1, 0],
        [f"members.data_request:{item.pk}:before", f"members.data_request:{item.pk}:due"],
        [[staff.email], [staff.email]],
    )


@pytest.mark.django_db
def test_answered_requests_are_not_reminded(world):
    item = record(world["member"])
    DataSubjectRequest.objects.filter(pk=item.pk).update(status=RequestStatus.ANSWERED)
    assert requests.request_reminders_send(today=datetime.date(2026, 3, 16)) == 0


@pytest.mark.django_db
def test_reminder_task_runs_the_service(world):
    from members.tasks import task_data_request_reminders

    record(world["member"], received_on=datetime.date(2020, 1, 6))  # long overdue
    assert task_data_request_reminders.delay().get() == 1


# --- query counts ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_request_list_queries_do_not_grow_with_requests(client, world):
    client.force_login(world["users"]["staff"])
    record(world["member"])
    one = page_queries(client, reverse("members:privacy_requests"))
    for _ in range(3):
        member = MembershipFactory(society=world["society"], member__union=world["union"]).member
        record(member)
    assert page_queries(client, reverse("members:privacy_requests")) == one


@pytest.mark.django_db
def test_leadership_of_another_union_is_refused_a_request_of_ours(client, world):
    item = record(world["member"])
    client.force_login(make_user("leadership", UnionFactory()))
    response = client.get(reverse("members:privacy_request_detail", args=[item.pk]))
    assert response.status_code == 404


@pytest.mark.django_db
def test_request_list_searches_by_name(client, world):
    found = record(world["member"])
    other = MembershipFactory(
        society=world["society"], member__union=world["union"], member__full_name="Lê Văn Bảo"
    ).member
    record(other)
    client.force_login(world["users"]["staff"])
    response = client.get(reverse("members:privacy_requests"), {"q": world["member"].full_name})
    assert [item.pk for item in response.context["data_requests"]] == [found.pk]


@pytest.mark.django_db
def test_answering_an_erase_request_anonymises_the_person(client, world):
    member = world["member"]
    name = member.full_name
    item = record(member, kind="erase")
    client.force_login(world["users"]["staff"])

    _answer(client, item)

    item.refresh_from_db()
    member.refresh_from_db()
    assert (item.status, member.anonymised_at is not None, name in member.full_name) == (
        "answered",
        True,
        False,
    )
