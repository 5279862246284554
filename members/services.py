"""Writes on members and memberships. Officers never delete a member: they record a leaving."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from associations.models import Society
from core.concurrency import Version, lock_and_check

from .models import PERSON_DETAIL_FIELDS, Member, Membership
from .selectors import overlapping_membership

MEMBER_FIELDS = ("full_name", "member_code", *PERSON_DETAIL_FIELDS)


def _blank(value: Any) -> bool:
    return value is None or value == ""


def _check_overlap(membership: Membership) -> None:
    overlap = overlapping_membership(
        member_id=membership.member_id,
        society_id=membership.society_id,
        joined_on=membership.joined_on,
        left_on=membership.left_on,
        exclude_pk=membership.pk,
    )
    if overlap:
        raise ValidationError(
            {
                "joined_on": _(
                    "Joined on: this person is already a member of this society from %(date)s; "
                    "the two memberships would overlap."
                )
                % {"date": date_format(overlap.joined_on, "SHORT_DATE_FORMAT")}
            }
        )


def _create_member(*, society: Society, data: dict[str, Any]) -> Member:
    """A new person of the society's union. A member code already held is refused, neutrally."""
    fields = {name: data[name] for name in MEMBER_FIELDS if name in data}
    fields["member_code"] = data.get("member_code") or None
    member = Member(union_id=society.union_id, **fields)
    member.full_clean(exclude=["search_text"])
    taken = ValidationError({"member_code": _("This member code is already used in the union.")})
    code = fields["member_code"]
    if code and Member.objects.filter(union_id=society.union_id, member_code=code).exists():
        raise taken
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError:
        # Another request took the same code between our read and our write.
        if not code:
            raise
        raise taken from None
    return member


@transaction.atomic
def member_add_to_society(
    *,
    society: Society,
    joined_on: datetime.date,
    member_data: dict[str, Any],
    existing: Member | None = None,
) -> tuple[Membership, bool]:
    """A membership of `society` from `joined_on`; returns it and whether the person existed.

    `existing` is a recorded person the caller has decided to link (and may see): their
    recorded details are kept, only empty ones are filled in from `member_data`. Without it a
    new person is recorded; a person is never picked up by their member code alone.
    """
    if existing is None:
        member = _create_member(society=society, data=member_data)
    else:
        member = Member.objects.select_for_update().get(pk=existing.pk)
        if member.union_id != society.union_id:
            raise ValidationError(_("This person belongs to another union."))
        changed = False
        # An erased person's details are never filled in again (members.privacy.anonymise).
        for name in MEMBER_FIELDS if member.anonymised_at is None else ():
            value = member_data.get(name)
            if not _blank(value) and _blank(getattr(member, name)):
                setattr(member, name, value)
                changed = True
        if changed:
            member.full_clean(exclude=["search_text"])
            member.save()
    membership = Membership(member=member, society=society, joined_on=joined_on)
    membership.full_clean()
    _check_overlap(membership)
    membership.save()
    return membership, existing is not None


def _refuse_identity(member: Member, member_data: dict[str, Any]) -> None:
    """An erased person cannot be given back a name or contacts: the portal does not re-identify."""
    for name in MEMBER_FIELDS:
        if name in member_data and (member_data[name] or None) != (getattr(member, name) or None):
            raise ValidationError(
                _(
                    "This person's data has been erased: their details cannot be recorded again. "
                    "Record a returning person as a new member."
                )
            )


@transaction.atomic
def membership_update(
    *,
    membership: Membership,
    member_data: dict[str, Any],
    membership_data: dict[str, Any],
    member_version: Version | None,
    membership_version: Version | None,
) -> Membership:
    """Change a person's details and the dates of one of their memberships together.

    Both records are locked and their versions checked (`core.concurrency`): a save based on
    what someone else has changed since raises StaleVersion and writes nothing. Pass None as a
    version only to write deliberately without that check.
    """
    # The person first, then the membership: the admin's member page locks in the same order.
    member = lock_and_check(Member.objects.all(), membership.member_id, member_version)
    membership = lock_and_check(Membership.objects.all(), membership.pk, membership_version)
    membership.member = member
    if member.anonymised_at is not None:
        _refuse_identity(member, member_data)
    for name in MEMBER_FIELDS:
        if name in member_data:
            setattr(member, name, member_data[name])
    member.member_code = member.member_code or None
    member.full_clean(exclude=["search_text"])
    for name in ("joined_on", "left_on", "leave_reason"):
        if name in membership_data:
            setattr(membership, name, membership_data[name])
    if membership.left_on is None:
        membership.leave_reason = ""
    membership.full_clean()
    _check_overlap(membership)
    member.save()
    membership.save()
    return membership


@transaction.atomic
def membership_end(
    *, membership: Membership, left_on: datetime.date, leave_reason: str
) -> Membership:
    """Record that a person left a society. The person and the membership stay on record."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.left_on is not None:
        raise ValidationError(
            _("This membership already ended on %(date)s.")
            % {"date": date_format(membership.left_on, "SHORT_DATE_FORMAT")}
        )
    if left_on < membership.joined_on:
        raise ValidationError({"left_on": _("Left on: the date left is before the date joined.")})
    membership.left_on = left_on
    membership.leave_reason = leave_reason
    membership.full_clean()
    membership.save()
    return membership
