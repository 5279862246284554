"""Consent: legal basis and consent on a person, versioned printable consent texts, the import's
consent columns, the directory's filter and exports that need consent."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import translation

from core.concurrency import VERSION_FIELD
from core.imports import records_import
from members.models import ConsentText, Member, PersonalDataAccess
from members.privacy import consent
from tests.conftest import make_user, role_users, statuses
from tests.factories import MembershipFactory, SocietyFactory, UnionFactory

from ..associations.import_helpers import csv_bytes


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def world():
    union = UnionFactory()
    society = SocietyFactory(union=union, name="Hội Thử Nghiệm")
    sibling = SocietyFactory(union=union)
    membership = MembershipFactory(society=society, member__union=union, member__full_name="An")
    users = role_users(union, own=society, other_union=UnionFactory())
    return {
        "union": union,
        "society": society,
        "sibling": sibling,
        "member": membership.member,
        "users": users,
    }


def consent_form(client, member):
    url = reverse("members:privacy_member_consent", args=[member.pk])
    return url, client.get(url).context["form"][VERSION_FIELD].value()


# --- a person's consent ---------------------------------------------------------------------


@pytest.mark.django_db
def test_staff_record_consent_and_are_named_as_who_recorded_it(client, world):
    staff = world["users"]["staff"]
    text = consent.consent_text_create(
        union=world["union"],
        title="Phiếu",
        body="…",
        purpose="Quản lý",
        effective_from="2026-01-01",
    )
    client.force_login(staff)
    url, version = consent_form(client, world["member"])
    response = client.post(
        url,
        {
            "legal_basis": "consent",
            "consent_text": text.pk,
            "consent_given_on": "2026-02-03",
            "consent_method": "in_person",
            "consent_withdrawn_on": "",
            VERSION_FIELD: version,
        },
    )
    member = Member.objects.get(pk=world["member"].pk)
    assert (response.status_code, member.consent_given_on, member.consent_method) == (
        302,
        datetime.date(2026, 2, 3),
        "in_person",
    )
    assert (member.consent_recorded_by, member.consent_text) == (staff, text)


@pytest.mark.django_db
def test_consent_form_refuses_a_stale_save(client, world):
    client.force_login(world["users"]["staff"])
    url, version = consent_form(client, world["member"])
    Member.objects.filter(pk=world["member"].pk).update(consent_method="email")
    response = client.post(
        url,
        {
            "legal_basis": "consent",
            "consent_given_on": "2026-02-03",
            "consent_method": "paper",
            VERSION_FIELD: version,
        },
    )
    assert (response.status_code, Member.objects.get(pk=world["member"].pk).consent_method) == (
        200,
        "email",
    )
    assert response.context["form"].non_field_errors()


@pytest.mark.django_db
def test_consent_cannot_be_withdrawn_before_it_was_given(client, world):
    client.force_login(world["users"]["staff"])
    url, version = consent_form(client, world["member"])
    response = client.post(
        url,
        {
            "legal_basis": "consent",
            "consent_given_on": "2026-02-03",
            "consent_method": "paper",
            "consent_withdrawn_on": "2026-01-03",
            VERSION_FIELD: version,
        },
    )
    assert list(response.context["form"].errors) == ["consent_withdrawn_on"]


@pytest.mark.django_db
def test_consent_form_for_each_role(client, world):
    url = reverse("members:privacy_member_consent", args=[world["member"].pk])
    assert statuses(client, world["users"], url) == {
        "staff": 200,
        "leadership": 403,
        "officer": 200,
        "expert": 403,
        "judge": 403,
        "other_staff": 404,
        "anonymous": 302,
    }


@pytest.mark.django_db
def test_officer_of_another_society_cannot_record_consent(client, world):
    other = MembershipFactory(society=world["sibling"], member__union=world["union"]).member
    client.force_login(world["users"]["officer"])
    response = client.get(reverse("members:privacy_member_consent", args=[other.pk]))
    assert response.status_code == 404


@pytest.mark.django_db
def test_member_page_shows_the_consent(client, world):
    Member.objects.filter(pk=world["member"].pk).update(
        consent_given_on=datetime.date(2026, 2, 3), consent_method="email"
    )
    client.force_login(world["users"]["staff"])
    html = client.get(reverse("members:member_detail", args=[world["member"].pk])).content.decode()
    assert ("Legal basis and consent" in html, "03/02/2026" in html or "2/3/2026" in html) == (
        True,
        True,
    )


# --- consent texts ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_new_consent_text_is_a_new_version_and_the_old_one_stays(client, world):
    client.force_login(world["users"]["staff"])
    url = reverse("members:privacy_consent_text_add")
    for title in ("Phiếu 2026", "Phiếu 2027"):
        client.post(
            url,
            {
                "title": title,
                "purpose": "Quản lý",
                "body": "Nội dung",
                "effective_from": "2026-01-01",
            },
        )
    texts = list(
        ConsentText.objects.order_by("version").values_list("version", "title", "created_by")
    )
    staff = world["users"]["staff"].pk
    assert texts == [(1, "Phiếu 2026", staff), (2, "Phiếu 2027", staff)]


@pytest.mark.django_db
def test_consent_text_prints_with_the_persons_name(client, world):
    text = consent.consent_text_create(
        union=world["union"],
        title="Phiếu",
        body="…",
        purpose="Quản lý",
        effective_from="2026-01-01",
    )
    client.force_login(world["users"]["staff"])
    response = client.get(
        reverse("members:privacy_member_consent_print", args=[world["member"].pk]), follow=True
    )
    assert (response.context["text"], response.context["member"]) == (text, world["member"])
    assert "<strong>An</strong>" in response.content.decode()


@pytest.mark.django_db
def test_consent_texts_are_for_staff_only(client, world):
    got = statuses(client, world["users"], reverse("members:privacy_consent_texts"))
    assert (got["staff"], got["leadership"], got["officer"]) == (200, 403, 403)


# --- import -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_members_import_records_the_consent_columns(world):
    importer = make_user("staff", world["union"])
    rows = [
        ["full_name", "society", "joined_on", "member_code", "legal_basis", "consent_given_on",
         "consent_method", "consent_withdrawn_on"],
        ["Bình", "Hội Thử Nghiệm", "2020-01-01", "C1", "Đồng ý", "05/01/2026", "Giấy", ""],
        ["Chi", "Hội Thử Nghiệm", "2020-01-01", "C2", "", "2026-01-06", "", "2026-02-01"],
        ["Dung", "Hội Thử Nghiệm", "2020-01-01", "C3", "Điều lệ", "", "", ""],
    ]  # fmt: skip
    result = records_import(
        kind="members", file=csv_bytes(rows), filename="m.csv", union=world["union"], user=importer
    )
    assert result.ok, result.errors
    got = list(
        Member.objects.filter(member_code__in=["C1", "C2", "C3"])
        .order_by("member_code")
        .values_list(
            "legal_basis", "consent_given_on", "consent_method", "consent_withdrawn_on",
            "consent_recorded_by",
        )
    )  # fmt: skip
    assert got == [
        ("consent", datetime.date(2026, 1, 5), "paper", None, importer.pk),
        ("consent", datetime.date(2026, 1, 6), "import", datetime.date(2026, 2, 1), importer.pk),
        ("contract", None, "", None, importer.pk),
    ]


@pytest.mark.django_db
def test_members_import_refuses_a_withdrawal_before_the_consent(world):
    rows = [
        ["full_name", "society", "joined_on", "consent_given_on", "consent_withdrawn_on"],
        ["Bình", "Hội Thử Nghiệm", "2020-01-01", "2026-02-01", "2026-01-01"],
    ]
    result = records_import(
        kind="members", file=csv_bytes(rows), filename="m.csv", union=world["union"]
    )
    assert [issue.column for issue in result.errors] == ["consent_withdrawn_on"]


# --- the directory and its exports ---------------------------------------------------------------


@pytest.fixture
def people(world):
    union, society = world["union"], world["society"]

    def person(name, **fields):
        return MembershipFactory(
            society=society,
            member__union=union,
            member__full_name=name,
            **{f"member__{key}": value for key, value in fields.items()},
        ).member

    return {
        "given": world["member"],
        "none": person("Không Đồng Ý", consent_given_on=None, consent_method=""),
        "withdrawn": person("Đã Rút", consent_withdrawn_on=datetime.date(2026, 3, 1)),
        "restricted": person("Hạn Chế", processing_restricted=True),
        "charter": person("Điều Lệ", legal_basis="contract", consent_given_on=None),
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("without", {"none", "withdrawn"}),
        ("withdrawn", {"withdrawn"}),
        ("restricted", {"restricted"}),
    ],
)
def test_directory_filters_people_by_consent(client, world, people, value, expected):
    client.force_login(world["users"]["staff"])
    response = client.get(reverse("members:directory"), {"consent": value})
    shown = {m.pk for m in response.context["members"]}
    assert shown == {people[name].pk for name in expected}


@pytest.mark.django_db
def test_export_leaves_out_people_without_consent_withdrawn_or_restricted(client, world, people):
    client.force_login(world["users"]["staff"])
    response = client.get(reverse("members:export", args=["csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    names = sorted(row[1] for row in rows[1:])
    assert names == sorted([people["given"].full_name, people["charter"].full_name])


@pytest.mark.django_db
def test_withdrawing_consent_removes_the_person_from_the_export(client, world):
    client.force_login(world["users"]["staff"])
    url = reverse("members:export", args=["csv"])
    before = client.get(url).content.decode("utf-8-sig").count("\n")
    Member.objects.filter(pk=world["member"].pk).update(
        consent_withdrawn_on=datetime.date(2026, 5, 1)
    )
    after = client.get(url).content.decode("utf-8-sig").count("\n")
    assert (before, after) == (2, 1)


@pytest.mark.django_db
def test_counts_are_not_affected_by_consent(client, world, people):
    client.force_login(world["users"]["staff"])
    response = client.get(reverse("members:directory"))
    assert response.context["paginator"].count == 5


@pytest.mark.django_db
def test_every_export_is_logged_with_its_filters_staff_included(client, world):
    client.force_login(world["users"]["staff"])
    client.get(reverse("members:export", args=["xlsx"]), {"q": "An", "gender": "male"})
    entry = PersonalDataAccess.objects.get()
    assert (entry.action, entry.user, entry.union_id, entry.member) == (
        "export",
        world["users"]["staff"],
        world["union"].pk,
        None,
    )
    assert "gender=male" in entry.detail and "q=An" in entry.detail
