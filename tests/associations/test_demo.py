import datetime
import io

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from associations.accounts import STAFF_GROUP
from associations.demo import ACCOUNTS, DEMO_PASSWORD, TRUNG_LUONG
from associations.models import (
    Activity,
    ActivityKind,
    Role,
    RoleKind,
    Term,
    Union,
    User,
)
from associations.selectors import society_block_counts
from core.demo import load_demo
from members.models import Commendation, CommitteeSeat, Member, Membership
from members.selectors import membership_counts

pytestmark = pytest.mark.django_db

START = datetime.date(2018, 7, 1)
END = datetime.date(2023, 12, 31)
VUSTA = "Liên hiệp các Hội KH&KT Việt Nam"


@pytest.fixture
def demo():
    summary = load_demo()
    union = Union.objects.get(slug="hong-linh")
    term = Term.objects.get(union=union, label="2018 - 2023")
    return summary, union, term


def _row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
    }


def test_union_terms_and_parent(demo):
    _, union, term = demo
    assert union.parent.slug == "ha-tinh"
    assert union.parent.locality_kind == "tinh"
    assert union.short_name == "Liên hiệp hội thị xã"
    assert union.locality_word == "thị xã"
    assert union.district == "Hồng Lĩnh"
    assert union.uses_national_motto
    assert (term.congress_number, term.starts_on, term.ends_on) == (4, START, END)
    nxt = Term.objects.get(union=union, label="2024 - 2029")
    assert nxt.congress_number == 5
    assert (nxt.starts_on, nxt.ends_on) == (datetime.date(2024, 1, 1), datetime.date(2029, 12, 31))


def test_societies_and_memberships_match_the_report(demo):
    _, union, _ = demo
    assert society_block_counts(union_ids=[union.id], on=END) == {
        "total": 19,
        "institutional": 13,
        "local": 6,
    }
    assert not union.societies.filter(founded_on__gte=START).exists()
    counts = membership_counts(union_ids=[union.id], dates={"start": START, "end": END})
    assert counts["start"]["memberships"] == 1678
    assert counts["end"]["memberships"] == 1700
    assert counts["end"]["memberships"] - counts["start"]["memberships"] == 22
    # About 30 people hold two memberships at once.
    for day in ("start", "end"):
        assert 20 <= counts[day]["memberships"] - counts[day]["people"] <= 40
    # Some joined and some left during the term, with a reason.
    in_term = Membership.objects.filter(society__union=union)
    assert in_term.filter(joined_on__gt=START, joined_on__lte=END).count() > 100
    left = in_term.filter(left_on__gt=START, left_on__lte=END)
    assert left.count() > 100
    assert not left.filter(leave_reason="").exists()
    assert {"Chuyển công tác", "Nghỉ hưu"} <= set(left.values_list("leave_reason", flat=True))
    # Ward societies are the larger ones.
    local = membership_counts(
        society_ids=union.societies.filter(kind__in=["ward", "commune"]).values_list(
            "id", flat=True
        ),
        dates={"end": END},
    )
    assert local["end"]["memberships"] > 850


def test_members_are_complete(demo):
    _, union, _ = demo
    members = Member.objects.filter(union=union)
    first = members.get(member_code="HL00001")
    assert first.full_name and first.full_name.split()[0][0].isupper()
    assert members.filter(member_code__startswith="HL").count() == members.count()
    assert not members.filter(search_text="").exists()
    sample = members.order_by("member_code")[:50]
    assert all(m.search_text == m.build_search_text() for m in sample)
    quals = dict(
        (q, members.filter(qualification=q).count())
        for q in ("bachelor", "master", "doctorate", "college", "vocational")
    )
    assert quals["bachelor"] > members.count() / 2
    assert all(quals.values())
    assert quals["doctorate"] < quals["master"]
    assert members.exclude(email="").exists()
    assert not members.filter(gender="").exists()
    assert members.filter(typical_intellectual_year__isnull=False).count() == 3
    # Names carry Vietnamese diacritics.
    assert members.filter(full_name__contains="Thị").exists()


def test_committee_seats_match_the_footnote(demo):
    _, union, term = demo
    union_bch = CommitteeSeat.objects.filter(term=term, society=None, body="bch")
    assert union_bch.filter(started_on=START).count() == 17
    assert union_bch.filter(ended_on__isnull=True).count() == 14
    ended = union_bch.filter(ended_on__gt=START, ended_on__lte=END)
    assert ended.count() == 3
    assert set(ended.values_list("leave_reason", flat=True)) <= {"transfer", "retirement"}
    assert union_bch.filter(position="chair").count() == 1
    assert union_bch.filter(position="vice_chair").count() == 2
    btv = CommitteeSeat.objects.filter(term=term, society=None, body="btv")
    assert btv.filter(position__in=["chair", "vice_chair"]).count() == 3
    renewed = (
        CommitteeSeat.objects.filter(
            term=term, society__isnull=False, body="bch", started_on__gt=term.starts_on
        )
        .values("society")
        .distinct()
    )
    assert renewed.count() == 4
    others = CommitteeSeat.objects.filter(term=term, society__isnull=False, started_on=START)
    assert others.values("society").distinct().count() == 19
    # Every society seat belongs to a member of that society.
    for seat in CommitteeSeat.objects.filter(term=term, society__isnull=False):
        assert Membership.objects.filter(member=seat.member, society=seat.society).exists()


def test_activities_and_commendations(demo):
    _, union, _ = demo
    activities = Activity.objects.filter(union=union)
    assert 35 <= activities.count() <= 55
    assert set(activities.values_list("kind", flat=True)) >= {
        ActivityKind.TRAINING,
        ActivityKind.WORKSHOP,
        ActivityKind.COMMUNICATION,
        ActivityKind.PUBLICATION,
        ActivityKind.COOPERATION,
        ActivityKind.FUNDRAISING,
        ActivityKind.DEMONSTRATION,
    }
    assert not activities.exclude(held_on__range=(START, END)).exists()
    raised = sum(activities.exclude(amount_vnd=None).values_list("amount_vnd", flat=True))
    assert 10_000_000 <= raised < 100_000_000
    assert activities.filter(title__contains="Hồng Lĩnh 30 năm một chặng đường").exists()

    commendations = Commendation.objects.filter(union=union)
    vusta = commendations.filter(recipient_type="union", form="bang_khen", issuer=VUSTA)
    assert sorted(vusta.values_list("year", flat=True)) == [2018, 2021, 2023]
    giay_khen = commendations.filter(recipient_type="union", form="giay_khen")
    assert sorted(giay_khen.values_list("year", flat=True)) == list(range(2018, 2024))
    people = commendations.filter(recipient_type="member", form="bang_khen", issuer=VUSTA)
    assert people.count() == 3
    assert commendations.filter(recipient_type="society", form="giay_khen").count() >= 3


def test_second_run_changes_no_row_count(demo):
    before = _row_counts()
    summary = load_demo()
    assert summary["created"] is False
    assert _row_counts() == before


def test_every_demo_login_works(demo, client):
    for email, *_ in ACCOUNTS:
        assert client.login(email=email, password=DEMO_PASSWORD), email
        client.logout()


def test_accounts_have_their_roles(demo):
    _, union, _ = demo
    staff = User.objects.get(email="staff@demo.lienhiephoi.vn")
    assert staff.is_staff and not staff.is_superuser
    assert staff.groups.filter(name=STAFF_GROUP).exists()
    assert staff.has_perm("members.change_member")
    assert staff.has_perm("associations.add_activity")
    assert staff.has_perm("reports.view_termreport")
    assert staff.has_perm("associations.view_user")
    assert staff.has_perm("associations.change_user")
    assert not staff.has_perm("associations.delete_user")
    for email, kind in (
        ("staff@demo.lienhiephoi.vn", RoleKind.STAFF),
        ("leader@demo.lienhiephoi.vn", RoleKind.LEADERSHIP),
        ("officer@demo.lienhiephoi.vn", RoleKind.OFFICER),
        ("expert@demo.lienhiephoi.vn", RoleKind.EXPERT),
        ("judge@demo.lienhiephoi.vn", RoleKind.JUDGE),
    ):
        assert Role.objects.filter(user__email=email, union=union, kind=kind).exists()
    officer = Role.objects.get(user__email="officer@demo.lienhiephoi.vn")
    assert list(officer.societies.values_list("name", flat=True)) == [TRUNG_LUONG]
    assert User.objects.get(email="admin@demo.lienhiephoi.vn").is_superuser
    assert all(u.full_name for u in User.objects.filter(email__endswith="@demo.lienhiephoi.vn"))


def test_load_is_fast(demo):
    summary, _, _ = demo
    assert summary["seconds"] < 5


def test_command_prints_summary_and_logins(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    text = out.getvalue()
    assert "Hội thành viên: 19" in text
    for email, *_ in ACCOUNTS:
        assert email in text
    assert DEMO_PASSWORD in text
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "đã có sẵn" in out.getvalue()


def test_command_refuses_without_debug_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("load_demo", stdout=io.StringIO())
    assert not Union.objects.filter(slug="hong-linh").exists()
    call_command("load_demo", "--force", stdout=io.StringIO())
    assert Union.objects.filter(slug="hong-linh").exists()
