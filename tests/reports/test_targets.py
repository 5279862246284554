"""Targets (chỉ tiêu): each metric on a factory data set, progress and statuses, the pages per
role, the version check, ordering and deletion."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from associations.models import SocietyKind, Term
from contests.models import Initiative
from core.concurrency import VERSION_FIELD
from reports.models import ReportStatus, Target, TermReport
from reports.targets import metric_values, target_rows
from tests.conftest import make_user
from tests.consultations.factories import ConsultationTaskFactory
from tests.contests.factories import AwardFactory, EntryFactory, InitiativeFactory
from tests.factories import (
    ActivityFactory,
    CommendationFactory,
    CommitteeSeatFactory,
    SocietyFactory,
    TermFactory,
    UnionFactory,
)
from tests.querycount import page_queries
from tests.reports.datasets import join

START = datetime.date(2024, 1, 1)
UNTIL = datetime.date(2025, 12, 31)


@pytest.fixture
def world():
    """A union with two societies and data in 2024 and 2025 (and some outside the period)."""
    union = UnionFactory(intellectuals_estimate=8)
    school = SocietyFactory(union=union, kind=SocietyKind.SCHOOL)
    ward = SocietyFactory(union=union, kind=SocietyKind.WARD)
    SocietyFactory(union=union, founded_on=datetime.date(2025, 3, 1))  # new in 2025
    for _ in range(4):
        join(school, joined_on=datetime.date(2020, 1, 1))
    join(ward, joined_on=datetime.date(2025, 2, 1))
    # Consultations: 2 delivered in 2024, 1 in 2025, 1 received but not delivered.
    for day in (datetime.date(2024, 3, 1), datetime.date(2024, 9, 1), datetime.date(2025, 5, 1)):
        ConsultationTaskFactory(union=union, status="delivered", delivered_on=day, received_on=day)
    ConsultationTaskFactory(union=union, received_on=datetime.date(2025, 6, 1))
    # Initiatives: 2024 — 3 of 4 applied, one provincial; 2025 — 1 of 1, national.
    for applied in (True, True, True, False):
        InitiativeFactory(union=union, society=school, year=2024, applied=applied)
    InitiativeFactory(union=union, society=school, year=2024, recognition_level="province")
    InitiativeFactory(union=union, society=ward, year=2025, recognition_level="national")
    InitiativeFactory(union=union, society=ward, year=2023)  # before the period
    # Activities: the school holds trainings in both years, the ward communicates in 2025.
    ActivityFactory(society=school, kind="training", held_on=datetime.date(2024, 4, 1))
    ActivityFactory(society=school, kind="training", held_on=datetime.date(2025, 4, 1))
    ActivityFactory(society=ward, kind="communication", held_on=datetime.date(2025, 4, 1))
    # Awards at provincial level or above: 2 in 2024; a district one does not count.
    entry = EntryFactory(contest__union=union, society=school)
    AwardFactory(entry=entry, level="province", year=2024)
    AwardFactory(entry=entry, level="national", year=2024)
    AwardFactory(entry=entry, level="district", year=2025)
    # Commendations: the Vietnam Union's merit in 2024; a member's creative labour in 2025.
    CommendationFactory(union=union, year=2024)
    CommendationFactory(union=union, year=2025, issuer="UBND thị xã")
    member = join(school).member
    CommendationFactory(
        union=union, recipient_type="member", member=member, form="lao_dong_sang_tao", year=2025
    )
    # Committees: the school's BCH loses a member in 2024 and fills the post; the ward's in
    # 2025 and does not.
    term = TermFactory(
        union=union, label="2024 - 2029", starts_on=START, ends_on=datetime.date(2029, 12, 31)
    )
    CommitteeSeatFactory(
        term=term, society=school, started_on=START, ended_on=datetime.date(2024, 5, 1)
    )
    CommitteeSeatFactory(term=term, society=school, started_on=datetime.date(2024, 6, 1))
    CommitteeSeatFactory(
        term=term, society=ward, started_on=START, ended_on=datetime.date(2025, 5, 1)
    )
    return union


@pytest.mark.django_db
def test_metric_values_compute_each_metric_per_year_and_for_the_period(
    world, django_assert_num_queries
):
    with django_assert_num_queries(9):
        values = metric_values(union_ids=[world.id], start=START, until=UNTIL)

    found = {key: (value["years"], value["term"]) for key, value in values.items()}
    assert found == {
        "consultation_topics": ({2024: 2, 2025: 1}, 3),
        "initiatives_applied_share": ({2024: 80.0, 2025: 100.0}, 83.3),
        "provincial_initiatives": ({2024: 1, 2025: 1}, 2),
        "members": ({2024: 5, 2025: 6}, 6),
        "intellectuals_share": ({2024: 62.5, 2025: 75.0}, 75.0),
        "societies_refill_share": ({2024: 100.0, 2025: 0.0}, 50.0),
        "societies_refilled": ({2024: 1, 2025: 0}, 1),
        "new_societies": ({2024: 0, 2025: 1}, 1),
        "trainings": ({2024: 1, 2025: 1}, 2),
        "communications": ({2024: 0, 2025: 1}, 1),
        "active_societies_share": ({2024: 50.0, 2025: 66.7}, 66.7),
        "awards_province_or_above": ({2024: 2, 2025: 0}, 2),
        "vusta_merit": ({2024: 1, 2025: 0}, 1),
        "labour_creativity": ({2024: 0, 2025: 1}, 1),
    }


@pytest.mark.django_db
def test_metric_values_without_an_estimate_of_intellectuals_give_no_share():
    union = UnionFactory(intellectuals_estimate=None)

    values = metric_values(union_ids=[union.id], start=START, until=UNTIL)

    assert values["intellectuals_share"] == {"years": {2024: None, 2025: None}, "term": None}
    assert values["societies_refill_share"]["term"] is None


def _report(union, *, next_start=START, next_end=datetime.date(2029, 12, 31)):
    term = TermFactory(union=union)
    label = f"{next_start.year} - {next_end.year}"
    next_term = Term.objects.filter(union=union, label=label).first() or TermFactory(
        union=union, congress_number=5, label=label, starts_on=next_start, ends_on=next_end
    )
    return TermReport.objects.create(union=union, term=term, next_term=next_term)


def _target(report, metric, value, *, period="per_year", comparison="at_least", order=0):
    return Target.objects.create(
        report=report,
        metric=metric,
        value=Decimal(value),
        period=period,
        comparison=comparison,
        wording=f"Chỉ tiêu {metric}",
        order=order,
    )


@pytest.mark.django_db
def test_target_rows_tell_met_not_yet_not_met_and_manual(world, django_assert_num_queries):
    report = _report(world)
    _target(report, "consultation_topics", 1, order=0)  # 2 then 1: met each year
    _target(report, "trainings", 2, order=1)  # 1 in 2024 (over): not met
    _target(report, "initiatives_applied_share", 90, period="whole_term", order=2)  # 83.3 < 90
    _target(report, "labour_creativity", 1, period="whole_term", order=3)  # 1: met
    _target(report, "manual", 0, order=4)
    _target(report, "vusta_merit", 1, order=5)  # 2025 not yet, the year is not over

    with django_assert_num_queries(10):
        rows = target_rows(report=report, today=datetime.date(2025, 6, 30))

    assert [(row["metric"], row["status"], row["current_display"]) for row in rows] == [
        ("consultation_topics", "met", "1"),
        ("trainings", "not_met", "1"),
        ("initiatives_applied_share", "not_yet", "83,3%"),
        ("labour_creativity", "met", "1"),
        ("manual", "manual", "—"),
        ("vusta_merit", "not_yet", "0"),
    ]
    assert [(y["year"], y["display"], y["status"]) for y in rows[1]["years"]] == [
        (2024, "1", "not_met"),
        (2025, "1", "not_yet"),
    ]
    assert rows[2]["value_display"] == "90%"
    assert rows[4]["status_label"] == "theo dõi thủ công"


@pytest.mark.django_db
def test_target_rows_of_a_term_not_started_have_no_years(world):
    report = _report(
        world, next_start=datetime.date(2030, 1, 1), next_end=datetime.date(2034, 12, 31)
    )
    _target(report, "members", 10, period="whole_term")

    rows = target_rows(report=report, today=datetime.date(2025, 6, 30))

    assert (rows[0]["years"], rows[0]["status"]) == ([], "no_data")


@pytest.mark.django_db
def test_target_rows_of_a_finished_term_are_not_met_when_missed(world):
    report = _report(world, next_start=START, next_end=datetime.date(2028, 12, 31))
    _target(report, "initiatives_applied_share", 90, period="whole_term")

    Initiative.objects.create(
        union=world, society=world.societies.first(), title="Chưa áp dụng", year=2028,
        recognition_level="unit", applied=False,
    )  # fmt: skip

    rows = target_rows(report=report, today=datetime.date(2029, 3, 1))

    assert rows[0]["status"] == "not_met"


# --- the pages ------------------------------------------------------------------------------


@pytest.fixture
def pages():
    union = UnionFactory()
    report = _report(union)
    target = _target(report, "consultation_topics", 1)
    users = {
        "staff": make_user("staff", union),
        "leadership": make_user("leadership", union),
        "officer": make_user("officer", union, societies=[SocietyFactory(union=union)]),
        "expert": make_user("expert", union),
        "other_staff": make_user("staff", UnionFactory()),
    }
    return report, target, users


def _status(client, user, url):
    client.force_login(user)
    return client.get(url).status_code


@pytest.mark.django_db
def test_target_pages_answer_each_role(client, pages):
    report, target, users = pages
    urls = {
        "list": reverse("reports:targets_list", kwargs={"pk": report.pk}),
        "add": reverse("reports:targets_add", kwargs={"pk": report.pk}),
        "edit": reverse("reports:targets_edit", kwargs={"pk": report.pk, "target_pk": target.pk}),
        "delete": reverse(
            "reports:targets_delete", kwargs={"pk": report.pk, "target_pk": target.pk}
        ),
    }

    found = {
        name: {role: _status(client, user, url) for role, user in users.items()}
        for name, url in urls.items()
    }

    reader = {"staff": 200, "leadership": 200, "officer": 403, "expert": 403, "other_staff": 404}
    writer = {**reader, "leadership": 403}
    assert found == {"list": reader, "add": writer, "edit": writer, "delete": writer}


@pytest.mark.django_db
def test_leadership_reads_targets_without_edit_links(client, pages):
    report, _target_row, users = pages
    client.force_login(users["leadership"])

    html = client.get(reverse("reports:targets_list", kwargs={"pk": report.pk})).content.decode()

    assert "Chỉ tiêu consultation_topics" in html
    assert reverse("reports:targets_add", kwargs={"pk": report.pk}) not in html


@pytest.mark.django_db
def test_staff_add_a_target_last_in_order(client, pages):
    report, _first, users = pages
    client.force_login(users["staff"])

    response = client.post(
        reverse("reports:targets_add", kwargs={"pk": report.pk}),
        {
            "wording": "Hằng năm có ít nhất 01 đề tài đạt cấp tỉnh",
            "metric": "provincial_initiatives",
            "comparison": "at_least",
            "value": "1",
            "period": "per_year",
        },
    )

    assert response.status_code == 302
    assert list(report.targets.values_list("metric", "order")) == [
        ("consultation_topics", 0),
        ("provincial_initiatives", 1),
    ]


@pytest.mark.django_db
def test_stale_target_save_is_refused(client, pages):
    report, target, users = pages
    client.force_login(users["staff"])
    url = reverse("reports:targets_edit", kwargs={"pk": report.pk, "target_pk": target.pk})
    version = client.get(url).context["form"].initial[VERSION_FIELD]
    Target.objects.filter(pk=target.pk).update(value=Decimal("2"))  # someone else saved

    response = client.post(
        url,
        {
            "wording": "Đã sửa",
            "metric": "consultation_topics",
            "comparison": "at_least",
            "value": "3",
            "period": "per_year",
            VERSION_FIELD: version,
        },
    )

    assert response.status_code == 200
    target.refresh_from_db()
    assert (target.wording, target.value) == ("Chỉ tiêu consultation_topics", Decimal("2.00"))


@pytest.mark.django_db
def test_staff_move_and_delete_targets(client, pages):
    report, first, users = pages
    second = _target(report, "members", 1800, order=1)
    client.force_login(users["staff"])

    client.post(
        reverse(
            "reports:targets_move",
            kwargs={"pk": report.pk, "target_pk": second.pk, "direction": "up"},
        )
    )
    order = list(report.targets.order_by("order").values_list("pk", flat=True))
    delete = reverse("reports:targets_delete", kwargs={"pk": report.pk, "target_pk": first.pk})
    confirm = client.get(delete)
    client.post(delete)

    assert order == [second.pk, first.pk]
    assert "Chỉ tiêu consultation_topics" in confirm.content.decode()
    assert list(report.targets.values_list("pk", flat=True)) == [second.pk]


@pytest.mark.django_db
def test_targets_of_a_published_report_cannot_change(client, pages):
    report, target, users = pages
    TermReport.objects.filter(pk=report.pk).update(status=ReportStatus.PUBLISHED)
    client.force_login(users["staff"])

    client.post(reverse("reports:targets_delete", kwargs={"pk": report.pk, "target_pk": target.pk}))

    assert report.targets.count() == 1


@pytest.mark.django_db
def test_part_two_prints_the_wordings_in_order(pages):
    from django.template.loader import render_to_string

    report, _target_row, _users = pages
    _target(report, "manual", 0, order=1)

    html = render_to_string(
        "reports/sections/_p2_targets.html",
        {"targets": target_rows(report=report, with_progress=False)},
    )

    assert html.index("Chỉ tiêu consultation_topics") < html.index("Chỉ tiêu manual")
    assert html.count("<li>") == 2


@pytest.mark.django_db
def test_target_list_query_count_does_not_grow_with_targets(client, pages):
    report, _target_row, users = pages
    client.force_login(users["staff"])
    url = reverse("reports:targets_list", args=[report.pk])
    one = page_queries(client, url, limit=20)
    for order, metric in enumerate(["members", "new_societies", "trainings"], 1):
        _target(report, metric, 3, order=order)

    assert page_queries(client, url, limit=20) == one
