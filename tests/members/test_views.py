"""Members: the society officer's pages and the directory for staff and leadership."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from core.concurrency import VERSION_FIELD
from members.forms import MemberForm, MembershipForm
from members.models import Member, Membership
from tests.conftest import role_users, statuses
from tests.factories import MemberFactory, MembershipFactory, SocietyFactory, UnionFactory
from tests.querycount import page_queries

ROLES = ["staff", "leadership", "officer", "expert", "judge", "other_staff", "anonymous"]
VIEW = dict(zip(ROLES, [200, 200, 200, 403, 403, 404, 302], strict=True))
EDIT = dict(zip(ROLES, [200, 403, 200, 403, 403, 404, 302], strict=True))
DIRECTORY = dict(zip(ROLES, [200, 200, 403, 403, 403, 200, 302], strict=True))


@pytest.fixture(autouse=True)
def _fast_passwords_and_english(settings):
    """Messages are checked against their English msgids, whatever the default language."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def world():
    """Union A: society `own` (kept by the officer) and `sibling`; union B with its own staff."""
    union = UnionFactory()
    own = SocietyFactory(union=union)
    sibling = SocietyFactory(union=union)
    other_union = UnionFactory()
    users = role_users(union, own=own, other_union=other_union)
    return {
        "union": union,
        "other_union": other_union,
        "users": users,
        "own": {"society": own, "membership": MembershipFactory(society=own, member__union=union)},
        "sibling": {
            "society": sibling,
            "membership": MembershipFactory(society=sibling, member__union=union),
        },
    }


def society_urls(records) -> dict[str, tuple[str, dict]]:
    s, m = records["society"].pk, records["membership"].pk
    return {
        "society_members": (reverse("members:society_members", args=[s]), VIEW),
        "member_add": (reverse("members:member_add", args=[s]), EDIT),
        "membership_edit": (reverse("members:membership_edit", args=[s, m]), EDIT),
        "membership_leave": (reverse("members:membership_leave", args=[s, m]), EDIT),
    }


PAGES = ["society_members", "member_add", "membership_edit", "membership_leave"]


def login(client, world, role):
    client.force_login(world["users"][role])


# --- permissions ----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_society_member_page_status_for_each_role(client, world, page):
    url, expected = society_urls(world["own"])[page]

    assert statuses(client, world["users"], url) == expected


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_society_member_page_of_another_society_is_404_for_officer(client, world, page):
    url, _expected = society_urls(world["sibling"])[page]
    login(client, world, "officer")

    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_membership_of_another_society_is_404_under_own_society(client, world):
    """The membership id must belong to the society in the URL."""
    own, sibling = world["own"]["society"].pk, world["sibling"]["membership"].pk
    login(client, world, "officer")

    for name in ("members:membership_edit", "members:membership_leave"):
        assert client.get(reverse(name, args=[own, sibling])).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["members:directory", "members:export"])
def test_directory_status_for_each_role(client, world, name):
    url = reverse(name, args=["csv"]) if name == "members:export" else reverse(name)

    assert statuses(client, world["users"], url) == DIRECTORY


@pytest.mark.django_db
def test_directory_shows_only_the_users_unions(client, world):
    outsider = MembershipFactory(society=SocietyFactory(union=world["other_union"]))
    login(client, world, "staff")

    response = client.get(reverse("members:directory"))

    shown = {m.pk for m in response.context["members"]}
    assert shown == {world["own"]["membership"].member_id, world["sibling"]["membership"].member_id}
    assert outsider.member_id not in shown


@pytest.mark.django_db
def test_directory_shows_birth_years_without_a_thousands_separator(client, world):
    member = world["own"]["membership"].member
    Member.objects.filter(pk=member.pk).update(birth_year=1975)
    login(client, world, "staff")

    with translation.override("vi"):
        html = client.get(reverse("members:directory")).content.decode()

    assert "<td>1975</td>" in html
    assert "1.975" not in html


@pytest.mark.django_db
def test_refused_writes_change_nothing(client, world):
    own, sibling = world["own"], world["sibling"]
    leave = {"left_on": "2020-01-01", "leave_reason": "nghỉ hưu"}
    login(client, world, "leadership")
    refused = [
        client.post(
            reverse("members:membership_leave", args=[own["society"].pk, own["membership"].pk]),
            leave,
        ).status_code
    ]
    login(client, world, "officer")
    refused.append(
        client.post(
            reverse(
                "members:membership_leave", args=[sibling["society"].pk, sibling["membership"].pk]
            ),
            leave,
        ).status_code
    )
    refused.append(
        client.post(
            reverse("members:member_add", args=[sibling["society"].pk]),
            {"full_name": "Người lạ", "joined_on": "2020-01-01"},
        ).status_code
    )

    assert refused == [403, 404, 404]
    assert Membership.objects.filter(left_on__isnull=False).count() == 0
    assert not Member.objects.filter(full_name="Người lạ").exists()


# --- query counts ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_society_member_list_query_count_is_constant(client, world):
    society = world["own"]["society"]
    login(client, world, "officer")
    url = reverse("members:society_members", args=[society.pk])
    one = page_queries(client, url)
    MembershipFactory(society=society, member__union=society.union)
    MembershipFactory(
        society=society, member__union=society.union, left_on=datetime.date(2020, 1, 1)
    )

    three = page_queries(client, url)
    searched = page_queries(client, url, {"q": "nguyen", "status": "all"})

    assert one == three == searched
    assert len(client.get(url).context["memberships"]) == 3


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [{}, {"q": "nguyen van", "society": "SOCIETY", "block": "institutional", "gender": "male"}],
    ids=["unfiltered", "filtered"],
)
def test_directory_query_count_is_constant(client, world, params):
    union, society = world["union"], world["own"]["society"]
    params = {k: str(society.pk) if v == "SOCIETY" else v for k, v in params.items()}
    Membership.objects.filter(society=world["sibling"]["society"]).delete()
    login(client, world, "leadership")
    url = reverse("members:directory")
    one = page_queries(client, url, params)
    for _ in range(2):
        member = MemberFactory(union=union)
        MembershipFactory(member=member, society=society)
        MembershipFactory(member=member, society=SocietyFactory(union=union))

    three = page_queries(client, url, params)

    assert one == three
    assert len(client.get(url, params).context["members"]) == 3


# --- search and filters ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_directory_search_ignores_accents_and_case(client, world):
    society = world["own"]["society"]
    wanted = MembershipFactory(
        society=society, member__union=society.union, member__full_name="Nguyễn Văn Đức"
    ).member
    MembershipFactory(
        society=society, member__union=society.union, member__full_name="Trần Thị Bình"
    )
    login(client, world, "staff")

    found = [
        [m.pk for m in client.get(reverse("members:directory"), {"q": q}).context["members"]]
        for q in ("Nguyen Van Duc", "nguyễn văn đức", "NGUYEN  van  DUC", "duc")
    ]

    assert found == [[wanted.pk]] * 4


@pytest.mark.django_db
def test_society_member_search_ignores_accents(client, world):
    society = world["own"]["society"]
    wanted = MembershipFactory(
        society=society, member__union=society.union, member__full_name="Lê Thị Hồng Nhung"
    )
    login(client, world, "officer")

    response = client.get(
        reverse("members:society_members", args=[society.pk]), {"q": "le thi hong"}
    )

    assert [m.pk for m in response.context["memberships"]] == [wanted.pk]


@pytest.mark.django_db
def test_directory_filters_on_one_membership_on_a_date(client, world):
    union, own, sibling = world["union"], world["own"]["society"], world["sibling"]["society"]
    ward = SocietyFactory(union=union, kind="ward")
    Membership.objects.all().delete()
    left_2020 = MembershipFactory(
        society=own, member__union=union, left_on=datetime.date(2020, 6, 1)
    ).member
    ward_member = MembershipFactory(
        society=ward, member__union=union, member__qualification="master"
    ).member
    both = MemberFactory(union=union, gender="female", field="Y tế")
    MembershipFactory(member=both, society=own)
    MembershipFactory(member=both, society=sibling, joined_on=datetime.date(2021, 1, 1))
    login(client, world, "staff")

    def shown(**params):
        response = client.get(reverse("members:directory"), params)
        return {m.pk for m in response.context["members"]}

    assert shown() == {ward_member.pk, both.pk}
    assert shown(active_on="2019-01-01") == {left_2020.pk, ward_member.pk, both.pk}
    assert shown(society=str(sibling.pk), active_on="2020-06-01") == set()
    assert shown(society=str(sibling.pk)) == {both.pk}
    assert shown(block="local") == {ward_member.pk}
    assert shown(block="institutional") == {both.pk}
    assert shown(qualification="master") == {ward_member.pk}
    assert shown(gender="female") == {both.pk}
    assert shown(field="y tế") == {both.pk}


@pytest.mark.django_db
def test_directory_shows_each_members_active_societies(client, world):
    union, own, sibling = world["union"], world["own"]["society"], world["sibling"]["society"]
    member = MemberFactory(union=union, full_name="Ai Đó")
    MembershipFactory(member=member, society=own)
    MembershipFactory(member=member, society=sibling, left_on=datetime.date(2020, 1, 1))
    login(client, world, "staff")

    response = client.get(reverse("members:directory"), {"q": "ai do"})

    (row,) = response.context["members"]
    assert [m.society for m in row.active_memberships] == [own]


# --- export ---------------------------------------------------------------------------------------


@pytest.fixture
def risky_member(world):
    society = world["own"]["society"]
    return MembershipFactory(
        society=society,
        member__union=society.union,
        member__full_name='=HYPERLINK("http://evil","x")',
        member__field="+cmd|' /C calc'!A0",
        member__workplace="@SUM(1+1)",
        member__position="-2+3",
        member__member_code="HV-RISK",
    ).member


@pytest.mark.django_db
def test_export_xlsx_neutralises_formulas(client, world, risky_member):
    login(client, world, "staff")

    response = client.get(reverse("members:export", args=["xlsx"]), {"q": "hv-risk"})

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="members-')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Họ và tên"] == '\'=HYPERLINK("http://evil","x")'
    assert row["Lĩnh vực"] == "'+cmd|' /C calc'!A0"
    assert row["Nơi công tác"] == "'@SUM(1+1)"
    assert row["Chức vụ"] == "'-2+3"
    assert row["Mã hội viên"] == "HV-RISK"
    assert row["Năm sinh"] == 1980
    assert row["Hội"] == world["own"]["society"].name


@pytest.mark.django_db
def test_export_csv_neutralises_formulas_and_follows_filters(client, world, risky_member):
    login(client, world, "leadership")

    response = client.get(reverse("members:export", args=["csv"]))

    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    by_code = {row["Mã hội viên"]: row for row in rows}
    assert set(by_code) == {
        "HV-RISK",
        world["own"]["membership"].member.member_code,
        world["sibling"]["membership"].member.member_code,
    }
    assert by_code["HV-RISK"]["Họ và tên"] == '\'=HYPERLINK("http://evil","x")'
    assert by_code["HV-RISK"]["Nơi công tác"] == "'@SUM(1+1)"


@pytest.mark.django_db
def test_export_of_unknown_format_is_404(client, world):
    login(client, world, "staff")

    assert client.get(reverse("members:export", args=["pdf"])).status_code == 404


# --- add, edit, leave -----------------------------------------------------------------------------


def member_data(**extra):
    return {
        "joined_on": "2022-03-01",
        "full_name": "  Phạm   Minh Tuấn ",
        "member_code": "",
        "gender": "male",
        "birth_year": "1985",
        "qualification": "master",
        "academic_title": "",
        "field": "Nông nghiệp",
        "workplace": "Trạm khuyến nông",
        "position": "",
        "email": "tuan@example.vn",
        "phone": "0912 345 678",
        "typical_intellectual_year": "",
        **extra,
    }


@pytest.mark.django_db
def test_officer_adds_a_new_member(client, world):
    society = world["own"]["society"]
    login(client, world, "officer")

    response = client.post(reverse("members:member_add", args=[society.pk]), member_data())

    assert response.status_code == 302
    membership = Membership.objects.get(member__full_name="Phạm Minh Tuấn")
    assert (membership.society, membership.joined_on, membership.left_on) == (
        society,
        datetime.date(2022, 3, 1),
        None,
    )
    assert membership.member.union == society.union
    assert membership.member.member_code is None
    assert membership.member.search_text == "pham minh tuan tuan@example.vn"


@pytest.mark.django_db
def test_officer_cannot_take_over_a_person_of_another_society_by_code(client, world):
    society = world["own"]["society"]
    known = world["sibling"]["membership"].member
    known.email = ""
    known.save()
    login(client, world, "officer")

    response = client.post(
        reverse("members:member_add", args=[society.pk]),
        member_data(member_code=known.member_code, full_name="Tên khác"),
    )

    assert response.status_code == 200
    (error,) = response.context["form"].errors["member_code"]
    assert "ask the union staff" in error
    assert known.full_name not in response.content.decode()
    known.refresh_from_db()
    assert list(known.memberships.values_list("society_id", flat=True)) == [
        world["sibling"]["society"].pk
    ]
    assert known.email == ""
    assert not Member.objects.filter(full_name="Tên khác").exists()


@pytest.mark.django_db
def test_staff_links_a_known_member_code_keeping_the_person(client, world):
    society = world["own"]["society"]
    known = world["sibling"]["membership"].member
    known.email = ""
    known.save()
    login(client, world, "staff")

    response = client.post(
        reverse("members:member_add", args=[society.pk]),
        member_data(member_code=known.member_code, full_name="Tên khác"),
    )

    assert response.status_code == 302
    known.refresh_from_db()
    assert Member.objects.filter(member_code=known.member_code).count() == 1
    assert set(known.memberships.values_list("society_id", flat=True)) == {
        society.pk,
        world["sibling"]["society"].pk,
    }
    assert known.full_name != "Tên khác"  # recorded details are kept
    assert known.email == "tuan@example.vn"  # empty ones are filled in


@pytest.mark.django_db
def test_officer_links_a_person_of_another_of_their_own_societies_by_code(client, world):
    second = SocietyFactory(union=world["union"])
    world["users"]["officer"].roles.get().societies.add(second)
    known = world["own"]["membership"].member
    login(client, world, "officer")

    response = client.post(
        reverse("members:member_add", args=[second.pk]), member_data(member_code=known.member_code)
    )

    assert response.status_code == 302
    assert set(known.memberships.values_list("society_id", flat=True)) == {
        second.pk,
        world["own"]["society"].pk,
    }


@pytest.mark.django_db
def test_officer_cannot_open_a_person_only_known_by_code_elsewhere(client, world):
    sibling = world["sibling"]["membership"]
    login(client, world, "officer")

    response = client.get(
        reverse("members:membership_edit", args=[world["own"]["society"].pk, sibling.pk])
    )

    assert response.status_code == 404


@pytest.mark.django_db
def test_adding_an_overlapping_membership_is_refused(client, world):
    own = world["own"]
    code = own["membership"].member.member_code
    login(client, world, "officer")

    response = client.post(
        reverse("members:member_add", args=[own["society"].pk]), member_data(member_code=code)
    )

    assert response.status_code == 200
    (error,) = response.context["form"].errors["joined_on"]
    assert error.startswith("Joined on: ")
    assert "would overlap" in error
    assert own["membership"].member.memberships.count() == 1


@pytest.mark.django_db
def test_rejoining_after_leaving_is_allowed(client, world):
    own = world["own"]
    own["membership"].left_on = datetime.date(2019, 1, 1)
    own["membership"].leave_reason = "chuyển công tác"
    own["membership"].save()
    login(client, world, "officer")

    response = client.post(
        reverse("members:member_add", args=[own["society"].pk]),
        member_data(member_code=own["membership"].member.member_code),
    )

    assert response.status_code == 302
    assert own["membership"].member.memberships.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("birth_year", "1850", "Birth year: Enter a year between 1900 and "),
        ("birth_year", str(datetime.date.today().year), "Birth year: Enter a year between"),
        ("joined_on", "2999-01-01", "Joined on: "),
        ("phone", "gọi tôi", "Phone: "),
        ("full_name", "   ", "Full name: This field is required."),
        ("email", "khong-phai-email", "E-mail: Enter a valid email address."),
        ("birth_year", "nam", "Birth year: Enter a whole number."),
        ("joined_on", "31/02/2020", "Joined on: Enter a valid date."),
    ],
)
def test_add_member_form_errors_name_the_field(client, world, field, value, message):
    society = world["own"]["society"]
    login(client, world, "officer")

    response = client.post(
        reverse("members:member_add", args=[society.pk]), member_data(**{field: value})
    )

    assert response.status_code == 200
    assert response.context["form"].errors[field][0].startswith(message)
    assert not Member.objects.filter(full_name="Phạm Minh Tuấn").exists()


def edit_data(membership, **extra):
    """The edit form as posted from a page just opened: with both records' versions."""
    member = membership.member
    data = {
        f"member-{VERSION_FIELD}": MemberForm(instance=member, union=member.union).initial[
            VERSION_FIELD
        ],
        f"membership-{VERSION_FIELD}": MembershipForm(instance=membership).initial[VERSION_FIELD],
        "member-full_name": member.full_name,
        "member-member_code": member.member_code or "",
        "member-gender": member.gender,
        "member-birth_year": member.birth_year or "",
        "member-qualification": member.qualification,
        "member-academic_title": "",
        "member-field": "",
        "member-workplace": "",
        "member-position": "",
        "member-email": "",
        "member-phone": "",
        "member-typical_intellectual_year": "",
        "membership-joined_on": membership.joined_on.isoformat(),
        "membership-left_on": "",
        "membership-leave_reason": "",
    }
    return {**data, **extra}


@pytest.mark.django_db
def test_officer_edits_member_details_and_membership(client, world):
    own = world["own"]
    membership = own["membership"]
    login(client, world, "officer")

    response = client.post(
        reverse("members:membership_edit", args=[own["society"].pk, membership.pk]),
        edit_data(
            membership,
            **{"member-full_name": "Hoàng Văn Sửa", "membership-joined_on": "2016-02-03"},
        ),
    )

    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.member.full_name == "Hoàng Văn Sửa"
    assert membership.member.search_text.startswith("hoang van sua")
    assert membership.joined_on == datetime.date(2016, 2, 3)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        (
            {"membership-left_on": "2014-01-01", "membership-leave_reason": "x"},
            "membership-left_on",
            "Left on: The date left (01/01/2014) is before the date joined (01/01/2015).",
        ),
        (
            {"membership-left_on": "2020-01-01"},
            "membership-leave_reason",
            "Reason for leaving: Give a reason when a leaving date is set.",
        ),
        ({"member-member_code": "TAKEN"}, "member-member_code", "Member code: TAKEN is already"),
        ({"member-birth_year": "1899"}, "member-birth_year", "Birth year: Enter a year between"),
    ],
)
def test_edit_form_errors_name_the_field(client, world, extra, field, message):
    own = world["own"]
    MemberFactory(union=world["union"], member_code="TAKEN")
    login(client, world, "staff")

    response = client.post(
        reverse("members:membership_edit", args=[own["society"].pk, own["membership"].pk]),
        edit_data(own["membership"], **extra),
    )

    assert response.status_code == 200
    prefix, name = field.split("-", 1)
    form = response.context[f"{prefix}_form"]
    assert form.errors[name][0].startswith(message)


@pytest.mark.django_db
def test_edit_refuses_overlapping_memberships_in_the_same_society(client, world):
    own = world["own"]
    first = own["membership"]
    first.left_on, first.leave_reason = datetime.date(2018, 1, 1), "nghỉ"
    first.save()
    second = MembershipFactory(
        member=first.member, society=own["society"], joined_on=datetime.date(2019, 1, 1)
    )
    login(client, world, "officer")

    response = client.post(
        reverse("members:membership_edit", args=[own["society"].pk, second.pk]),
        edit_data(second, **{"membership-joined_on": "2017-06-01"}),
    )

    assert response.status_code == 200
    assert "would overlap" in response.context["membership_form"].errors["joined_on"][0]
    second.refresh_from_db()
    assert second.joined_on == datetime.date(2019, 1, 1)


@pytest.mark.django_db
def test_officer_records_a_leaving_after_confirmation(client, world):
    own = world["own"]
    membership = own["membership"]
    url = reverse("members:membership_leave", args=[own["society"].pk, membership.pk])
    login(client, world, "officer")

    confirm = client.get(url)
    response = client.post(url, {"left_on": "2023-08-31", "leave_reason": "nghỉ hưu"})

    assert confirm.status_code == 200
    assert confirm.context["form"]["left_on"].value() == timezone.localdate()
    assert response.status_code == 302
    membership.refresh_from_db()
    assert (membership.left_on, membership.leave_reason) == (datetime.date(2023, 8, 31), "nghỉ hưu")
    assert Member.objects.filter(pk=membership.member_id).exists()


@pytest.mark.django_db
def test_leaving_before_joining_or_without_reason_is_refused(client, world):
    own = world["own"]
    url = reverse("members:membership_leave", args=[own["society"].pk, own["membership"].pk])
    login(client, world, "officer")

    response = client.post(url, {"left_on": "2010-01-01", "leave_reason": " "})

    errors = response.context["form"].errors
    assert errors["left_on"][0].startswith("Left on: The date left (01/01/2010) is before")
    assert errors["leave_reason"] == ["Reason for leaving: This field is required."]
    own["membership"].refresh_from_db()
    assert own["membership"].left_on is None


@pytest.mark.django_db
def test_leaving_twice_is_refused_with_a_message(client, world):
    own = world["own"]
    own["membership"].left_on, own["membership"].leave_reason = datetime.date(2020, 1, 1), "x"
    own["membership"].save()
    login(client, world, "officer")

    response = client.post(
        reverse("members:membership_leave", args=[own["society"].pk, own["membership"].pk]),
        {"left_on": "2021-01-01", "leave_reason": "y"},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]][-1].endswith("already left this society.")
    own["membership"].refresh_from_db()
    assert own["membership"].left_on == datetime.date(2020, 1, 1)


@pytest.mark.django_db
def test_directory_ignores_an_invalid_filter_but_keeps_the_others(client, world):
    Membership.objects.filter(society=world["sibling"]["society"]).update(
        joined_on=datetime.date(2021, 1, 1)
    )
    login(client, world, "staff")

    response = client.get(
        reverse("members:directory"), {"society": "999999", "active_on": "2020-01-01"}
    )

    assert response.status_code == 200
    assert "society" in response.context["filter"].errors
    assert [m.pk for m in response.context["members"]] == [world["own"]["membership"].member_id]
