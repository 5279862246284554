import re

import pytest
from django.urls import reverse

from tests.conftest import make_user
from tests.factories import MembershipFactory, SocietyFactory, TermFactory, UnionFactory
from tests.querycount import page_queries

REPORTS = reverse("reports:list")
ADMIN = reverse("admin:index")


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _nav_links(response) -> list[str]:
    nav = re.search(r'<nav class="mainnav".*?</nav>', response.content.decode(), re.DOTALL)
    assert nav, "the page has no main navigation"
    return re.findall(r'href="([^"]+)"', nav[0])


def _user(role, *, is_staff=False):
    union = UnionFactory()
    societies = [SocietyFactory(union=union)] if role == "officer" else ()
    user = make_user(role, union, societies=societies)
    user.is_staff = is_staff
    user.save()
    return user


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "is_staff", "shows_reports", "shows_admin"),
    [
        ("staff", True, True, True),
        ("staff", False, True, False),
        ("leadership", True, True, False),
        ("leadership", False, True, False),
        ("officer", False, False, False),
        ("expert", False, False, False),
        ("judge", False, False, False),
        (None, False, False, False),
    ],
)
def test_navigation_shows_reports_and_admin_for_role(
    client, role, is_staff, shows_reports, shows_admin
):
    client.force_login(_user(role, is_staff=is_staff))

    links = _nav_links(client.get(reverse("home")))

    assert (REPORTS in links, ADMIN in links) == (shows_reports, shows_admin)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["staff", "leadership", "officer", "expert", "judge", None])
def test_navigation_links_all_open_for_role(client, role):
    client.force_login(_user(role, is_staff=role == "staff"))

    links = _nav_links(client.get(reverse("home")))

    statuses = {link: client.get(link).status_code for link in links}
    assert statuses == dict.fromkeys(links, 200)


@pytest.mark.django_db
def test_home_for_anonymous_redirects_to_login(client):
    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_home_for_staff_shows_union_figures(client):
    term = TermFactory()
    union = term.union
    SocietyFactory(union=union, kind="ward")
    school = SocietyFactory(union=union, kind="school")
    MembershipFactory(society=school, member__union=union)
    MembershipFactory(society=SocietyFactory(), member__union=UnionFactory())
    client.force_login(make_user("staff", union))

    response = client.get(reverse("home"))

    assert response.context["union"] == union
    assert response.context["term"] == term
    assert response.context["blocks"] == {"total": 2, "institutional": 1, "local": 1}
    assert response.context["members"]["now"] == {"memberships": 1, "people": 1}


@pytest.mark.django_db
def test_home_for_officer_lists_only_own_societies(client):
    union = UnionFactory()
    own = SocietyFactory(union=union)
    sibling = SocietyFactory(union=union)
    client.force_login(make_user("officer", union, societies=[own]))

    response = client.get(reverse("home"))

    assert [society.pk for society in response.context["my_societies"]] == [own.pk]
    assert reverse("society_detail", args=[own.pk]).encode() in response.content
    assert reverse("society_detail", args=[sibling.pk]).encode() not in response.content
    assert "union" not in response.context


@pytest.mark.django_db
def test_home_for_user_without_role_shows_no_union_data(client):
    UnionFactory()
    client.force_login(make_user(None))

    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert "union" not in response.context
    assert not response.context.get("my_societies")


def _home_queries(client, role, size) -> int:
    term = TermFactory()
    societies = [SocietyFactory(union=term.union) for _ in range(size)]
    for society in societies:
        MembershipFactory(society=society, member__union=term.union)
    user = make_user(role, term.union, societies=societies if role == "officer" else ())
    client.force_login(user)
    # The staff home also shows the consultations panel (three queries).
    return page_queries(client, reverse("home"), limit=12)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["staff", "officer"])
def test_home_query_count_does_not_grow_with_societies(client, role):
    one = _home_queries(client, role, 1)
    three = _home_queries(client, role, 3)

    assert one == three
