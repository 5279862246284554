"""Route × role rows of the personal data pages (issue 11); erase's rows come from
`tests/privacy/matrix_erase.py`."""

from __future__ import annotations

import datetime

from members.models import ConsentText, DataSubjectRequest, PersonalDataAccess

from ..route_matrix import Row  # noqa: F401

ROWS: dict[str, Row] = {}
FORGED_POSTS: dict[str, tuple] = {}
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


try:
    from . import matrix_erase as _erase
except ImportError as error:
    if error.name != "tests.privacy.matrix_erase":
        raise
else:
    ROWS |= getattr(_erase, "ROWS", {})
    FORGED_POSTS |= getattr(_erase, "FORGED_POSTS", {})
    _erase_records = getattr(_erase, "records", None)
