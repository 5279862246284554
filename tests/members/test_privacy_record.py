"""The processing record page and minimisation: optional details, each saying why it is asked."""

import pytest
from django.urls import reverse
from django.utils import translation

from associations.accounts import role_assign
from associations.models import RoleKind
from members.forms import MemberForm
from members.models import PERSON_DETAIL_FIELDS, Member
from members.privacy.record import PURPOSES, access_table, processing_record
from tests.conftest import make_user
from tests.factories import UnionFactory, UserFactory

URL = "/privacy/record/"


def test_every_detail_of_a_person_has_a_purpose():
    assert set(PURPOSES) == {"full_name", "member_code", *PERSON_DETAIL_FIELDS}


def test_access_table_follows_the_permission_rules():
    with translation.override("en"):
        table = access_table()

    rows = {row["label"]: row["cells"] for row in table["rows"]}
    assert table["roles"] == ["Union staff", "Leadership", "Society officer", "Expert", "Judge"]
    assert rows["Members' details (directory, person's page)"] == [
        "whole union",
        "whole union",
        "own societies",
        "—",
        "—",
    ]
    assert rows["Erase a person; yearly retention review"] == [
        "whole union",
        "—",
        "—",
        "—",
        "—",
    ]


@pytest.mark.django_db
def test_record_lists_every_personal_table_and_the_breach_deadline(settings):
    settings.PERSONAL_DATA_BREACH_NOTIFY_HOURS = 72

    record = processing_record()

    tables = {table for data_set in record["data_sets"] for table in data_set.tables}
    assert {"members_member", "members_historicalmember", "members_membership"} <= tables
    assert record["breach_hours"] == 72


@pytest.mark.django_db
def test_record_page_shows_purposes_and_deadline(client):
    union = UnionFactory()
    client.force_login(make_user("staff", union))

    with translation.override("vi"):
        page = client.get(URL, HTTP_ACCEPT_LANGUAGE="vi").content.decode()

    assert "members_historicalmember" in page
    assert "72" in page


@pytest.mark.django_db
def test_record_page_names_processors_by_host_only(client, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "smtp.example.vn"
    settings.REDIS_URL = "redis://:secret@cache.example.vn:6379/0"
    client.force_login(make_user("staff", UnionFactory()))

    page = client.get(URL).content.decode()

    assert "smtp.example.vn" in page
    assert "cache.example.vn" in page
    assert "secret" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["leadership", "officer", "expert", "judge"])
def test_record_page_is_staff_only(client, kind):
    client.force_login(make_user(kind, UnionFactory()))

    assert client.get(URL).status_code == 403


# --- minimisation -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_member_form_accepts_every_detail_blank():
    union = UnionFactory()
    data = {name: "" for name in PERSON_DETAIL_FIELDS} | {"full_name": "Lê Văn Tối Thiểu"}

    form = MemberForm(data, union=union)

    assert form.is_valid(), form.errors
    assert [name for name, field in form.fields.items() if field.required] == ["full_name"]


@pytest.mark.django_db
def test_member_form_says_why_each_detail_is_asked():
    form = MemberForm(union=UnionFactory())

    for name in PERSON_DETAIL_FIELDS:
        assert form.fields[name].help_text == PURPOSES[name]


@pytest.mark.django_db
def test_admin_member_form_accepts_details_blank_and_says_why(client):
    union = UnionFactory()
    staff = UserFactory()
    role_assign(user=staff, union=union, kind=RoleKind.STAFF)
    client.force_login(staff)
    member = Member.objects.create(union=union, full_name="Lê Văn Tối Thiểu")

    page = client.get(reverse("admin:members_member_change", args=[member.pk]))

    form = page.context["adminform"].form
    assert [name for name in PERSON_DETAIL_FIELDS if form.fields[name].required] == []
    assert form.fields["email"].help_text == PURPOSES["email"]


def test_purposes_are_translated():
    with translation.override("vi"):
        texts = [str(text) for text in PURPOSES.values()]
    with translation.override("en"):
        english = [str(text) for text in PURPOSES.values()]
    assert [vi == en for vi, en in zip(texts, english, strict=True)] == [False] * len(PURPOSES)


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "shown"), [("staff", True), ("leadership", False)])
def test_directory_links_the_record_and_the_review_for_staff(client, kind, shown):
    client.force_login(make_user(kind, UnionFactory()))

    page = client.get(reverse("members:directory")).content.decode()

    assert (URL in page, "/privacy/retention/" in page) == (shown, shown)
