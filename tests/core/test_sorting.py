"""Lists sorted by name follow the Vietnamese alphabet, in the database as in Python.

The keys (core.text) are stored next to the names (core.fields.SortKeyField) on every write path
and every list ordered by name uses them. Run once on PostgreSQL as well:
DATABASE_URL=postgres://postgres@127.0.0.1:5432/lhh_<name> pytest tests/core/test_sorting.py
"""

import datetime
from html import unescape
from types import SimpleNamespace

import pytest
from django.db import connection
from django.urls import reverse

from associations.models import Society, SocietyKind, Union
from core.fields import refill_sort_keys, sort_key_fields
from core.imports import export_table, records_import
from core.imports.bulk import insert_with_history, update_with_history
from core.text import name_sort_key, sort_key
from members.models import Member
from reports.selectors import society_member_table
from tests.conftest import make_user

from ..associations.import_helpers import csv_bytes
from ..factories import MemberFactory, MembershipFactory, SocietyFactory, UnionFactory

D2020 = datetime.date(2020, 1, 1)

# Real names, in the order a Vietnamese list keeps them: given name, then family, then middle
# names, each in the Vietnamese alphabet with the tone after the letters.
PEOPLE_IN_ORDER = [
    "Nguyễn Thị An",
    "Trần An",
    "Lê Văn Ân",
    "Bùi Đình Bình",
    "Phạm Văn Bình",
    "Lê Thị Cúc",
    "Nguyễn Văn Dũng",
    "Hoàng Văn Đạt",
    "Trần Đức Đạt",
    "Hoàng Văn Hà",
    "Hà Thị Hoa",
    "Nguyễn Thị Hòa",
    "Đặng Thị Hoài",
    "Hà Văn Hùng",
    "Hoàng Thị Hương",
    "Trương Thị Nga",
    "Ngô Thị Ngà",
    "Bùi Thị Ngọc",
    "Phan Văn Sơn",
    "Nguyễn Thị Ánh Tuyết",
    "Lê Thị Uyên",
    "Đỗ Thị Ưng",
    "Bùi Văn Vinh",
    "Trần Thị Yến",
]
SOCIETIES_IN_ORDER = [
    "Hội Cựu giáo chức",
    "Hội Đông y",
    "Hội KH&KT phường Bắc Hồng",
    "Hội KH&KT phường Đậu Liêu",
    "Hội KH&KT phường Trung Lương",
    "Hội KH&KT Trung tâm Y tế",
    "Hội KH&KT xã Thuận Lộc",
    "Hội Ươm tạo",
]


def shuffled(names: list[str]) -> list[str]:
    """Not in order, nor in code-point order, nor reversed."""
    return names[1::2] + names[0::2][::-1]


@pytest.fixture
def union():
    return UnionFactory()


def test_python_keys_put_the_lists_in_order():
    assert sorted(shuffled(PEOPLE_IN_ORDER), key=name_sort_key) == PEOPLE_IN_ORDER
    assert sorted(shuffled(SOCIETIES_IN_ORDER), key=sort_key) == SOCIETIES_IN_ORDER


@pytest.mark.django_db
def test_the_database_orders_people_by_the_stored_key(union):
    for name in shuffled(PEOPLE_IN_ORDER):
        MemberFactory(union=union, full_name=name)

    names = list(Member.objects.filter(union=union).values_list("full_name", flat=True))

    assert names == PEOPLE_IN_ORDER, connection.vendor


@pytest.mark.django_db
def test_the_database_orders_societies_and_unions_by_the_stored_key(union):
    for name in shuffled(SOCIETIES_IN_ORDER):
        SocietyFactory(union=union, name=name)
    for name in ("Liên hiệp hội thị xã Hồng Lĩnh", "Liên hiệp hội huyện Đức Thọ"):
        UnionFactory(name=name)

    societies = list(Society.objects.filter(union=union).values_list("name", flat=True))
    unions = [u.name for u in Union.objects.filter(name__startswith="Liên hiệp hội ")]

    assert societies == SOCIETIES_IN_ORDER, connection.vendor
    assert unions == ["Liên hiệp hội huyện Đức Thọ", "Liên hiệp hội thị xã Hồng Lĩnh"]


# --- every write path keeps the key -------------------------------------------------------------


def stored_keys(model) -> list[tuple[str, str]]:
    (field,) = sort_key_fields(model)
    return list(model.objects.order_by("pk").values_list(field.source, field.attname))


def expected_keys(model) -> list[tuple[str, str]]:
    (field,) = sort_key_fields(model)
    return [(name, field.key(name)) for name, _key in stored_keys(model)]


@pytest.mark.django_db
def test_save_and_save_with_update_fields_keep_the_key(union):
    member = MemberFactory(union=union, full_name="Hà Văn An")
    member.full_name = "Hoàng Văn Bình"
    member.save(update_fields=["full_name"])
    society = SocietyFactory(union=union, name="Hội Đông y")
    society.name = "Hội Ươm tạo"
    society.save(update_fields=["name"])
    union.name = "Liên hiệp hội huyện Đức Thọ"
    union.save(update_fields=["name"])

    assert stored_keys(Member) == [("Hoàng Văn Bình", name_sort_key("Hoàng Văn Bình"))]
    assert stored_keys(Society) == [("Hội Ươm tạo", sort_key("Hội Ươm tạo"))]
    assert Union.objects.get(pk=union.pk).sort_name == sort_key("Liên hiệp hội huyện Đức Thọ")


@pytest.mark.django_db
def test_bulk_create_keeps_the_key(union):
    Member.objects.bulk_create([Member(union=union, full_name=n) for n in PEOPLE_IN_ORDER[:3]])
    Society.objects.bulk_create(
        [Society(union=union, name=n, kind=SocietyKind.OTHER) for n in SOCIETIES_IN_ORDER[:3]]
    )

    assert stored_keys(Member) == expected_keys(Member)
    assert stored_keys(Society) == expected_keys(Society)
    assert all(key for _name, key in stored_keys(Member) + stored_keys(Society))


@pytest.mark.django_db
def test_the_import_engines_bulk_writes_keep_the_key(union):
    records = [
        SimpleNamespace(**{f.attname: f.get_default() for f in Member._meta.concrete_fields})
    ]
    records[0].union_id, records[0].full_name = union.pk, "Bùi Văn Vinh"
    insert_with_history(Member, records)
    people = list(Member.objects.all())
    people[0].full_name = "Bùi Đình Bình"
    update_with_history(Member, people, ["full_name"])

    assert stored_keys(Member) == [("Bùi Đình Bình", name_sort_key("Bùi Đình Bình"))]


@pytest.mark.django_db
def test_imports_of_members_and_societies_keep_the_key(union):
    societies = [["name", "kind"], *[[name, "other"] for name in shuffled(SOCIETIES_IN_ORDER)]]
    members = [
        ["full_name", "society", "joined_on", "member_code"],
        *[[n, SOCIETIES_IN_ORDER[0], "2020-01-01", f"C{i}"] for i, n in enumerate(PEOPLE_IN_ORDER)],
    ]

    for kind, rows in (("societies", societies), ("members", members)):
        result = records_import(kind=kind, file=csv_bytes(rows), filename="x.csv", union=union)
        assert result.ok, result.errors
    renamed = [["full_name", "society", "joined_on", "member_code"], ["Trần Thị Ánh", "", "", "C0"]]
    result = records_import(kind="members", file=csv_bytes(renamed), filename="x.csv", union=union)

    assert result.ok, result.errors
    assert stored_keys(Member) == expected_keys(Member)
    assert stored_keys(Society) == expected_keys(Society)
    assert Member.objects.get(member_code="C0").full_name == "Trần Thị Ánh"


@pytest.mark.django_db
def test_refill_sort_keys_mends_rows_written_around_the_model(union):
    MemberFactory(union=union, full_name="Hoàng Văn Hà")
    Member.objects.update(sort_name="")

    changed = refill_sort_keys(Member)

    assert changed == 1
    assert stored_keys(Member) == [("Hoàng Văn Hà", name_sort_key("Hoàng Văn Hà"))]


# --- the lists --------------------------------------------------------------------------------


@pytest.fixture
def registry(union):
    society = SocietyFactory(union=union, name="Hội KH&KT phường Đậu Liêu")
    for name in ("Hội KH&KT phường Trung Lương", "Hội Đông y", "Hội Cựu giáo chức"):
        SocietyFactory(union=union, name=name)
    for name in shuffled(PEOPLE_IN_ORDER):
        MembershipFactory(
            society=society, member__union=union, member__full_name=name, joined_on=D2020
        )
    return society


def names_in(html: str, names: list[str]) -> list[str]:
    """`names` in the order the page shows them."""
    html = unescape(html)
    return sorted((name for name in names if name in html), key=html.index)


@pytest.mark.django_db
def test_the_directory_lists_people_in_order(client, union, registry):
    client.force_login(make_user("staff", union))

    html = client.get(reverse("members:directory")).content.decode()

    assert names_in(html, PEOPLE_IN_ORDER) == PEOPLE_IN_ORDER


@pytest.mark.django_db
def test_the_societys_member_list_lists_people_in_order(client, union, registry):
    client.force_login(make_user("staff", union))

    url = reverse("members:society_members", args=[registry.pk])
    html = client.get(url).content.decode()

    assert names_in(html, PEOPLE_IN_ORDER) == PEOPLE_IN_ORDER


@pytest.mark.django_db
def test_the_society_list_lists_societies_in_order(client, union, registry):
    client.force_login(make_user("staff", union))

    html = client.get(reverse("society_list")).content.decode()

    assert names_in(html, SOCIETIES_IN_ORDER) == [
        "Hội Cựu giáo chức",
        "Hội Đông y",
        "Hội KH&KT phường Đậu Liêu",
        "Hội KH&KT phường Trung Lương",
    ]


@pytest.mark.django_db
def test_admin_change_lists_sort_names_in_order(admin_client, union, registry):
    url = reverse("admin:members_member_changelist")

    default = admin_client.get(url).context["cl"].result_list
    by_column = admin_client.get(url, {"o": "-1"}).context["cl"].result_list
    societies = admin_client.get(reverse("admin:associations_society_changelist"))

    assert [m.full_name for m in default] == PEOPLE_IN_ORDER
    assert [m.full_name for m in by_column] == PEOPLE_IN_ORDER[::-1]
    assert [s.name for s in societies.context["cl"].result_list] == [
        "Hội Cựu giáo chức",
        "Hội Đông y",
        "Hội KH&KT phường Đậu Liêu",
        "Hội KH&KT phường Trung Lương",
    ]


@pytest.mark.django_db
def test_the_report_annex_lists_societies_by_block_then_in_order(union):
    for name in shuffled(SOCIETIES_IN_ORDER):
        kind = SocietyKind.WARD if "phường" in name else SocietyKind.OTHER
        SocietyFactory(union=union, name=name, kind=kind)

    table = society_member_table(union=union, start=D2020, end=datetime.date(2024, 1, 1))

    assert [row["name"] for row in table] == [
        *[name for name in SOCIETIES_IN_ORDER if "phường" not in name],
        *[name for name in SOCIETIES_IN_ORDER if "phường" in name],
    ]


@pytest.mark.django_db
def test_the_members_export_lists_people_in_order(union, registry):
    headers, table = export_table("members", union=union)

    assert [row[headers.index("Họ và tên")] for row in table] == PEOPLE_IN_ORDER


@pytest.mark.django_db
@pytest.mark.parametrize("collation", ["und-x-icu", "vi-x-icu", "C"])
def test_the_keys_sort_alike_under_other_postgresql_collations(union, collation):
    """The keys are lower-case ASCII letters and digits, which every collation orders alike."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL collations")
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_collation WHERE collname = %s", [collation])
        if cursor.fetchone() is None:
            pytest.skip(f"no collation {collation}")
    for name in shuffled(PEOPLE_IN_ORDER):
        MemberFactory(union=union, full_name=name)

    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT full_name FROM members_member ORDER BY sort_name COLLATE "{collation}"'  # noqa: S608
        )
        names = [row[0] for row in cursor.fetchall()]

    assert names == PEOPLE_IN_ORDER


# --- the migrations ---------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_migrations_fill_existing_rows_and_keep_the_data_version_triggers():
    from django.db.migrations.executor import MigrationExecutor

    from members.selectors import data_version

    before = [("associations", "0001_initial"), ("members", "0004_data_version_triggers")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    union = old.get_model("associations", "Union").objects.create(name="Liên hiệp hội", slug="u")
    old.get_model("associations", "Society").objects.create(
        union_id=union.pk, name="Hội Đông y", kind="other"
    )
    old.get_model("members", "Member").objects.create(union_id=union.pk, full_name="Hà Văn Ân")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert stored_keys(Member) == [("Hà Văn Ân", name_sort_key("Hà Văn Ân"))]
    assert stored_keys(Society) == [("Hội Đông y", sort_key("Hội Đông y"))]
    assert Union.objects.get(slug="u").sort_name == sort_key("Liên hiệp hội")
    for write in (
        lambda: Member.objects.update(full_name="Hà Văn Ấn"),
        lambda: Society.objects.update(contact="x"),
        lambda: Union.objects.update(province="Hà Tĩnh"),
    ):
        version = data_version()
        write()
        assert data_version() != version
