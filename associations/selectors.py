"""Reads over societies and terms that are more than a one-line queryset."""

import datetime
from collections.abc import Iterable

from django.db.models import Count, Q

from .models import LOCAL_KINDS, Society, Term


def society_block_counts(*, union_ids: Iterable[int], on: datetime.date) -> dict[str, int]:
    """Member societies active on a date, by block. One query."""
    counts = (
        Society.objects.filter(union_id__in=list(union_ids))
        .active_on(on)
        .aggregate(
            total=Count("id"),
            local=Count("id", filter=Q(kind__in=LOCAL_KINDS)),
        )
    )
    return {
        "total": counts["total"],
        "institutional": counts["total"] - counts["local"],
        "local": counts["local"],
    }


def current_term(*, union_id: int, on: datetime.date) -> Term | None:
    """The term running on a date, else the latest one that started before it."""
    terms = Term.objects.filter(union_id=union_id, starts_on__lte=on).order_by("-starts_on")
    return terms.filter(ends_on__gte=on).first() or terms.first()
