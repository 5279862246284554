"""Python's None never reaches the screen: empty values are a dash."""

import pytest
from django.urls import reverse

from tests.conftest import make_user
from tests.factories import ActivityFactory, MemberFactory, SocietyFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("page", ["activity_list", "activity_detail"])
def test_activity_without_amount_or_participants_shows_a_dash(client, page):
    activity = ActivityFactory(amount_vnd=None, participants=None)
    client.force_login(make_user("officer", activity.union, societies=[activity.society]))
    args = [activity.society.pk] + ([activity.pk] if page == "activity_detail" else [])

    body = client.get(reverse(page, args=args)).content.decode()

    assert "None" not in body
    assert "—" in body


def test_activity_amount_keeps_its_thousands_separator(client):
    activity = ActivityFactory(amount_vnd=12_500_000)
    client.force_login(make_user("officer", activity.union, societies=[activity.society]))

    body = client.get(reverse("activity_list", args=[activity.society.pk])).content.decode()

    assert "12.500.000" in body


def test_admin_history_without_a_change_reason_shows_a_dash(admin_client):
    member = MemberFactory(union=SocietyFactory().union)
    member.workplace = "Trường THPT Hồng Lĩnh"
    member.save()

    response = admin_client.get(reverse("admin:members_member_history", args=[member.pk]))

    body = response.content.decode()
    assert response.status_code == 200
    assert member.history.filter(history_change_reason__isnull=True).exists()
    assert "None" not in body
