"""Who looked at a person's data: logging helpers and the log's selector."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from associations import permissions

from .models import AccessAction, PersonalDataAccess


def _path(request) -> str:
    return request.get_full_path()[:500] if request is not None else ""


def log_member_view(*, request, member, detail: str = "page") -> PersonalDataAccess | None:
    """Log a view of `member`'s details unless the viewer is staff of the person's union."""
    if not permissions.personal_data_access_is_logged(request.user, member):
        return None
    return PersonalDataAccess.objects.create(
        union_id=member.union_id,
        member=member,
        user=request.user,
        action=AccessAction.VIEW,
        detail=detail[:500],
        path=_path(request),
    )


def log_subject_export(*, request, member, fmt: str) -> PersonalDataAccess:
    """Producing a person's own data is always logged, staff included."""
    return PersonalDataAccess.objects.create(
        union_id=member.union_id,
        member=member,
        user=request.user,
        action=AccessAction.SUBJECT_EXPORT,
        detail=fmt,
        path=_path(request),
    )


def describe_filters(params) -> str:
    """The export's filters as `name=value` pairs, empty ones left out."""
    pairs = [
        f"{name}={value}"
        for name, values in sorted(params.lists())
        for value in values
        if value and name != "page"
    ]
    return "; ".join(pairs) or "-"


def log_export(
    *, request, union_ids: Iterable[int], detail: str, member=None
) -> list[PersonalDataAccess]:
    """An export of personal data, logged for every union it may cover, staff included."""
    rows = [
        PersonalDataAccess(
            union_id=union_id,
            member=member,
            user=request.user,
            action=AccessAction.EXPORT,
            detail=detail[:500],
            path=_path(request),
        )
        for union_id in sorted(set(union_ids))
    ]
    return PersonalDataAccess.objects.bulk_create(rows)


def member_access_log(member) -> QuerySet:
    """The log of one person, newest first, with who looked (one query per page)."""
    return (
        PersonalDataAccess.objects.filter(member=member)
        .select_related("user")
        .order_by("-at", "-id")
    )
