import pytest
from django.urls import reverse

from associations.accounts import STAFF_GROUP, role_assign
from associations.models import RoleKind, User
from core.concurrency import VERSION_FIELD

from ..factories import UnionFactory, UserFactory


@pytest.fixture
def staff_a():
    union = UnionFactory()
    user = UserFactory()
    role_assign(user=user, union=union, kind=RoleKind.STAFF)
    return user, union


@pytest.mark.django_db
def test_role_assign_staff_grants_admin_access(staff_a):
    user, _ = staff_a

    user.refresh_from_db()

    assert user.is_staff
    assert list(user.groups.values_list("name", flat=True)) == [STAFF_GROUP]


@pytest.mark.django_db
def test_user_admin_lists_only_own_union_users(client, staff_a):
    user, union = staff_a
    colleague = UserFactory(email="colleague@example.test")
    role_assign(user=colleague, union=union, kind=RoleKind.LEADERSHIP)
    stranger = UserFactory(email="stranger@example.test")
    role_assign(user=stranger, union=UnionFactory(), kind=RoleKind.LEADERSHIP)
    client.force_login(user)

    response = client.get(reverse("admin:associations_user_changelist"))
    detail = client.get(reverse("admin:associations_user_change", args=[stranger.pk]))

    assert response.status_code == 200
    emails = {u.email for u in response.context["cl"].result_list}
    assert emails == {user.email, colleague.email}
    assert detail.status_code == 302  # the admin redirects away from objects outside the queryset


@pytest.mark.django_db
def test_user_admin_staff_cannot_grant_superuser(client, staff_a):
    user, union = staff_a
    colleague = UserFactory(email="colleague@example.test")
    role_assign(user=colleague, union=union, kind=RoleKind.LEADERSHIP)
    client.force_login(user)
    url = reverse("admin:associations_user_change", args=[colleague.pk])
    version = client.get(url).context["adminform"].form[VERSION_FIELD].value()

    client.post(
        url,
        {
            VERSION_FIELD: version,
            "email": colleague.email,
            "full_name": "Đã đổi",
            "is_active": "on",
            "is_superuser": "on",
            "is_staff": "on",
            "roles-TOTAL_FORMS": "0",
            "roles-INITIAL_FORMS": "0",
        },
    )

    colleague = User.objects.get(pk=colleague.pk)
    assert colleague.full_name == "Đã đổi"
    assert not colleague.is_superuser
    assert not colleague.is_staff
