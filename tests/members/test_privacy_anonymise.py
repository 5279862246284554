"""Erasing people changes no figure of any report and leaves no trace of them in the database.

The proof runs on the demo data (`core.demo`, what `make run` loads), the people chosen among
those the figures lean on: members of several societies, committee members, commended people,
people who left, societies' contacts.
"""

import datetime
from collections import Counter
from urllib.parse import quote, quote_plus

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.urls import reverse
from django.utils import translation

from associations.accounts import role_assign
from associations.import_admin import UPLOAD_FOLDER
from associations.models import RoleKind, Society, Term, Union
from associations.permissions import scope_members
from associations.selectors import (
    activity_figures,
    societies_with_member_counts,
    society_block_counts,
)
from core.concurrency import StaleVersion, Version, current_version
from core.demo import load_demo
from core.personal_data import Erasure, register_scrubber, scrub_text, scrubbers
from core.text import fold
from members.committee_selectors import commendation_figures, committee_changes
from members.models import (
    Commendation,
    CommitteeSeat,
    DataSubjectRequest,
    Member,
    Membership,
    PersonalDataAccess,
)
from members.privacy.anonymise import ANONYMOUS_PREFIX, decade, member_anonymise
from members.selectors import member_breakdown, membership_counts, membership_flows
from members.services import MEMBER_FIELDS, membership_update
from reports.selectors import term_report_figures
from reports.services import annex_blocks, term_report_context, term_report_get_or_create
from tests.conftest import make_user
from tests.factories import (
    MemberFactory,
    MembershipFactory,
    SocietyFactory,
    UnionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


# --- every figure ------------------------------------------------------------------------------


def _dates(term: Term) -> list[datetime.date]:
    days = {term.starts_on, term.ends_on, datetime.date.today()}
    days |= {datetime.date(year, 12, 31) for year in range(term.starts_on.year - 1, 2027)}
    return sorted(days)


def all_figures(union: Union, staff) -> dict:
    """Every figure a report or a count page prints, as plain data."""
    figures: dict = {}
    terms = list(Term.objects.filter(union=union).order_by("starts_on"))
    for index, term in enumerate(terms):
        next_term = terms[index + 1] if index + 1 < len(terms) else None
        term_figures = term_report_figures(union=union, term=term, next_term=next_term)
        report = term_report_get_or_create(union=union, term=term)
        context = term_report_context(report=report, figures=term_figures)
        figures[f"term {term.label}"] = {
            "figures": term_figures,
            "sentences": context["sentences"],
            "annex": annex_blocks(term_figures),
            "committee": committee_changes(term=term),
            "commendations": commendation_figures(
                union_ids=[union.id], year_from=term.starts_on.year, year_to=term.ends_on.year
            ),
            "activities": activity_figures(
                union_ids=[union.id], starts_on=term.starts_on, ends_on=term.ends_on
            ),
            "flows": membership_flows(
                union_ids=[union.id], after=term.starts_on, until=term.ends_on
            ),
        }
        for day in _dates(term):
            figures[f"on {day}"] = {
                "counts": membership_counts(union_ids=[union.id], dates={"day": day}),
                "breakdown": member_breakdown(union_ids=[union.id], on=day, by_field=True),
                "societies": society_block_counts(union_ids=[union.id], on=day),
                "per_society": sorted(
                    societies_with_member_counts(
                        societies=Society.objects.filter(union=union), on=day
                    ).values_list("name", "members_now")
                ),
            }
    members = scope_members(staff, Member.objects.all())
    figures["directory"] = {
        "people": members.count(),
        "by_society": sorted(
            Counter(
                Membership.objects.filter(member__in=members, left_on__isnull=True).values_list(
                    "society__name", flat=True
                )
            ).items()
        ),
        "seats": CommitteeSeat.objects.filter(member__union=union).count(),
        "commendations": Commendation.objects.filter(union=union).count(),
    }
    return figures


# --- the scanner ---------------------------------------------------------------------------------

TEXT_TYPES = {"CharField", "TextField", "JSONField", "EmailField", "SlugField"}


def text_columns() -> list[tuple[str, str]]:
    """(table, column) of every text-like column of every table in the database."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column in connection.introspection.get_table_description(cursor, table):
                try:
                    kind = connection.introspection.get_field_type(column.type_code, column)
                except KeyError:
                    continue
                if kind in TEXT_TYPES:
                    found.append((table, column.name))
    return found


def traces(needles: list[str]) -> list[tuple[str, str, str]]:
    """(table, column, needle) wherever a needle occurs, in any text column of any table."""
    quote = connection.ops.quote_name
    found = []
    with connection.cursor() as cursor:
        for table, column in text_columns():
            cell = f"CAST({quote(column)} AS TEXT)"
            for needle in needles:
                cursor.execute(
                    f"SELECT COUNT(*) FROM {quote(table)} WHERE {cell} LIKE %s",  # noqa: S608
                    [f"%{needle}%"],
                )
                if cursor.fetchone()[0]:
                    found.append((table, column, needle))
    return found


# --- choosing people ------------------------------------------------------------------------------


def _unique_names(union) -> set[str]:
    names = list(Member.objects.filter(union=union).values_list("full_name", flat=True))
    counts = Counter(names)
    # A name another person's name contains would be found in that person's rows.
    return {
        name
        for name in names
        if counts[name] == 1 and not any(name in other and name != other for other in names)
    }


def choose_people(union) -> list[Member]:
    unique = _unique_names(union)
    chosen: dict[int, Member] = {}

    def take(queryset, how_many: int) -> None:
        picked = 0
        for member in queryset.order_by("pk").distinct():
            if picked == how_many:
                return
            if member.full_name in unique and member.pk not in chosen:
                chosen[member.pk] = member
                picked += 1
        assert picked == how_many, queryset

    people = Member.objects.filter(union=union)
    several = [
        pk
        for pk, societies in Counter(
            Membership.objects.filter(member__union=union)
            .values_list("member_id", "society_id")
            .distinct()
            .values_list("member_id", flat=True)
        ).items()
        if societies > 1
    ]
    contacts = " | ".join(Society.objects.filter(union=union).values_list("contact", flat=True))
    chairs = [pk for pk, name in people.values_list("pk", "full_name") if name in contacts]
    take(people.filter(pk__in=several), 2)
    take(people.filter(committee_seats__society__isnull=True), 2)  # the union's BCH
    take(people.filter(committee_seats__society__isnull=False), 1)
    take(people.filter(commendations__isnull=False), 2)
    take(people.filter(memberships__left_on__isnull=False), 2)
    take(people.filter(pk__in=chairs), 1)  # named in a society's contact
    assert len(chosen) == 10
    return list(chosen.values())


@pytest.fixture
def demo():
    load_demo()
    union = Union.objects.get(slug="hong-linh")
    return union, make_user("staff", union)


def _give_history(member: Member, staff, number: int) -> None:
    """Changes through the portal's service (history rows), an admin log entry, a search in the
    access log, a request naming the person: every place a person's name ends up."""
    membership = member.memberships.order_by("pk").first()
    phone = f"0912 555 {number:03d}"
    data = {name: getattr(member, name) for name in MEMBER_FIELDS}
    data.update(phone=phone, workplace=f"{member.workplace} (cũ)", member_code=member.member_code)
    membership_update(
        membership=membership,
        member_data=data,
        membership_data={},
        member_version=None,
        membership_version=None,
    )
    member.refresh_from_db()
    LogEntry.objects.log_actions(
        user_id=staff.pk, queryset=[member, membership], action_flag=CHANGE, change_message="[]"
    )
    PersonalDataAccess.objects.create(
        union=member.union,
        member=member,
        user=staff,
        action="export",
        detail=f"q={member.full_name}",
        path=f"/members/?q={member.email}",
    )
    PersonalDataAccess.objects.create(
        union=member.union,
        user=staff,
        action="export",
        detail=f"q={fold(member.full_name)}",
        path=f"/members/export/xlsx/?q={quote_plus(member.full_name)}",
    )
    DataSubjectRequest.objects.create(
        union=member.union,
        member=member,
        kind="erase",
        received_on=datetime.date(2026, 3, 2),
        due_on=datetime.date(2026, 3, 16),
        details=f"{member.full_name} ({phone}) xin xóa dữ liệu.",
    )
    society = membership.society
    society.contact = f"{member.full_name} - {phone}"
    society.save()


def _identities(people: list[Member]) -> list[str]:
    needles = []
    for member in people:
        member.refresh_from_db()
        needles += [member.full_name, member.phone, fold(member.full_name)]
        needles += [quote(member.full_name), quote_plus(member.full_name)]
        if member.email:
            needles.append(member.email)
        if member.member_code:
            needles.append(member.member_code)
    return needles


def test_anonymising_people_changes_no_figure_and_leaves_no_trace(demo):
    union, staff = demo
    people = choose_people(union)
    for number, member in enumerate(people):
        _give_history(member, staff, number)
    needles = _identities(people)
    # A pending import file naming them, as the admin keeps it until the confirmation.
    upload = f"{UPLOAD_FOLDER}/pending"
    default_storage.save(upload, ContentFile(("Họ và tên\n" + people[0].full_name).encode()))
    others_history = Member.history.exclude(id__in=[m.pk for m in people]).count()
    memberships_history = Membership.history.count()
    before = all_figures(union, staff)
    assert traces(needles)  # the scanner finds them before

    for member in people:
        member_anonymise(member=member, user=staff, reason="Theo yêu cầu của người này")

    assert all_figures(union, staff) == before
    assert traces(needles) == []
    assert not default_storage.exists(upload)
    assert Member.history.exclude(id__in=[m.pk for m in people]).count() == others_history
    assert Membership.history.count() == memberships_history


def test_anonymise_replaces_identity_and_keeps_what_is_counted(demo):
    union, staff = demo
    member = Member.objects.filter(union=union, birth_year__isnull=False).order_by("pk").first()
    kept = {name: getattr(member, name) for name in ("gender", "qualification", "field")}
    memberships = list(member.memberships.values_list("society_id", "joined_on", "left_on"))

    member = member_anonymise(member=member, user=staff, reason="")

    member.refresh_from_db()
    assert member.full_name.startswith(f"{ANONYMOUS_PREFIX} #")
    assert len(member.full_name) == len(ANONYMOUS_PREFIX) + 8
    assert (member.email, member.phone, member.workplace, member.position) == ("", "", "", "")
    assert member.member_code is None
    assert member.birth_year % 10 == 0
    assert member.anonymised_at is not None
    assert {name: getattr(member, name) for name in kept} == kept
    assert list(member.memberships.values_list("society_id", "joined_on", "left_on")) == (
        memberships
    )


def test_anonymise_is_recorded_without_identity(demo):
    union, staff = demo
    member = Member.objects.filter(union=union).order_by("pk").first()
    name = member.full_name

    with translation.override("en"):
        member_anonymise(member=member, user=staff, reason=f"Yêu cầu của {name} ngày 02/03/2026")

    last = Member.history.filter(id=member.pk).order_by("-history_date", "-history_id").first()
    assert last.history_user == staff
    assert last.history_change_reason == (
        f"Anonymised: Yêu cầu của {last.full_name} ngày 02/03/2026"
    )
    assert name not in last.history_change_reason


def test_anonymise_sort_key_and_search_follow_the_code(demo):
    union, staff = demo
    member = Member.objects.filter(union=union).order_by("pk").first()
    old_search = member.search_text

    member = member_anonymise(member=member, user=staff)

    row = Member.objects.values("sort_name", "search_text").get(pk=member.pk)
    assert row["search_text"] != old_search
    assert "an danh" in row["search_text"]
    assert Member.objects.filter(pk=member.pk, search_text__contains="an danh").count() == 1


def test_decade_coarsens_birth_year():
    assert [decade(1975), decade(1970), decade(1969), decade(None)] == [1970, 1970, 1960, None]


# --- smaller cases --------------------------------------------------------------------------------


@pytest.fixture
def person():
    union = UnionFactory()
    member = MemberFactory(
        union=union, full_name="Lê Thị Hoa", email="hoa@example.vn", phone="0912345678"
    )
    MembershipFactory(member=member, society=SocietyFactory(union=union))
    return member


def test_anonymise_twice_changes_nothing(person):
    staff = make_user("staff", person.union)
    first = member_anonymise(member=person, user=staff)
    rows = Member.history.filter(id=person.pk).count()

    second = member_anonymise(member=person, user=staff)

    assert second.full_name == first.full_name
    assert Member.history.filter(id=person.pk).count() == rows


@pytest.mark.parametrize("kind", ["leadership", "officer", None])
def test_anonymise_refused_to_others_than_staff(person, kind):
    society = person.memberships.get().society
    user = make_user(kind, person.union, societies=[society] if kind == "officer" else ())

    with pytest.raises(PermissionDenied):
        member_anonymise(member=person, user=user)

    person.refresh_from_db()
    assert person.full_name == "Lê Thị Hoa"


def test_anonymise_refused_to_staff_of_another_union(person):
    with pytest.raises(PermissionDenied):
        member_anonymise(member=person, user=make_user("staff", UnionFactory()))


def test_anonymise_stale_version_refused(person):
    staff = make_user("staff", person.union)
    fields = tuple(MEMBER_FIELDS)
    version = Version(current_version(Member, person.pk, fields), fields)
    Member.objects.filter(pk=person.pk).update(phone="0999999999")

    with pytest.raises(StaleVersion):
        member_anonymise(member=person, user=staff, version=version)

    person.refresh_from_db()
    assert person.full_name == "Lê Thị Hoa"


def test_anonymise_history_of_other_people_intact(person):
    staff = make_user("staff", person.union)
    other = MemberFactory(union=person.union, full_name="Lê Thị Hoa Mai")
    other.phone = "0900000000"
    other.save()
    before = list(Member.history.filter(id=other.pk).values_list("full_name", "phone"))

    member_anonymise(member=person, user=staff)

    assert list(Member.history.filter(id=other.pk).values_list("full_name", "phone")) == before


def test_anonymise_leaves_namesakes_in_other_unions_alone(person):
    staff = make_user("staff", person.union)
    elsewhere = SocietyFactory(contact="Lê Thị Hoa")

    member_anonymise(member=person, user=staff)

    elsewhere.refresh_from_db()
    assert elsewhere.contact == "Lê Thị Hoa"


def test_registered_scrubber_runs_with_the_old_identity(person):
    seen = []
    register_scrubber("tests.seen", lambda erasure: seen.append(erasure.full_name) or 1)
    try:
        member = member_anonymise(member=person, user=make_user("staff", person.union))
    finally:
        scrubbers_now = scrubbers()
        from core import personal_data

        personal_data._scrubbers.pop("tests.seen", None)
    assert seen == ["Lê Thị Hoa"]
    assert member.erasure_counts["tests.seen"] == 1
    assert "tests.seen" in scrubbers_now


def test_scrub_text_replaces_whole_words_only():
    erasure = Erasure(member=None, code="#X", full_name="Nguyễn Văn An", phone="0912345678")

    text = scrub_text("Nguyễn Văn An, Nguyễn Văn Anh; gọi 0912345678", erasure)

    assert text == "#X, Nguyễn Văn Anh; gọi #X"


# --- the confirmation page ---------------------------------------------------------------------


def _erase_url(member) -> str:
    return reverse("members:privacy_erase_confirm", args=[member.pk])


def test_erase_page_asks_before_erasing(client, person):
    client.force_login(make_user("staff", person.union))

    response = client.get(_erase_url(person))

    assert response.status_code == 200
    assert "Lê Thị Hoa" in response.content.decode()
    person.refresh_from_db()
    assert person.anonymised_at is None


def test_erase_page_erases_after_confirmation_and_shows_the_code(client, person):
    client.force_login(make_user("staff", person.union))
    form = client.get(_erase_url(person)).context["form"]

    response = client.post(
        _erase_url(person),
        {"reason": "Yêu cầu ngày 02/03/2026", "record_version": form.initial["record_version"]},
        follow=True,
    )

    person.refresh_from_db()
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("members:member_detail", args=[person.pk])
    assert person.full_name in page
    assert "Lê Thị Hoa" not in page
    assert "hoa@example.vn" not in page


def test_erase_page_refuses_a_stale_confirmation(client, person):
    client.force_login(make_user("staff", person.union))
    form = client.get(_erase_url(person)).context["form"]
    Member.objects.filter(pk=person.pk).update(email="moi@example.vn")

    response = client.post(
        _erase_url(person), {"reason": "", "record_version": form.initial["record_version"]}
    )

    assert response.status_code == 200
    person.refresh_from_db()
    assert (person.full_name, person.anonymised_at) == ("Lê Thị Hoa", None)


@pytest.mark.parametrize("kind", ["leadership", "officer"])
def test_erase_page_is_refused_to_other_roles(client, person, kind):
    society = person.memberships.get().society
    client.force_login(make_user(kind, person.union, societies=[society]))

    assert client.post(_erase_url(person), {"reason": ""}).status_code == 403
    person.refresh_from_db()
    assert person.anonymised_at is None


def test_erased_person_cannot_be_given_their_name_back(person):
    staff = make_user("staff", person.union)
    member_anonymise(member=person, user=staff)
    person.refresh_from_db()
    data = {name: getattr(person, name) for name in MEMBER_FIELDS} | {"full_name": "Lê Thị Hoa"}

    with pytest.raises(ValidationError):
        membership_update(
            membership=person.memberships.get(),
            member_data=data,
            membership_data={},
            member_version=None,
            membership_version=None,
        )

    person.refresh_from_db()
    assert person.full_name.startswith(ANONYMOUS_PREFIX)


def test_erased_persons_membership_can_still_end(person):
    staff = make_user("staff", person.union)
    member_anonymise(member=person, user=staff)
    person.refresh_from_db()
    data = {name: getattr(person, name) for name in MEMBER_FIELDS}

    membership = membership_update(
        membership=person.memberships.get(),
        member_data=data,
        membership_data={"left_on": datetime.date(2026, 1, 1)},
        member_version=None,
        membership_version=None,
    )

    assert membership.left_on == datetime.date(2026, 1, 1)


def test_admin_shows_an_erased_person_read_only(client, person):
    staff = UserFactory()
    role_assign(user=staff, union=person.union, kind=RoleKind.STAFF)
    member_anonymise(member=person, user=staff)
    client.force_login(staff)

    page = client.get(reverse("admin:members_member_change", args=[person.pk]))

    form = page.context["adminform"].form
    assert [name for name in ("full_name", "email", "phone") if name in form.fields] == []
    assert "anonymised_at" not in form.fields


def test_change_reasons_naming_the_person_are_scrubbed(person):
    membership = person.memberships.get()
    membership._change_reason = "Sửa theo đề nghị của Lê Thị Hoa"
    membership.save()

    member_anonymise(member=person, user=make_user("staff", person.union))

    reasons = list(
        Membership.history.filter(id=membership.pk).values_list("history_change_reason", flat=True)
    )
    assert [reason for reason in reasons if reason and "Lê Thị Hoa" in reason] == []
    assert any(reason and ANONYMOUS_PREFIX in reason for reason in reasons)
