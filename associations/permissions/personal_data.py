"""Personal data of members (Law 91/2025/QH15): deny by default."""

from __future__ import annotations

from django.db.models import QuerySet

from .base import access_for

# --- personal data ---
# Law 91/2025/QH15: staff of a person's union keep their personal data; everyone else who looks
# (leadership, officers, a parent union's staff) is logged. Members' records are duck-typed here.


def can_manage_personal_data(user, union_id: int) -> bool:
    """Consent texts, requests, "see my data", the access log: staff of the union."""
    return union_id in access_for(user).staff_unions


def can_view_data_requests(user) -> bool:
    """The requests list: staff (who answer) and leadership (read only)."""
    access = access_for(user)
    return bool(access.staff_unions or access.leadership_unions)


def can_manage_consent_texts(user) -> bool:
    return bool(access_for(user).staff_unions)


def scope_data_requests(user, qs: QuerySet) -> QuerySet:
    access = access_for(user)
    return qs.filter(union_id__in=access.staff_unions | access.leadership_unions)


def scope_consent_texts(user, qs: QuerySet) -> QuerySet:
    return qs.filter(union_id__in=access_for(user).staff_unions)


def personal_data_access_is_logged(user, member) -> bool:
    """Views of a person's details are logged unless made by staff of the person's union."""
    return member.union_id not in access_for(user).staff_unions


def can_edit_member_consent(user, member, society_ids) -> bool:
    """Consent is recorded by the union's staff or by an officer of one of the person's
    societies (`society_ids`: the person's societies)."""
    access = access_for(user)
    return member.union_id in access.staff_unions or bool(
        access.officer_societies & set(society_ids)
    )


# Erasure, the yearly retention review and the processing record.


def can_erase_member(user, member) -> bool:
    """Anonymising a person (and the yearly review proposing whom): the union's staff only."""
    return member.union_id in access_for(user).staff_unions


def can_review_retention(user) -> bool:
    return access_for(user).is_staff


def can_view_processing_record(user) -> bool:
    """What personal data the portal holds, where and who sees it: staff only."""
    return access_for(user).is_staff


def scope_erasable_members(user, qs: QuerySet) -> QuerySet:
    """People a user may anonymise: those of the unions they are staff of."""
    return qs.filter(union_id__in=access_for(user).staff_unions)
