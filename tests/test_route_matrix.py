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
from dataclasses import dataclass, field
from types import SimpleNamespace
from urllib.parse import urlparse

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.contenttypes.models import ContentType
from django.contrib.sites.models import Site
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from associations.accounts import role_assign
from associations.models import ActivityAttachment, RoleKind, Union

from .factories import (
    ActivityFactory,
    CommendationFactory,
    CommitteeSeatFactory,
    MemberFactory,
    MembershipFactory,
    ReportVersionFactory,
    SocietyFactory,
    TermFactory,
    TermReportFactory,
    UnionFactory,
    UserFactory,
)

ROLES = ("anonymous", "staff", "leadership", "officer", "expert", "judge", "other_staff")
PDF = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
LOGIN_PATHS = ("/accounts/login/", "/admin/login/")


# --- the URL patterns -------------------------------------------------------------------------


def url_patterns(resolver=None, prefix="", namespace=None):
    """(key, route) of every pattern, included ones too; the key is the URL name with its
    namespace, or the route when the pattern has no name."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from url_patterns(pattern, route, inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield name or route, route


# --- the records -------------------------------------------------------------------------------


def attach(activity):
    attachment = ActivityAttachment(activity=activity, original_name="bien-ban.pdf", size=len(PDF))
    attachment.file.save("bien-ban.pdf", ContentFile(PDF), save=False)
    attachment.save()
    return attachment


def union_records(union: Union, society) -> SimpleNamespace:
    """One record of every kind in `union`, the society-level ones in `society`."""
    term = TermFactory(union=union)
    member = MemberFactory(union=union)
    activity = ActivityFactory(society=society, union=union)
    report = TermReportFactory(term=term, union=union)
    expert = UserFactory()
    role = role_assign(user=expert, union=union, kind=RoleKind.EXPERT)
    return SimpleNamespace(
        union=union,
        society=society,
        term=term,
        member=member,
        membership=MembershipFactory(member=member, society=society),
        activity=activity,
        attachment=attach(activity),
        commendation=CommendationFactory(union=union),
        society_commendation=_society_commendation(society),
        committeeseat=CommitteeSeatFactory(term=term, member=member),
        role=role,
        user=expert,
        termreport=report,
        version=ReportVersionFactory(report=report),
    )


def build_world() -> SimpleNamespace:
    """Union A (the roles' own) with societies `own` (the officer's) and `sibling`; union B."""
    union_a, union_b = UnionFactory(), UnionFactory()
    own, sibling = SocietyFactory(union=union_a), SocietyFactory(union=union_a)
    users = {}
    for role, kind, union, societies in [
        ("staff", RoleKind.STAFF, union_a, ()),
        ("leadership", RoleKind.LEADERSHIP, union_a, ()),
        ("officer", RoleKind.OFFICER, union_a, (own,)),
        ("expert", RoleKind.EXPERT, union_a, ()),
        ("judge", RoleKind.JUDGE, union_a, ()),
        ("other_staff", RoleKind.STAFF, union_b, ()),
    ]:
        users[role] = UserFactory()
        role_assign(user=users[role], union=union, kind=kind, societies=societies)
    records = union_records(union_a, own)
    records.group = users["staff"].groups.get()
    records.site = Site.objects.get_current()
    records.emailaddress = EmailAddress.objects.create(
        user=records.user, email=records.user.email, verified=True, primary=True
    )
    records.authenticator = Authenticator.objects.create(
        user=records.user, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "00" * 20}
    )
    return SimpleNamespace(
        users=users,
        own=records,
        sibling=SimpleNamespace(society=sibling, **_society_level(sibling)),
        forged=union_records(union_b, SocietyFactory(union=union_b)),
    )


def _society_level(society) -> dict:
    member = MemberFactory(union=society.union)
    activity = ActivityFactory(society=society, union=society.union)
    return {
        "membership": MembershipFactory(member=member, society=society),
        "activity": activity,
        "attachment": attach(activity),
        "society_commendation": _society_commendation(society),
    }


def _society_commendation(society):
    return CommendationFactory(union=society.union, recipient_type="society", society=society)


# --- how each pattern is filled --------------------------------------------------------------


def history_id(obj) -> int:
    return obj.history.order_by("-history_date").first().history_id


def admin_url(name: str, *args) -> str:
    return reverse(f"admin:{name}", args=args)


@dataclass(frozen=True)
class Row:
    """The answers to one pattern, per role in ROLES order, and how to fill the pattern.

    `url(records)` builds the URL from a namespace of records (the roles' own, union B's for
    `forged`, the second society's for `sibling`).
    """

    url: object
    own: tuple
    forged: tuple | None = None
    sibling: tuple | None = None
    query: dict = field(default_factory=dict)


def answers(text: str) -> tuple:
    """'login 200 403 …' → ('login', 200, 403, …): one answer per role, in ROLES order."""
    words = tuple(int(word) if word.isdigit() else word for word in text.split())
    assert len(words) == len(ROLES), text
    return words


def fixed(path: str):
    return lambda records: path


def named(name: str, **kwargs):
    """reverse(name, kwargs) with each kwarg an attribute path into the records."""

    def build(records):
        values = {}
        for key, attribute in kwargs.items():
            value = records
            for step in attribute.split("."):
                value = getattr(value, step)
            values[key] = value
        return reverse(name, kwargs=values)

    return build


def admin_object(model: str, view: str):
    """An admin URL for the record `model` (attribute of the records) in the view `view`."""
    app, name = model.split(".")

    def build(records):
        obj = getattr(records, name)
        prefix = f"/admin/{app}/{name}/"
        if view == "redirect":
            return f"{prefix}{obj.pk}/"
        if view == "simple_history":
            return admin_url(f"{app}_{name}_simple_history", obj.pk, history_id(obj))
        return admin_url(f"{app}_{name}_{view}", obj.pk)

    return build


# --- the declared answers --------------------------------------------------------------------
#
# Columns, in ROLES order:  anonymous staff leadership officer expert judge other_staff
# Portal, society pages (design §4): staff and leadership see, officers see their own society,
# experts and judges have no society pages, another union's staff get 404.
VIEW = answers("login 200 200 200 403 403 404")
EDIT = answers("login 200 403 200 403 403 404")
# The same pages with union B's ids: only B's staff reach them.
FORGED_VIEW = answers("login 404 404 404 403 403 200")
# With the second society of union A, which the officer does not keep.
SIBLING_VIEW = answers("login 200 200 404 403 403 404")
SIBLING_EDIT = answers("login 200 403 404 403 403 404")
# The admin: only staff get in; everyone else is sent to log in.
ADMIN = answers("login 200 login login login login 200")
ADMIN_OWN_ONLY = answers("login 200 login login login login away")  # B's staff: not found
ADMIN_FORGED = answers("login away login login login login 200")
ADMIN_HISTORY = answers("login 200 login login login login 404")
ADMIN_HISTORY_FORGED = answers("login 404 login login login login 200")
ADMIN_REFUSED = answers("login 403 login login login login 403")
ADMIN_REDIRECT = answers("login away login login login login away")
EVERYONE = answers("200 200 200 200 200 200 200")
SIGNED_IN = answers("login 200 200 200 200 200 200")
ANONYMOUS_ONLY = answers("200 away away away away away away")


def society_page(name: str, **kwargs) -> dict:
    return {"url": named(name, society_pk="society.pk", **kwargs)}


def admin_rows(model: str, *, import_export: bool = True, overrides=None) -> dict[str, Row]:
    """The rows of one union-scoped admin: change list, add, change, history, revert, delete,
    and import/export; `overrides` replace single rows (by view name)."""
    app, name = model.split(".")
    prefix = f"admin:{app}_{name}"
    rows = {
        f"{prefix}_changelist": Row(fixed(f"/admin/{app}/{name}/"), ADMIN),
        f"{prefix}_add": Row(fixed(f"/admin/{app}/{name}/add/"), ADMIN),
        f"{prefix}_change": Row(admin_object(model, "change"), ADMIN_OWN_ONLY, ADMIN_FORGED),
        f"{prefix}_history": Row(
            admin_object(model, "history"), ADMIN_HISTORY, ADMIN_HISTORY_FORGED
        ),
        f"{prefix}_simple_history": Row(
            admin_object(model, "simple_history"), ADMIN_HISTORY, ADMIN_HISTORY_FORGED
        ),
        f"{prefix}_delete": Row(admin_object(model, "delete"), ADMIN_OWN_ONLY, ADMIN_FORGED),
        f"admin/{app}/{name}/<path:object_id>/": Row(
            admin_object(model, "redirect"), ADMIN_REDIRECT, ADMIN_REDIRECT
        ),
    }
    if import_export:
        rows |= {
            f"{prefix}_import": Row(fixed(f"/admin/{app}/{name}/import/"), ADMIN),
            f"{prefix}_process_import": Row(
                fixed(f"/admin/{app}/{name}/process_import/"),
                answers("login 405 login login login login 405"),
            ),
            f"{prefix}_export": Row(fixed(f"/admin/{app}/{name}/export/"), ADMIN),
            f"{prefix}_import_template": Row(fixed(f"/admin/{app}/{name}/import-template/"), ADMIN),
        }
    for view, row in (overrides or {}).items():
        key = f"{prefix}_{view}"
        assert key in rows, key
        rows[key] = row
    return rows


def superuser_admin_rows(model: str, record) -> dict[str, Row]:
    """Admins of third-party models: superusers only; staff are refused."""
    app, name = model.split(".")
    prefix = f"admin:{app}_{name}"

    def obj_url(view):
        def build(records):
            pk = record(records).pk
            if view == "redirect":
                return f"/admin/{app}/{name}/{pk}/"
            return admin_url(f"{app}_{name}_{view}", pk)

        return build

    return {
        f"{prefix}_changelist": Row(fixed(f"/admin/{app}/{name}/"), ADMIN_REFUSED),
        f"{prefix}_add": Row(fixed(f"/admin/{app}/{name}/add/"), ADMIN_REFUSED),
        f"{prefix}_change": Row(obj_url("change"), ADMIN_REFUSED),
        f"{prefix}_history": Row(obj_url("history"), ADMIN_REFUSED),
        f"{prefix}_delete": Row(obj_url("delete"), ADMIN_REFUSED),
        f"admin/{app}/{name}/<path:object_id>/": Row(obj_url("redirect"), ADMIN_REDIRECT),
    }


MATRIX: dict[str, Row] = {
    # --- health and language ----------------------------------------------------------------
    "healthz": Row(fixed("/healthz"), EVERYONE),
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
