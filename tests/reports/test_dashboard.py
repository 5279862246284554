"""The leadership dashboard and a parent union's roll-up: the scorecard, who may see what, and
the pages' query counts."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from reports.dashboard import child_union_table, society_scorecard
from reports.models import Target, TermReport
from tests.conftest import make_user
from tests.contests.factories import (
    AwardFactory,
    ContestFactory,
    EntryFactory,
    InitiativeFactory,
)
from tests.factories import ActivityFactory, SocietyFactory, TermFactory, UnionFactory
from tests.querycount import page_queries
from tests.reports.datasets import join

TODAY = datetime.date(2025, 6, 30)


@pytest.mark.django_db
def test_scorecard_counts_this_year_and_marks_who_lags(django_assert_num_queries):
    union = UnionFactory()
    busy = SocietyFactory(union=union, name="Hội A")
    idle = SocietyFactory(union=union, name="Hội B")
    shrinking = SocietyFactory(union=union, name="Hội C")
    for _ in range(3):
        join(busy, joined_on=datetime.date(2020, 1, 1))
    join(idle, joined_on=datetime.date(2020, 1, 1))
    join(shrinking, joined_on=datetime.date(2020, 1, 1))
    join(shrinking, joined_on=datetime.date(2020, 1, 1), left_on=datetime.date(2025, 3, 1))
    ActivityFactory(society=busy, held_on=datetime.date(2025, 2, 1))
    ActivityFactory(society=idle, held_on=datetime.date(2024, 2, 1))  # last year
    InitiativeFactory(union=union, society=shrinking, year=2025)
    contest = ContestFactory(union=union, year=2025)
    entry = EntryFactory(contest=contest, society=busy)
    AwardFactory(entry=entry, year=2025)

    with django_assert_num_queries(5):
        rows = society_scorecard(union_ids=[union.id], year=2025, today=TODAY)

    assert [
        (r["name"], r["members_now"], r["members_change"], r["activities"], r["initiatives"],
         r["entries"], r["awards"], r["lagging"])
        for r in rows
    ] == [
        ("Hội A", 3, 0, 1, 0, 1, 1, []),
        ("Hội B", 1, 0, 0, 0, 0, 0, ["no_activity"]),
        ("Hội C", 1, -1, 0, 1, 0, 0, ["members_falling"]),
    ]  # fmt: skip


@pytest.fixture
def province():
    """A province union over two district unions, each with a society and members."""
    parent = UnionFactory(name="Liên hiệp hội tỉnh")
    children = [UnionFactory(parent=parent, name=f"Liên hiệp hội huyện {i}") for i in (1, 2)]
    for i, child in enumerate(children):
        society = SocietyFactory(union=child)
        for _ in range(i + 2):
            join(society)
        ActivityFactory(society=society, held_on=datetime.date(TODAY.year, 1, 5))
    return parent, children


@pytest.mark.django_db
def test_child_union_table_and_totals(province):
    parent, children = province

    rows = child_union_table(unions=children, year=TODAY.year, today=TODAY)

    assert [(r["union"].name, r["societies"], r["members"], r["activities"]) for r in rows] == [
        ("Liên hiệp hội huyện 1", 1, 2, 1),
        ("Liên hiệp hội huyện 2", 1, 3, 1),
    ]


@pytest.mark.django_db
def test_parent_staff_and_leadership_see_the_rollup_read_only(client, province):
    parent, children = province
    url = reverse("reports:dashboard_rollup", kwargs={"union_pk": parent.pk})
    child_url = reverse("reports:dashboard_union", kwargs={"union_pk": children[0].pk})

    found = {}
    for role in ("staff", "leadership"):
        client.force_login(make_user(role, parent))
        response = client.get(url)
        child = client.get(child_url)
        found[role] = (
            response.status_code,
            child.status_code,
            b"huy\xe1\xbb\x87n 2" in response.content,
        )

    assert found == {"staff": (200, 200, True), "leadership": (200, 200, True)}
    assert reverse("reports:targets_add", kwargs={"pk": 1}) not in child.content.decode()


@pytest.mark.django_db
def test_a_child_union_sees_neither_the_parent_nor_a_sibling(client, province):
    parent, children = province
    client.force_login(make_user("staff", children[0]))

    found = [
        client.get(reverse("reports:dashboard_union", kwargs={"union_pk": parent.pk})).status_code,
        client.get(reverse("reports:dashboard_rollup", kwargs={"union_pk": parent.pk})).status_code,
        client.get(
            reverse("reports:dashboard_union", kwargs={"union_pk": children[1].pk})
        ).status_code,
        client.get(
            reverse("reports:dashboard_union", kwargs={"union_pk": children[0].pk})
        ).status_code,
    ]

    assert found == [404, 404, 404, 200]


@pytest.mark.django_db
def test_rollup_sums_the_children_in_the_page(client, province):
    parent, _children = province
    client.force_login(make_user("leadership", parent))

    html = client.get(
        reverse("reports:dashboard_rollup", kwargs={"union_pk": parent.pk})
    ).content.decode()

    total = html[html.index('class="total"') :]
    assert "<b>5</b>" in total  # 2 + 3 members
    assert "<b>2</b>" in total  # 1 + 1 activities, 1 + 1 societies


@pytest.mark.django_db
def test_officers_and_experts_are_refused_the_dashboard(client):
    union = UnionFactory()
    found = []
    for user in (
        make_user("officer", union, societies=[SocietyFactory(union=union)]),
        make_user("expert", union),
        make_user("judge", union),
    ):
        client.force_login(user)
        found.append(client.get(reverse("reports:dashboard")).status_code)

    assert found == [403, 403, 403]


def _dashboard_world(size: int):
    union = UnionFactory(intellectuals_estimate=100)
    term = TermFactory(union=union)
    next_term = TermFactory(
        union=union,
        label="2024 - 2029",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2029, 12, 31),
    )
    report = TermReport.objects.create(union=union, term=term, next_term=next_term)
    for i in range(size):
        society = SocietyFactory(union=union)
        join(society)
        ActivityFactory(society=society, held_on=datetime.date(2024, 5, 1))
        InitiativeFactory(union=union, society=society, year=2024)
        Target.objects.create(
            report=report, metric="trainings", value=Decimal(1), wording=f"Chỉ tiêu {i}", order=i
        )
    Target.objects.create(report=report, metric="manual", value=0, wording="Thủ công", order=99)
    child = UnionFactory(parent=union)
    for _ in range(size):
        join(SocietyFactory(union=child))
    return union


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 4])
def test_dashboard_query_count_is_fixed(client, size):
    union = _dashboard_world(size)
    client.force_login(make_user("leadership", union))

    queries = page_queries(client, reverse("reports:dashboard"), limit=40)
    rollup = page_queries(
        client, reverse("reports:dashboard_rollup", kwargs={"union_pk": union.pk}), limit=40
    )

    assert (queries, rollup) == (27, 28)


@pytest.mark.django_db
def test_leadership_sees_targets_charts_and_scorecard(client):
    union = _dashboard_world(2)
    client.force_login(make_user("leadership", union))

    html = client.get(reverse("reports:dashboard")).content.decode()

    assert ("Chỉ tiêu 0" in html, html.count("<svg"), 'id="scorecard"' in html) == (True, 4, True)
    assert "Theo dõi thủ công" in html or "theo dõi thủ công" in html


@pytest.mark.django_db
def test_province_level_report_sums_the_district_unions(province):
    from reports.dashboard import rollup_report_context

    parent, _children = province

    context = rollup_report_context(union=parent, today=TODAY)

    assert (context["figures"]["union_count"], context["figures"]["members"]["end"]) == (
        3,
        {"memberships": 5, "people": 5},
    )
    assert context["figures"]["societies"]["total"] == 2


@pytest.mark.django_db
def test_province_level_report_is_a_pdf_for_the_parent_only(client, province):
    parent, children = province
    url = reverse("reports:dashboard_rollup_report", kwargs={"union_pk": parent.pk})

    client.force_login(make_user("staff", children[0]))
    refused = client.get(url).status_code
    client.force_login(make_user("leadership", parent))
    response = client.get(url)

    assert (refused, response.status_code) == (404, 200)
    assert b"".join(response.streaming_content).startswith(b"%PDF")
