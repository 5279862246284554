"""Writes on members and memberships. Officers never delete a member: they record a leaving."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from associations.models import Society

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


def _find_or_create_member(*, society: Society, data: dict[str, Any]) -> tuple[Member, bool]:
    """The person with this member code in the union, else a new person. Safe under races."""
    code = data.get("member_code") or None
    fields = {name: data[name] for name in MEMBER_FIELDS if name in data}
    fields["member_code"] = code
    if code:
        existing = (
            Member.objects.select_for_update()
            .filter(union_id=society.union_id, member_code=code)
            .first()
        )
        if existing:
            return existing, True
    member = Member(union_id=society.union_id, **fields)
    member.full_clean(exclude=["search_text"])
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError:
        # Another request created the same code between our read and our write.
        if not code:
            raise
        return Member.objects.get(union_id=society.union_id, member_code=code), True
    return member, False


@transaction.atomic
def member_add_to_society(
    *, society: Society, joined_on: datetime.date, member_data: dict[str, Any]
) -> tuple[Membership, bool]:
    """A membership of `society` from `joined_on`; returns it and whether the person existed.

    A person the union already knows by `member_code` is reused: their recorded details are
    kept, and only empty ones are filled in from `member_data`.
    """
    member, reused = _find_or_create_member(society=society, data=member_data)
    if reused:
        changed = False
        for name in MEMBER_FIELDS:
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
    return membership, reused


@transaction.atomic
def membership_update(
    *, membership: Membership, member_data: dict[str, Any], membership_data: dict[str, Any]
) -> Membership:
    """Change a person's details and the dates of one of their memberships together."""
    membership = (
        Membership.objects.select_for_update().select_related("member").get(pk=membership.pk)
    )
    member = membership.member
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
