"""Reads of contests: results, the honour roll and the term report's figures (plain data, a fixed
number of queries whatever the data size). Judging's reads are in `judging_selectors.py`."""

from __future__ import annotations

import datetime
from collections import Counter, OrderedDict
from collections.abc import Iterable

from django.db.models import Case, IntegerField, QuerySet, Value, When

from .models import (
    LEVEL_ORDER,
    Award,
    Entry,
    Initiative,
    Level,
    Rank,
    RecognitionLevel,
)

HIGH_LEVELS = (Level.NATIONAL, Level.NORTHERN_REGION)
RANK_ORDER = [Rank.SPECIAL, Rank.FIRST, Rank.SECOND, Rank.THIRD, Rank.CONSOLATION]


def _order(field: str, values) -> Case:
    return Case(
        *(When(**{field: value}, then=Value(i)) for i, value in enumerate(values)),
        default=Value(len(values)),
        output_field=IntegerField(),
    )


def level_rank(level: str) -> int:
    return LEVEL_ORDER.index(level) if level in LEVEL_ORDER else len(LEVEL_ORDER)


def contest_entries(*, contest, entries: QuerySet) -> QuerySet:
    """A contest's entries (already scoped) with their society, authors and awards."""
    return (
        entries.filter(contest=contest)
        .select_related("society")
        .prefetch_related("authors", "awards")
        .order_by("code", "sort_title", "pk")
    )


def contest_results(*, contest) -> list[Award]:
    """The awards won by the contest's entries, highest level and rank first (3 queries)."""
    return list(
        Award.objects.filter(entry__contest=contest)
        .select_related("entry__society")
        .prefetch_related("entry__authors")
        .annotate(level_order=_order("level", LEVEL_ORDER), rank_order=_order("rank", RANK_ORDER))
        .order_by("-level_order", "rank_order", "entry__sort_title", "pk")
    )


def honour_roll(*, awards: QuerySet, level: str = "", year: int | None = None) -> QuerySet:
    """Every award of the union across the years, newest year and highest level first (a
    queryset, to be paged: authors come in one more query per page)."""
    if level:
        awards = awards.filter(level=level)
    if year:
        awards = awards.filter(year=year)
    return (
        awards.select_related("entry__society", "entry__contest")
        .prefetch_related("entry__authors")
        .annotate(level_order=_order("level", LEVEL_ORDER), rank_order=_order("rank", RANK_ORDER))
        .order_by("-year", "-level_order", "rank_order", "entry__sort_title", "pk")
    )


def entry_authors_text(entry: Entry) -> str:
    names = [author.full_name for author in entry.authors.all()] + entry.author_lines()
    return ", ".join(names)


# --- the term report --------------------------------------------------------------------------


def contest_term_figures(
    *,
    start: datetime.date,
    end: datetime.date,
    union_id: int | None = None,
    union_ids: Iterable[int] | None = None,
) -> dict:
    """Sections 2.3 and 2.4 and the annexes: plain JSON, four queries whatever the data
    (awards, their member authors, typical intellectuals, initiatives).

    One union (`union_id`) or several summed (`union_ids`: a parent union's roll-up).

    An award counts in the term when its year falls in the term (the years of `start` and
    `end`); an initiative likewise by its year; a typical intellectual by the year recognised.
    """
    from members.models import Member

    ids = [union_id] if union_ids is None else list(union_ids)
    years = (start.year, end.year)
    in_term = {"year__gte": years[0], "year__lte": years[1]}
    awards = list(
        Award.objects.filter(entry__union_id__in=ids, **in_term)
        .select_related("entry__society", "entry__contest")
        .annotate(level_order=_order("level", LEVEL_ORDER), rank_order=_order("rank", RANK_ORDER))
        .order_by("-level_order", "year", "rank_order", "entry__sort_title", "pk")
    )
    # The member authors of those entries, in one query whether or not there are any.
    member_authors: dict[int, list[str]] = {}
    for entry_id, name in (
        Entry.authors.through.objects.filter(
            entry_id__in=Award.objects.filter(entry__union_id__in=ids, **in_term).values("entry_id")
        )
        .order_by("entry_id", "member__sort_name", "member_id")
        .values_list("entry_id", "member__full_name")
    ):
        member_authors.setdefault(entry_id, []).append(name)
    by_level = Counter(award.level for award in awards)
    # A product counts once per level, however many years it won there.
    products_by_level: dict[str, set[int]] = {level: set() for level in Level.values}
    top_level: dict[int, str] = {}
    for award in awards:
        products_by_level[award.level].add(award.entry_id)
        best = top_level.get(award.entry_id)
        if best is None or level_rank(award.level) > level_rank(best):
            top_level[award.entry_id] = award.level
    annex = [
        {
            "title": award.entry.title,
            "unit": award.entry.unit or award.entry.society.name,
            "society": award.entry.society.name,
            "authors": ", ".join(
                member_authors.get(award.entry_id, []) + award.entry.author_lines()
            ),
            "field": award.entry.field,
            "contest": award.entry.contest.name,
            "level": award.level,
            "rank": award.rank,
            "year": award.year,
            "awarding_body": award.awarding_body,
        }
        for award in awards
    ]
    # Notable products: national and Northern-region winners, once each, at their best level.
    notable: OrderedDict[int, dict] = OrderedDict()
    for award, row in zip(awards, annex, strict=True):
        if award.level not in HIGH_LEVELS or top_level[award.entry_id] != award.level:
            continue
        notable.setdefault(award.entry_id, row)
    winning_fields = Counter(award.entry.field for award in awards if award.level != Level.DISTRICT)
    typical = list(
        Member.objects.filter(
            union_id__in=ids,
            typical_intellectual_year__gte=years[0],
            typical_intellectual_year__lte=years[1],
        )
        .order_by("typical_intellectual_year", "sort_name")
        .values_list("full_name", "typical_intellectual_year", "workplace")
    )
    initiatives = list(
        Initiative.objects.filter(union_id__in=ids, **in_term)
        .select_related("society")
        .order_by("-year", "sort_title", "pk")
        .values_list(
            "title",
            "society__name",
            "authors",
            "field",
            "recognition_level",
            "year",
            "applied",
            "applied_where",
        )
    )
    provincial = {RecognitionLevel.PROVINCE, RecognitionLevel.NATIONAL}
    return {
        "awards_by_level": {level: by_level.get(level, 0) for level in Level.values},
        "products_by_level": {level: len(ids) for level, ids in products_by_level.items()},
        "products_national_or_region": len(
            products_by_level[Level.NATIONAL] | products_by_level[Level.NORTHERN_REGION]
        ),
        "products_province": len(products_by_level[Level.PROVINCE]),
        "awards_total": len(awards),
        "notable_products": list(notable.values()),
        "winning_fields": [
            {"field": field, "awards": count}
            for field, count in sorted(winning_fields.items(), key=lambda item: -item[1])
        ],
        "typical_intellectuals": [
            {"name": name, "year": year, "workplace": workplace}
            for name, year, workplace in typical
        ],
        "initiatives_total": len(initiatives),
        "initiatives_applied": sum(1 for row in initiatives if row[6]),
        "initiatives_provincial": sum(1 for row in initiatives if row[4] in provincial),
        "initiatives_annex": [
            {
                "field": field,
                "title": title,
                "society": society,
                "authors": authors,
                "recognition_level": level,
                "year": year,
                "applied": applied,
                "applied_where": where,
            }
            for title, society, authors, field, level, year, applied, where in initiatives
            if level in provincial
        ],
        "awards_annex": annex,
    }
