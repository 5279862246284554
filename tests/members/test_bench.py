"""The member list's floor and peer (members/benchviews.py) return the directory's page."""

import re

import pytest
from django.test import RequestFactory
from django.urls import reverse

from members import benchviews
from tests.conftest import make_user
from tests.factories import MembershipFactory, SocietyFactory, UnionFactory


@pytest.fixture
def province():
    benchviews._union_id.cache_clear()
    union = UnionFactory(slug=benchviews.BENCH_SLUG)
    society = SocietyFactory(union=union)
    for number in range(60):
        name = f"Nguyễn Văn Người {number:02d}" if number % 2 else f"Trần Thị Người {number:02d}"
        MembershipFactory(society=society, member__union=union, member__full_name=name)
    yield union
    benchviews._union_id.cache_clear()


def _names(html: str) -> list[str]:
    return re.findall(r"<td>(?:<a [^>]*>)?((?:Nguyễn|Trần) [^<]+)(?:</a>)?</td>", html)


@pytest.mark.django_db
@pytest.mark.parametrize("params", [{"q": "nguyen van"}, {"q": "Người", "page": "2"}])
def test_the_floor_returns_the_directorys_page(client, province, params):
    staff = make_user("staff", province)
    client.force_login(staff)
    request = RequestFactory().get("/bench/members/floor/", params)
    request.user = staff

    directory = client.get(reverse("members:directory"), params).content.decode()
    floor = benchviews.floor_list(request).content.decode()

    assert _names(floor) == _names(directory)
    assert len(_names(floor)) in (30, 10)
