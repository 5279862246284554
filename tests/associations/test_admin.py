import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from associations.accounts import STAFF_GROUP, role_assign
from associations.models import Role, RoleKind, User
from core.concurrency import VERSION_FIELD
from members.models import Membership
from tests.admin_helpers import post_with_version

from ..factories import PASSWORD, MemberFactory, SocietyFactory, UnionFactory, UserFactory


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

    post_with_version(
        client,
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


# --- separation of duties: roles ----------------------------------------------------------------


def post_role(client, *, user, union, kind):
    return post_with_version(
        client,
        reverse("admin:associations_role_add"),
        {"user": user.pk, "union": union.pk, "kind": kind},
    )


@pytest.mark.django_db
def test_role_admin_staff_cannot_grant_themselves_a_role(client, staff_a):
    user, union = staff_a
    client.force_login(user)

    response = post_role(client, user=user, union=union, kind=RoleKind.EXPERT)

    assert response.status_code == 200  # the form again, with the refusal
    assert not Role.objects.filter(user=user, kind=RoleKind.EXPERT).exists()


@pytest.mark.django_db
def test_role_admin_staff_cannot_grant_leadership(client, staff_a):
    user, union = staff_a
    colleague = UserFactory()
    role_assign(user=colleague, union=union, kind=RoleKind.OFFICER)
    client.force_login(user)

    response = post_role(client, user=colleague, union=union, kind=RoleKind.LEADERSHIP)

    assert response.status_code == 200
    assert not Role.objects.filter(user=colleague, kind=RoleKind.LEADERSHIP).exists()


@pytest.mark.django_db
def test_role_admin_staff_grants_a_colleague_an_expert_role(client, staff_a):
    user, union = staff_a
    colleague = UserFactory()
    role_assign(user=colleague, union=union, kind=RoleKind.OFFICER)
    client.force_login(user)

    response = post_role(client, user=colleague, union=union, kind=RoleKind.EXPERT)

    assert response.status_code == 302
    assert Role.objects.filter(user=colleague, kind=RoleKind.EXPERT).exists()


@pytest.mark.django_db
def test_role_admin_staff_cannot_turn_a_role_into_leadership(client, staff_a):
    user, union = staff_a
    colleague = UserFactory()
    role = role_assign(user=colleague, union=union, kind=RoleKind.EXPERT)
    client.force_login(user)

    post_with_version(
        client,
        reverse("admin:associations_role_change", args=[role.pk]),
        {"user": colleague.pk, "union": union.pk, "kind": RoleKind.LEADERSHIP},
    )

    role.refresh_from_db()
    assert role.kind == RoleKind.EXPERT


@pytest.mark.django_db
def test_role_admin_own_and_leadership_roles_are_view_only_for_staff(client, staff_a):
    user, union = staff_a
    leader = UserFactory()
    leadership = Role.objects.create(user=leader, union=union, kind=RoleKind.LEADERSHIP)
    own = Role.objects.get(user=user)
    client.force_login(user)

    changed = [
        post_with_version(
            client,
            reverse("admin:associations_role_change", args=[role.pk]),
            {"user": user.pk, "union": union.pk, "kind": RoleKind.STAFF},
        ).status_code
        for role in (own, leadership)
    ]
    deleted = [
        post_with_version(
            client, reverse("admin:associations_role_delete", args=[role.pk]), {"post": "yes"}
        ).status_code
        for role in (own, leadership)
    ]

    assert (changed, deleted) == ([403, 403], [403, 403])
    assert set(Role.objects.values_list("user_id", "kind")) == {
        (user.pk, RoleKind.STAFF),
        (leader.pk, RoleKind.LEADERSHIP),
    }


@pytest.mark.django_db
def test_role_admin_superuser_grants_leadership(client, staff_a):
    _user, union = staff_a
    superuser = User.objects.create_superuser("root@example.test", "x")
    colleague = UserFactory()
    client.force_login(superuser)

    response = post_role(client, user=colleague, union=union, kind=RoleKind.LEADERSHIP)

    assert response.status_code == 302
    assert Role.objects.filter(user=colleague, kind=RoleKind.LEADERSHIP).exists()


def user_form_data(user, roles=()):
    data = {
        "email": user.email,
        "full_name": user.full_name,
        "is_active": "on",
        "roles-TOTAL_FORMS": str(len(roles)),
        "roles-INITIAL_FORMS": "0",
    }
    for index, (union, kind) in enumerate(roles):
        data[f"roles-{index}-union"] = union.pk
        data[f"roles-{index}-kind"] = kind
    return data


@pytest.mark.django_db
def test_user_admin_staff_cannot_grant_leadership_in_the_role_inline(client, staff_a):
    user, union = staff_a
    colleague = UserFactory()
    client.force_login(user)

    response = post_with_version(
        client,
        reverse("admin:associations_user_change", args=[colleague.pk]),
        user_form_data(colleague, roles=[(union, RoleKind.LEADERSHIP)]),
    )

    assert response.status_code == 200
    assert not Role.objects.filter(user=colleague).exists()


@pytest.mark.django_db
def test_user_admin_staff_cannot_add_roles_to_themselves(client, staff_a):
    user, union = staff_a
    client.force_login(user)

    post_with_version(
        client,
        reverse("admin:associations_user_change", args=[user.pk]),
        user_form_data(user, roles=[(union, RoleKind.LEADERSHIP)]),
    )

    assert list(Role.objects.filter(user=user).values_list("kind", flat=True)) == [RoleKind.STAFF]


@pytest.mark.django_db
def test_user_admin_staff_grants_an_officer_role_in_the_inline(client, staff_a):
    user, union = staff_a
    colleague = UserFactory()
    client.force_login(user)

    response = post_with_version(
        client,
        reverse("admin:associations_user_change", args=[colleague.pk]),
        user_form_data(colleague, roles=[(union, RoleKind.JUDGE)]),
    )

    assert response.status_code == 302
    assert list(Role.objects.filter(user=colleague).values_list("kind", flat=True)) == [
        RoleKind.JUDGE
    ]


@pytest.mark.django_db
def test_role_assign_refuses_own_roles_and_leadership_from_staff(staff_a):
    user, union = staff_a
    colleague = UserFactory()

    with pytest.raises(PermissionDenied):
        role_assign(user=user, union=union, kind=RoleKind.EXPERT, granted_by=user)
    with pytest.raises(PermissionDenied):
        role_assign(user=colleague, union=union, kind=RoleKind.LEADERSHIP, granted_by=user)
    with pytest.raises(PermissionDenied):
        role_assign(user=colleague, union=UnionFactory(), kind=RoleKind.EXPERT, granted_by=user)

    assert not Role.objects.exclude(user=user).exists()


@pytest.mark.django_db
def test_role_assign_by_a_superuser_grants_leadership(staff_a):
    _user, union = staff_a
    superuser = User.objects.create_superuser("root@example.test", "x")
    colleague = UserFactory()

    role = role_assign(user=colleague, union=union, kind=RoleKind.LEADERSHIP, granted_by=superuser)

    assert (role.user, role.kind) == (colleague, RoleKind.LEADERSHIP)


# --- separation of duties: passwords ------------------------------------------------------------


@pytest.mark.django_db
def test_user_admin_password_form_of_another_person_is_refused(client, staff_a):
    user, union = staff_a
    leader = UserFactory()
    role_assign(user=leader, union=union, kind=RoleKind.LEADERSHIP)
    url = reverse("admin:auth_user_password_change", args=[leader.pk])
    client.force_login(user)

    page = client.get(url)
    post = post_with_version(
        client, url, {"password1": "Mat-khau-moi-2025!", "password2": "Mat-khau-moi-2025!"}
    )

    leader.refresh_from_db()
    assert (page.status_code, post.status_code) == (403, 403)
    assert leader.check_password(PASSWORD)


@pytest.mark.django_db
def test_user_admin_password_form_is_open_to_superusers(client, staff_a):
    user, _union = staff_a
    client.force_login(User.objects.create_superuser("root@example.test", "x"))

    response = client.get(reverse("admin:auth_user_password_change", args=[user.pk]))

    assert response.status_code == 200


@pytest.mark.django_db
def test_user_admin_sends_a_password_reset_link(client, staff_a, mailoutbox):
    user, union = staff_a
    colleague = UserFactory(email="colleague@example.test")
    role_assign(user=colleague, union=union, kind=RoleKind.LEADERSHIP)
    client.force_login(user)

    response = client.post(
        reverse("admin:associations_user_send_password_reset", args=[colleague.pk])
    )

    assert response.status_code == 302
    assert [message.to for message in mailoutbox] == [[colleague.email]]
    assert "/accounts/password/reset/key/" in mailoutbox[0].body


@pytest.mark.django_db
def test_user_admin_reset_link_action_sends_one_mail_per_account(client, staff_a, mailoutbox):
    user, union = staff_a
    others = [UserFactory(), UserFactory()]
    for other in others:
        role_assign(user=other, union=union, kind=RoleKind.EXPERT)
    client.force_login(user)

    post_with_version(
        client,
        reverse("admin:associations_user_changelist"),
        {"action": "send_password_reset", "_selected_action": [o.pk for o in others]},
    )

    assert sorted(m.to[0] for m in mailoutbox) == sorted(o.email for o in others)


@pytest.mark.django_db
def test_user_admin_reset_link_of_another_union_is_not_sent(client, staff_a, mailoutbox):
    user, _union = staff_a
    stranger = UserFactory()
    role_assign(user=stranger, union=UnionFactory(), kind=RoleKind.EXPERT)
    client.force_login(user)

    response = client.post(
        reverse("admin:associations_user_send_password_reset", args=[stranger.pk])
    )

    assert response.status_code == 404
    assert mailoutbox == []


@pytest.mark.django_db
def test_user_admin_staff_create_accounts_without_a_password(client, staff_a):
    user, _union = staff_a
    client.force_login(user)

    response = post_with_version(
        client,
        reverse("admin:associations_user_add"),
        {
            "email": "New.Person@Example.test",
            "full_name": "Người mới",
            "password1": "Mat-khau-moi-2025!",
            "password2": "Mat-khau-moi-2025!",
            "roles-TOTAL_FORMS": "0",
            "roles-INITIAL_FORMS": "0",
        },
    )

    created = User.objects.get(email="new.person@example.test")
    assert response.status_code == 302
    assert not created.has_usable_password()


@pytest.mark.django_db
def test_user_admin_email_of_a_leader_is_read_only_for_staff(client, staff_a):
    user, union = staff_a
    leader = UserFactory(email="leader@example.test")
    role_assign(user=leader, union=union, kind=RoleKind.LEADERSHIP)
    client.force_login(user)

    post_with_version(
        client,
        reverse("admin:associations_user_change", args=[leader.pk]),
        {**user_form_data(leader), "email": "attacker@example.test"},
    )

    leader.refresh_from_db()
    assert leader.email == "leader@example.test"


@pytest.mark.django_db
def test_role_admin_bulk_delete_cannot_withdraw_leadership(client, staff_a):
    user, union = staff_a
    leadership = Role.objects.create(user=UserFactory(), union=union, kind=RoleKind.LEADERSHIP)
    expert = role_assign(user=UserFactory(), union=union, kind=RoleKind.EXPERT)
    client.force_login(user)

    response = post_with_version(
        client,
        reverse("admin:associations_role_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [leadership.pk, expert.pk],
            "post": "yes",
        },
    )

    assert response.status_code == 403
    assert set(Role.objects.filter(pk__in=[leadership.pk, expert.pk])) == {leadership, expert}


@pytest.mark.django_db
def test_membership_admin_refuses_a_person_of_another_union(client, staff_a):
    user, union = staff_a
    stranger = MemberFactory(union=UnionFactory())
    society = SocietyFactory(union=union)
    client.force_login(user)

    response = post_with_version(
        client,
        reverse("admin:members_membership_add"),
        {"member": stranger.pk, "society": society.pk, "joined_on": "01/01/2020"},
    )

    assert response.status_code == 200
    assert "member" in response.context["adminform"].form.errors
    assert not Membership.objects.filter(member=stranger).exists()


@pytest.mark.django_db
def test_member_admin_inline_refuses_a_society_of_another_union(client, staff_a):
    user, union = staff_a
    member = MemberFactory(union=union)
    foreign = SocietyFactory(union=UnionFactory())
    client.force_login(user)

    post_with_version(
        client,
        reverse("admin:members_member_change", args=[member.pk]),
        {
            "union": union.pk,
            "full_name": member.full_name,
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-0-society": foreign.pk,
            "memberships-0-joined_on": "01/01/2020",
        },
    )

    assert not Membership.objects.filter(member=member).exists()


@pytest.mark.django_db
def test_user_admin_own_password_is_changed_where_the_current_one_is_asked(client, staff_a):
    user, _union = staff_a
    client.force_login(user)

    response = client.get(reverse("admin:auth_user_password_change", args=[user.pk]))

    assert (response.status_code, response["Location"]) == (
        302,
        reverse("account_change_password"),
    )
