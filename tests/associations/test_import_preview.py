"""The admin's import preview: problems in full, changes first, unchanged rows counted."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from associations.accounts import role_assign
from associations.models import RoleKind
from core.imports import records_import
from core.imports.resources import preview_text, resource_for

from ..factories import MemberFactory, MembershipFactory, SocietyFactory, UnionFactory, UserFactory
from .import_helpers import csv_bytes, xlsx_bytes

IMPORT_URL = "admin:members_member_import"
XLSX_FORMAT = "0"
HEADER = ["Họ và tên", "Hội", "Ngày vào hội", "Mã hội viên", "Năm sinh"]


@pytest.fixture
def union():
    union = UnionFactory()
    SocietyFactory(union=union, name="Hội Y tế")
    return union


@pytest.fixture
def staff_client(client, union):
    user = UserFactory()
    role_assign(user=user, union=union, kind=RoleKind.STAFF)
    client.force_login(user)
    return client


def upload(client, union, rows):
    return client.post(
        reverse(IMPORT_URL),
        {
            "format": XLSX_FORMAT,
            "union": union.pk,
            "import_file": SimpleUploadedFile("members.xlsx", xlsx_bytes(rows)),
        },
    )


def recorded(union, n):
    society = union.societies.get()
    return [
        MembershipFactory(
            society=society,
            joined_on=datetime.date(2012, 9, 1),
            member=MemberFactory(
                union=union, full_name=f"Hội Viên {i}", member_code=f"HL{i}", birth_year=1970
            ),
        ).member
        for i in range(n)
    ]


@pytest.mark.django_db
def test_import_preview_counts_unchanged_rows_and_shows_only_changes(staff_client, union):
    people = recorded(union, 3)
    rows = [HEADER] + [
        [p.full_name, "Hội Y tế", datetime.datetime(2012, 9, 1), p.member_code, 1970]
        for p in people
    ]
    rows.append(["Trần Minh", "Hội Y tế", datetime.datetime(2022, 6, 15), "HL9", 1970])

    response = upload(staff_client, union, rows)

    result = response.context["result"]
    assert [row.import_type for row in result.valid_rows()] == ["new"]
    assert result.unchanged_rows == 3
    assert result.valid_rows()[0].preview_cells == [
        ("Họ và tên", "Trần Minh"),
        ("Hội", "Hội Y tế"),
        ("Ngày vào hội", "15/06/2022"),
        ("Mã hội viên", "HL9"),
        ("Năm sinh", "1970"),
    ]
    page = response.content.decode()
    assert "15/06/2022" in page
    assert "00:00" not in page
    assert "1.970" not in page
    assert "Hội Viên 0" not in page


@pytest.mark.django_db
def test_import_preview_leaves_out_columns_empty_in_every_changed_row(staff_client, union):
    rows = [HEADER + ["Email"], ["Trần Minh", "Hội Y tế", "01/09/2012", "", "", ""]]

    response = upload(staff_client, union, rows)

    assert response.context["result"].diff_headers[1:] == ["Họ và tên", "Hội", "Ngày vào hội"]


@pytest.mark.django_db
def test_import_errors_are_listed_in_full_without_hovering(staff_client, union):
    rows = [
        HEADER,
        ["Trần Minh", "Hội Y tế", "01/09/2012", "HL1", 1970],
        ["Phạm Lan", "Hội không có", "31/02/2020", "HL3", 1970],
    ]

    response = upload(staff_client, union, rows)

    page = response.content.decode()
    table = re.search(r'<table class="import-problems">.*?</table>', page, re.S).group(0)
    cells = [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td>.*?</td>", table)]
    lines = {(row, column): problem for row, column, problem in zip(*[iter(cells)] * 3)}
    assert sorted(lines) == [("3", "Hội"), ("3", "Ngày vào hội")]
    assert "Hội không có" in lines[("3", "Hội")]
    assert "31/02/2020" in lines[("3", "Ngày vào hội")]
    assert "validation-error-container" not in page


@pytest.mark.django_db
def test_import_page_lists_columns_by_their_vietnamese_headers(staff_client):
    response = staff_client.get(reverse(IMPORT_URL))

    page = response.content.decode()
    assert "<li>Họ và tên *</li>" in page
    assert "(full_name)" not in page


def test_preview_text_writes_values_as_a_file_does():
    values = [datetime.datetime(2022, 6, 15), datetime.date(2022, 6, 15), 1970, None, "Hà"]

    assert [preview_text(v) for v in values] == ["15/06/2022", "15/06/2022", "1970", "", "Hà"]


@pytest.mark.django_db
def test_import_preview_shows_at_most_the_limit_and_says_how_many_more(union):
    resource = resource_for("members")(union=union)
    rows = [["full_name", "society", "joined_on"]] + [
        [f"Người {i}", "Hội Y tế", "2012-09-01"] for i in range(5)
    ]
    outcome = records_import(kind="members", file=csv_bytes(rows), union=union, dry_run=True)

    result = resource.engine_result(outcome, preview_rows=2)

    assert (len(result.valid_rows()), result.hidden_changes, result.changed_rows) == (2, 3, 5)
