"""Route × role matrix: every URL pattern of the project answers each role as declared here.

The table `MATRIX` is keyed by URL name (the route itself for the admin's unnamed patterns) and
gives, for each role, the answer to a GET of the pattern filled with the role's own records;
rows with object ids also give the answer with the ids of union B's records ("forged"), and rows
with a society in the URL the answer for the second society of union A, which the officer does
not keep ("sibling"). A pattern without a row fails the suite: a new view adds its row.

Answers: a status code, or "login" (a redirect to a login page), or "away" (any other redirect).

`FORGED_POSTS` adds the writes: union A's roles posting to union B's records are refused, and
nothing of union B changes.
"""

from __future__ import annotations

import logging
from urllib.parse import urlparse

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from associations.models import RoleKind

from .route_matrix import (
    ADMIN,
    ADMIN_FORGED,
    ADMIN_OWN_ONLY,
    ADMIN_REDIRECT,
    ADMIN_REFUSED,
    ANONYMOUS_ONLY,
    EDIT,
    EVERYONE,
    FORGED_VIEW,
    LOGIN_PATHS,
    ROLES,
    SIBLING_EDIT,
    SIBLING_VIEW,
    SIGNED_IN,
    VIEW,
    Row,
    admin_object,
    admin_rows,
    admin_url,
    answers,
    build_world,
    extensions,
    fixed,
    named,
    society_page,
    superuser_admin_rows,
    url_patterns,
)

MATRIX: dict[str, Row] = {
    # --- health and language ----------------------------------------------------------------
    "healthz": Row(fixed("/healthz"), EVERYONE),
    "healthz_ready": Row(fixed("/healthz/ready"), EVERYONE),
    "favicon": Row(fixed("/favicon.ico"), answers("away away away away away away away")),
    "profile": Row(fixed("/profile/"), SIGNED_IN),
    "set_language": Row(fixed("/i18n/setlang/"), answers("away away away away away away away")),
    # --- allauth: sign-in, passwords, two-factor ----------------------------------------------
    "account_login": Row(fixed("/accounts/login/"), ANONYMOUS_ONLY),
    "account_logout": Row(fixed("/accounts/logout/"), SIGNED_IN),
    "account_inactive": Row(fixed("/accounts/inactive/"), EVERYONE),
    "account_signup": Row(fixed("/accounts/signup/"), ANONYMOUS_ONLY),
    "account_reauthenticate": Row(fixed("/accounts/reauthenticate/"), SIGNED_IN),
    "account_request_reauthentication_code": Row(
        fixed("/accounts/reauthenticate/code/"), answers("login away away away away away away")
    ),
    "account_confirm_reauthentication_code": Row(
        fixed("/accounts/reauthenticate/code/confirm/"),
        answers("login away away away away away away"),
    ),
    "account_email": Row(fixed("/accounts/email/"), SIGNED_IN),
    "account_email_verification_sent": Row(fixed("/accounts/confirm-email/"), EVERYONE),
    "account_change_password": Row(fixed("/accounts/password/change/"), SIGNED_IN),
    "account_set_password": Row(
        fixed("/accounts/password/set/"), answers("login away away away away away away")
    ),
    "account_reset_password": Row(fixed("/accounts/password/reset/"), EVERYONE),
    "account_confirm_login_code": Row(
        fixed("/accounts/login/code/confirm/"), answers("login away away away away away away")
    ),
    "account_confirm_email": Row(fixed("/accounts/confirm-email/not-a-key/"), EVERYONE),
    "account_reset_password_from_key_done": Row(
        fixed("/accounts/password/reset/key/done/"), EVERYONE
    ),
    "account_reset_password_from_key": Row(
        fixed("/accounts/password/reset/key/1-not-a-token/"), EVERYONE
    ),
    "account_reset_password_done": Row(fixed("/accounts/password/reset/done/"), EVERYONE),
    "mfa_index": Row(fixed("/accounts/2fa/"), SIGNED_IN),
    "mfa_authenticate": Row(
        fixed("/accounts/2fa/authenticate/"), answers("login away away away away away away")
    ),
    # Without an authenticator there is nothing to reauthenticate with.
    "mfa_reauthenticate": Row(
        fixed("/accounts/2fa/reauthenticate/"), answers("login away away away away away away")
    ),
    # TOTP set-up asks for a verified e-mail address first (these accounts have none).
    "mfa_activate_totp": Row(
        fixed("/accounts/2fa/totp/activate/"), answers("login away away away away away away")
    ),
    "mfa_deactivate_totp": Row(
        fixed("/accounts/2fa/totp/deactivate/"), answers("login 404 404 404 404 404 404")
    ),
    "mfa_view_recovery_codes": Row(
        fixed("/accounts/2fa/recovery-codes/"), answers("login 404 404 404 404 404 404")
    ),
    "mfa_generate_recovery_codes": Row(
        fixed("/accounts/2fa/recovery-codes/generate/"),
        answers("login away away away away away away"),
    ),
    "mfa_download_recovery_codes": Row(
        fixed("/accounts/2fa/recovery-codes/download/"), answers("login 404 404 404 404 404 404")
    ),
    # --- portal: home, societies, activities, commendations ---------------------------------
    "home": Row(fixed("/"), SIGNED_IN),
    "society_list": Row(fixed("/societies/"), answers("login 200 200 200 403 403 200")),
    "society_detail": Row(
        named("society_detail", pk="society.pk"), VIEW, FORGED_VIEW, SIBLING_VIEW
    ),
    "activity_list": Row(
        **society_page("activity_list"), own=VIEW, forged=FORGED_VIEW, sibling=SIBLING_VIEW
    ),
    "activity_add": Row(
        **society_page("activity_add"), own=EDIT, forged=FORGED_VIEW, sibling=SIBLING_EDIT
    ),
    "activity_detail": Row(
        **society_page("activity_detail", pk="activity.pk"),
        own=VIEW,
        forged=FORGED_VIEW,
        sibling=SIBLING_VIEW,
    ),
    "activity_edit": Row(
        **society_page("activity_edit", pk="activity.pk"),
        own=EDIT,
        forged=FORGED_VIEW,
        sibling=SIBLING_EDIT,
    ),
    "attachment_download": Row(
        **society_page("attachment_download", activity_pk="activity.pk", pk="attachment.pk"),
        own=VIEW,
        forged=FORGED_VIEW,
        sibling=SIBLING_VIEW,
    ),
    "attachment_delete": Row(
        **society_page("attachment_delete", activity_pk="activity.pk", pk="attachment.pk"),
        own=EDIT,
        forged=FORGED_VIEW,
        sibling=SIBLING_EDIT,
    ),
    "members:commendation_list": Row(
        **society_page("members:commendation_list"),
        own=VIEW,
        forged=FORGED_VIEW,
        sibling=SIBLING_VIEW,
    ),
    "members:commendation_add": Row(
        **society_page("members:commendation_add"),
        own=EDIT,
        forged=FORGED_VIEW,
        sibling=SIBLING_EDIT,
    ),
    "members:commendation_edit": Row(
        **society_page("members:commendation_edit", pk="society_commendation.pk"),
        own=EDIT,
        forged=FORGED_VIEW,
        sibling=SIBLING_EDIT,
    ),
    "members:commendation_delete": Row(
        **society_page("members:commendation_delete", pk="society_commendation.pk"),
        own=EDIT,
        forged=FORGED_VIEW,
        sibling=SIBLING_EDIT,
    ),
    # --- portal: members ---------------------------------------------------------------------
    "members:directory": Row(fixed("/members/"), answers("login 200 200 403 403 403 200")),
    "members:export": Row(fixed("/members/export/xlsx/"), answers("login 200 200 403 403 403 200")),
    "members:society_members": Row(
        **society_page("members:society_members"),
        own=VIEW,
        forged=FORGED_VIEW,
        sibling=SIBLING_VIEW,
    ),
    "members:member_add": Row(
        **society_page("members:member_add"), own=EDIT, forged=FORGED_VIEW, sibling=SIBLING_EDIT
    ),
    "members:membership_edit": Row(
        **society_page("members:membership_edit", pk="membership.pk"),
        own=EDIT,
        forged=FORGED_VIEW,
        sibling=SIBLING_EDIT,
    ),
    "members:membership_leave": Row(
        **society_page("members:membership_leave", pk="membership.pk"),
        own=EDIT,
        forged=FORGED_VIEW,
        sibling=SIBLING_EDIT,
    ),
    "members:member_detail": Row(
        named("members:member_detail", pk="membership.member.pk"),
        own=VIEW,
        forged=FORGED_VIEW,
        sibling=SIBLING_VIEW,
    ),
    # --- portal: term reports ----------------------------------------------------------------
    "reports:list": Row(fixed("/reports/"), answers("login 200 200 403 403 403 200")),
    "reports:create": Row(fixed("/reports/new/"), answers("login 405 405 403 403 403 405")),
    "reports:detail": Row(
        named("reports:detail", pk="termreport.pk"),
        answers("login 200 200 403 403 403 404"),
        answers("login 404 404 403 403 403 200"),
    ),
    "reports:generate": Row(
        named("reports:generate", pk="termreport.pk"),
        answers("login 200 403 403 403 403 404"),
        answers("login 404 404 403 403 403 200"),
    ),
    "reports:approve": Row(
        named("reports:approve", pk="termreport.pk"),
        answers("login 403 200 403 403 403 404"),
        answers("login 404 404 403 403 403 403"),
    ),
    "reports:download": Row(
        named("reports:download", pk="version.pk"),
        answers("login 200 200 403 403 403 404"),
        answers("login 404 404 403 403 403 200"),
    ),
    # --- admin: the site ---------------------------------------------------------------------
    "admin:index": Row(fixed("/admin/"), ADMIN),
    "admin:login": Row(fixed("/admin/login/"), answers("login 200 403 403 403 403 200")),
    "admin:logout": Row(fixed("/admin/logout/"), answers("away 405 away away away away 405")),
    "admin:password_change": Row(fixed("/admin/password_change/"), ADMIN),
    "admin:password_change_done": Row(fixed("/admin/password_change/done/"), ADMIN),
    "admin:autocomplete": Row(
        fixed("/admin/autocomplete/"),
        ADMIN,
        query={"app_label": "members", "model_name": "membership", "field_name": "member"},
    ),
    "admin:jsi18n": Row(fixed("/admin/jsi18n/"), ADMIN),
    "admin:view_on_site": Row(
        lambda records: admin_url(
            "view_on_site",
            ContentType.objects.get_for_model(records.society).pk,
            records.society.pk,
        ),
        answers("login 404 login login login login 404"),
    ),
    "admin:app_list": Row(fixed("/admin/associations/"), ADMIN),
    "admin/(?P<url>.*)$": Row(
        fixed("/admin/no-such-page/"), answers("login 404 login login login login 404")
    ),
    # --- admin: accounts ---------------------------------------------------------------------
    "admin:associations_user_changelist": Row(fixed("/admin/associations/user/"), ADMIN),
    "admin:associations_user_add": Row(fixed("/admin/associations/user/add/"), ADMIN),
    "admin:associations_user_change": Row(
        admin_object("associations.user", "change"), ADMIN_OWN_ONLY, ADMIN_FORGED
    ),
    "admin:associations_user_history": Row(
        admin_object("associations.user", "history"), ADMIN_OWN_ONLY, ADMIN_FORGED
    ),
    "admin:associations_user_delete": Row(
        admin_object("associations.user", "delete"), ADMIN_REFUSED, ADMIN_REFUSED
    ),
    "admin/associations/user/<path:object_id>/": Row(
        admin_object("associations.user", "redirect"), ADMIN_REDIRECT, ADMIN_REDIRECT
    ),
    # Nobody sets another person's password; staff send a reset link (POST only).
    "admin:auth_user_password_change": Row(
        lambda records: f"/admin/associations/user/{records.user.pk}/password/",
        ADMIN_REFUSED,
        ADMIN_REFUSED,
    ),
    "admin:associations_user_send_password_reset": Row(
        lambda records: f"/admin/associations/user/{records.user.pk}/send-password-reset/",
        answers("login 405 login login login login 405"),
        answers("login 405 login login login login 405"),
    ),
    # --- admin: the portal's records -----------------------------------------------------------
    **admin_rows(
        "associations.union",
        overrides={
            # Unions are created, deleted and imported by a superuser only.
            "add": Row(fixed("/admin/associations/union/add/"), ADMIN_REFUSED),
            "delete": Row(
                admin_object("associations.union", "delete"), ADMIN_REFUSED, ADMIN_REFUSED
            ),
            "import": Row(fixed("/admin/associations/union/import/"), ADMIN_REFUSED),
        },
    ),
    **admin_rows("associations.term"),
    **admin_rows("associations.society"),
    **admin_rows("associations.role", import_export=False),
    **admin_rows("members.committeeseat"),
    **admin_rows("associations.activity"),
    **admin_rows("members.commendation"),
    **admin_rows("members.member"),
    **admin_rows("members.membership"),
    **admin_rows("reports.termreport", import_export=False),
    # --- admin: third-party models, superusers only -----------------------------------------
    **superuser_admin_rows("auth.group", lambda records: records.group),
    **superuser_admin_rows("sites.site", lambda records: records.site),
    **superuser_admin_rows("account.emailaddress", lambda records: records.emailaddress),
    **superuser_admin_rows("mfa.authenticator", lambda records: records.authenticator),
}
for _extension in extensions():
    assert not set(_extension.ROWS) & set(MATRIX), _extension.__name__
    MATRIX |= _extension.ROWS


# --- the checks ----------------------------------------------------------------------------------


def answer_of(response):
    if response.streaming:
        # Read to the end: closing a streamed response early closes the DB connection.
        b"".join(response.streaming_content)
    if response.status_code in (301, 302, 303, 307, 308):
        path = urlparse(response["Location"]).path
        return "login" if path.startswith(LOGIN_PATHS) else "away"
    return response.status_code


def test_every_url_pattern_has_a_declared_answer():
    keys = {key for key, _route in url_patterns()}

    undeclared = sorted(keys - set(MATRIX))
    stale = sorted(set(MATRIX) - keys)

    assert (undeclared, stale) == ([], [])


@pytest.fixture
def _quiet_refusals():
    """Refused requests are the point here: keep their warnings out of the output."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


@pytest.mark.django_db
@pytest.mark.usefixtures("_quiet_refusals")
def test_route_matrix_answers_as_declared():
    world = build_world()
    clients = {}
    for role in ROLES:
        clients[role] = Client(raise_request_exception=False)
        if role != "anonymous":
            clients[role].force_login(world.users[role])
    checked = 0
    wrong = []

    for key, _route in url_patterns():
        row = MATRIX[key]
        for case, expected in (("own", row.own), ("forged", row.forged), ("sibling", row.sibling)):
            if expected is None:
                continue
            url = row.url(getattr(world, case))
            for role, want in zip(ROLES, expected, strict=True):
                got = answer_of(clients[role].get(url, row.query))
                checked += 1
                if got != want:
                    wrong.append(f"{key} [{case}] {role}: {url} answered {got}, declared {want}")

    print(f"route matrix: {len(MATRIX)} patterns × {len(ROLES)} roles, {checked} requests")
    assert wrong == [], "\n".join(wrong)


# --- forged writes -----------------------------------------------------------------------------
#
# POSTs of union A's roles to union B's records: refused, and nothing of union B changes.
# Columns: staff leadership officer expert judge (A's roles).
WRITERS = ("staff", "leadership", "officer", "expert", "judge")
PORTAL_FORGED_POST = (404, 404, 404, 403, 403)
ADMIN_FORGED_POST = ("away", "login", "login", "login", "login")
ADMIN_HISTORY_FORGED_POST = (404, "login", "login", "login", "login")
FORGED_POSTS = {
    "activity_add": PORTAL_FORGED_POST,
    "activity_edit": PORTAL_FORGED_POST,
    "attachment_delete": PORTAL_FORGED_POST,
    "members:member_add": PORTAL_FORGED_POST,
    "members:membership_edit": PORTAL_FORGED_POST,
    "members:membership_leave": PORTAL_FORGED_POST,
    "members:commendation_add": PORTAL_FORGED_POST,
    "members:commendation_edit": PORTAL_FORGED_POST,
    "members:commendation_delete": PORTAL_FORGED_POST,
    "reports:generate": (404, 404, 403, 403, 403),
    "reports:approve": (404, 404, 403, 403, 403),
    "admin:associations_society_change": ADMIN_FORGED_POST,
    "admin:associations_society_delete": ADMIN_FORGED_POST,
    "admin:associations_society_simple_history": ADMIN_HISTORY_FORGED_POST,
    "admin:associations_role_change": ADMIN_FORGED_POST,
    "admin:associations_activity_change": ADMIN_FORGED_POST,
    "admin:members_member_change": ADMIN_FORGED_POST,
    "admin:members_membership_change": ADMIN_FORGED_POST,
    "admin:members_membership_simple_history": ADMIN_HISTORY_FORGED_POST,
    "admin:reports_termreport_change": ADMIN_FORGED_POST,
    "admin:associations_user_change": ADMIN_FORGED_POST,
    "admin:associations_user_send_password_reset": (404, "login", "login", "login", "login"),
    "admin:auth_user_password_change": (403, "login", "login", "login", "login"),
}
for _extension in extensions():
    FORGED_POSTS |= getattr(_extension, "FORGED_POSTS", {})


def union_state(records) -> dict:
    """Everything of union B a forged write could touch."""
    models = [
        "society",
        "membership",
        "member",
        "activity",
        "society_commendation",
        "termreport",
        "role",
        "user",
    ]
    state = {
        name: type(getattr(records, name))
        .objects.filter(pk=getattr(records, name).pk)
        .values()
        .first()
        for name in models
    }
    state["attachments"] = list(records.activity.attachments.values_list("pk", flat=True))
    state["memberships"] = list(records.society.memberships.values_list("pk", flat=True))
    state["commendations"] = list(records.union.commendations.values_list("pk", flat=True))
    state["roles"] = list(records.user.roles.values_list("kind", "union_id"))
    for extension in extensions():
        if hasattr(extension, "state"):
            state[extension.__name__] = extension.state(records)
    return state


@pytest.mark.django_db
@pytest.mark.usefixtures("_quiet_refusals")
def test_forged_writes_are_refused_and_change_nothing(mailoutbox):
    world = build_world()
    forged = world.forged
    before = union_state(forged)
    data = {
        "union": world.own.union.pk,
        "society": world.own.society.pk,
        "name": "Đã bị đổi",
        "full_name": "Đã bị đổi",
        "title": "Đã bị đổi",
        "kind": RoleKind.STAFF,
        "left_on": "01/01/2024",
        "leave_reason": "Đã bị đổi",
        "post": "yes",
        "password1": "Mat-khau-moi-2025!",
        "password2": "Mat-khau-moi-2025!",
    }
    wrong = []

    for role, column in zip(WRITERS, range(len(WRITERS)), strict=True):
        client = Client(raise_request_exception=False)
        client.force_login(world.users[role])
        for key, expected in FORGED_POSTS.items():
            url = MATRIX[key].url(forged)
            got = answer_of(client.post(url, data))
            if got != expected[column]:
                wrong.append(
                    f"{key} {role}: POST {url} answered {got}, declared {expected[column]}"
                )

    assert (wrong, union_state(forged), mailoutbox) == ([], before, [])
