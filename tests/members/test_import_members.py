"""The `members` import: identity rules, updates, and every kind of bad input (design §6)."""

import datetime
import unicodedata
from pathlib import Path

import pytest

from core.imports import records_import
from members.models import Member, Membership

from ..associations.import_helpers import (
    cp1258_bytes,
    csv_bytes,
    issues,
    only_issue,
    snapshot,
    xlsx_bytes,
)
from ..factories import MemberFactory, MembershipFactory, SocietyFactory, UnionFactory, UserFactory

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
HEADER = ["full_name", "society", "joined_on", "member_code", "birth_year", "email"]
HEALTH = "Hội KH&KT Trung tâm Y tế"
WARD = "Hội KH&KT phường Bắc Hồng"


@pytest.fixture
def union():
    union = UnionFactory(slug="hong-linh", name="Liên hiệp hội thị xã Hồng Lĩnh")
    SocietyFactory(union=union, name=HEALTH)
    SocietyFactory(union=union, name=WARD)
    return union


def run(union, rows, *, name="members.csv", dry_run=False, **kwargs):
    data = xlsx_bytes(rows) if name.endswith(".xlsx") else csv_bytes(rows)
    return records_import(
        kind="members", file=data, filename=name, union=union, dry_run=dry_run, **kwargs
    )


# --- identity -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_members_same_code_in_two_societies_is_one_person(union):
    rows = [
        HEADER,
        ["Nguyễn Thị Hương", HEALTH, "2015-03-01", "HL1", "1978", "huong@example.vn"],
        ["Nguyễn Thị Hương", WARD, "20/05/2019", "HL1", "", ""],
    ]

    result = run(union, rows)

    assert result.ok, result.errors
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    member = Member.objects.get()
    assert (member.member_code, member.birth_year, member.email) == (
        "HL1",
        1978,
        "huong@example.vn",
    )
    assert sorted(m.society.name for m in member.memberships.all()) == sorted([HEALTH, WARD])
    assert member.search_text == "nguyen thi huong hl1 huong@example.vn"


@pytest.mark.django_db
def test_members_without_code_match_on_name_birth_year_and_email(union):
    rows = [
        HEADER,
        ["Trần Văn An", HEALTH, "2015-01-01", "", "1980", "an@example.vn"],
        ["  TRẦN  văn an ", WARD, "2016-01-01", "", "1980", "AN@example.vn"],
        ["Trần Văn An", WARD, "2016-01-01", "", "1981", "an.1981@example.vn"],
    ]

    result = run(union, rows)

    assert result.ok, result.errors
    assert Member.objects.count() == 2
    assert result.details == {"people_created": 2, "people_updated": 0}


@pytest.mark.django_db
def test_members_codeless_row_joins_coded_person_of_the_file(union):
    rows = [
        HEADER,
        ["Lê Hải", HEALTH, "2015-01-01", "HL7", "1985", "hai@example.vn"],
        ["Lê Hải", WARD, "2016-01-01", "", "1985", "hai@example.vn"],
    ]

    result = run(union, rows)

    assert result.ok, result.errors
    assert Member.objects.get().memberships.count() == 2


@pytest.mark.django_db
def test_members_code_is_given_to_recorded_codeless_person(union):
    person = MemberFactory(
        union=union, member_code=None, full_name="Lê Hải", birth_year=1985, email="hai@x.vn"
    )
    rows = [HEADER, ["Lê Hải", HEALTH, "2015-01-01", "HL7", "1985", "hai@x.vn"]]

    result = run(union, rows)

    assert result.ok, result.errors
    person.refresh_from_db()
    assert person.member_code == "HL7"
    assert Member.objects.count() == 1


@pytest.mark.django_db
def test_members_codeless_row_matching_two_recorded_people_is_rejected(union):
    for _ in range(2):
        MemberFactory(union=union, member_code=None, full_name="Lê Hải", birth_year=1985, email="")
    before = snapshot()

    result = run(union, [HEADER, ["Lê Hải", HEALTH, "2015-01-01", "", "1985", ""]])

    issue = only_issue(result)
    assert (issue.code, issue.row, issue.column) == ("ambiguous_member", 2, "full_name")
    assert snapshot() == before


@pytest.mark.django_db
def test_members_codes_are_per_union(union):
    MemberFactory(union=UnionFactory(), member_code="HL1", full_name="Người khác")

    result = run(union, [HEADER, ["Nguyễn An", HEALTH, "2015-01-01", "HL1", "", ""]])

    assert result.ok, result.errors
    assert Member.objects.filter(union=union, member_code="HL1").count() == 1


@pytest.mark.django_db
def test_members_row_without_society_and_date_records_the_person_only(union):
    result = run(union, [HEADER, ["Phạm Lan", "", "", "HL9", "1990", ""]])

    assert result.ok, result.errors
    assert Member.objects.get().memberships.count() == 0


@pytest.mark.django_db
def test_members_conflicting_values_for_one_person_are_rejected(union):
    before = snapshot()
    rows = [
        HEADER,
        ["Nguyễn An", HEALTH, "2015-01-01", "HL1", "1980", ""],
        ["Nguyễn An", WARD, "2016-01-01", "HL1", "1981", ""],
    ]

    result = run(union, rows)

    issue = only_issue(result)
    assert (issue.code, issue.row, issue.column) == ("conflict", 3, "birth_year")
    assert snapshot() == before


# --- re-import and updates ------------------------------------------------------------------------


@pytest.mark.django_db
def test_members_reimport_changes_nothing(union):
    rows = [
        HEADER,
        ["Nguyễn Thị Hương", HEALTH, "2015-03-01", "HL1", "1978", "huong@example.vn"],
        ["Nguyễn Thị Hương", WARD, "2019-05-20", "HL1", "", ""],
        ["Trần An", WARD, "2019-05-20", "", "1990", ""],
    ]
    assert run(union, rows).ok
    before = snapshot()

    result = run(union, rows)

    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    assert snapshot() == before


@pytest.mark.django_db
def test_members_update_changes_fields_and_records_history(union):
    user = UserFactory()
    membership = MembershipFactory(
        member=MemberFactory(union=union, member_code="HL1", full_name="Nguyễn An"),
        society=union.societies.get(name=HEALTH),
        joined_on=datetime.date(2015, 1, 1),
    )
    rows = [
        [
            "full_name",
            "society",
            "joined_on",
            "member_code",
            "workplace",
            "left_on",
            "leave_reason",
        ],
        ["Nguyễn An", HEALTH, "01/01/2015", "HL1", "Bệnh viện", "01/06/2020", "Nghỉ hưu"],
    ]

    result = run(union, rows, user=user)

    assert (result.created, result.updated, result.unchanged) == (0, 1, 0)
    membership.refresh_from_db()
    member = membership.member
    assert member.workplace == "Bệnh viện"
    assert member.birth_year == 1980  # the column is absent: left alone
    assert (membership.left_on, membership.leave_reason) == (datetime.date(2020, 6, 1), "Nghỉ hưu")
    latest = member.history.order_by("-history_id").first()
    assert (latest.history_type, latest.history_user, latest.workplace) == ("~", user, "Bệnh viện")
    assert "members.csv" in latest.history_change_reason


@pytest.mark.django_db
def test_members_empty_cell_clears_a_present_column(union):
    MembershipFactory(
        member=MemberFactory(union=union, member_code="HL1", full_name="Nguyễn An", email="a@b.vn"),
        society=union.societies.get(name=HEALTH),
        joined_on=datetime.date(2015, 1, 1),
    )

    result = run(union, [HEADER, ["Nguyễn An", HEALTH, "2015-01-01", "HL1", "1980", ""]])

    assert result.updated == 1
    assert Member.objects.get().email == ""


@pytest.mark.django_db
def test_members_created_with_history(union):
    user = UserFactory()

    run(union, [HEADER, ["Nguyễn An", HEALTH, "2015-01-01", "HL1", "1980", ""]], user=user)

    record = Member.history.get()
    assert (record.history_type, record.history_user, record.full_name) == ("+", user, "Nguyễn An")
    assert Membership.history.get().history_type == "+"


@pytest.mark.django_db
def test_members_dry_run_counts_and_writes_nothing(union):
    before = snapshot()

    result = run(
        union, [HEADER, ["Nguyễn An", HEALTH, "2015-01-01", "HL1", "1980", ""]], dry_run=True
    )

    assert result.ok and result.dry_run
    assert result.created == 1
    assert snapshot() == before


@pytest.mark.django_db
def test_members_vietnamese_headers_and_labels(union):
    rows = [
        ["  HỌ VÀ TÊN ", "Hội", "Ngày vào hội", "Mã hội viên", "Giới tính", "Trình độ", "Học hàm"],
        ["Trần Minh", HEALTH, "01/09/2012", "HL2", "Nữ", "Thạc sĩ", "Phó Giáo sư"],
        ["Lê Hà", WARD, "2012-09-01", "HL3", "male", "doctorate", "professor"],
        ["Lê Tâm", WARD, "2012-09-01", "HL4", "nu", "Thac si", ""],
    ]

    result = run(union, rows)

    assert result.ok, result.errors
    values = list(
        Member.objects.order_by("member_code").values_list(
            "gender", "qualification", "academic_title"
        )
    )
    assert values == [
        ("female", "master", "associate_professor"),
        ("male", "doctorate", "professor"),
        ("female", "master", ""),
    ]


@pytest.mark.django_db
def test_members_xlsx_with_date_cells(union):
    rows = [HEADER, ["Trần Minh", HEALTH, datetime.date(2012, 9, 1), "HL2", 1970, None]]

    result = run(union, rows, name="members.xlsx")

    assert result.ok, result.errors
    assert Membership.objects.get().joined_on == datetime.date(2012, 9, 1)
    assert Member.objects.get().birth_year == 1970


@pytest.mark.django_db
def test_members_csv_with_bom_and_semicolons(union):
    data = csv_bytes(
        [HEADER, ["Trần Minh", HEALTH, "01/09/2012", "HL2", "", ""]], bom=True, delimiter=";"
    )

    result = records_import(kind="members", file=data, filename="m.csv", union=union)

    assert result.ok, result.errors
    assert Member.objects.get().full_name == "Trần Minh"


@pytest.mark.django_db
def test_members_optional_columns_may_be_absent(union):
    rows = [["full_name", "society", "joined_on"], ["Trần Minh", HEALTH, "2012-09-01"]]

    result = run(union, rows)

    assert result.ok, result.errors
    assert Member.objects.get().member_code is None


# --- bad input: each names the row, the column and the problem; nothing is written ----------------


@pytest.mark.django_db
def test_members_legacy_vietnamese_encoding_is_rejected(union):
    text = "full_name,society,joined_on\r\nTrần Minh,Hội Y tế,2012-09-01\r\n"
    data = cp1258_bytes(text)
    before = snapshot()

    result = records_import(kind="members", file=data, filename="m.csv", union=union)

    assert unicodedata.normalize("NFC", data.decode("cp1258")) == text  # Windows-1258, not UTF-8
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    issue = issues(result, "bad_encoding")[0]
    assert (issue.row, issue.column) == (2, "full_name")
    assert "UTF-8" in issue.message
    assert snapshot() == before


@pytest.mark.django_db
def test_members_tcvn3_bytes_are_rejected(union):
    data = b"full_name,society,joined_on\r\nTr\xb7n Minh,H\xe9i Y t\xd5,2012-09-01\r\n"
    before = snapshot()

    result = records_import(kind="members", file=data, filename="m.csv", union=union)

    issue = issues(result, "bad_encoding")[0]
    assert (issue.row, issue.column) == (2, "full_name")
    assert snapshot() == before


@pytest.mark.django_db
def test_members_utf16_file_is_rejected(union):
    data = "full_name,society,joined_on\r\nTrần Minh,Hội,2012-09-01\r\n".encode("utf-16")
    before = snapshot()

    result = records_import(kind="members", file=data, filename="m.csv", union=union)

    issue = only_issue(result)
    assert issue.code == "bad_encoding"
    assert "UTF-16" in issue.message
    assert snapshot() == before


@pytest.mark.django_db
def test_members_missing_required_column_is_rejected(union):
    before = snapshot()

    result = run(union, [["full_name", "society"], ["Trần Minh", HEALTH]])

    issue = only_issue(result)
    assert (issue.code, issue.row, issue.column) == ("missing_column", 1, "joined_on")
    assert snapshot() == before


@pytest.mark.django_db
def test_members_unknown_society_is_rejected(union):
    before = snapshot()
    rows = [
        ["Họ và tên", "Hội", "Ngày vào hội"],
        ["Trần Minh", HEALTH, "2012-09-01"],
        ["Lê Hà", "Hội không có", "2012-09-01"],
    ]

    result = run(union, rows)

    issue = only_issue(result)
    assert (issue.code, issue.row, issue.column) == ("unknown_society", 3, "Hội")
    assert "Hội không có" in issue.message
    assert snapshot() == before


@pytest.mark.django_db
def test_members_impossible_date_is_rejected(union):
    before = snapshot()
    rows = [HEADER] + [[f"Người {i}", HEALTH, "2012-09-01", "", "", ""] for i in range(3)]
    rows.append(["Trần Minh", HEALTH, "31/02/2020", "", "", ""])

    result = run(union, rows)

    issue = only_issue(result)
    assert (issue.code, issue.row, issue.column) == ("invalid_date", 5, "joined_on")
    assert "31/02/2020" in issue.message
    assert str(issue).startswith("Row 5, column «joined_on»: ") or str(issue).startswith(
        "Dòng 5, cột «joined_on»: "
    )
    assert snapshot() == before


@pytest.mark.django_db
def test_members_left_before_joined_is_rejected(union):
    before = snapshot()
    rows = [
        ["full_name", "society", "joined_on", "left_on"],
        ["Trần Minh", HEALTH, "2012-09-01", "2010-01-01"],
    ]

    result = run(union, rows)

    issue = only_issue(result)
    assert (issue.code, issue.row, issue.column) == ("invalid_range", 2, "left_on")
    assert snapshot() == before


@pytest.mark.django_db
def test_members_duplicate_row_is_rejected(union):
    before = snapshot()
    row = ["Trần Minh", HEALTH, "2012-09-01", "HL1", "", ""]

    result = run(union, [HEADER, row, ["Lê Hà", WARD, "2012-09-01", "HL2", "", ""], row])

    issue = only_issue(result)
    assert (issue.code, issue.row, issue.column) == ("duplicate_row", 4, "joined_on")
    assert "2" in issue.message
    assert snapshot() == before


@pytest.mark.django_db
def test_members_unknown_choice_is_rejected(union):
    before = snapshot()
    rows = [
        ["full_name", "society", "joined_on", "gender", "qualification"],
        ["Trần Minh", HEALTH, "2012-09-01", "Nữ", "Giáo sư"],
    ]

    result = run(union, rows)

    issue = only_issue(result)
    assert (issue.code, issue.row, issue.column) == ("invalid_choice", 2, "qualification")
    assert "Thạc sĩ" in issue.message  # the accepted values are listed
    assert snapshot() == before


@pytest.mark.django_db
def test_members_society_of_another_union_is_rejected(union):
    SocietyFactory(union=UnionFactory(name="Liên hiệp hội huyện khác"), name="Hội láng giềng")
    before = snapshot()

    result = run(union, [HEADER, ["Trần Minh", "Hội láng giềng", "2012-09-01", "", "", ""]])

    issue = only_issue(result)
    assert (issue.code, issue.row, issue.column) == ("other_union", 2, "society")
    assert "Liên hiệp hội huyện khác" in issue.message
    assert snapshot() == before


@pytest.mark.django_db
def test_members_overlapping_memberships_in_the_file_are_rejected(union):
    before = snapshot()
    rows = [
        ["full_name", "society", "joined_on", "member_code", "left_on"],
        ["Trần Minh", HEALTH, "2012-09-01", "HL1", "2016-01-01"],
        ["Trần Minh", HEALTH, "2015-01-01", "HL1", ""],
        ["Trần Minh", HEALTH, "2016-01-01", "HL1", ""],  # the first left the day this starts
    ]

    result = run(union, rows)

    overlaps = issues(result, "overlap")
    assert [(i.row, i.column) for i in overlaps] == [(3, "joined_on"), (4, "joined_on")]
    assert snapshot() == before


@pytest.mark.django_db
def test_members_membership_overlapping_the_database_is_rejected(union):
    MembershipFactory(
        member=MemberFactory(union=union, member_code="HL1", full_name="Trần Minh"),
        society=union.societies.get(name=HEALTH),
        joined_on=datetime.date(2010, 1, 1),
    )
    before = snapshot()

    result = run(union, [HEADER, ["Trần Minh", HEALTH, "2015-01-01", "HL1", "", ""]])

    issue = only_issue(result)
    assert (issue.code, issue.row, issue.column) == ("overlap", 2, "joined_on")
    assert "01/01/2010" in issue.message
    assert snapshot() == before


@pytest.mark.django_db
def test_members_membership_after_a_recorded_one_ended_is_accepted(union):
    MembershipFactory(
        member=MemberFactory(union=union, member_code="HL1", full_name="Trần Minh"),
        society=union.societies.get(name=HEALTH),
        joined_on=datetime.date(2010, 1, 1),
        left_on=datetime.date(2014, 12, 31),
    )

    result = run(union, [HEADER, ["Trần Minh", HEALTH, "2015-01-01", "HL1", "", ""]])

    assert result.ok, result.errors
    assert Membership.objects.count() == 2


@pytest.mark.django_db
def test_members_one_bad_row_rejects_the_whole_file(union):
    before = snapshot()
    rows = [HEADER] + [[f"Người {i}", HEALTH, "2012-09-01", f"C{i}", "", ""] for i in range(50)]
    rows.append(["Người cuối", HEALTH, "2012-13-01", "C99", "", ""])

    result = run(union, rows)

    assert only_issue(result).row == 52
    assert snapshot() == before


@pytest.mark.django_db
def test_members_formula_in_xlsx_is_rejected(union):
    before = snapshot()
    rows = [HEADER, ["Trần Minh", HEALTH, "2012-09-01", "HL1", "=1900+80", ""]]

    result = run(union, rows, name="members.xlsx")

    issue = only_issue(result)
    assert (issue.code, issue.row, issue.column) == ("formula", 2, "birth_year")
    assert snapshot() == before


@pytest.mark.django_db
def test_members_formula_text_in_csv_is_rejected(union):
    before = snapshot()
    rows = [HEADER, ['=HYPERLINK("http://x")', HEALTH, "2012-09-01", "HL1", "", ""]]

    result = run(union, rows)

    issue = only_issue(result)
    assert (issue.code, issue.row, issue.column) == ("formula", 2, "full_name")
    assert snapshot() == before


@pytest.mark.django_db
def test_members_invalid_email_and_year_are_rejected(union):
    rows = [HEADER, ["Trần Minh", HEALTH, "2012-09-01", "HL1", "năm 80", "không-có-a-còng"]]

    result = run(union, rows)

    assert [(i.code, i.column) for i in result.errors] == [
        ("invalid_number", "birth_year"),
        ("invalid_email", "email"),
    ]


# --- volume -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_members_import_uses_a_fixed_number_of_queries(
    union, tmp_path, django_assert_max_num_queries
):
    from members.benchdata import build_members_xlsx

    path = build_members_xlsx(tmp_path / "members.xlsx", 2500, union)

    with django_assert_max_num_queries(40):
        result = records_import(kind="members", file=path, union=union)

    assert result.ok, result.errors[:5]
    assert Membership.objects.count() == 2500
    assert Member.objects.count() == result.details["people_created"]
    assert Member.history.count() == Member.objects.count()
    assert not Member.objects.filter(search_text="").exists()


@pytest.mark.django_db
def test_members_export_of_a_person_without_membership_reimports_unchanged(union):
    from core.imports import export_records

    MemberFactory(union=union, member_code="HL5", full_name="Võ Thị Mai", email="mai@x.vn")
    MembershipFactory(
        member=MemberFactory(union=union, member_code="HL6"), society=union.societies.first()
    )
    before = snapshot()

    for fmt in ("xlsx", "csv"):
        data = export_records("members", union=union, fmt=fmt)
        result = records_import(kind="members", file=data, filename=f"m.{fmt}", union=union)
        assert (result.created, result.updated, result.unchanged) == (0, 0, 2), result.errors
    assert snapshot() == before


# --- Excel 97-2003, LibreOffice and Excel's ";" CSV -----------------------------------------------

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
# The societies the fixtures name, and the two the documented example names instead (the demo's).
EXAMPLE_SOCIETIES = [
    "Hội KH&KT Trung tâm Y tế thị xã",
    "Hội KH&KT phường Bắc Hồng",
    "Hội KH&KT Trường THPT Hồng Lĩnh",
    "Hội KH&KT Công ty Cổ phần Cơ khí Hồng Lĩnh",
    "Hội KH&KT xã Thuận Lộc",
    "Hội KH&KT Trung tâm Y tế",
    "Hội KH&KT Công ty CP VLXD Lam Hồng",
]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["members.xls", "members.ods", "members-semicolon.csv"])
def test_members_files_from_old_excel_libreoffice_and_semicolon_csv_import(name):
    union = UnionFactory(slug="hong-linh")
    for society in EXAMPLE_SOCIETIES:
        SocietyFactory(union=union, name=society)
    expected_union = UnionFactory(slug="reference")
    for society in EXAMPLE_SOCIETIES:
        SocietyFactory(union=expected_union, name=society)
    reference = records_import(kind="members", file=EXAMPLES / "members.csv", union=expected_union)

    result = records_import(kind="members", file=FIXTURES / name, union=union)

    assert result.ok, result.errors
    assert (result.created, result.details) == (reference.created, reference.details)
    people = {
        (m.member_code, m.full_name, m.birth_year, m.gender, m.qualification)
        for m in Member.objects.filter(union=union)
    }
    assert people == {
        (m.member_code, m.full_name, m.birth_year, m.gender, m.qualification)
        for m in Member.objects.filter(union=expected_union)
    }
    dates = sorted(
        (m.member.full_name, m.joined_on, m.left_on)
        for m in Membership.objects.filter(society__union=union).select_related("member")
    )
    assert dates == sorted(
        (m.member.full_name, m.joined_on, m.left_on)
        for m in Membership.objects.filter(society__union=expected_union).select_related("member")
    )
    assert ("Lê Quang Hải", datetime.date(2016, 1, 15), datetime.date(2021, 6, 30)) in dates
