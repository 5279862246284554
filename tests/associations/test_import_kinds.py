"""Imports of unions, terms, societies, committee seats, activities and commendations."""

import datetime

import pytest

from associations.models import (
    Activity,
    Society,
    Term,
    Union,
)
from core.imports import records_import
from members.models import Commendation, CommitteeSeat

from ..factories import MemberFactory, SocietyFactory, TermFactory, UnionFactory, UserFactory
from .import_helpers import csv_bytes, only_issue, snapshot


def run(kind, union, rows, **kwargs):
    return records_import(
        kind=kind, file=csv_bytes(rows), filename=f"{kind}.csv", union=union, **kwargs
    )


@pytest.fixture
def union():
    return UnionFactory(slug="hong-linh", name="Liên hiệp hội thị xã Hồng Lĩnh")


# --- unions ---------------------------------------------------------------------------------------

UNION_HEADER = ["name", "slug", "short_name", "parent", "province", "locality_kind"]


@pytest.mark.django_db
def test_unions_create_with_a_parent_later_in_the_file():
    rows = [
        UNION_HEADER,
        ["Liên hiệp hội thị xã Hồng Lĩnh", "hong-linh", "", "ha-tinh", "Hà Tĩnh", "Thị xã"],
        ["Liên hiệp hội tỉnh Hà Tĩnh", "ha-tinh", "", "", "Hà Tĩnh", "tinh"],
    ]

    result = run("unions", None, rows)

    assert result.ok, result.errors
    town = Union.objects.get(slug="hong-linh")
    assert (town.parent.slug, town.locality_kind) == ("ha-tinh", "thi_xa")
    assert town.history.get().history_type == "+"


@pytest.mark.django_db
def test_unions_reimport_unchanged_and_update(union):
    rows = [UNION_HEADER, [union.name, union.slug, union.short_name, "", union.province, "huyen"]]
    assert run("unions", None, rows).unchanged == 1

    rows[1][4] = "Nghệ An"
    result = run("unions", None, rows)

    assert (result.created, result.updated) == (0, 1)
    union.refresh_from_db()
    assert union.province == "Nghệ An"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("parents", "code"),
    [(("b", "a"), "invalid_parent"), (("a", ""), "invalid_parent"), (("zz", ""), "unknown_union")],
)
def test_unions_bad_parents_are_rejected(parents, code):
    rows = [UNION_HEADER, ["A", "a", "", parents[0], "", ""], ["B", "b", "", parents[1], "", ""]]

    result = run("unions", None, rows)

    assert {(issue.code, issue.column) for issue in result.errors} == {(code, "parent")}
    assert Union.objects.count() == 0


@pytest.mark.django_db
def test_unions_invalid_slug_is_rejected():
    result = run("unions", None, [UNION_HEADER, ["A", "hồng lĩnh", "", "", "", ""]])

    issue = only_issue(result)
    assert (issue.code, issue.row, issue.column) == ("invalid_slug", 2, "slug")


# --- terms --------------------------------------------------------------------------------------

TERM_HEADER = ["union", "label", "starts_on", "ends_on", "congress_number"]


@pytest.mark.django_db
def test_terms_create_and_number_the_congress(union):
    rows = [
        TERM_HEADER,
        ["hong-linh", "2018 - 2023", "01/07/2018", "31/12/2023", "IV"],
        ["hong-linh", "2024 - 2029", "01/01/2024", "31/12/2029", ""],
    ]

    result = run("terms", union, rows)

    assert result.ok, result.errors
    assert list(Term.objects.order_by("starts_on").values_list("label", "congress_number")) == [
        ("2018 - 2023", 4),
        ("2024 - 2029", 5),
    ]


@pytest.mark.django_db
def test_terms_label_spacing_does_not_make_a_new_term(union):
    TermFactory(union=union, label="2018 - 2023")

    result = run(
        "terms", union, [TERM_HEADER, [union.name, "2018-2023", "2018-07-01", "2023-12-31", "4"]]
    )

    assert (result.created, result.updated) == (0, 1)  # the label's spelling is updated
    assert Term.objects.get().label == "2018-2023"


@pytest.mark.django_db
def test_terms_of_another_union_are_rejected(union):
    UnionFactory(slug="nghi-xuan")
    before = snapshot()

    result = run(
        "terms", union, [TERM_HEADER, ["nghi-xuan", "2018 - 2023", "2018-07-01", "2023-12-31", ""]]
    )

    issue = only_issue(result)
    assert (issue.code, issue.row, issue.column) == ("other_union", 2, "union")
    assert snapshot() == before


@pytest.mark.django_db
def test_terms_ending_before_they_start_are_rejected(union):
    result = run(
        "terms", union, [TERM_HEADER, ["hong-linh", "2018 - 2023", "2023-12-31", "2018-07-01", ""]]
    )

    issue = only_issue(result)
    assert (issue.code, issue.row, issue.column) == ("invalid_range", 2, "ends_on")


# --- societies ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_societies_create_update_and_unchanged(union):
    SocietyFactory(union=union, name="Hội Y tế", kind="agency", founded_on=None)
    rows = [
        ["Tên hội", "Loại hình", "Ngày thành lập"],
        ["hội y tế", "Y tế", "15/03/2008"],
        ["Hội phường Bắc Hồng", "Phường", ""],
    ]

    first = run("societies", union, rows)
    second = run("societies", union, rows)

    assert (first.created, first.updated, first.unchanged) == (1, 1, 0)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 2)
    assert sorted(Society.objects.values_list("name", "kind")) == [
        ("Hội phường Bắc Hồng", "ward"),
        ("hội y tế", "health"),
    ]


@pytest.mark.django_db
def test_societies_dissolved_before_founded_are_rejected(union):
    rows = [
        ["name", "kind", "founded_on", "dissolved_on"],
        ["Hội", "ward", "2010-01-01", "2009-01-01"],
    ]

    issue = only_issue(run("societies", union, rows))

    assert (issue.code, issue.row, issue.column) == ("invalid_range", 2, "dissolved_on")


@pytest.mark.django_db
def test_societies_duplicate_rows_are_rejected(union):
    rows = [["name", "kind"], ["Hội A", "ward"], ["HỘI  A", "commune"]]

    issue = only_issue(run("societies", union, rows))

    assert (issue.code, issue.row, issue.column) == ("duplicate_row", 3, "name")


# --- committee ----------------------------------------------------------------------------------

SEAT_HEADER = ["term", "member_code", "full_name", "body", "position", "from", "to", "leave_reason"]


@pytest.fixture
def term(union):
    return TermFactory(union=union, label="2018 - 2023")


@pytest.mark.django_db
def test_committee_seats_by_code_and_by_name(union, term):
    minh = MemberFactory(union=union, member_code="HL2", full_name="Trần Văn Minh")
    lan = MemberFactory(union=union, member_code=None, full_name="Phạm Thị Lan")
    rows = [
        SEAT_HEADER + ["society"],
        ["2018-2023", "HL2", "Trần Văn Minh", "BCH", "Chủ tịch", "01/07/2018", "", "", ""],
        [
            "2018 - 2023",
            "",
            "phạm thị lan",
            "btv",
            "member",
            "2018-07-01",
            "2021-06-30",
            "Nghỉ hưu",
            "",
        ],
    ]

    result = run("committee", union, rows)

    assert result.ok, result.errors
    seats = CommitteeSeat.objects.order_by("member__full_name")
    assert [(s.member, s.body, s.position, s.ended_on, s.leave_reason) for s in seats] == [
        (lan, "btv", "member", datetime.date(2021, 6, 30), "retirement"),
        (minh, "bch", "chair", None, ""),
    ]
    assert run("committee", union, rows).unchanged == 2


@pytest.mark.django_db
def test_committee_member_code_or_full_name_column_is_required(union, term):
    rows = [["term", "body", "position", "from"], ["2018 - 2023", "bch", "chair", "2018-07-01"]]

    issue = only_issue(run("committee", union, rows))

    assert (issue.code, issue.row, issue.column) == ("missing_column", 1, "member_code")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "name", "expected"),
    [
        ("HL9", "", ("unknown_member", "member_code")),
        ("HL2", "Người khác", ("member_mismatch", "full_name")),
        ("", "Trùng Tên", ("ambiguous_member", "full_name")),
        ("", "Không Có", ("unknown_member", "full_name")),
    ],
)
def test_committee_member_problems_are_rejected(union, term, code, name, expected):
    MemberFactory(union=union, member_code="HL2", full_name="Trần Văn Minh")
    MemberFactory(union=union, full_name="Trùng Tên")
    MemberFactory(union=union, full_name="Trùng Tên")
    before = snapshot()
    rows = [SEAT_HEADER, ["2018 - 2023", code, name, "bch", "member", "2018-07-01", "", ""]]

    issue = only_issue(run("committee", union, rows))

    assert (issue.code, issue.column) == expected
    assert issue.row == 2
    assert snapshot() == before


@pytest.mark.django_db
def test_committee_unknown_term_and_reversed_dates_are_rejected(union, term):
    MemberFactory(union=union, member_code="HL2")
    rows = [
        SEAT_HEADER,
        ["2013 - 2018", "HL2", "", "bch", "member", "2018-07-01", "", ""],
        ["2018 - 2023", "HL2", "", "bch", "member", "2018-07-01", "2018-06-01", ""],
    ]

    result = run("committee", union, rows)

    assert [(i.code, i.row, i.column) for i in result.errors] == [
        ("unknown_term", 2, "term"),
        ("invalid_range", 3, "to"),
    ]


# --- activities ---------------------------------------------------------------------------------

ACTIVITY_HEADER = ["title", "kind", "date", "society", "partners", "participants", "amount_vnd"]


@pytest.mark.django_db
def test_activities_union_level_and_society_level(union):
    SocietyFactory(union=union, name="Hội xã Thuận Lộc")
    rows = [
        ACTIVITY_HEADER,
        [
            "Tập huấn lúa",
            "Tập huấn",
            "15/01/2022",
            "Hội xã Thuận Lộc",
            "Trạm Khuyến nông",
            "120",
            "",
        ],
        ["Ủng hộ lũ lụt", "fundraising", "2020-10-25", "", "", "", "15.000.000"],
    ]

    result = run("activities", union, rows)

    assert result.ok, result.errors
    training, charity = Activity.objects.order_by("held_on").reverse()
    assert (training.society.name, training.participants, training.kind) == (
        "Hội xã Thuận Lộc",
        120,
        "training",
    )
    assert (charity.society, charity.amount_vnd, charity.union) == (None, 15_000_000, union)
    assert run("activities", union, rows).unchanged == 2


@pytest.mark.django_db
def test_activities_society_of_another_union_is_rejected(union):
    SocietyFactory(name="Hội láng giềng")

    result = run(
        "activities",
        union,
        [ACTIVITY_HEADER, ["Tập huấn", "training", "2022-01-15", "Hội láng giềng", "", "", ""]],
    )

    issue = only_issue(result)
    assert (issue.code, issue.row, issue.column) == ("other_union", 2, "society")
    assert Activity.objects.count() == 0


@pytest.mark.django_db
def test_activities_bad_numbers_are_rejected(union):
    rows = [ACTIVITY_HEADER, ["Tập huấn", "training", "2022-01-15", "", "", "-5", "nhiều"]]

    result = run("activities", union, rows)

    assert [(i.code, i.column) for i in result.errors] == [
        ("invalid_number", "participants"),
        ("invalid_number", "amount_vnd"),
    ]


# --- commendations ------------------------------------------------------------------------------

COMMENDATION_HEADER = ["recipient_type", "recipient", "form", "issuer", "year", "reason"]


@pytest.mark.django_db
def test_commendations_for_union_society_and_member(union):
    society = SocietyFactory(union=union, name="Hội Y tế")
    minh = MemberFactory(union=union, member_code="HL2", full_name="Trần Văn Minh")
    lan = MemberFactory(union=union, member_code=None, full_name="Phạm Thị Lan")
    user = UserFactory()
    rows = [
        COMMENDATION_HEADER,
        ["Liên hiệp hội", union.name, "Bằng khen", "VUSTA", "2022", "Xuất sắc"],
        ["society", "Hội Y tế", "giay_khen", "UBND thị xã", "2021", ""],
        ["member", "HL2", "bang_khen", "UBND tỉnh", "2023", ""],
        ["Hội viên", "Phạm Thị Lan", "Giấy khen", "Liên hiệp hội tỉnh", "2022", ""],
    ]

    result = run("commendations", union, rows, user=user)

    assert result.ok, result.errors
    recipients = {(c.recipient_type, c.society_id, c.member_id) for c in Commendation.objects.all()}
    assert recipients == {
        ("union", None, None),
        ("society", society.pk, None),
        ("member", None, minh.pk),
        ("member", None, lan.pk),
    }
    assert {record.history_user for record in Commendation.history.all()} == {user}
    assert run("commendations", union, rows).unchanged == 4


@pytest.mark.django_db
def test_commendations_for_another_union_are_rejected(union):
    UnionFactory(slug="nghi-xuan")

    result = run(
        "commendations",
        union,
        [COMMENDATION_HEADER, ["union", "nghi-xuan", "bang_khen", "VUSTA", "2022", ""]],
    )

    issue = only_issue(result)
    assert (issue.code, issue.row, issue.column) == ("other_union", 2, "recipient")


@pytest.mark.django_db
def test_commendations_year_out_of_range_is_rejected(union):
    result = run(
        "commendations",
        union,
        [COMMENDATION_HEADER, ["union", "hong-linh", "bang_khen", "VUSTA", "22", ""]],
    )

    issue = only_issue(result)
    assert (issue.code, issue.row, issue.column) == ("out_of_range", 2, "year")
