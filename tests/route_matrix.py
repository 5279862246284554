"""The building blocks of the route × role matrix (`tests/test_route_matrix.py`).

The world every row is asked against (union A with the roles' own records, its second society,
union B), the answers' shorthand and the helpers that fill URL patterns. An area of the portal
adds its own rows in `tests/<area>/matrix.py`, found automatically (`extensions()`):

    ROWS: dict[str, Row]            # keyed like MATRIX
    FORGED_POSTS: dict[str, tuple]  # optional, like FORGED_POSTS
    def records(ns, *, users):      # optional: add the area's records to a union's namespace;
        ...                         # `users` are union A's role users, None for union B
    def sibling_records(ns, *, users):  # optional: the same for union A's second society
        ...
    def state(ns) -> dict:          # optional: union B's records a forged write could touch
        ...
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from types import ModuleType, SimpleNamespace

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.sites.models import Site
from django.core.files.base import ContentFile
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


def union_records(union: Union, society, users: dict | None = None) -> SimpleNamespace:
    """One record of every kind in `union`, the society-level ones in `society`; each area's
    `records` hook adds its own (`users`: union A's role users, None for union B)."""
    term = TermFactory(union=union)
    member = MemberFactory(union=union)
    activity = ActivityFactory(society=society, union=union)
    report = TermReportFactory(term=term, union=union)
    expert = UserFactory()
    role = role_assign(user=expert, union=union, kind=RoleKind.EXPERT)
    records = SimpleNamespace(
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
    for extension in extensions():
        if hasattr(extension, "records"):
            extension.records(records, users=users)
    return records


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
    records = union_records(union_a, own, users)
    records.group = users["staff"].groups.get()
    records.site = Site.objects.get_current()
    records.emailaddress = EmailAddress.objects.create(
        user=records.user, email=records.user.email, verified=True, primary=True
    )
    records.authenticator = Authenticator.objects.create(
        user=records.user, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "00" * 20}
    )
    sibling_records = SimpleNamespace(society=sibling, **_society_level(sibling))
    for extension in extensions():
        if hasattr(extension, "sibling_records"):
            extension.sibling_records(sibling_records, users=users)
    return SimpleNamespace(
        users=users,
        own=records,
        sibling=sibling_records,
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


# --- the areas' own rows --------------------------------------------------------------------------


def extensions() -> list[ModuleType]:
    """Every `tests/<area>/matrix.py`, in name order."""
    import tests

    found = []
    for info in sorted(pkgutil.iter_modules(tests.__path__), key=lambda info: info.name):
        if info.ispkg:
            try:
                found.append(importlib.import_module(f"tests.{info.name}.matrix"))
            except ModuleNotFoundError as error:
                if error.name != f"tests.{info.name}.matrix":
                    raise
    return found
