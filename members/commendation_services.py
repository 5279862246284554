"""Writes on the commendations recorded from a society's pages.

From a society's pages a commendation goes to the society itself or to one of its members (a
person who is or was a member of it); union-level commendations are recorded in the admin. The
recipient is checked here again, whatever the form offered: an id from elsewhere is refused.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from associations.models import Society
from core.concurrency import Version, lock_and_check

from .committee_selectors import society_commendations
from .models import Commendation, Member, RecipientType

FIRST_YEAR = 1945
COMMENDATION_FIELDS = ("form", "issuer", "year", "reason")
SOCIETY_RECIPIENTS = (RecipientType.SOCIETY, RecipientType.MEMBER)


def recipient_members(*, society: Society) -> QuerySet[Member]:
    """The people a commendation of `society` may go to: its present and former members."""
    return (
        Member.objects.filter(union_id=society.union_id, memberships__society=society)
        .distinct()
        .order_by("full_name", "birth_year", "pk")
    )


def year_error(year: int | None) -> str | None:
    """Why `year` cannot be a commendation's year, or None."""
    last = timezone.localdate().year
    if year is None or FIRST_YEAR <= year <= last:
        return None
    return _("Enter a year between %(first)s and %(last)s.") % {"first": FIRST_YEAR, "last": last}


def _apply(commendation: Commendation, *, society: Society, data: dict[str, Any]) -> None:
    recipient_type = data.get("recipient_type")
    if recipient_type not in SOCIETY_RECIPIENTS:
        raise ValidationError(
            {"recipient_type": _("Choose the society or one of its members as the recipient.")}
        )
    commendation.union_id = society.union_id
    commendation.recipient_type = recipient_type
    if recipient_type == RecipientType.SOCIETY:
        commendation.society, commendation.member = society, None
    else:
        member = data.get("member")
        member_id = getattr(member, "pk", member)
        if not member_id or not recipient_members(society=society).filter(pk=member_id).exists():
            raise ValidationError(
                {"member": _("Choose a person who is or was a member of this society.")}
            )
        commendation.society, commendation.member_id = None, member_id
    for name in COMMENDATION_FIELDS:
        if name in data:
            setattr(commendation, name, data[name])
    error = year_error(commendation.year)
    if error:
        raise ValidationError({"year": error})
    commendation.full_clean()


@transaction.atomic
def commendation_create(*, society: Society, data: dict[str, Any]) -> Commendation:
    """A commendation of `society` or of one of its members."""
    commendation = Commendation()
    _apply(commendation, society=society, data=data)
    commendation.save()
    return commendation


@transaction.atomic
def commendation_update(
    *,
    society: Society,
    commendation: Commendation,
    data: dict[str, Any],
    version: Version | None,
) -> Commendation:
    """Change a commendation of `society`, refused (StaleVersion) when someone else changed it
    since the form was shown (`core.concurrency`)."""
    commendation = lock_and_check(
        society_commendations(society=society).select_related(None), commendation.pk, version
    )
    _apply(commendation, society=society, data=data)
    commendation.save()
    return commendation


@transaction.atomic
def commendation_delete(*, society: Society, commendation: Commendation) -> None:
    """Delete a commendation of `society` (or of one of its members)."""
    society_commendations(society=society).filter(pk=commendation.pk).delete()
