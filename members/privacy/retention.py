"""The yearly retention review: people whose every membership ended long ago are proposed for
anonymisation (PERSONAL_DATA_RETENTION_YEARS, default 5 years after they left).

A person is proposed when they have at least one membership, none of them is current, the last
one ended before the cut-off, and they are not anonymised yet. Staff review the list, select
and anonymise after a confirmation (members.privacy.erase_views); `manage.py retention_review`
prints the same list for cron. Backups and exports follow the same rule (docs/personal-data.md).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from ..models import Member
from .anonymise import member_anonymise


def retention_years() -> int:
    return int(getattr(settings, "PERSONAL_DATA_RETENTION_YEARS", 5))


def retention_cutoff(today: datetime.date | None = None, years: int | None = None) -> datetime.date:
    """The day `years` before `today` (29 February → 28 February)."""
    today = today or timezone.localdate()
    years = retention_years() if years is None else years
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def retention_candidates(
    *, members: QuerySet, today: datetime.date | None = None, years: int | None = None
) -> QuerySet:
    """Of `members` (already scoped), those proposed for anonymisation, with `last_left_on`,
    oldest leaving first. One query."""
    cutoff = retention_cutoff(today, years)
    return (
        members.filter(anonymised_at__isnull=True)
        .annotate(
            last_left_on=Max("memberships__left_on"),
            current=Count("memberships", filter=Q(memberships__left_on__isnull=True)),
            held=Count("memberships"),
        )
        .filter(held__gt=0, current=0, last_left_on__lt=cutoff)
        .order_by("last_left_on", "sort_name", "id")
    )


@transaction.atomic
def retention_anonymise(*, members: Iterable[Member], user, reason: str = "") -> list[Member]:
    """Anonymise the selected people (the caller has checked they are candidates)."""
    return [member_anonymise(member=member, user=user, reason=reason) for member in members]
