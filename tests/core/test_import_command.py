"""`manage.py import_records`: the shell contract of design §6, and the documented examples."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from associations.models import Union
from core.imports import export_records, get_kind, kind_names, records_import
from members.models import Member
from tests.associations.import_helpers import csv_bytes, snapshot
from tests.factories import SocietyFactory, UnionFactory

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
DOC = Path(__file__).resolve().parents[2] / "docs" / "import-formats.md"


def import_records(*args):
    out, err = StringIO(), StringIO()
    call_command("import_records", *[str(arg) for arg in args], stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def counts(out: str) -> dict:
    """The command's last line: `created=1 updated=0 unchanged=0 ... dry_run=0`."""
    return {key: int(value) for key, value in (p.split("=") for p in out.split("\n")[-2].split())}


@pytest.fixture
def union():
    union = UnionFactory(slug="hong-linh")
    SocietyFactory(union=union, name="Hội Y tế")
    return union


@pytest.fixture
def members_csv(tmp_path):
    def write(rows, name="members.csv"):
        path = tmp_path / name
        path.write_bytes(csv_bytes(rows))
        return path

    return write


@pytest.mark.django_db
def test_command_imports_and_prints_counts(union, members_csv):
    path = members_csv(
        [["full_name", "society", "joined_on"], ["Trần Minh", "Hội Y tế", "2012-09-01"]]
    )

    out, err = import_records("members", path)

    assert counts(out) == {
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "people_created": 1,
        "people_updated": 0,
        "dry_run": 0,
    }
    assert err == ""
    assert Member.objects.get().full_name == "Trần Minh"


@pytest.mark.django_db
def test_command_dry_run_saves_nothing(union, members_csv):
    path = members_csv(
        [["full_name", "society", "joined_on"], ["Trần Minh", "Hội Y tế", "2012-09-01"]]
    )
    before = snapshot()

    out, _ = import_records("members", path, "--dry-run")

    assert (counts(out)["created"], counts(out)["dry_run"]) == (1, 1)
    assert snapshot() == before


@pytest.mark.django_db
def test_command_errors_go_to_stderr_with_a_failing_exit_status(union, members_csv):
    path = members_csv(
        [
            ["full_name", "society", "joined_on"],
            ["Trần Minh", "Hội Y tế", "2012-09-01"],
            ["Lê Hà", "Hội Y tế", "2012-09-01"],
            ["Lê Tâm", "Hội Y tế", "2012-09-01"],
            ["Phạm Lan", "Hội Y tế", "31/02/2020"],
        ]
    )
    before = snapshot()
    out, err = StringIO(), StringIO()

    # manage.py turns a CommandError into sys.exit(returncode) with the message on stderr.
    with pytest.raises(CommandError) as raised:
        call_command("import_records", "members", str(path), stdout=out, stderr=err)

    assert raised.value.returncode != 0
    assert out.getvalue() == ""
    lines = err.getvalue().splitlines()
    assert len(lines) == 1
    assert "5" in lines[0] and "«joined_on»" in lines[0] and "31/02/2020" in lines[0]
    assert snapshot() == before


@pytest.mark.django_db
def test_command_union_defaults_to_the_only_one(union, members_csv):
    path = members_csv(
        [["full_name", "society", "joined_on"], ["Trần Minh", "Hội Y tế", "2012-09-01"]]
    )
    UnionFactory(slug="nghi-xuan")

    with pytest.raises(CommandError, match="--union"):
        import_records("members", path)
    out, _ = import_records("members", path, "--union", "hong-linh")

    assert counts(out)["created"] == 1


@pytest.mark.django_db
def test_command_unknown_union_and_no_union_are_errors(members_csv):
    path = members_csv(
        [["full_name", "society", "joined_on"], ["Trần Minh", "Hội Y tế", "2012-09-01"]]
    )

    with pytest.raises(CommandError):
        import_records("members", path)
    UnionFactory(slug="hong-linh")
    with pytest.raises(CommandError, match="khong-co|unknown"):
        import_records("members", path, "--union", "khong-co")


@pytest.mark.django_db
def test_command_missing_file_is_an_error(union, tmp_path):
    with pytest.raises(CommandError):
        import_records("members", tmp_path / "absent.csv")


# --- the documented examples --------------------------------------------------------------------


def load_examples():
    outputs = {}
    for kind in kind_names():
        outputs[kind], _ = import_records(kind, EXAMPLES / f"{kind}.csv")
    return outputs


@pytest.mark.django_db
def test_every_example_imports_into_an_empty_database():
    assert Union.objects.count() == 0

    outputs = load_examples()

    for kind, out in outputs.items():
        assert counts(out)["created"] > 0, (kind, out)
        assert (counts(out)["updated"], counts(out)["unchanged"]) == (0, 0), (kind, out)
    union = Union.objects.get()
    assert union.slug == "hong-linh"
    assert union.terms.count() == 2
    assert union.societies.count() == 5
    assert Member.objects.count() == 4
    assert union.activities.count() == 4
    assert union.commendations.count() == 4


@pytest.mark.django_db
def test_examples_import_into_the_demo_in_the_documented_order():
    from associations.models import Society
    from core.demo import load_demo

    load_demo()
    union = Union.objects.get(slug="hong-linh")
    societies = set(Society.objects.filter(union=union).values_list("name", flat=True))
    people = Member.objects.filter(union=union).count()

    dry_runs = {}
    for kind in kind_names():
        path = EXAMPLES / f"{kind}.csv"
        dry_runs[kind], _ = import_records(kind, path, "--union", "hong-linh", "--dry-run")
        import_records(kind, path, "--union", "hong-linh")

    for kind, out in dry_runs.items():
        assert counts(out)["dry_run"] == 1, (kind, out)
    # The examples name the demo's societies and leave the demo's union as it is.
    assert set(Society.objects.filter(union=union).values_list("name", flat=True)) == societies
    assert counts(dry_runs["unions"])["unchanged"] == 1
    assert Union.objects.get(pk=union.pk).parent == union.parent
    assert (
        Member.objects.filter(union=union).count()
        == people + counts(dry_runs["members"])["people_created"]
    )


@pytest.mark.django_db
def test_examples_reimport_unchanged_also_as_xlsx_with_vietnamese_headers():
    load_examples()
    before = snapshot()

    outputs = {kind: import_records(kind, EXAMPLES / f"{kind}.csv")[0] for kind in kind_names()}
    xlsx_out, _ = import_records("members", EXAMPLES / "members.xlsx")

    for kind, out in outputs.items():
        assert (counts(out)["created"], counts(out)["updated"]) == (0, 0), (kind, out)
    assert [counts(xlsx_out)[key] for key in ("created", "updated", "unchanged")] == [0, 0, 5]
    assert snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize("fmt,style", [("xlsx", "vi"), ("csv", "vi"), ("csv", "code")])
def test_exports_reimport_without_changes(fmt, style):
    load_examples()
    union = Union.objects.get()
    before = snapshot()

    for kind in kind_names():
        data = export_records(kind, union=union, fmt=fmt, style=style)
        result = records_import(kind=kind, file=data, filename=f"{kind}.{fmt}", union=union)
        assert result.ok, (kind, result.errors)
        assert (result.created, result.updated) == (0, 0), kind
        assert result.unchanged > 0
    assert snapshot() == before


def test_the_formats_document_names_every_column_and_example():
    text = DOC.read_text(encoding="utf-8")

    for kind in kind_names():
        assert f"examples/{kind}.csv" in text
        for column in get_kind(kind).columns:
            assert f"`{column.key}`" in text, (kind, column.key)
            assert column.label in text, (kind, column.label)
            choices = getattr(column.parser, "options", ())
            for code, label, *_ in choices:
                assert f"`{code}`" in text and label in text, (kind, code)
