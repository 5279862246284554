"""The floor of the report figures' measures (reports/bench.py, reports/bench_province.py): the
same counts by one aggregate query per table."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q

from associations.models import LOCAL_KINDS, Society
from members.models import CommitteeSeat, Member, Membership, MembershipQuerySet

from .selectors import term_as_of


def figures_floor(*, union, term, union_ids: list[int] | None = None) -> list[dict]:
    """The same counts, one aggregate query per table: memberships, societies, committee
    seats, members (and the annex's one grouped query); over `union_ids` (a roll-up) when
    given, else the union alone. The committee is the term's own, as in the report."""
    ids = [union.pk] if union_ids is None else list(union_ids)
    start, end = term.starts_on, term_as_of(term)
    local = Q(society__kind__in=LOCAL_KINDS)
    at_start, at_end = MembershipQuerySet.active_on_q(start), MembershipQuerySet.active_on_q(end)
    memberships = Membership.objects.filter(society__union_id__in=ids).aggregate(
        start=Count("id", filter=at_start),
        start_people=Count("member_id", filter=at_start, distinct=True),
        end=Count("id", filter=at_end),
        end_people=Count("member_id", filter=at_end, distinct=True),
        local=Count("id", filter=at_end & local),
        local_people=Count("member_id", filter=at_end & local, distinct=True),
        institutional=Count("id", filter=at_end & ~local),
    )
    societies = (
        Society.objects.filter(union_id__in=ids)
        .active_on(end)
        .aggregate(total=Count("id"), local=Count("id", filter=Q(kind__in=LOCAL_KINDS)))
    )
    seats = CommitteeSeat.objects.filter(term=term).aggregate(
        at_end=Count("id", filter=Q(started_on__lte=end, ended_on__isnull=True)),
        ended=Count("id", filter=Q(ended_on__lt=end)),
        refilled=Count("society_id", filter=Q(started_on__gt=start), distinct=True),
    )
    active = Membership.objects.active_on(end).filter(
        member_id=OuterRef("pk"), society__union_id__in=ids
    )
    people = Member.objects.filter(Exists(active)).aggregate(
        total=Count("id"),
        **{f"q_{q}": Count("id", filter=Q(qualification=q)) for q in ("doctorate", "master")},
        **{f"g_{g}": Count("id", filter=Q(gender=g)) for g in ("male", "female")},
        titles=Count("id", filter=~Q(academic_title="")),
    )
    annex = list(
        Society.objects.filter(union_id__in=ids)
        .annotate(
            at_start=Count(
                "memberships", filter=MembershipQuerySet.active_on_q(start, "memberships__")
            ),
            at_end=Count(
                "memberships", filter=MembershipQuerySet.active_on_q(end, "memberships__")
            ),
        )
        .values("name", "kind", "at_start", "at_end")
    )
    return [memberships, societies, seats, people, annex]
