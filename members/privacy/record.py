"""The processing record (hồ sơ xử lý dữ liệu cá nhân): what personal data the portal holds, why,
on what legal basis, where, who can see it, how long it is kept and who processes it for the
union. Worked out from the models and from the permission rules, so it follows the code.

`PURPOSES` is also what the forms and the admin show under each optional field: why it is asked.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.storage import storages
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from associations import permissions
from associations.models import Activity, ActivityAttachment, Society, User
from core.storage import storage_place

from ..models import Commendation, CommitteeSeat, Member, Membership
from .models import DataSubjectRequest, LegalBasis, PersonalDataAccess
from .retention import retention_years

# Why each detail of a person is asked (shown as the fields' help text). Only the full name is
# required: everything else is optional, and the figures it feeds are named.
PURPOSES = {
    "full_name": gettext_lazy("To identify the member in the society's registry. Required."),
    "member_code": gettext_lazy(
        "The union's own code, to tell apart people with the same name. Optional."
    ),
    "gender": gettext_lazy("Counted in the members' structure by gender. Optional."),
    "birth_year": gettext_lazy(
        "To tell apart people with the same name and to check joining dates. Optional."
    ),
    "qualification": gettext_lazy(
        "Counted in the term report's structure of members (doctors, masters…). Optional."
    ),
    "academic_title": gettext_lazy(
        "Counted in the term report (professors and associate professors). Optional."
    ),
    "field": gettext_lazy(
        "Counted in the members' structure by field; helps find experts. Optional."
    ),
    "workplace": gettext_lazy("To find experts and reach the member at work. Optional."),
    "position": gettext_lazy("Shown with the workplace to find experts. Optional."),
    "email": gettext_lazy("To send the society's notices and invitations. Optional."),
    "phone": gettext_lazy("To contact the member about the society's activities. Optional."),
    "typical_intellectual_year": gettext_lazy(
        "Counted in the term report (typical intellectuals of the term). Optional."
    ),
}

# The legal basis of each detail: membership itself under the society's charter, contacts and
# the rest with the person's consent (Law 91/2025/QH15).
_CHARTER_FIELDS = {"full_name", "member_code"}
_CONSENT_FIELDS = ("legal_basis", "consent_text", "consent_given_on", "consent_method")


@dataclass(frozen=True)
class DataItem:
    label: str
    purpose: str
    legal_basis: str
    retention: str


@dataclass(frozen=True)
class DataSet:
    label: str
    tables: list[str]
    items: list[DataItem]


def _tables(model) -> list[str]:
    tables = [model._meta.db_table]
    history = getattr(getattr(model, "history", None), "model", None)
    if history is not None:
        tables.append(history._meta.db_table)
    return tables


def _label(model, name: str) -> str:
    return capfirst(str(model._meta.get_field(name).verbose_name))


def _retention_text() -> str:
    return _(
        "While a member, then %(years)s years after the last membership ended; then anonymised."
    ) % {"years": retention_years()}


def data_sets() -> list[DataSet]:
    """Each group of personal data with its fields, purposes and tables."""
    charter = LegalBasis.CONTRACT.label
    consent = LegalBasis.CONSENT.label
    obligation = LegalBasis.LEGAL_OBLIGATION.label
    retention = _retention_text()
    member_items = [
        DataItem(
            label=_label(Member, name),
            purpose=str(purpose),
            legal_basis=str(charter if name in _CHARTER_FIELDS else consent),
            retention=retention,
        )
        for name, purpose in PURPOSES.items()
    ]
    member_items += [
        DataItem(
            label=_label(Member, name),
            purpose=_("Proof of the person's consent and of its withdrawal."),
            legal_basis=str(obligation),
            retention=retention,
        )
        for name in (*_CONSENT_FIELDS, "consent_withdrawn_on")
    ]
    kept = _("Kept with the anonymised person: the term's figures count it.")
    return [
        DataSet(_("Members (people)"), _tables(Member), member_items),
        DataSet(
            capfirst(str(Membership._meta.verbose_name_plural)),
            _tables(Membership),
            [
                DataItem(
                    _label(Membership, name),
                    _("Counts of members on every date of the reports."),
                    str(charter),
                    kept,
                )
                for name in ("society", "joined_on", "left_on", "leave_reason")
            ],
        ),
        DataSet(
            capfirst(str(CommitteeSeat._meta.verbose_name_plural)),
            _tables(CommitteeSeat),
            [
                DataItem(
                    _label(CommitteeSeat, name),
                    _("The committee's changes in the term report."),
                    str(charter),
                    kept,
                )
                for name in ("body", "position", "started_on", "ended_on", "leave_reason")
            ],
        ),
        DataSet(
            capfirst(str(Commendation._meta.verbose_name_plural)),
            _tables(Commendation),
            [
                DataItem(
                    _label(Commendation, name),
                    _("Commendations counted in the term report."),
                    str(charter),
                    kept,
                )
                for name in ("member", "form", "issuer", "year", "reason")
            ],
        ),
        DataSet(
            capfirst(str(Society._meta.verbose_name_plural)),
            _tables(Society),
            [
                DataItem(
                    _label(Society, "contact"),
                    _("Who to contact in a society (often its chair)."),
                    str(consent),
                    _("Until changed; an erased person's name is replaced by their code."),
                ),
            ],
        ),
        DataSet(
            capfirst(str(Activity._meta.verbose_name_plural)),
            [*_tables(Activity), *_tables(ActivityAttachment)],
            [
                DataItem(
                    _label(Activity, "partners"),
                    _("Activities of the term report; may name people."),
                    str(charter),
                    _("Until changed; an erased person's name is replaced by their code."),
                ),
            ],
        ),
        DataSet(
            capfirst(str(PersonalDataAccess._meta.verbose_name_plural)),
            [PersonalDataAccess._meta.db_table],
            [
                DataItem(
                    _label(PersonalDataAccess, name),
                    _("Who looked at or exported a person's data (the law's access log)."),
                    str(obligation),
                    _("Kept; an erased person is named only by their code."),
                )
                for name in ("user", "at", "action", "detail")
            ],
        ),
        DataSet(
            capfirst(str(DataSubjectRequest._meta.verbose_name_plural)),
            _tables(DataSubjectRequest),
            [
                DataItem(
                    _label(DataSubjectRequest, name),
                    _("The person's requests and the answers given, with their deadlines."),
                    str(obligation),
                    _("Kept; an erased person is named only by their code."),
                )
                for name in ("kind", "received_on", "details", "answer")
            ],
        ),
        DataSet(
            _("User accounts"),
            [User._meta.db_table],
            [
                DataItem(
                    _label(User, name),
                    _("Signing in; reminders to staff."),
                    str(charter),
                    _(
                        "While the account is active; staff deactivate accounts of people who "
                        "leave."
                    ),
                )
                for name in ("email", "full_name")
            ],
        ),
    ]


# --- who can see what: worked out from associations.permissions ---------------------------

ROLE_LABELS = {
    "staff": gettext_lazy("Union staff"),
    "leadership": gettext_lazy("Leadership"),
    "officer": gettext_lazy("Society officer"),
    "expert": gettext_lazy("Expert"),
    "judge": gettext_lazy("Judge"),
}

_UNION, _SOCIETY = 1, 10


def _user(role: str):
    """A stand-in user holding one role in union 1 (society 10 for an officer)."""
    access = permissions.Access(
        staff_unions=frozenset({_UNION}) if role == "staff" else frozenset(),
        leadership_unions=frozenset({_UNION}) if role == "leadership" else frozenset(),
        officer_societies=frozenset({_SOCIETY}) if role == "officer" else frozenset(),
        officer_unions=frozenset({_UNION}) if role == "officer" else frozenset(),
        expert_unions=frozenset({_UNION}) if role == "expert" else frozenset(),
        judge_unions=frozenset({_UNION}) if role == "judge" else frozenset(),
    )
    return SimpleNamespace(is_authenticated=True, is_active=True, _access_cache=access)


def access_table() -> dict:
    """Rows: what; columns: roles; cells: what the permission rules let the role do."""
    society = SimpleNamespace(id=_SOCIETY, union_id=_UNION)
    member = SimpleNamespace(union_id=_UNION)
    whole, own, none = _("whole union"), _("own societies"), "—"
    checks = [
        (
            _("Members' details (directory, person's page)"),
            lambda user: (
                whole
                if permissions.can_view_registry(user)
                else own
                if permissions.can_edit_society_records(user, society)
                else none
            ),
        ),
        (
            _("Change members' details"),
            lambda user: (
                whole
                if permissions.can_edit_union(user, _UNION)
                else own
                if permissions.can_edit_society_records(user, society)
                else none
            ),
        ),
        (
            _("Export the directory"),
            lambda user: whole if permissions.can_view_registry(user) else none,
        ),
        (
            _("Erase a person; yearly retention review"),
            lambda user: whole if permissions.can_erase_member(user, member) else none,
        ),
        (
            _("This processing record"),
            lambda user: whole if permissions.can_view_processing_record(user) else none,
        ),
    ]
    users = {role: _user(role) for role in ROLE_LABELS}
    return {
        "roles": [str(label) for label in ROLE_LABELS.values()],
        "rows": [
            {"label": label, "cells": [check(users[role]) for role in ROLE_LABELS]}
            for label, check in checks
        ],
    }


# --- where and who processes it --------------------------------------------------------------


def _host(url: str) -> str:
    """The host of a URL, never its credentials."""
    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""


def places() -> list[dict]:
    database = settings.DATABASES["default"]
    engine = database["ENGINE"].rsplit(".", 1)[-1]
    where = database.get("HOST") or str(database.get("NAME", ""))
    return [
        {
            "label": _("Database"),
            "where": f"{engine} · {where}",
            "what": _("Every table listed above, with their history tables."),
        },
        {
            "label": _("Files"),
            "where": storage_place(storages["default"]),
            "what": _(
                "Activity and contest entry attachments, consultation documents, experts' "
                "opinions and opinion letters, generated reports, import files waiting for "
                "their confirmation (deleted after a few hours)."
            ),
        },
        {
            "label": _("Cache"),
            "where": _host(getattr(settings, "REDIS_URL", "")) or _("in the process"),
            "what": _(
                "Directory pages for up to an hour, an import file's rows for 15 minutes; "
                "never read again once the data changes."
            ),
        },
        {
            "label": _("Backups"),
            "where": getattr(settings, "PERSONAL_DATA_BACKUP_LOCATION", "") or _("not set"),
            "what": _(
                "Copies of the database and files, kept no longer than %(years)s years and "
                "never restored without anonymising again the people erased since."
            )
            % {"years": retention_years()},
        },
    ]


def processors() -> list[dict]:
    """Who processes the data for the union, from the settings (hosts only)."""
    found = []
    email_host = getattr(settings, "EMAIL_HOST", "")
    backend = getattr(settings, "EMAIL_BACKEND", "")
    if email_host and "smtp" in backend:
        found.append({"label": _("E-mail provider"), "who": email_host})
    database = settings.DATABASES["default"].get("HOST", "")
    if database and database not in ("localhost", "127.0.0.1"):
        found.append({"label": _("Database host"), "who": database})
    redis = _host(getattr(settings, "REDIS_URL", ""))
    if redis and redis not in ("localhost", "127.0.0.1"):
        found.append({"label": _("Queue and cache host"), "who": redis})
    endpoint = getattr(settings, "AWS_S3_ENDPOINT_URL", "")
    if endpoint:
        found.append({"label": _("File storage"), "who": _host(endpoint)})
    return found


def breach_deadline_hours() -> int:
    return int(getattr(settings, "PERSONAL_DATA_BREACH_NOTIFY_HOURS", 72))


def processing_record() -> dict:
    return {
        "data_sets": data_sets(),
        "access": access_table(),
        "places": places(),
        "processors": processors(),
        "retention_years": retention_years(),
        "breach_hours": breach_deadline_hours(),
    }
