"""The directory keeps its reads (total, rows, society choices) under the data version.

members.selectors.VersionedReads: nothing kept may be shown once a member, membership, society or
union has changed, whatever wrote it: forms and services, the admin, bulk writes, QuerySet.update(),
raw SQL, another connection to the database (another process).
"""

import datetime

import pytest
from django.core.cache.backends.base import BaseCache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from core.imports.bulk import insert_with_history, update_with_history
from members import services
from members.models import Member, Membership
from members.selectors import data_version
from tests.conftest import make_user
from tests.factories import (
    MemberFactory,
    MembershipFactory,
    RoleFactory,
    SocietyFactory,
    UnionFactory,
)

D2020 = datetime.date(2020, 1, 1)


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def world():
    union = UnionFactory()
    society = SocietyFactory(union=union, name="Hội Thử Nghiệm")
    first = MembershipFactory(society=society, member__union=union, member__full_name="An Một")
    MembershipFactory(society=society, member__union=union, member__full_name="Bình Hai")
    return {"union": union, "society": society, "first": first, "staff": make_user("staff", union)}


def show(client, **params):
    """The total and the table rows' HTML the directory shows, and the queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("members:directory"), params)
    assert response.status_code == 200
    html = response.content.decode()
    rows = html[html.find("<tbody>") : html.find("</tbody>")] if "<tbody>" in html else ""
    return response.context["paginator"].count, rows, queries


@pytest.mark.django_db
def test_a_second_visit_reads_the_total_and_rows_from_the_cache(client, world):
    client.force_login(world["staff"])

    count, rows, cold = show(client)
    again, rows_again, warm = show(client)

    assert (again, rows_again) == (count, rows) == (2, rows)
    assert "An Một" in rows and "Hội Thử Nghiệm" in rows
    assert len(warm) < len(cold)
    assert not [q for q in warm if "COUNT(" in q["sql"] or '"members_membership"' in q["sql"]]


@pytest.mark.django_db
def test_every_kind_of_write_shows_at_once(client, world):
    union, society, today = world["union"], world["society"], timezone.localdate()
    client.force_login(world["staff"])
    assert show(client)[0] == 2

    member = world["first"].member
    member.full_name = "An Đã Đổi Tên"
    member.save()
    assert "An Đã Đổi Tên" in show(client)[1]

    services.member_add_to_society(
        society=society,
        joined_on=D2020,
        member_data={"full_name": "Cường Ba", "member_code": "NEW-1"},
    )
    count, rows, _queries = show(client)
    assert count == 3 and "Cường Ba" in rows

    services.membership_end(membership=world["first"], left_on=today, leave_reason="nghỉ hưu")
    count, rows, _queries = show(client)
    assert count == 2 and "An Đã Đổi Tên" not in rows

    society.name = "Hội Đổi Tên"
    society.save()
    assert "Hội Đổi Tên" in show(client)[1]

    # The bulk import's writes (no model save, no signal) leave history records too.
    people = [Member(union=union, full_name="Dũng Bốn", member_code="BULK-1")]
    insert_with_history(Member, people)
    insert_with_history(
        Membership, [Membership(member=people[0], society=society, joined_on=D2020)]
    )
    count, rows, _queries = show(client)
    assert count == 3 and "Dũng Bốn" in rows

    people[0].full_name = "Dũng Đổi Tên"
    update_with_history(Member, people, ["full_name"])
    assert "Dũng Đổi Tên" in show(client)[1]

    Membership.objects.get(member=people[0]).delete()
    assert show(client)[0] == 2


@pytest.mark.django_db
def test_the_version_changes_with_each_model_read(world):
    before = data_version()
    steps = [
        lambda: MemberFactory(union=world["union"]),
        lambda: MembershipFactory(society=world["society"], member__union=world["union"]),
        lambda: world["society"].save(),
        lambda: world["union"].save(),
        lambda: world["first"].delete(),
    ]
    tokens = [before]
    for step in steps:
        step()
        tokens.append(data_version())

    assert len(set(tokens)) == len(tokens)


@pytest.mark.django_db
def test_kept_reads_follow_the_users_scope(client, world):
    other_union = UnionFactory()
    other_society = SocietyFactory(union=other_union, name="Hội Ngoài")
    MembershipFactory(society=other_society, member__union=other_union, member__full_name="Ngoài")
    client.force_login(world["staff"])
    show(client), show(client)  # kept for union A

    client.force_login(make_user("staff", other_union))
    count, rows, _queries = show(client)

    assert count == 1 and "Ngoài" in rows and "An Một" not in rows


@pytest.mark.django_db
def test_staff_who_also_keep_a_society_elsewhere_count_each_person_once(client, world):
    """Their scope is a DISTINCT query over a join: counted as Django would."""
    staff = world["staff"]
    elsewhere = SocietyFactory(union=UnionFactory())
    role = RoleFactory(user=staff, union=elsewhere.union, kind="officer")
    role.societies.set([elsewhere])
    person = MembershipFactory(society=elsewhere, member__union=elsewhere.union).member
    MembershipFactory(society=SocietyFactory(union=elsewhere.union), member=person)
    client.force_login(staff)

    shown = [show(client), show(client)]

    assert [count for count, _rows, _queries in shown] == [3, 3]
    assert shown[0][1] == shown[1][1] and shown[0][1].count(f">{person.full_name}<") == 1


@pytest.mark.django_db
def test_filters_are_part_of_what_is_kept(client, world):
    client.force_login(world["staff"])
    show(client)

    count, rows, _queries = show(client, q="binh")

    assert count == 1 and "Bình Hai" in rows and "An Một" not in rows


class BrokenCache(BaseCache):
    """A cache whose server is down."""

    def get(self, key, default=None, version=None):
        raise ConnectionError("cache down")

    def set(self, key, value, timeout=None, version=None):
        raise ConnectionError("cache down")

    def set_many(self, data, timeout=None, version=None):
        raise ConnectionError("cache down")


@pytest.mark.django_db
def test_a_cache_that_fails_is_a_miss(client, world, settings):
    settings.CACHES = {"default": {"BACKEND": f"{__name__}.BrokenCache"}}
    client.force_login(world["staff"])

    count, rows, _queries = show(client)

    assert count == 2 and "An Một" in rows


# --- writes that bypass the models: the database's triggers see them -------------------------


def _seen(client):
    """Visit twice, so that what the second visit shows comes from the cache if anything does."""
    show(client)
    return show(client)


@pytest.mark.django_db
def test_ending_memberships_with_queryset_update_shows_at_once(client, world):
    society = world["society"]
    for number in range(3):
        MembershipFactory(
            society=society, member__union=world["union"], member__full_name=f"X{number}"
        )
    client.force_login(world["staff"])
    assert _seen(client)[0] == 5

    ended = Membership.objects.filter(member__full_name__startswith="X").update(left_on=D2020)

    assert ended == 3
    assert _seen(client)[0] == 2


@pytest.mark.django_db
def test_names_changed_with_queryset_update_show_at_once(client, world):
    client.force_login(world["staff"])
    assert "An Một" in _seen(client)[1]

    Member.objects.filter(pk=world["first"].member_id).update(full_name="An Cập Nhật")

    rows = _seen(client)[1]
    assert "An Cập Nhật" in rows and "An Một" not in rows


@pytest.mark.django_db
def test_names_changed_with_raw_sql_show_at_once(client, world):
    client.force_login(world["staff"])
    assert "An Một" in _seen(client)[1]

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE members_member SET full_name = %s WHERE id = %s",
            ["An Viết Tay", world["first"].member_id],
        )

    rows = _seen(client)[1]
    assert "An Viết Tay" in rows and "An Một" not in rows


@pytest.mark.django_db
def test_bulk_create_and_queryset_delete_show_at_once(client, world):
    client.force_login(world["staff"])
    assert _seen(client)[0] == 2

    people = Member.objects.bulk_create(
        [Member(union=world["union"], full_name=f"Lô {n}", member_code=f"L{n}") for n in range(4)]
    )
    Membership.objects.bulk_create(
        [Membership(member=p, society=world["society"], joined_on=D2020) for p in people]
    )
    assert _seen(client)[0] == 6

    Membership.objects.filter(member__in=people).delete()
    assert _seen(client)[0] == 2


@pytest.mark.django_db
def test_a_society_renamed_with_queryset_update_shows_at_once(client, world):
    client.force_login(world["staff"])
    assert "Hội Thử Nghiệm" in _seen(client)[1]

    type(world["society"]).objects.filter(pk=world["society"].pk).update(name="Hội Mới Tên")

    assert "Hội Mới Tên" in _seen(client)[1]


@pytest.mark.django_db(transaction=True)
def test_a_write_from_another_connection_shows_at_once(client, world):
    """Another process writing the same database: a connection of its own, its own commit."""
    client.force_login(world["staff"])
    assert "An Một" in _seen(client)[1]
    other = connection.get_new_connection(connection.get_connection_params())
    try:
        cursor = other.cursor()
        cursor.execute(
            "UPDATE members_member SET full_name = 'An Tiến Trình Khác' WHERE id = "
            + str(int(world["first"].member_id))
        )
        other.commit()
        cursor.close()
    finally:
        other.close()

    rows = _seen(client)[1]
    assert "An Tiến Trình Khác" in rows and "An Một" not in rows


@pytest.mark.django_db
def test_the_version_is_read_once_a_visit(client, world):
    client.force_login(world["staff"])
    show(client)

    _count, _rows, queries = show(client)

    assert len([q for q in queries if "members_data_version" in q["sql"]]) == 1
