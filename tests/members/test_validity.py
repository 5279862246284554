"""One set of validity rules (members/validators.py) for the models, forms, admin and imports."""

import datetime
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone, translation

from associations.accounts import role_assign
from associations.models import Activity, RoleKind
from members.models import CommitteeSeat, Member, Membership
from members.validators import birth_year_range
from tests.conftest import make_user
from tests.factories import (
    ActivityFactory,
    CommitteeSeatFactory,
    MemberFactory,
    MembershipFactory,
    SocietyFactory,
    TermFactory,
    UnionFactory,
    UserFactory,
)

HEADER = ["full_name", "society", "joined_on", "birth_year", "left_on", "leave_reason"]
SOCIETY = "Hội Y tế"


@pytest.fixture(autouse=True)
def _english(settings):
    """Messages are checked against their English msgids, except where Vietnamese is asked for."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def staff_of(union):
    user = UserFactory()
    role_assign(user=user, union=union, kind=RoleKind.STAFF)
    return user


def errors_of(instance) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as raised:
        instance.full_clean(exclude=["search_text"])
    return raised.value.message_dict


def this_year() -> int:
    return timezone.localdate().year


@pytest.fixture
def union():
    union = UnionFactory(slug="hong-linh")
    SocietyFactory(union=union, name=SOCIETY)
    return union


@pytest.fixture
def write_csv(tmp_path):
    def write(*rows):
        path = tmp_path / "members.csv"
        lines = [",".join(HEADER), *(",".join(str(cell) for cell in row) for row in rows)]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    return write


def import_errors(path, union) -> list[str]:
    err = StringIO()
    with pytest.raises(CommandError) as raised:
        call_command(
            "import_records", "members", str(path), "--union", union.slug,
            stdout=StringIO(), stderr=err,
        )  # fmt: skip
    assert raised.value.returncode != 0
    return err.getvalue().splitlines()


# --- the rules, on the models -------------------------------------------------------------------


def test_birth_year_range_is_computed_from_today():
    assert birth_year_range() == (1900, this_year() - 15)


@pytest.mark.django_db
@pytest.mark.parametrize("age", [14, 0, -1])
def test_member_born_less_than_15_years_ago_is_invalid(age):
    member = MemberFactory.build(union=UnionFactory(), birth_year=this_year() - age)

    assert errors_of(member)["birth_year"] == [f"Enter a year between 1900 and {this_year() - 15}."]


@pytest.mark.django_db
def test_member_birth_year_bounds_are_valid():
    union = UnionFactory()
    for year in (1900, this_year() - 15):
        MemberFactory.build(union=union, birth_year=year).full_clean(exclude=["search_text"])

    assert "birth_year" in errors_of(MemberFactory.build(union=union, birth_year=1899))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("joined", "left", "field", "message"),
    [
        (datetime.date(2099, 1, 1), None, "joined_on", "01/01/2099 is in the future."),
        (datetime.date(2015, 1, 1), datetime.date(2099, 1, 1), "left_on", "is in the future"),
        (
            datetime.date(2015, 1, 1),
            datetime.date(2014, 1, 1),
            "left_on",
            "The date left (01/01/2014) is before the date joined (01/01/2015).",
        ),
        (
            datetime.date(1979, 6, 1),
            None,
            "joined_on",
            "The date joined (01/06/1979) is before the person's birth year (1980).",
        ),
    ],
)
def test_membership_dates_that_cannot_be_true_are_invalid(joined, left, field, message):
    member = MemberFactory(birth_year=1980)
    society = SocietyFactory(union=member.union)
    membership = Membership(
        member=member, society=society, joined_on=joined, left_on=left, leave_reason="x"
    )

    (error,) = errors_of(membership)[field]

    assert message in error


@pytest.mark.django_db
def test_committee_seat_ending_before_it_starts_is_invalid():
    seat = CommitteeSeatFactory(started_on=datetime.date(2020, 1, 1))
    seat.ended_on = datetime.date(2019, 12, 31)

    assert errors_of(seat)["ended_on"] == ["The end (31/12/2019) is before the start (01/01/2020)."]
    assert isinstance(seat, CommitteeSeat)


@pytest.mark.django_db
def test_activity_in_the_future_is_invalid_on_the_model():
    activity = ActivityFactory.build(society=SocietyFactory(), held_on=datetime.date(2099, 1, 1))
    activity.union = activity.society.union

    assert "is in the future" in errors_of(activity)["held_on"][0]
    assert isinstance(activity, Activity)


# --- the same rules in the portal, the admin and the import -------------------------------------


@pytest.mark.django_db
def test_portal_add_refuses_joining_before_birth(client, union):
    society = union.societies.get()
    client.force_login(make_user("officer", union, societies=[society]))

    response = client.post(
        reverse("members:member_add", args=[society.pk]),
        {"joined_on": "1979-01-01", "full_name": "Lê Văn Sớm", "birth_year": "1980"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["joined_on"] == [
        "Joined on: The date joined (01/01/1979) is before the person's birth year (1980)."
    ]
    assert not Member.objects.filter(full_name="Lê Văn Sớm").exists()


@pytest.mark.django_db
def test_admin_refuses_a_membership_left_before_joined(client, union):
    member = MemberFactory(union=union)
    client.force_login(staff_of(union))

    response = client.post(
        reverse("admin:members_membership_add"),
        {
            "member": member.pk,
            "society": union.societies.get().pk,
            "joined_on": "2020-05-01",
            "left_on": "2020-04-01",
            "leave_reason": "chuyển công tác",
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["left_on"] == [
        "The date left (01/04/2020) is before the date joined (01/05/2020)."
    ]
    assert not Membership.objects.exists()


@pytest.mark.django_db
def test_admin_refuses_a_birth_year_out_of_range(client, union):
    member = MemberFactory(union=union)
    client.force_login(staff_of(union))
    url = reverse("admin:members_member_change", args=[member.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update({"birth_year": str(this_year()), "memberships-TOTAL_FORMS": "0"})
    data.update({"memberships-INITIAL_FORMS": "0"})

    response = client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["birth_year"] == [
        f"Enter a year between 1900 and {this_year() - 15}."
    ]
    member.refresh_from_db()
    assert member.birth_year == 1980


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (["Trần Minh", SOCIETY, "2099-01-01", "1980", "", ""], "joined_on", "is in the future"),
        (
            ["Trần Minh", SOCIETY, "2015-01-01", "1980", "2099-01-01", "nghỉ"],
            "left_on",
            "is in the future",
        ),
        (
            ["Trần Minh", SOCIETY, "1975-01-01", "1980", "", ""],
            "joined_on",
            "before the person's birth year (1980)",
        ),
        (["Trần Minh", SOCIETY, "2015-01-01", "2100", "", ""], "birth_year", "Enter a year"),
    ],
)
def test_import_refuses_what_the_forms_refuse(union, write_csv, row, column, message):
    path = write_csv(["Lê Hà", SOCIETY, "2012-09-01", "1970", "", ""], row)

    lines = import_errors(path, union)

    assert len(lines) == 1
    assert lines[0].startswith(f"Row 3, column «{column}»: ")
    assert message in lines[0]
    assert not Member.objects.exists()


@pytest.mark.django_db
def test_form_and_import_give_the_same_vietnamese_message(client, settings, union, write_csv):
    society = union.societies.get()
    MembershipFactory(society=society, member__union=union)
    client.force_login(make_user("officer", union, societies=[society]))
    path = write_csv(["Trần Minh", SOCIETY, "2099-01-01", "1980", "", ""])

    with translation.override("vi"):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
        response = client.post(
            reverse("members:member_add", args=[society.pk]),
            {"joined_on": "2099-01-01", "full_name": "Trần Minh", "birth_year": "1980"},
        )
        (line,) = import_errors(path, union)

    (form_error,) = response.context["form"].errors["joined_on"]
    message = "01/01/2099 là ngày trong tương lai."
    assert form_error.endswith(message)
    assert line.endswith(message)


@pytest.mark.django_db
def test_term_and_society_periods_are_checked_in_words_not_by_constraint_name():
    term = TermFactory.build(union=UnionFactory(), starts_on=datetime.date(2023, 1, 1))
    term.ends_on = datetime.date(2023, 1, 1)
    society = SocietyFactory.build(union=UnionFactory(), founded_on=datetime.date(2010, 1, 1))
    society.dissolved_on = datetime.date(2009, 1, 1)

    assert errors_of(term)["ends_on"] == ["The end (01/01/2023) is the same day as the start."]
    assert errors_of(society)["dissolved_on"] == [
        "The end (01/01/2009) is before the start (01/01/2010)."
    ]
