"""The contests, entries, awards and initiatives import kinds (design §6)."""

import io
from pathlib import Path

import pytest

from contests.models import Award, Contest, ContestStatus, Entry, Initiative
from core.imports import export_records, records_import

from ..associations.import_helpers import csv_bytes
from ..factories import SocietyFactory, UnionFactory
from .factories import AwardFactory, ContestFactory, EntryFactory, InitiativeFactory

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


def run(kind, union, rows=None, *, data=None, **kwargs):
    return records_import(
        kind=kind,
        file=data if data is not None else csv_bytes(rows),
        filename=f"{kind}.csv",
        union=union,
        **kwargs,
    )


@pytest.fixture
def union():
    union = UnionFactory(slug="hong-linh", name="Liên hiệp hội thị xã Hồng Lĩnh")
    for name in (
        "Hội KH&KT Trung tâm Y tế",
        "Hội KH&KT Trường THPT Hồng Lĩnh",
        "Hội KH&KT phường Bắc Hồng",
        "Hội KH&KT Công ty CP VLXD Lam Hồng",
    ):
        SocietyFactory(union=union, name=name)
    return union


def load_examples(union):
    results = {}
    for kind in ("contests", "entries", "awards", "initiatives"):
        results[kind] = run(kind, union, data=(EXAMPLES / f"{kind}.csv").read_bytes())
        assert results[kind].ok, (kind, results[kind].errors)
    return results


@pytest.mark.django_db
def test_example_files_import_in_order(union):
    results = load_examples(union)

    assert [results[k].created for k in ("contests", "entries", "awards", "initiatives")] == [
        2,
        2,
        3,
        2,
    ]
    product = Entry.objects.get(title__startswith="Bi hợp kim")
    assert (product.field, product.author_lines()) == (
        "industry_crafts",
        ["Trần Văn Đức", "Nguyễn Văn Hùng"],
    )
    assert sorted(product.awards.values_list("level", "rank", "year")) == [
        ("northern_region", "third", 2021),
        ("province", "first", 2019),
    ]
    assert Initiative.objects.filter(applied=True, recognition_level="province").count() == 2


@pytest.mark.django_db
def test_past_contests_come_in_closed(union):
    load_examples(union)

    assert set(Contest.objects.values_list("status", flat=True)) == {ContestStatus.CLOSED}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["contests", "entries", "awards", "initiatives"])
@pytest.mark.parametrize("style", ["vi", "code"])
def test_reimport_of_an_export_changes_nothing(union, kind, style):
    load_examples(union)
    exported = export_records(kind, union=union, fmt="csv", style=style)

    result = run(kind, union, data=exported)

    assert (result.ok, result.created, result.updated, result.unchanged > 0) == (
        True,
        0,
        0,
        True,
    )


@pytest.mark.django_db
def test_xlsx_export_reimports_unchanged(union):
    load_examples(union)
    exported = export_records("awards", union=union, fmt="xlsx")

    result = records_import(
        kind="awards", file=io.BytesIO(exported).getvalue(), filename="a.xlsx", union=union
    )

    assert (result.ok, result.created, result.updated, result.unchanged) == (True, 0, 0, 3)


@pytest.mark.django_db
def test_one_bad_row_rejects_the_whole_file(union):
    rows = [
        ["name", "kind", "level", "year"],
        ["Hội thi A", "technical_creativity", "district", "2020"],
        ["Hội thi B", "technical_creativity", "cấp xã", "2020"],
    ]

    result = run("contests", union, rows)

    assert (result.ok, Contest.objects.count()) == (False, 0)
    issue = result.errors[0]
    assert (issue.row, issue.column, issue.code) == (3, "level", "invalid_choice")


@pytest.mark.django_db
def test_duplicate_rows_are_caught(union):
    rows = [
        ["title", "society", "year", "recognition_level"],
        ["Sáng kiến A", "Hội KH&KT Trung tâm Y tế", "2020", "province"],
        ["sáng kiến  a", "Hội KH&KT Trung tâm Y tế", "2020", "Cấp tỉnh"],
    ]

    result = run("initiatives", union, rows)

    assert [(i.row, i.column, i.code) for i in result.errors] == [(3, "title", "duplicate_row")]


@pytest.mark.django_db
def test_unknown_contest_and_entry_are_named_in_vietnamese(union, settings):
    settings.LANGUAGE_CODE = "vi"
    rows = [
        ["contest", "entry", "level", "rank", "year"],
        ["Hội thi không có", "Sản phẩm", "province", "first", "2020"],
    ]

    result = run("awards", union, rows)

    assert [(i.row, i.column, i.code) for i in result.errors] == [(2, "contest", "unknown_contest")]
    assert "Hội thi không có" in result.errors[0].message


@pytest.mark.django_db
def test_a_contest_name_used_in_two_years_needs_its_year(union):
    first = ContestFactory(union=union, name="Hội thi STKT", year=2019)
    second = ContestFactory(union=union, name="Hội thi STKT", year=2021)
    society = union.societies.first()
    EntryFactory(contest=second, society=society, title="Máy tách hạt")
    rows = [
        ["contest", "entry", "level", "rank", "year"],
        ["Hội thi STKT", "Máy tách hạt", "province", "first", "2021"],
        ["Hội thi STKT (2021)", "Máy tách hạt", "district", "first", "2021"],
    ]

    result = run("awards", union, rows)

    assert [(i.row, i.code) for i in result.errors] == [(2, "ambiguous_contest")]
    assert first.year == 2019


@pytest.mark.django_db
def test_exports_neutralise_formulas(union):
    society = union.societies.first()
    InitiativeFactory(union=union, society=society, title="=HYPERLINK(1)", year=2020)

    exported = export_records("initiatives", union=union, fmt="csv", style="code").decode()

    assert "'=HYPERLINK(1)" in exported


@pytest.mark.django_db
def test_other_unions_records_are_not_exported(union):
    AwardFactory()  # another union's

    assert export_records("awards", union=union, fmt="csv", style="code").decode(
        "utf-8-sig"
    ).strip().splitlines() == ["contest,entry,level,rank,year,awarding_body"]
    assert Award.objects.count() == 1
