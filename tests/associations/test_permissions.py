"""Who may open which page (design §4): a parametrised table, then the permission API itself."""

import datetime

import pytest
from django.urls import reverse

from associations import permissions
from associations.models import Society
from members.models import Member
from reports.models import TermReport
from tests.conftest import make_user
from tests.factories import (
    PASSWORD,
    MemberFactory,
    MembershipFactory,
    ReportVersionFactory,
    SocietyFactory,
    TermFactory,
    TermReportFactory,
    UnionFactory,
    UserFactory,
)

ROLES = ["staff", "leadership", "officer", "expert", "judge", "no_role", "anonymous", "other_staff"]

# page: expected status for each role, in the order of ROLES.
EXPECTED = {
    "home": [200, 200, 200, 200, 200, 200, 302, 200],
    "own_society": [200, 200, 200, 403, 403, 403, 302, 404],
    "sibling_society": [200, 200, 404, 403, 403, 403, 302, 404],
    "report_list": [200, 200, 403, 403, 403, 403, 302, 200],
    "report_create": [302, 403, 403, 403, 403, 403, 302, 404],
    "report_detail": [200, 200, 403, 403, 403, 403, 302, 404],
    "report_generate": [302, 403, 403, 403, 403, 403, 302, 404],
    "report_approve": [403, 302, 403, 403, 403, 403, 302, 404],
    "version_download": [200, 200, 403, 403, 403, 403, 302, 404],
    "admin_index": [200, 302, 302, 302, 302, 302, 302, 200],
}


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world():
    """Union A with two societies, a report and a version; union B with its own staff."""
    term = TermFactory()
    union = term.union
    own = SocietyFactory(union=union)
    sibling = SocietyFactory(union=union)
    next_term = TermFactory(
        union=union,
        label="2023 - 2028",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2028, 12, 31),
    )
    report = TermReportFactory(term=term)
    version = ReportVersionFactory(report=report)
    other_union = UnionFactory()
    users = {
        "staff": make_user("staff", union),
        "leadership": make_user("leadership", union),
        "officer": make_user("officer", union, societies=[own]),
        "expert": make_user("expert", union),
        "judge": make_user("judge", union),
        "no_role": make_user(None),
        "anonymous": None,
        "other_staff": make_user("staff", other_union),
    }
    for key in ("staff", "other_staff"):
        users[key].is_staff = True
        users[key].save()
    pages = {
        "home": ("get", reverse("home"), {}),
        "own_society": ("get", reverse("society_detail", args=[own.pk]), {}),
        "sibling_society": ("get", reverse("society_detail", args=[sibling.pk]), {}),
        "report_list": ("get", reverse("reports:list"), {}),
        "report_create": ("post", reverse("reports:create"), {"term": next_term.pk}),
        "report_detail": ("get", reverse("reports:detail", args=[report.pk]), {}),
        "report_generate": ("post", reverse("reports:generate", args=[report.pk]), {}),
        "report_approve": ("post", reverse("reports:approve", args=[report.pk]), {}),
        "version_download": ("get", reverse("reports:download", args=[version.pk]), {}),
        "admin_index": ("get", reverse("admin:index"), {}),
    }
    return {"users": users, "pages": pages, "report": report}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("page", "role", "expected"),
    [
        pytest.param(page, role, status, id=f"{page}-{role}")
        for page, statuses in EXPECTED.items()
        for role, status in zip(ROLES, statuses, strict=True)
    ],
)
def test_page_status_for_role(client, world, page, role, expected):
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    method, url, data = world["pages"][page]

    response = getattr(client, method)(url, data)

    assert response.status_code == expected
    if response.streaming:
        # Reading to the end closes the file. Not response.close(): outside the test client
        # that sends request_finished, which closes the database connection on PostgreSQL.
        b"".join(response.streaming_content)


@pytest.mark.django_db
@pytest.mark.parametrize("page", list(EXPECTED))
def test_page_sends_anonymous_visitors_to_login(client, world, page):
    method, url, data = world["pages"][page]

    response = getattr(client, method)(url, data)

    assert response.status_code == 302
    if page == "admin_index":
        assert response["Location"].startswith(reverse("admin:login"))
        response = client.get(response["Location"])
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_refused_writes_change_nothing(client, world):
    report = world["report"]
    client.force_login(world["users"]["staff"])
    client.post(reverse("reports:approve", args=[report.pk]))
    client.force_login(world["users"]["leadership"])
    client.post(reverse("reports:generate", args=[report.pk]))
    _method, url, data = world["pages"]["report_create"]
    client.post(url, data)

    report.refresh_from_db()
    assert report.status == "draft"
    assert report.approved_by is None
    assert report.versions.count() == 1
    assert TermReport.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("term", ["", "abc", "1 OR 1=1", "999999"])
def test_report_create_with_a_bad_term_is_404(client, world, term):
    client.force_login(world["users"]["staff"])

    response = client.post(reverse("reports:create"), {"term": term})

    assert response.status_code == 404


# --- the permission API -----------------------------------------------------------------------


@pytest.mark.django_db
def test_access_for_officer_ignores_societies_of_another_union():
    union = UnionFactory()
    own = SocietyFactory(union=union)
    foreign = SocietyFactory()
    user = make_user("officer", union, societies=[own, foreign])

    access = permissions.access_for(user)

    assert access.officer_societies == frozenset({own.pk})
    assert access.officer_unions == frozenset({union.pk})


@pytest.mark.django_db
def test_access_for_inactive_or_anonymous_user_is_nothing():
    union = UnionFactory()
    user = make_user("staff", union)
    user.is_active = False
    user.save()

    assert permissions.access_for(user) == permissions.NO_ACCESS
    assert permissions.access_for(None) == permissions.NO_ACCESS


@pytest.mark.django_db
def test_access_for_superuser_is_staff_of_every_union():
    unions = {UnionFactory().pk, UnionFactory().pk}
    user = UserFactory(is_superuser=True, is_staff=True)

    access = permissions.access_for(user)

    assert access.staff_unions == frozenset(unions)


@pytest.mark.django_db
def test_parent_union_staff_views_child_unions_read_only():
    province = UnionFactory()
    district = UnionFactory(parent=province)
    commune_level = UnionFactory(parent=district)
    report = TermReportFactory(term=TermFactory(union=district))
    user = make_user("staff", province)

    assert permissions.can_view_union(user, district.pk)
    assert permissions.can_view_union(user, commune_level.pk)
    assert not permissions.can_edit_union(user, district.pk)
    assert not permissions.can_generate_report(user, report)
    assert list(permissions.scope_reports(user, TermReport.objects.all())) == []


@pytest.mark.django_db
def test_child_union_staff_does_not_see_the_parent():
    province = UnionFactory()
    district = UnionFactory(parent=province)
    user = make_user("staff", district)

    assert not permissions.can_view_union(user, province.pk)


@pytest.mark.django_db
def test_report_predicates_follow_design_table():
    report = TermReportFactory()
    staff = make_user("staff", report.union)
    leadership = make_user("leadership", report.union)

    assert (
        permissions.can_generate_report(staff, report),
        permissions.can_approve_report(staff, report),
        permissions.can_download_report(staff, report),
    ) == (True, False, True)
    assert (
        permissions.can_generate_report(leadership, report),
        permissions.can_approve_report(leadership, report),
        permissions.can_download_report(leadership, report),
    ) == (False, True, True)


@pytest.mark.django_db
def test_scope_societies_gives_officers_only_their_own():
    union = UnionFactory()
    own, _sibling = SocietyFactory(union=union), SocietyFactory(union=union)
    officer = make_user("officer", union, societies=[own])
    leadership = make_user("leadership", union)

    assert list(permissions.scope_societies(officer, Society.objects.all())) == [own]
    assert permissions.scope_societies(leadership, Society.objects.all()).count() == 2


@pytest.mark.django_db
def test_scope_members_gives_officers_only_members_of_their_society():
    union = UnionFactory()
    own, sibling = SocietyFactory(union=union), SocietyFactory(union=union)
    mine = MembershipFactory(society=own, member=MemberFactory(union=union)).member
    MembershipFactory(society=sibling, member=MemberFactory(union=union))
    officer = make_user("officer", union, societies=[own])

    assert list(permissions.scope_members(officer, Member.objects.all())) == [mine]


@pytest.mark.django_db
def test_can_edit_society_records_for_own_society_only():
    union = UnionFactory()
    own, sibling = SocietyFactory(union=union), SocietyFactory(union=union)
    officer = make_user("officer", union, societies=[own])
    leadership = make_user("leadership", union)

    assert permissions.can_edit_society_records(officer, own)
    assert not permissions.can_edit_society_records(officer, sibling)
    assert not permissions.can_edit_society_records(leadership, own)


@pytest.mark.django_db
def test_admin_login_refuses_signed_in_users_without_admin_rights(client, world):
    """The admin's own password form is never shown: no way around allauth's rate limits."""
    target = UserFactory(email="target@example.test", is_staff=True)
    client.force_login(UserFactory())

    get = client.get(reverse("admin:login"))
    post = client.post(reverse("admin:login"), {"username": target.email, "password": PASSWORD})

    assert get.status_code == 403
    assert post.status_code == 403
    assert int(client.session["_auth_user_id"]) != target.pk


@pytest.mark.django_db
def test_healthz_answers_head(client):
    assert client.head(reverse("healthz")).status_code == 200
