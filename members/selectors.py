"""Reads over members and memberships. Query counts do not grow with the data."""

import datetime
import hashlib
import logging
from collections.abc import Iterable

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from associations.models import LOCAL_KINDS

from .models import (
    AcademicTitle,
    Gender,
    Member,
    Membership,
    MembershipQuerySet,
    Qualification,
)


def _memberships(
    *, union_ids: Iterable[int] | None = None, society_ids: Iterable[int] | None = None
) -> QuerySet:
    qs = Membership.objects.all()
    if union_ids is not None:
        qs = qs.filter(society__union_id__in=list(union_ids))
    if society_ids is not None:
        qs = qs.filter(society_id__in=list(society_ids))
    return qs


def membership_counts(
    *,
    union_ids: Iterable[int] | None = None,
    society_ids: Iterable[int] | None = None,
    dates: dict[str, datetime.date],
    people: Iterable[str] | None = None,
) -> dict[str, dict[str, int]]:
    """For each named date: memberships active then and distinct people holding them. One query.

    `people` names the dates whose people are counted (default: every date); the others give
    `"people": None`, which spares a distinct count each (the members chart needs none).

    >>> membership_counts(union_ids=[1], dates={"start": d1, "end": d2})
    {"start": {"memberships": 1678, "people": 1660}, "end": {...}}
    """
    qs = _memberships(union_ids=union_ids, society_ids=society_ids)
    counted = set(dates if people is None else people)
    aggregates = {}
    for name, day in dates.items():
        aggregates[f"{name}__memberships"] = Count("id", filter=MembershipQuerySet.active_on_q(day))
        if name in counted:
            aggregates[f"{name}__people"] = Count(
                "member_id", filter=MembershipQuerySet.active_on_q(day), distinct=True
            )
    row = qs.aggregate(**aggregates)
    return {
        name: {"memberships": row[f"{name}__memberships"], "people": row.get(f"{name}__people")}
        for name in dates
    }


def membership_flows(
    *, union_ids: Iterable[int], after: datetime.date, until: datetime.date
) -> dict[str, dict[str, int]]:
    """Memberships that began and ended in the period after `after` up to `until` (inclusive).

    The period is half-open at its start so that the flows add up with `membership_counts`:
    count on `until` − count on `after` = joined − left. For a calendar year pass the last day of
    the year before as `after`; for a term, its start date. One query.

    >>> membership_flows(union_ids=[1], after=term.starts_on, until=term.ends_on)
    {"joined": {"memberships": 40, "people": 38}, "left": {"memberships": 18, "people": 18}}
    """
    joined = Q(joined_on__gt=after, joined_on__lte=until)
    left = Q(left_on__gt=after, left_on__lte=until)
    row = _memberships(union_ids=union_ids).aggregate(
        joined_memberships=Count("id", filter=joined),
        joined_people=Count("member_id", filter=joined, distinct=True),
        left_memberships=Count("id", filter=left),
        left_people=Count("member_id", filter=left, distinct=True),
    )
    return {
        "joined": {"memberships": row["joined_memberships"], "people": row["joined_people"]},
        "left": {"memberships": row["left_memberships"], "people": row["left_people"]},
    }


def _choice_counts(prefix: str, field: str, choices: Iterable[str]) -> dict[str, Count]:
    """One conditional Count per choice, and one for "not given" (the empty string)."""
    aggregates = {
        f"{prefix}__{value}": Count("id", filter=Q(**{field: value})) for value in choices
    }
    aggregates[f"{prefix}__"] = Count("id", filter=Q(**{field: ""}))
    return aggregates


def member_breakdown(*, union_ids: Iterable[int], on: datetime.date, by_field: bool = True) -> dict:
    """Who the members are on a date. Three queries whatever the data (two without by_field).

    - `by_block`: memberships and distinct people in societies of each block (a person in a
      ward's society and in an agency's counts once in each block);
    - `by_qualification`, `by_gender`, `by_academic_title`: distinct people with at least one
      active membership, keyed by the choice code ("" = not given);
    - `by_field`: the same people by their free-text field, largest first (its own query;
      an empty list with by_field=False, which saves its query).
    """
    union_ids = list(union_ids)
    local = Q(society__kind__in=LOCAL_KINDS)
    active = MembershipQuerySet.active_on_q(on)
    blocks = _memberships(union_ids=union_ids).aggregate(
        institutional_memberships=Count("id", filter=active & ~local),
        institutional_people=Count("member_id", filter=active & ~local, distinct=True),
        local_memberships=Count("id", filter=active & local),
        local_people=Count("member_id", filter=active & local, distinct=True),
    )
    people = Member.objects.filter(
        Exists(
            Membership.objects.active_on(on).filter(
                member_id=OuterRef("pk"), society__union_id__in=union_ids
            )
        )
    )
    aggregates = {
        **_choice_counts("qualification", "qualification", Qualification.values),
        **_choice_counts("gender", "gender", Gender.values),
        **_choice_counts("academic_title", "academic_title", AcademicTitle.values),
    }
    row = people.aggregate(total=Count("id"), **aggregates)
    fields = (
        people.values("field").annotate(people=Count("id")).order_by("-people", "field")
        if by_field
        else []
    )

    def choices(prefix: str, values: Iterable[str]) -> dict[str, int]:
        return {value: row[f"{prefix}__{value}"] for value in [*values, ""]}

    return {
        "on": on.isoformat(),
        "people": row["total"],
        "by_block": {
            "institutional": {
                "memberships": blocks["institutional_memberships"],
                "people": blocks["institutional_people"],
            },
            "local": {
                "memberships": blocks["local_memberships"],
                "people": blocks["local_people"],
            },
        },
        "by_qualification": choices("qualification", Qualification.values),
        "by_gender": choices("gender", Gender.values),
        "by_academic_title": choices("academic_title", AcademicTitle.values),
        "by_field": [{"field": item["field"], "people": item["people"]} for item in fields],
    }


def overlapping_membership(
    *,
    member_id: int,
    society_id: int,
    joined_on: datetime.date,
    left_on: datetime.date | None,
    exclude_pk: int | None = None,
) -> Membership | None:
    """Another membership of the same person in the same society whose dates overlap these."""
    qs = Membership.objects.filter(member_id=member_id, society_id=society_id).filter(
        Q(left_on__isnull=True) | Q(left_on__gt=joined_on)
    )
    if left_on is not None:
        qs = qs.filter(joined_on__lt=left_on)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.order_by("joined_on").first()


DIRECTORY_FIELDS = (
    "id",
    "full_name",
    "member_code",
    "gender",
    "birth_year",
    "qualification",
    "field",
    "workplace",
)


def directory_rows(*, members: QuerySet, on: datetime.date) -> list[tuple]:
    """Plain rows for a page of the directory: two queries, no model instances.

    `members` is the page (a sliced queryset). Each row: the values of DIRECTORY_FIELDS, then
    the (society id, society name) of the member's memberships active on `on`, by society
    name (Vietnamese order): what `with_active_memberships` gives, for a fraction of its cost.
    """
    people = list(members.prefetch_related(None).values_list(*DIRECTORY_FIELDS))
    if not people:
        return []
    societies: dict[int, list[tuple[int, str]]] = {person[0]: [] for person in people}
    memberships = (
        Membership.objects.active_on(on)
        .filter(member_id__in=list(societies))
        .order_by("society__sort_name", "society_id")
        .values_list("member_id", "society_id", "society__name")
    )
    for member_id, society_id, name in memberships:
        societies[member_id].append((society_id, name))
    return [(*person, societies[person[0]]) for person in people]


def with_active_memberships(*, members: QuerySet, on: datetime.date) -> QuerySet:
    """Members with `active_memberships` (and their societies) on a date: one extra query."""
    return members.prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.active_on(on)
            .select_related("society")
            .order_by("society__sort_name", "society_id"),
            to_attr="active_memberships",
        )
    )


# --- reads kept while the data stays the same ----------------------------------------------------

CACHE_SECONDS = 60 * 60
logger = logging.getLogger(__name__)


def _cache(operation: str, *args):
    """cache.<operation>(*args); a cache that fails (Redis down) is a miss, not an error page."""
    try:
        return getattr(cache, operation)(*args)
    except Exception:  # noqa: BLE001 - any backend error
        logger.warning("Cache %s failed; reading from the database", operation, exc_info=True)
        return None


def data_version(using: str = "default") -> str | None:
    """What the members, memberships, societies and unions are now, in one query; None: unknown.

    The row of members_data_version, which triggers bump in the transaction of every write of
    these tables, whoever makes it (migration members 0004_data_version_triggers). Writers
    queue on that row, so a version read names one committed state: a read made after it sees
    that state or a later one, and a later one has a later version. Other database engines
    (no triggers): None.
    """
    connection = connections[using]
    if connection.vendor not in ("postgresql", "sqlite"):
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT version, changed_at FROM members_data_version WHERE id = 1")
        row = cursor.fetchone()
    return None if row is None else f"{row[0]}@{row[1]}"


class VersionedReads:
    """Reads of the directory kept in the cache for as long as the data stays the same.

    A value is read from the database once, then kept under the data version (data_version,
    read once per instance, that is once per request: one query) and the SQL that reads it, so
    every filter and permission scope that shapes a read shapes its key. Any write of a member,
    membership, society or union makes a new version: nothing kept is shown after a change.

    The version is read before the values, so what is kept under it is that state or a newer
    one, never an older one.
    """

    def __init__(self, using: str | None = None):
        # The version and the values from one database: a replica that lags behind the primary
        # would otherwise keep its older values under the primary's newer version.
        self.using = using or router.db_for_read(Member)
        self.version = data_version(self.using)
        self._sql_keys: dict[int, tuple[QuerySet, tuple[str, tuple]]] = {}

    def _key(self, kind: str, text: str) -> str:
        digest = hashlib.sha256(f"{self.version}\n{text}".encode()).hexdigest()
        return f"members:{kind}:{digest}"

    def _sql_key(self, queryset: QuerySet) -> tuple[str, tuple]:
        """The SQL and parameters of `queryset` without its ordering, compiled once."""
        found = self._sql_keys.get(id(queryset))
        if found is None or found[0] is not queryset:
            found = self._sql_keys[id(queryset)] = (
                queryset,
                queryset.order_by().query.sql_with_params(),
            )
        return found[1]

    def get(self, kind: str, text: str, compute):
        """The value kept under `kind` and `text` for this data version, else `compute()`."""
        if self.version is None:
            return compute()
        key = self._key(kind, text)
        value = _cache("get", key)
        if value is None:
            value = compute()
            _cache("set", key, value, CACHE_SECONDS)
        return value

    def values_list(self, queryset: QuerySet) -> list:
        """list(queryset), for a values_list() queryset of these models."""
        if self.version is None:
            return list(queryset)
        try:
            sql, params = queryset.query.sql_with_params()
        except EmptyResultSet:
            return []
        return self.get("values", f"{sql}\n{params!r}", lambda: list(queryset))

    def count(self, queryset: QuerySet) -> int:
        if self.version is None:
            return queryset.count()
        try:
            sql, params = self._sql_key(queryset)
        except EmptyResultSet:
            return 0
        return self.get("count", f"{sql}\n{params!r}", queryset.count)

    def directory_rows(
        self, queryset: QuerySet, *, low: int, high: int | None, on: datetime.date
    ) -> list[tuple]:
        """directory_rows() of `queryset[low:high]`."""
        page = queryset[low:high]
        if self.version is None:
            return directory_rows(members=page, on=on)
        try:
            sql, params = self._sql_key(queryset)
        except EmptyResultSet:
            return []
        ordering = list(queryset.query.order_by or Member._meta.ordering)
        return self.get(
            "rows",
            f"{sql}\n{params!r}\n{ordering!r}\n{low}:{high}\n{on.isoformat()}",
            lambda: directory_rows(members=page, on=on),
        )
