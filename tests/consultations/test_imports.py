"""The `consultations` import (design §6): columns, choices, all-or-nothing, duplicates,
round trip, formula-safe export, the documented example."""

import datetime
from pathlib import Path

import pytest

from consultations.models import ConsultationTask, TaskTransition
from core.imports import export_records, records_import

from ..associations.import_helpers import csv_bytes, xlsx_bytes
from ..factories import UnionFactory, UserFactory
from .factories import ConsultationTaskFactory

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
HEADER = [
    "title",
    "type",
    "requesting_body",
    "received_on",
    "due_on",
    "status",
    "delivered_on",
    "legal_basis",
    "recommendations",
    "recommendations_adopted",
]


def run(union, rows, *, name="consultations.csv", dry_run=False, user=None):
    data = xlsx_bytes(rows) if name.endswith(".xlsx") else csv_bytes(rows)
    return records_import(
        kind="consultations", file=data, filename=name, union=union, dry_run=dry_run, user=user
    )


@pytest.fixture
def union(db):
    return UnionFactory(slug="hong-linh")


@pytest.mark.django_db
def test_import_tasks_with_codes_and_vietnamese_labels(union):
    user = UserFactory()
    rows = [
        HEADER,
        [
            "Đề án A",
            "critique",
            "UBND thị xã",
            "2024-03-04",
            "2024-03-25",
            "Đã gửi",
            "22/03/2024",
            "QĐ 14/2014",
            "5",
            "4",
        ],
        ["Kế hoạch B", "Tư vấn", "Thị ủy", "12/05/2025", "", "closed", "2025-06-05", "", "3", "3"],
        [
            "Chương trình C",
            "Giám định xã hội",
            "Phòng Nội vụ",
            "2025-09-01",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
    ]

    result = run(union, rows, user=user)

    assert result.ok, result.errors
    tasks = list(
        ConsultationTask.objects.order_by("received_on").values_list(
            "title",
            "type",
            "status",
            "delivered_on",
            "imported_recommendations",
            "imported_adopted",
        )
    )
    assert tasks == [
        ("Đề án A", "critique", "delivered", datetime.date(2024, 3, 22), 5, 4),
        ("Kế hoạch B", "consultation", "closed", datetime.date(2025, 6, 5), 3, 3),
        ("Chương trình C", "social_assessment", "received", None, None, None),
    ]
    moves = sorted(TaskTransition.objects.values_list("to_status", "by_id"))
    assert moves == [("closed", user.pk), ("delivered", user.pk), ("received", user.pk)]


@pytest.mark.django_db
def test_one_bad_row_rejects_the_file(union):
    rows = [
        HEADER,
        ["Đề án A", "critique", "UBND", "2024-03-04", "", "", "", "", "", ""],
        ["Đề án B", "speech", "UBND", "2024-03-04", "", "", "", "", "", ""],
    ]

    result = run(union, rows)

    assert not result.ok
    assert [(e.row, e.column, e.code) for e in result.errors] == [(3, "type", "invalid_choice")]
    assert ConsultationTask.objects.count() == 0


@pytest.mark.django_db
def test_rules_across_columns(union):
    rows = [
        HEADER,
        ["Đề án A", "critique", "UBND", "2024-03-04", "2024-03-01", "", "", "", "2", "3"],
        ["Đề án B", "critique", "UBND", "2024-03-04", "", "delivered", "", "", "", ""],
    ]

    result = run(union, rows)

    assert sorted((e.row, e.column, e.code) for e in result.errors) == [
        (2, "due_on", "invalid_range"),
        (2, "recommendations_adopted", "invalid_range"),
        (3, "delivered_on", "required"),
    ]


@pytest.mark.django_db
def test_duplicate_rows_caught(union):
    rows = [
        HEADER,
        ["Đề án A", "critique", "UBND", "2024-03-04", "", "", "", "", "", ""],
        ["đề án  a", "consultation", "UBND", "04/03/2024", "", "", "", "", "", ""],
    ]

    result = run(union, rows)

    assert [(e.row, e.code) for e in result.errors] == [(3, "duplicate_row")]


@pytest.mark.django_db
def test_round_trip_changes_nothing(union):
    run(
        union,
        [
            HEADER,
            [
                "Đề án A",
                "critique",
                "UBND thị xã",
                "2024-03-04",
                "2024-03-25",
                "delivered",
                "2024-03-22",
                "QĐ 14",
                "5",
                "4",
            ],
        ],
    )
    for fmt, name in (("csv", "export.csv"), ("xlsx", "export.xlsx")):
        for style in ("vi", "code"):
            data = export_records("consultations", union=union, fmt=fmt, style=style)
            result = records_import(
                kind="consultations", file=data, filename=name, union=union, dry_run=False
            )
            assert result.ok, result.errors
            assert (result.created, result.updated, result.unchanged) == (0, 0, 1)


@pytest.mark.django_db
def test_export_neutralises_formulas(union):
    ConsultationTaskFactory(union=union, title='=HYPERLINK("x")', requesting_body="+UBND")

    data = export_records("consultations", union=union, fmt="csv", style="code").decode("utf-8-sig")

    assert "'=HYPERLINK" in data
    assert "'+UBND" in data


@pytest.mark.django_db
def test_documented_example_imports(union):
    data = (EXAMPLES / "consultations.csv").read_bytes()

    result = records_import(
        kind="consultations", file=data, filename="consultations.csv", union=union, dry_run=False
    )

    assert result.ok, result.errors
    assert result.created == 2
