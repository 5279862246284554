"""The admin's history pages (list, record, revert) answer only inside the user's unions."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from associations.accounts import role_assign
from associations.models import RoleKind, Society
from members.models import ConsentText, DataSubjectRequest
from tests.admin_helpers import post_with_version

from ..factories import (
    ActivityFactory,
    CommendationFactory,
    CommitteeSeatFactory,
    MemberFactory,
    MembershipFactory,
    RoleFactory,
    SocietyFactory,
    TermFactory,
    TermReportFactory,
    UnionFactory,
    UserFactory,
)

D2026 = datetime.date(2026, 3, 2)


def staff_of(union):
    user = UserFactory()
    role_assign(user=user, union=union, kind=RoleKind.STAFF)
    return user


# One record of each admin with history, made in `union`.
RECORDS = {
    "associations.union": lambda union: union,
    "associations.term": lambda union: TermFactory(union=union),
    "associations.society": lambda union: SocietyFactory(union=union),
    "associations.role": lambda union: RoleFactory(union=union, kind=RoleKind.EXPERT),
    "associations.activity": lambda union: ActivityFactory(society=SocietyFactory(union=union)),
    "members.commendation": lambda union: CommendationFactory(union=union),
    "members.committeeseat": lambda union: CommitteeSeatFactory(term=TermFactory(union=union)),
    "members.member": lambda union: MemberFactory(union=union),
    "members.membership": lambda union: MembershipFactory(
        member=MemberFactory(union=union), society=SocietyFactory(union=union)
    ),
    "reports.termreport": lambda union: TermReportFactory(term=TermFactory(union=union)),
    "members.consenttext": lambda union: ConsentText.objects.create(
        union=union, version=1, title="Phiếu", body="…", purpose="…", effective_from=D2026
    ),
    "members.datasubjectrequest": lambda union: DataSubjectRequest.objects.create(
        union=union,
        member=MemberFactory(union=union),
        kind="access",
        received_on=D2026,
        due_on=D2026,
    ),
}


def admin_url(obj, view, *args):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk, *args])


def latest_history_id(obj):
    return obj.history.order_by("-history_date").first().history_id


@pytest.fixture
def unions():
    return UnionFactory(), UnionFactory()


@pytest.mark.django_db
@pytest.mark.parametrize("label", sorted(RECORDS))
def test_history_pages_of_another_union_are_not_found(client, unions, label):
    own, other = unions
    record = RECORDS[label](other)
    history_id = latest_history_id(record)
    client.force_login(staff_of(own))

    found = [
        client.get(admin_url(record, "history")).status_code,
        client.get(admin_url(record, "simple_history", history_id)).status_code,
        post_with_version(client, admin_url(record, "simple_history", history_id), {}).status_code,
    ]

    assert found == [404, 404, 404]


@pytest.mark.django_db
@pytest.mark.parametrize("label", sorted(RECORDS))
def test_history_pages_of_own_union_answer(client, unions, label):
    own, _other = unions
    record = RECORDS[label](own)
    client.force_login(staff_of(own))

    found = [
        client.get(admin_url(record, "history")).status_code,
        client.get(admin_url(record, "simple_history", latest_history_id(record))).status_code,
    ]

    assert found == [200, 200]


@pytest.mark.django_db
def test_history_revert_of_another_unions_society_changes_nothing(client, unions):
    own, other = unions
    society = SocietyFactory(union=other, contact="Văn phòng hội")
    history_id = latest_history_id(society)
    client.force_login(staff_of(own))

    response = post_with_version(
        client,
        admin_url(society, "simple_history", history_id),
        {"union": own.pk, "name": society.name, "kind": society.kind, "contact": "Kẻ lạ"},
    )

    society.refresh_from_db()
    assert response.status_code == 404
    assert (society.union_id, society.contact) == (other.pk, "Văn phòng hội")


@pytest.mark.django_db
def test_history_revert_of_own_society_cannot_move_it_to_another_union(client, unions):
    own, other = unions
    society = SocietyFactory(union=own, contact="Văn phòng hội")
    client.force_login(staff_of(own))

    response = post_with_version(
        client,
        admin_url(society, "simple_history", latest_history_id(society)),
        {"union": other.pk, "name": society.name, "kind": society.kind, "contact": "Mới"},
    )

    society.refresh_from_db()
    assert response.status_code == 200  # the form again, with "not a valid choice"
    assert response.context["adminform"].form.errors["union"]
    assert (society.union_id, society.contact) == (own.pk, "Văn phòng hội")


@pytest.mark.django_db
def test_history_revert_of_own_society_restores_the_record(client, unions):
    own, _other = unions
    society = SocietyFactory(union=own, contact="Cũ")
    first = latest_history_id(society)
    society.contact = "Mới"
    society.save()
    client.force_login(staff_of(own))

    response = post_with_version(
        client,
        admin_url(society, "simple_history", first),
        {"union": own.pk, "name": society.name, "kind": society.kind, "contact": "Cũ"},
    )

    society.refresh_from_db()
    assert response.status_code == 302
    assert society.contact == "Cũ"


@pytest.mark.django_db
def test_history_revert_needs_the_change_permission(client, unions):
    own, _other = unions
    society = SocietyFactory(union=own, contact="Cũ")
    user = staff_of(own)
    user.groups.clear()
    user.user_permissions.add(Permission.objects.get(codename="view_society"))
    client.force_login(user)

    page = client.get(admin_url(society, "simple_history", latest_history_id(society)))
    response = post_with_version(
        client,
        admin_url(society, "simple_history", latest_history_id(society)),
        {"union": own.pk, "name": society.name, "kind": society.kind, "contact": "Mới"},
    )

    society.refresh_from_db()
    assert (page.status_code, response.status_code) == (200, 403)
    assert society.contact == "Cũ"


@pytest.mark.django_db
def test_union_history_record_answers_for_its_staff(client, unions):
    own, _other = unions  # staff do not edit the slug, so the form has none to prepopulate
    client.force_login(staff_of(own))

    response = client.get(admin_url(own, "simple_history", latest_history_id(own)))

    assert response.status_code == 200


@pytest.mark.django_db
def test_history_of_a_society_that_moved_shows_each_union_its_own_records(client, unions):
    own, other = unions
    society = SocietyFactory(union=own, contact="Khi còn ở hội cũ")
    society.union = other
    society.contact = "Sau khi chuyển"
    society.save()
    records = {r.union_id: r.history_id for r in society.history.all()}
    own_staff, other_staff = staff_of(own), staff_of(other)

    client.force_login(own_staff)
    seen_by_own = client.get(admin_url(society, "history"))
    own_reads_other = client.get(admin_url(society, "simple_history", records[other.pk]))
    client.force_login(other_staff)
    seen_by_other = client.get(admin_url(society, "history"))
    other_reads_own = client.get(admin_url(society, "simple_history", records[own.pk]))

    assert [r.history_id for r in seen_by_own.context["page_obj"]] == [records[own.pk]]
    assert [r.history_id for r in seen_by_other.context["page_obj"]] == [records[other.pk]]
    assert (own_reads_other.status_code, other_reads_own.status_code) == (404, 404)


@pytest.mark.django_db
def test_history_of_a_deleted_society_stays_with_its_union(client, unions):
    own, other = unions
    society = SocietyFactory(union=own)
    pk = society.pk
    society.delete()
    url = reverse("admin:associations_society_history", args=[pk])

    client.force_login(staff_of(own))
    own_answer = client.get(url)
    client.force_login(staff_of(other))
    other_answer = client.get(url)

    assert (own_answer.status_code, other_answer.status_code) == (200, 404)
    assert not Society.objects.filter(pk=pk).exists()
