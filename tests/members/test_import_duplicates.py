"""The members import refuses likely duplicates of people of the union (issue: duplicate people).

Same folded name and birth year, same e-mail or same phone, as a recorded member or as another
person of the file, when the two are not the same person by member code.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from core.imports import records_import
from members.models import Member

from ..associations.import_helpers import csv_bytes
from ..factories import MemberFactory, SocietyFactory, UnionFactory

HEADER = ["full_name", "society", "joined_on", "member_code", "birth_year", "email", "phone"]
SOCIETY = "Hội KH&KT Trung tâm Y tế"


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def union():
    union = UnionFactory()
    SocietyFactory(union=union, name=SOCIETY)
    return union


def run(union, rows):
    return records_import(
        kind="members", file=csv_bytes([HEADER, *rows]), filename="members.csv", union=union
    )


def tuyet(**overrides):
    values = {
        "union": None,
        "full_name": "Nguyễn Thị Ánh Tuyết",
        "birth_year": 1990,
        "email": "tuyet@example.vn",
        "phone": "0912 345 678",
        "member_code": None,
    }
    return {**values, **overrides}


def row(name="Nguyễn Thị Ánh Tuyết", code="", year="1990", email="", phone=""):
    return [name, SOCIETY, "2020-01-01", code, year, email, phone]


def problems(result):
    return [(issue.row, issue.column, issue.code) for issue in result.errors]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("new_row", "column"),
    [
        (row(name="nguyen thi anh  TUYET"), "full_name"),
        (row(name="Nguyễn Ánh Tuyết", year="1991", email="TUYET@example.vn"), "email"),
        (row(name="Nguyễn Ánh Tuyết", year="1991", phone="+84 912-345-678"), "phone"),
    ],
    ids=["name_and_birth_year", "email", "phone"],
)
def test_members_import_refuses_a_likely_duplicate_of_a_recorded_member(union, new_row, column):
    MemberFactory(**tuyet(union=union, member_code="HV001"))
    before = Member.objects.count()

    result = run(union, [new_row])

    assert problems(result) == [(2, column, "likely_duplicate")]
    assert "Nguyễn Thị Ánh Tuyết" in result.errors[0].message
    assert "HV001" in result.errors[0].message
    assert Member.objects.count() == before


@pytest.mark.django_db
def test_members_import_duplicate_message_is_vietnamese(union):
    MemberFactory(**tuyet(union=union, member_code="HV001"))

    vietnamese = [
        "Họ và tên",
        "Hội",
        "Ngày vào hội",
        "Mã hội viên",
        "Năm sinh",
        "Email",
        "Điện thoại",
    ]
    data = csv_bytes([vietnamese, row()])

    with translation.override("vi"):
        result = records_import(kind="members", file=data, filename="hv.csv", union=union)

    issue = result.errors[0]
    assert (issue.row, issue.column) == (2, "Họ và tên")
    assert issue.message == (
        "trùng họ tên và năm sinh với hội viên đã ghi nhận «Nguyễn Thị Ánh Tuyết» (mã hội viên "
        "HV001): có thể là cùng một người; nếu đúng, hãy ghi mã hội viên đó"
    )


@pytest.mark.django_db
def test_members_import_refuses_two_likely_duplicates_in_the_file(union):
    result = run(union, [row(email="a@example.vn"), row(email="b@example.vn")])

    assert problems(result) == [(3, "full_name", "likely_duplicate")]
    assert "row 2" in result.errors[0].message
    assert Member.objects.count() == 0


@pytest.mark.django_db
def test_members_import_accepts_the_same_person_by_member_code(union):
    member = MemberFactory(**tuyet(union=union, member_code="HV001"))

    result = run(union, [row(code="HV001", email="tuyet@example.vn")])

    assert result.ok, result.errors
    assert list(Member.objects.values_list("pk", flat=True)) == [member.pk]


@pytest.mark.django_db
def test_members_import_accepts_namesakes_with_their_own_member_codes(union):
    MemberFactory(**tuyet(union=union, member_code="HV001"))

    result = run(union, [row(code="HV002"), row(code="HV003", email="x@example.vn")])

    assert result.ok, result.errors
    assert Member.objects.count() == 3


@pytest.mark.django_db
def test_members_import_ignores_people_of_another_union(union):
    MemberFactory(**tuyet(union=UnionFactory(), member_code="HV001"))

    result = run(union, [row(email="tuyet@example.vn")])

    assert result.ok, result.errors


@pytest.mark.django_db
def test_members_import_refuses_an_update_taking_another_members_email(union):
    MemberFactory(**tuyet(union=union, member_code="HV001"))
    MemberFactory(union=union, full_name="Lê Văn Bình", member_code=None, email="binh@example.vn")

    result = run(union, [row(name="Lê Văn Bình", year="", email="tuyet@example.vn")])

    assert problems(result) == [(2, "email", "likely_duplicate")]


@pytest.mark.django_db
def test_members_import_checks_duplicates_without_a_query_per_row(union):
    MemberFactory(**tuyet(union=union, member_code="HV001"))
    few = [row(name=f"Người Số {i}", email=f"p{i}@example.vn") for i in range(2)]
    many = [row(name=f"Người Số {i}", email=f"p{i}@example.vn") for i in range(40)]

    with CaptureQueriesContext(connection) as small:
        records_import(kind="members", file=csv_bytes([HEADER, *few]), union=union, dry_run=True)
    with CaptureQueriesContext(connection) as large:
        records_import(kind="members", file=csv_bytes([HEADER, *many]), union=union, dry_run=True)

    assert len(large.captured_queries) == len(small.captured_queries)
