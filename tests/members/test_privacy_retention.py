"""The yearly retention review: who is proposed, the page, the confirmation, the command."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from members.models import Member
from members.privacy.retention import retention_candidates, retention_cutoff
from tests.conftest import make_user
from tests.factories import MemberFactory, MembershipFactory, SocietyFactory, UnionFactory
from tests.querycount import page_queries

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 1)
URL = "/privacy/retention/"


@pytest.fixture
def people():
    union = UnionFactory(slug="hl")
    society, other = SocietyFactory(union=union), SocietyFactory(union=union)

    def person(name, *periods):
        member = MemberFactory(union=union, full_name=name)
        for joined, left in periods:
            MembershipFactory(member=member, society=society, joined_on=joined, left_on=left)
        return member

    d = datetime.date
    found = {
        "long_gone": person("Trần Văn Cũ", (d(2010, 1, 1), d(2020, 5, 31))),
        "recent": person("Lê Thị Mới", (d(2010, 1, 1), d(2022, 1, 1))),
        "current": person("Phạm Văn Còn", (d(2010, 1, 1), None)),
        "one_left_one_current": person("Hồ Thị Hai", (d(2010, 1, 1), d(2015, 1, 1))),
        "never": person("Ngô Văn Không"),
    }
    MembershipFactory(
        member=found["one_left_one_current"], society=other, joined_on=d(2012, 1, 1), left_on=None
    )
    found["union"] = union
    return found


def test_cutoff_is_the_retention_years_before_today(settings):
    settings.PERSONAL_DATA_RETENTION_YEARS = 5
    assert retention_cutoff(TODAY) == datetime.date(2021, 6, 1)
    assert retention_cutoff(datetime.date(2028, 2, 29)) == datetime.date(2023, 2, 28)


def test_candidates_are_people_whose_every_membership_ended_before_the_cutoff(people, settings):
    settings.PERSONAL_DATA_RETENTION_YEARS = 5

    found = retention_candidates(members=Member.objects.all(), today=TODAY)

    assert [m.full_name for m in found] == ["Trần Văn Cũ"]
    assert found[0].last_left_on == datetime.date(2020, 5, 31)


def test_candidates_follow_the_setting(people, settings):
    settings.PERSONAL_DATA_RETENTION_YEARS = 3

    found = retention_candidates(members=Member.objects.all(), today=TODAY)

    assert [m.full_name for m in found] == ["Trần Văn Cũ", "Lê Thị Mới"]


def test_review_page_lists_and_anonymises_selected_after_confirmation(client, people):
    union = people["union"]
    client.force_login(make_user("staff", union))
    gone = people["long_gone"]

    page = client.get(URL)
    confirm = client.post(URL, {"member": [gone.pk]})
    done = client.post(URL, {"member": [gone.pk], "confirm": "yes"})

    assert "Trần Văn Cũ" in page.content.decode()
    assert confirm.status_code == 200
    assert "Trần Văn Cũ" in confirm.content.decode()
    assert done.status_code == 302
    gone.refresh_from_db()
    assert gone.anonymised_at is not None
    assert "Trần Văn Cũ" not in client.get(URL).content.decode()


def test_review_does_not_anonymise_without_confirmation(client, people):
    client.force_login(make_user("staff", people["union"]))

    client.post(URL, {"member": [people["long_gone"].pk]})

    people["long_gone"].refresh_from_db()
    assert people["long_gone"].anonymised_at is None


def test_review_ignores_people_who_are_not_proposed_or_of_another_union(client, people):
    client.force_login(make_user("staff", people["union"]))
    elsewhere = MemberFactory(union=UnionFactory())
    MembershipFactory(
        member=elsewhere,
        society=SocietyFactory(union=elsewhere.union),
        joined_on=datetime.date(2000, 1, 1),
        left_on=datetime.date(2001, 1, 1),
    )
    chosen = [people["current"].pk, people["recent"].pk, elsewhere.pk]

    client.post(URL, {"member": chosen, "confirm": "yes"})

    assert Member.objects.filter(pk__in=chosen, anonymised_at__isnull=False).count() == 0


def test_command_lists_the_proposed_people(people):
    out, err = io.StringIO(), io.StringIO()

    call_command("retention_review", "--union", "hl", stdout=out, stderr=err)

    lines = out.getvalue().splitlines()
    assert [line.split("\t")[3] for line in lines] == ["Trần Văn Cũ"]
    assert err.getvalue().startswith("1 ")


def test_review_page_link_on_record_page(client, people):
    client.force_login(make_user("staff", people["union"]))

    page = client.get(reverse("members:privacy_record")).content.decode()

    assert URL in page


def _leaver(union, society, number):
    member = MemberFactory(union=union, full_name=f"Người Rời Hội {number}")
    MembershipFactory(
        member=member,
        society=society,
        joined_on=datetime.date(2000, 1, 1),
        left_on=datetime.date(2010, 1, 1),
    )


def test_review_page_query_count_is_constant(client):
    union = UnionFactory()
    society = SocietyFactory(union=union)
    client.force_login(make_user("staff", union))
    _leaver(union, society, 0)
    one = page_queries(client, URL)
    for number in (1, 2):
        _leaver(union, society, number)

    assert page_queries(client, URL) == one
