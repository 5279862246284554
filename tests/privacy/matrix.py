"""Route × role rows of the personal data pages (issue 11); erase's rows come from
`tests/privacy/matrix_erase.py`."""

from __future__ import annotations

import datetime
import importlib

from django.urls import reverse

from members.models import ConsentText, DataSubjectRequest, Member, PersonalDataAccess

from ..route_matrix import (
    ADMIN,
    ADMIN_FORGED,
    ADMIN_OWN_ONLY,
    ADMIN_REDIRECT,
    EDIT,
    FORGED_VIEW,
    SIBLING_EDIT,
    Row,
    admin_object,
    admin_rows,
    answers,
    fixed,
    named,
)

# Staff pages: only staff; another union's staff see their own list, not our records.
STAFF_LIST = answers("login 200 403 403 403 403 200")
STAFF_OBJECT = answers("login 200 403 403 403 403 404")
STAFF_FORGED = answers("login 404 403 403 403 403 200")
# Requests: staff answer, leadership read.
READ_LIST = answers("login 200 200 403 403 403 200")
READ_OBJECT = answers("login 200 200 403 403 403 404")
READ_FORGED = answers("login 404 404 403 403 403 200")
# The access log's admin: read only; only superusers delete.
ADMIN_NO_ADD = answers("login 403 login login login login 403")
ADMIN_NO_DELETE = answers("login 403 login login login login 403")
ADMIN_NO_DELETE_FORGED = ADMIN_NO_DELETE
ADMIN_LOG_HISTORY = answers("login 200 login login login login away")
ADMIN_LOG_HISTORY_FORGED = answers("login away login login login login 200")


def _member_page(name: str, **extra):
    def build(records):
        return reverse(name, kwargs={"pk": records.membership.member.pk, **extra})

    return build


ROWS: dict[str, Row] = {
    "members:privacy_consent_texts": Row(fixed("/privacy/consent-texts/"), STAFF_LIST),
    "members:privacy_consent_text_add": Row(fixed("/privacy/consent-texts/add/"), STAFF_LIST),
    "members:privacy_consent_text_print": Row(
        named("members:privacy_consent_text_print", pk="consenttext.pk"),
        STAFF_OBJECT,
        STAFF_FORGED,
    ),
    "members:privacy_requests": Row(fixed("/privacy/requests/"), READ_LIST),
    "members:privacy_request_detail": Row(
        named("members:privacy_request_detail", pk="datasubjectrequest.pk"),
        READ_OBJECT,
        READ_FORGED,
    ),
    "members:privacy_request_answer": Row(
        named("members:privacy_request_answer", pk="datasubjectrequest.pk"),
        STAFF_OBJECT,
        STAFF_FORGED,
    ),
    "members:privacy_member_consent": Row(
        _member_page("members:privacy_member_consent"), EDIT, FORGED_VIEW, SIBLING_EDIT
    ),
    "members:privacy_member_consent_print": Row(
        _member_page("members:privacy_member_consent_print"),
        answers("login away 403 403 403 403 404"),
        answers("login 404 403 403 403 403 away"),
    ),
    "members:privacy_access_log": Row(
        _member_page("members:privacy_access_log"), STAFF_OBJECT, STAFF_FORGED
    ),
    "members:privacy_request_add": Row(
        _member_page("members:privacy_request_add"), STAFF_OBJECT, STAFF_FORGED
    ),
    "members:privacy_subject_export": Row(
        _member_page("members:privacy_subject_export", fmt="xlsx"), STAFF_OBJECT, STAFF_FORGED
    ),
    **admin_rows(
        "members.consenttext",
        import_export=False,
        overrides={
            "delete": Row(
                admin_object("members.consenttext", "delete"),
                ADMIN_NO_DELETE,
                ADMIN_NO_DELETE_FORGED,
            ),
        },
    ),
    **admin_rows("members.datasubjectrequest", import_export=False),
    "admin:members_personaldataaccess_changelist": Row(
        fixed("/admin/members/personaldataaccess/"), ADMIN
    ),
    "admin:members_personaldataaccess_add": Row(
        fixed("/admin/members/personaldataaccess/add/"), ADMIN_NO_ADD
    ),
    "admin:members_personaldataaccess_change": Row(
        admin_object("members.personaldataaccess", "change"), ADMIN_OWN_ONLY, ADMIN_FORGED
    ),
    "admin:members_personaldataaccess_delete": Row(
        admin_object("members.personaldataaccess", "delete"),
        ADMIN_NO_DELETE,
        ADMIN_NO_DELETE_FORGED,
    ),
    "admin:members_personaldataaccess_history": Row(
        admin_object("members.personaldataaccess", "history"),
        ADMIN_LOG_HISTORY,
        ADMIN_LOG_HISTORY_FORGED,
    ),
    "admin/members/personaldataaccess/<path:object_id>/": Row(
        admin_object("members.personaldataaccess", "redirect"), ADMIN_REDIRECT, ADMIN_REDIRECT
    ),
}
# Columns: staff leadership officer expert judge (union A's roles) posting to union B's records.
FORGED_POSTS: dict[str, tuple] = {
    "members:privacy_request_answer": (404, 403, 403, 403, 403),
    "members:privacy_request_add": (404, 403, 403, 403, 403),
    "members:privacy_member_consent": (404, 404, 404, 403, 403),
    "admin:members_consenttext_change": ("away", "login", "login", "login", "login"),
    "admin:members_datasubjectrequest_change": ("away", "login", "login", "login", "login"),
    "admin:members_personaldataaccess_delete": (403, "login", "login", "login", "login"),
}
_erase_records = None  # erase's own `records` hook, if matrix_erase has one


def records(ns, *, users):
    """A consent text, a request and an access-log row in each union."""
    ns.consenttext = ConsentText.objects.create(
        union=ns.union,
        version=1,
        title="Phiếu đồng ý xử lý dữ liệu cá nhân",
        body="Tôi đồng ý cho Liên hiệp hội xử lý dữ liệu cá nhân của tôi.",
        purpose="Quản lý hội viên",
        effective_from=datetime.date(2026, 1, 1),
    )
    ns.datasubjectrequest = DataSubjectRequest.objects.create(
        union=ns.union,
        member=ns.membership.member,
        kind="access",
        received_on=datetime.date(2026, 3, 2),
        due_on=datetime.date(2026, 3, 16),
    )
    ns.personaldataaccess = PersonalDataAccess.objects.create(
        union=ns.union, member=ns.membership.member, action="view", detail="page"
    )
    if _erase_records is not None:
        _erase_records(ns, users=users)


def state(ns) -> dict:
    """Union B's personal data records a forged write could touch."""
    member = ns.membership.member
    return {
        "consenttext": ConsentText.objects.filter(pk=ns.consenttext.pk).values().first(),
        "requests": list(DataSubjectRequest.objects.filter(union=ns.union).values()),
        "accesses": list(PersonalDataAccess.objects.filter(union=ns.union).values_list("pk")),
        "member": Member.objects.filter(pk=member.pk).values().first(),
    }


try:
    _erase = importlib.import_module("tests.privacy.matrix_erase")
except ModuleNotFoundError as error:
    if error.name != "tests.privacy.matrix_erase":
        raise
else:
    ROWS |= getattr(_erase, "ROWS", {})
    FORGED_POSTS |= getattr(_erase, "FORGED_POSTS", {})
    _erase_records = getattr(_erase, "records", None)
