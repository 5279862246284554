"""Optimistic concurrency (core/concurrency.py): no save silently overwrites another.

The first tests run on every database. The guard rail at the end needs PostgreSQL (row locks
and real concurrent connections); it is skipped on SQLite, the local default, and runs in CI.
"""

import datetime
import random
import threading
import time

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client
from django.urls import reverse
from django.utils import translation

from associations.accounts import role_assign
from associations.forms import ActivityForm
from associations.models import RoleKind
from core.concurrency import VERSION_FIELD, StaleVersion, Version, current_version
from members import services
from members.forms import MemberForm, MembershipForm
from members.models import Member, Membership
from tests.conftest import make_user
from tests.factories import ActivityFactory, MembershipFactory, SocietyFactory, UserFactory

STALE = "Someone else changed this record after you opened it"
ATTEMPTS = 5  # a refused officer opens the page again, as a user would
PAGE_SAVERS = 10
ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def own():
    society = SocietyFactory()
    membership = MembershipFactory(society=society, member__union=society.union)
    officer = make_user("officer", society.union, societies=[society])
    return {"society": society, "membership": membership, "officer": officer}


def edit_url(own) -> str:
    return reverse("members:membership_edit", args=[own["society"].pk, own["membership"].pk])


def posted_back(*forms) -> dict:
    """What a page showing `forms` posts back unchanged: every field with its shown value."""
    data = {}
    for form in forms:
        for field in form:
            value = field.value()
            data[field.html_name] = "" if value is None else value
    return data


def opened(client, url) -> dict:
    """The edit page opened now, as it would be posted back unchanged."""
    context = client.get(url).context
    return posted_back(context["member_form"], context["membership_form"])


def opened_in_thread(client, url, membership_pk: int) -> dict:
    """The same from a thread: the test client's captured context is shared between threads,
    so the page is fetched (and must answer) but its forms are built here."""
    assert client.get(url).status_code == 200
    membership = Membership.objects.select_related("member__union").get(pk=membership_pk)
    member = membership.member
    return posted_back(
        MemberForm(instance=member, union=member.union, prefix="member"),
        MembershipForm(instance=membership, prefix="membership"),
    )


# --- the version ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_version_changes_with_any_write_path_of_a_shown_field(own):
    member = own["membership"].member
    fields = ("full_name", "workplace")
    before = current_version(Member, member.pk, fields)

    Member.objects.filter(pk=member.pk).update(workplace="Bệnh viện")  # as imports and SQL do

    assert current_version(Member, member.pk, fields) != before


@pytest.mark.django_db
def test_version_ignores_fields_the_form_does_not_show(own):
    member = own["membership"].member
    before = current_version(Member, member.pk, ("full_name",))

    Member.objects.filter(pk=member.pk).update(workplace="Bệnh viện")

    assert current_version(Member, member.pk, ("full_name",)) == before


@pytest.mark.django_db
def test_service_refuses_a_stale_version_and_writes_nothing(own):
    membership = own["membership"]
    member_form = MemberForm(instance=membership.member, union=membership.member.union)
    fields = member_form.version_fields
    stale = Version(current_version(Member, membership.member_id, fields), fields)
    Member.objects.filter(pk=membership.member_id).update(full_name="Người khác sửa")

    with pytest.raises(StaleVersion):
        services.membership_update(
            membership=membership,
            member_data={"full_name": "Tôi sửa"},
            membership_data={},
            member_version=stale,
            membership_version=None,
        )

    assert Member.objects.get(pk=membership.member_id).full_name == "Người khác sửa"


@pytest.mark.django_db
def test_a_form_carries_the_version_of_the_values_it_shows_not_of_a_later_save(own):
    """The record is read, someone saves, then the form is built on what was read: the form
    shows the old values, so it must carry the old version, and its save must be refused."""
    member = Member.objects.get(pk=own["membership"].member_id)
    Member.objects.filter(pk=member.pk).update(workplace="Người khác sửa")

    form = MemberForm(instance=member, union=member.union)

    assert form.initial["workplace"] != "Người khác sửa"
    fields = form.version_fields
    assert form.initial[VERSION_FIELD] != current_version(Member, member.pk, fields)
    with pytest.raises(StaleVersion):
        services.membership_update(
            membership=own["membership"],
            member_data={"full_name": "Tôi sửa"},
            membership_data={},
            member_version=Version(form.initial[VERSION_FIELD], fields),
            membership_version=None,
        )


@pytest.mark.django_db
def test_a_form_on_an_unchanged_record_has_the_database_version(own):
    member = Member.objects.get(pk=own["membership"].member_id)

    form = MemberForm(instance=member, union=member.union)

    assert form.initial[VERSION_FIELD] == current_version(Member, member.pk, form.version_fields)


# --- the portal -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_second_of_two_stale_portal_saves_is_refused_and_keeps_the_input(client, own):
    client.force_login(own["officer"])
    url = edit_url(own)
    first, second = opened(client, url), opened(client, url)

    saved = client.post(url, {**first, "member-full_name": "Lưu Trước"})
    refused = client.post(
        url, {**second, "member-full_name": "Lưu Sau", "member-workplace": "Trường học"}
    )

    assert saved.status_code == 302
    assert refused.status_code == 200
    form = refused.context["member_form"]
    errors = form.non_field_errors()
    assert errors[0].startswith(STALE)
    assert (
        errors[1]
        == "Current values that differ from yours: Full name: Lưu Trước; Workplace: (empty)."
    )
    assert (form["full_name"].value(), form["workplace"].value()) == ("Lưu Sau", "Trường học")
    assert Member.objects.get(pk=own["membership"].member_id).full_name == "Lưu Trước"


@pytest.mark.django_db
def test_saving_again_after_a_conflict_applies_the_users_values(client, own):
    client.force_login(own["officer"])
    url = edit_url(own)
    first, second = opened(client, url), opened(client, url)
    client.post(url, {**first, "member-full_name": "Lưu Trước"})
    refused = client.post(url, {**second, "member-full_name": "Lưu Sau"})
    shown_again = {
        field.html_name: "" if field.value() is None else field.value()
        for form in (refused.context["member_form"], refused.context["membership_form"])
        for field in form
    }

    again = client.post(url, shown_again)

    assert again.status_code == 302
    assert Member.objects.get(pk=own["membership"].member_id).full_name == "Lưu Sau"


@pytest.mark.django_db
def test_membership_dates_changed_meanwhile_refuse_the_save(client, own):
    client.force_login(own["officer"])
    url = edit_url(own)
    data = opened(client, url)
    Membership.objects.filter(pk=own["membership"].pk).update(joined_on=datetime.date(2016, 1, 1))

    response = client.post(url, {**data, "membership-joined_on": "2015-02-01"})

    assert response.status_code == 200
    assert response.context["membership_form"].non_field_errors()[0].startswith(STALE)
    assert Membership.objects.get(pk=own["membership"].pk).joined_on == datetime.date(2016, 1, 1)


@pytest.mark.django_db
def test_a_save_without_a_version_is_refused(client, own):
    client.force_login(own["officer"])
    url = edit_url(own)
    data = opened(client, url)
    del data[f"member-{VERSION_FIELD}"]

    response = client.post(url, {**data, "member-full_name": "Không phiên bản"})

    assert response.status_code == 200
    assert response.context["member_form"].non_field_errors()[0].startswith(STALE)
    assert Member.objects.get(pk=own["membership"].member_id).full_name != "Không phiên bản"


@pytest.mark.django_db
def test_stale_activity_save_is_refused(client, own):
    activity = ActivityFactory(society=own["society"])
    client.force_login(own["officer"])
    url = reverse("activity_edit", args=[own["society"].pk, activity.pk])
    version = ActivityForm(instance=activity).initial[VERSION_FIELD]
    data = {
        "kind": "workshop", "title": "Của tôi", "held_on": "2023-05-20", "partners": "",
        "participants": "10", "amount_vnd": "", "notes": "", VERSION_FIELD: version,
    }  # fmt: skip
    type(activity).objects.filter(pk=activity.pk).update(title="Của người khác")

    response = client.post(url, data)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()[0].startswith(STALE)
    activity.refresh_from_db()
    assert activity.title == "Của người khác"


# --- the admin ------------------------------------------------------------------------------------


def admin_data(client, url) -> dict:
    context = client.get(url).context
    data = {}
    forms = [context["adminform"].form]
    for inline in context.get("inline_admin_formsets", []):
        forms += [inline.formset.management_form, *inline.formset.forms]
    for form in forms:
        for field in form:
            value = field.value()
            if value is None or value is False:
                continue
            data[field.html_name] = value.isoformat() if hasattr(value, "isoformat") else value
    return data


@pytest.mark.django_db
def test_admin_second_of_two_stale_saves_is_refused(client, own):
    staff = UserFactory()
    role_assign(user=staff, union=own["society"].union, kind=RoleKind.STAFF)
    client.force_login(staff)
    url = reverse("admin:members_member_change", args=[own["membership"].member_id])
    first, second = admin_data(client, url), admin_data(client, url)

    saved = client.post(url, {**first, "full_name": "Văn phòng một"})
    refused = client.post(url, {**second, "full_name": "Văn phòng hai"})

    assert saved.status_code == 302
    assert refused.status_code == 200
    form = refused.context["adminform"].form
    assert form.non_field_errors()[0].startswith(STALE)
    assert "Full name: Văn phòng một" in form.non_field_errors()[1]
    assert form["full_name"].value() == "Văn phòng hai"
    assert Member.objects.get(pk=own["membership"].member_id).full_name == "Văn phòng một"


@pytest.mark.django_db
def test_admin_inline_membership_changed_meanwhile_is_refused(client, own):
    staff = UserFactory()
    role_assign(user=staff, union=own["society"].union, kind=RoleKind.STAFF)
    client.force_login(staff)
    url = reverse("admin:members_member_change", args=[own["membership"].member_id])
    data = admin_data(client, url)
    Membership.objects.filter(pk=own["membership"].pk).update(joined_on=datetime.date(2016, 1, 1))

    response = client.post(url, {**data, "memberships-0-joined_on": "2014-01-01"})

    assert response.status_code == 200
    (inline,) = response.context["inline_admin_formsets"]
    assert inline.formset.forms[0].non_field_errors()[0].startswith(STALE)
    assert Membership.objects.get(pk=own["membership"].pk).joined_on == datetime.date(2016, 1, 1)


# --- guard rail: concurrent saves on PostgreSQL ---------------------------------------------------

postgresql_only = pytest.mark.skipif(
    not ON_POSTGRESQL,
    reason="row locks and concurrent connections need PostgreSQL (set DATABASE_URL; CI does)",
)


def _in_threads(count: int, work) -> list:
    """Run `work(i)` in `count` threads started together, each with its own DB connection."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(index):
        try:
            barrier.wait()
            results[index] = work(index)
        except Exception as error:  # noqa: BLE001 - reported by the test
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_saves_of_one_version_apply_exactly_one(own):
    membership = own["membership"]
    fields = MemberForm(instance=membership.member, union=membership.member.union).version_fields
    version = Version(current_version(Member, membership.member_id, fields), fields)

    def save(index):
        try:
            services.membership_update(
                membership=membership,
                member_data={"full_name": f"Lưu số {index}"},
                membership_data={},
                member_version=version,
                membership_version=None,
            )
        except StaleVersion:
            return "refused"
        return "applied"

    results = _in_threads(2, save)

    assert sorted(results) == ["applied", "refused"]
    name = Member.objects.get(pk=membership.member_id).full_name
    assert name == f"Lưu số {results.index('applied')}"


def _increment(membership_pk: int, label: str) -> str:
    """What one officer's save does: open the edit forms, add one to `workplace`, save."""
    membership = Membership.objects.select_related("member").get(pk=membership_pk)
    member = membership.member
    member_form = MemberForm(instance=member, union=member.union)
    membership_form = MembershipForm(instance=membership)
    member_version = Version(member_form.initial[VERSION_FIELD], member_form.version_fields)
    membership_version = Version(
        membership_form.initial[VERSION_FIELD], membership_form.version_fields
    )
    time.sleep(random.uniform(0, 0.02))  # the user typing: others may save meanwhile
    try:
        services.membership_update(
            membership=membership,
            member_data={"workplace": str(int(member.workplace) + 1), "position": label},
            membership_data={"leave_reason": ""},
            member_version=member_version,
            membership_version=membership_version,
        )
    except StaleVersion:
        return "refused"
    return "applied"


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_officer_saves_lose_no_update(own, capsys):
    """50 officers add one to a counter kept in `workplace`, each retrying when refused.

    Every save is applied or refused as stale; nothing else goes wrong; the counter equals the
    number of applied saves (a lost update would leave it lower); the record is the last
    applied save (its history's last entry).
    """
    Member.objects.filter(pk=own["membership"].member_id).update(workplace="0")
    pk = own["membership"].pk

    def save(index):
        random.seed(index)
        outcomes = []
        for _ in range(ATTEMPTS):
            outcomes.append(_increment(pk, f"officer {index}"))
            if outcomes[-1] == "applied":
                break
        return outcomes

    results = _in_threads(50, save)

    outcomes = [o for r in results for o in (r if isinstance(r, list) else [repr(r)])]
    unexpected = [o for o in outcomes if o not in ("applied", "refused")]
    applied = [i for i, r in enumerate(results) if isinstance(r, list) and "applied" in r]
    member = Member.objects.get(pk=own["membership"].member_id)
    last = member.history.order_by("history_date", "history_id").last()
    with capsys.disabled():
        print(
            f"\n50 concurrent officers, {len(outcomes)} saves: {outcomes.count('applied')} "
            f"applied, {outcomes.count('refused')} refused, {len(unexpected)} unexpected, "
            f"{outcomes.count('applied') - int(member.workplace)} lost updates"
        )
    assert unexpected == []
    assert int(member.workplace) == outcomes.count("applied") == len(applied)
    assert (member.position, member.workplace) == (last.position, last.workplace)
    assert int(last.position.split()[-1]) in applied


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_portal_saves_answer_no_server_error(own):
    """Officers saving the same page at once through the views: saved or refused, never a 500."""
    society, union = own["society"], own["society"].union
    officers = [own["officer"]] + [
        make_user("officer", union, societies=[society]) for _ in range(PAGE_SAVERS - 1)
    ]
    url = edit_url(own)

    def save(index):
        client = Client(raise_request_exception=False)
        client.force_login(officers[index])
        data = opened_in_thread(client, url, own["membership"].pk)
        response = client.post(url, {**data, "member-position": f"officer {index}"})
        if response.status_code == 302:
            return "applied"
        if response.status_code == 200 and STALE in response.content.decode():
            return "refused"
        return f"unexpected {response.status_code}"

    results = _in_threads(PAGE_SAVERS, save)

    assert set(results) <= {"applied", "refused"}, results
    assert "applied" in results
    position = Member.objects.get(pk=own["membership"].member_id).position
    assert results[int(position.split()[-1])] == "applied"


@pytest.mark.django_db
def test_admin_history_revert_is_checked_against_the_current_record(client, own):
    staff = UserFactory()
    role_assign(user=staff, union=own["society"].union, kind=RoleKind.STAFF)
    client.force_login(staff)
    member = own["membership"].member
    original = member.full_name
    member.full_name = "Tên mới"
    member.save()
    first = member.history.order_by("history_date").first()
    url = reverse("admin:members_member_simple_history", args=[member.pk, first.history_id])
    data = admin_data(client, url)
    Member.objects.filter(pk=member.pk).update(full_name="Người khác sửa")

    refused = client.post(url, data)
    reverted = client.post(url, {**data, **posted_back(refused.context["adminform"].form)})

    assert refused.status_code == 200
    assert refused.context["adminform"].form.non_field_errors()[0].startswith(STALE)
    assert reverted.status_code == 302
    assert Member.objects.get(pk=member.pk).full_name == original


@pytest.mark.django_db
def test_a_field_written_without_its_own_form_field_is_part_of_the_version(own):
    from django import forms

    from core.concurrency import VersionedFormMixin

    class NoteForm(VersionedFormMixin, forms.ModelForm):
        """Writes `workplace` through a differently named field."""

        version_extra_fields = ("workplace",)
        note = forms.CharField(required=False)

        class Meta:
            model = Member
            fields = ["full_name"]

    member = own["membership"].member
    shown = NoteForm(instance=member)
    Member.objects.filter(pk=member.pk).update(workplace="Đã đổi")

    form = NoteForm(
        {"full_name": member.full_name, "note": "x", VERSION_FIELD: shown.initial[VERSION_FIELD]},
        instance=member,
    )

    assert "workplace" in form.version_fields
    assert not form.is_valid()
    assert form.non_field_errors()[0].startswith(STALE)
