"""Judging maths, kept free of the database: who judges what, and how entries rank.

Assignment (`assign_judges`) is a b-matching between entries and judges, solved as a flow:
source → entry (capacity N minus the judges it already keeps) → judge (one unit, only when
there is no conflict) → sink (the judge's load). "Loads differ by at most one" fixes every
load between lo = ⌊E·N/J⌋ and hi = ⌈E·N/J⌉. The lower bound is reached first (phase 1,
judge capacities lo), then the flow grows to the full demand (phase 2, capacities hi): an
augmenting path only ever adds flow on the edges into the sink, so the loads reached in phase
1 are never lost, and each phase is a maximum flow, so when either falls short no balanced
assignment exists. Each phase starts from a greedy fill (least-loaded judge first) and repairs
what the greedy left with breadth-first augmenting paths; the answer is therefore exact, and
quick because the greedy leaves little to repair. Pairs are the same for the same input.

Ranking (`rank_entries`): a judge's total for an entry is the weighted mean of the criteria on a
100 scale, 100 · Σ(weight · score / max) / Σ weight. An entry's raw score is the mean of its
judges' totals. Normalised (z-score), each judge's totals are standardised by that judge's own
mean and (population) standard deviation over the entries they scored, then mapped back onto
the scale of all totals, M + S · z, where M and S are the mean and standard deviation of every
total in the contest; a judge with a single entry, or the same total everywhere, gets z = 0.
Scores are compared at the two decimals shown, and equal scores share a rank (1, 1, 3).
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

__all__ = [
    "AssignmentImpossible",
    "EntryRanking",
    "assign_judges",
    "competition_ranks",
    "judge_total",
    "rank_entries",
    "vn_decimal",
]

Id = Hashable
Pair = tuple[Id, Id]  # (judge, entry)

_LISTED = 5  # names quoted in a reason before "…"


class AssignmentImpossible(ValueError):
    """No assignment meets the rules; `str()` says why, in words the page can show."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _names(ids: Iterable[Id], labels: Mapping[Id, str]) -> str:
    names = [labels.get(item, str(item)) for item in ids]
    shown = ", ".join(names[:_LISTED])
    return shown + (", …" if len(names) > _LISTED else "")


def assign_judges(
    *,
    entries: Iterable[Id],
    judges: Iterable[Id],
    per_entry: int,
    conflicts: Iterable[Pair] = (),
    keep: Iterable[Pair] = (),
    entry_labels: Mapping[Id, str] | None = None,
    judge_labels: Mapping[Id, str] | None = None,
) -> list[Pair]:
    """Every (judge, entry) pair of a balanced assignment, the kept pairs included, sorted.

    `keep` are pairs that must stay (sheets already scored). A kept pair whose judge is not
    among `judges` counts towards its entry's N but not in the balance. Raises
    `AssignmentImpossible` when no assignment gives each entry exactly `per_entry` distinct
    judges, keeps loads within one of each other and uses no conflicting pair.
    """
    entry_ids = sorted(set(entries), key=_order)
    judge_ids = sorted(set(judges), key=_order)
    entry_labels = entry_labels or {}
    judge_labels = judge_labels or {}
    conflict_set = set(conflicts)
    kept = sorted(set(keep), key=lambda pair: (_order(pair[0]), _order(pair[1])))
    if not entry_ids:
        return kept
    if per_entry < 1:
        raise AssignmentImpossible(_("Each entry needs at least one judge."), code="per_entry")
    if len(judge_ids) < per_entry:
        raise AssignmentImpossible(
            ngettext(
                "Each entry needs %(n)d judges but there is only %(j)d judge.",
                "Each entry needs %(n)d judges but there are only %(j)d judges.",
                len(judge_ids),
            )
            % {"n": per_entry, "j": len(judge_ids)},
            code="too_few_judges",
        )

    entry_index = {entry: i for i, entry in enumerate(entry_ids)}
    judge_index = {judge: i for i, judge in enumerate(judge_ids)}
    n_entries, n_judges = len(entry_ids), len(judge_ids)

    kept_by_entry = [0] * n_entries
    kept_by_judge = [0] * n_judges
    assigned: list[set[int]] = [set() for _ in range(n_entries)]  # judges of each entry
    for judge, entry in kept:
        e = entry_index.get(entry)
        if e is None:
            continue
        kept_by_entry[e] += 1
        j = judge_index.get(judge)
        if j is not None:
            kept_by_judge[j] += 1
            assigned[e].add(j)
    frozen = [set(judges_of) for judges_of in assigned]  # kept pairs never move

    blocked: list[set[int]] = [set() for _ in range(n_entries)]
    for judge, entry in conflict_set:
        e, j = entry_index.get(entry), judge_index.get(judge)
        if e is not None and j is not None:
            blocked[e].add(j)

    # Loads of the judges in the pool: the entries' total minus those kept by judges outside it.
    outside = sum(kept_by_entry) - sum(kept_by_judge)
    pool_total = n_entries * per_entry - outside
    lo, hi = pool_total // n_judges, -(-pool_total // n_judges)

    for e, entry in enumerate(entry_ids):
        if kept_by_entry[e] > per_entry:
            raise AssignmentImpossible(
                _("Entry %(entry)s already has %(k)d judges, more than %(n)d.")
                % {
                    "entry": entry_labels.get(entry, str(entry)),
                    "k": kept_by_entry[e],
                    "n": per_entry,
                },
                code="entry_over",
            )
        free = sum(1 for j in range(n_judges) if j not in blocked[e] and j not in frozen[e])
        available = free + kept_by_entry[e]
        if available < per_entry:
            raise AssignmentImpossible(
                ngettext(
                    "Entry %(entry)s: only %(k)d judge without a conflict, %(n)d needed.",
                    "Entry %(entry)s: only %(k)d judges without a conflict, %(n)d needed.",
                    available,
                )
                % {"entry": entry_labels.get(entry, str(entry)), "k": available, "n": per_entry},
                code="entry_short",
            )
    eligible_by_judge = [kept_by_judge[j] for j in range(n_judges)]
    for e in range(n_entries):
        for j in range(n_judges):
            if j not in blocked[e] and j not in frozen[e]:
                eligible_by_judge[j] += 1
    for j, judge in enumerate(judge_ids):
        label = judge_labels.get(judge, str(judge))
        if kept_by_judge[j] > hi:
            raise AssignmentImpossible(
                _(
                    "Loads cannot be balanced: judge %(judge)s keeps %(k)d entries already "
                    "scored, more than the %(hi)d each judge may hold."
                )
                % {"judge": label, "k": kept_by_judge[j], "hi": hi},
                code="judge_over",
            )
        if eligible_by_judge[j] < lo:
            raise AssignmentImpossible(
                _(
                    "Loads cannot be balanced: judge %(judge)s can take only %(k)d entries "
                    "without a conflict, at least %(lo)d needed."
                )
                % {"judge": label, "k": eligible_by_judge[j], "lo": lo},
                code="judge_short",
            )

    flow = _Flow(
        n_judges=n_judges,
        demand=[per_entry - kept_by_entry[e] for e in range(n_entries)],
        load=list(kept_by_judge),
        assigned=assigned,
        frozen=frozen,
        blocked=blocked,
    )
    # Phase 1: every judge up to the lower bound; phase 2: every entry to its N judges.
    for cap, phase in ((lo, 1), (hi, 2)):
        flow.cap = cap
        flow.greedy()
        flow.augment()
        if phase == 1 and any(load < lo for load in flow.load):
            short_judges, their_entries = flow.starved_region()
            raise AssignmentImpossible(
                _(
                    "Loads cannot be balanced: judges %(judges)s can only share entries "
                    "%(entries)s, not enough for each to get at least %(lo)d entries without a "
                    "conflict."
                )
                % {
                    "judges": _names([judge_ids[j] for j in short_judges], judge_labels),
                    "entries": _names([entry_ids[e] for e in their_entries], entry_labels),
                    "lo": lo,
                },
                code="unbalanced_low",
            )
    if any(flow.demand):
        stuck_entries, stuck_judges = flow.blocked_region()
        raise AssignmentImpossible(
            _(
                "Loads cannot be balanced: entries %(entries)s can only go to %(k)d judges "
                "(%(judges)s), at most %(hi)d entries each."
            )
            % {
                "entries": _names([entry_ids[e] for e in stuck_entries], entry_labels),
                "k": len(stuck_judges),
                "judges": _names([judge_ids[j] for j in stuck_judges], judge_labels),
                "hi": hi,
            },
            code="unbalanced_high",
        )

    pairs = set(kept)
    for e, judges_of in enumerate(flow.assigned):
        for j in judges_of:
            pairs.add((judge_ids[j], entry_ids[e]))
    return sorted(pairs, key=lambda pair: (_order(pair[0]), _order(pair[1])))


def _order(value: Id) -> tuple:
    """Sort ids of any one kind (ints, strings) the same way every time."""
    return (0, value, "") if isinstance(value, int | float) else (1, 0, str(value))


@dataclass
class _Flow:
    """The residual flow network, implicitly: entries hold the set of their judges."""

    n_judges: int
    demand: list[int]  # judges each entry still lacks
    load: list[int]  # entries each judge holds (kept ones included)
    assigned: list[set[int]]
    frozen: list[set[int]]
    blocked: list[set[int]]
    cap: int = 0
    entries_of: list[set[int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.entries_of = [set() for _ in range(self.n_judges)]
        for e, judges_of in enumerate(self.assigned):
            for j in judges_of:
                if j not in self.frozen[e]:
                    self.entries_of[j].add(e)

    def _free(self, e: int, j: int) -> bool:
        return j not in self.assigned[e] and j not in self.blocked[e]

    def greedy(self) -> None:
        """Give each entry its least-loaded free judges, rotating ties so pairs spread."""
        n = self.n_judges
        for e, need in enumerate(self.demand):
            if not need:
                continue
            start = (e * 7) % n
            candidates = sorted(
                (self.load[j], (j - start) % n, j)
                for j in range(n)
                if self.load[j] < self.cap and self._free(e, j)
            )
            for _load, _rotation, j in candidates[:need]:
                self._add(e, j)

    def _add(self, e: int, j: int) -> None:
        self.assigned[e].add(j)
        self.entries_of[j].add(e)
        self.load[j] += 1
        self.demand[e] -= 1

    def _remove(self, e: int, j: int) -> None:
        self.assigned[e].discard(j)
        self.entries_of[j].discard(e)
        self.load[j] -= 1
        self.demand[e] += 1

    def augment(self) -> None:
        """Augmenting paths until none is left: the flow is then maximum for this cap."""
        while True:
            starts = [e for e, need in enumerate(self.demand) if need]
            if not starts:
                return
            path = self._path(starts)
            if path is None:
                return
            # path: [e0, j0, e1, j1, ..., ek, jk]: ei gains ji, e(i+1) gives ji up.
            for i in range(0, len(path), 2):
                e, j = path[i], path[i + 1]
                if i + 2 < len(path):
                    self._remove(path[i + 2], j)
                    self.demand[path[i + 2]] -= 1  # it keeps its count: it gains the next judge
                self._add(e, j)
                if i > 0:
                    self.demand[e] += 1

    def _path(self, starts: list[int]) -> list[int] | None:
        parent_entry: dict[int, int] = {}  # judge -> entry it was reached from
        parent_judge: dict[int, int | None] = {e: None for e in starts}  # entry -> judge
        queue = deque(starts)
        while queue:
            e = queue.popleft()
            for j in range(self.n_judges):
                if j in parent_entry or not self._free(e, j):
                    continue
                parent_entry[j] = e
                if self.load[j] < self.cap:
                    return self._trace(j, parent_entry, parent_judge)
                for other in self.entries_of[j]:
                    if other not in parent_judge:
                        parent_judge[other] = j
                        queue.append(other)
        return None

    @staticmethod
    def _trace(j: int, parent_entry: dict, parent_judge: dict) -> list[int]:
        path: list[int] = []
        while j is not None:
            e = parent_entry[j]
            path[:0] = [e, j]
            j = parent_judge[e]
        return path

    def starved_region(self) -> tuple[list[int], list[int]]:
        """Judges below the cap, those holding the entries they could take, and those entries."""
        starts = [j for j, load in enumerate(self.load) if load < self.cap]
        seen_judges, seen_entries = set(starts), set()
        queue = deque(starts)
        while queue:
            j = queue.popleft()
            for e in range(len(self.demand)):
                if e in seen_entries or not self._free(e, j):
                    continue
                seen_entries.add(e)
                for other in self.assigned[e]:
                    if other not in seen_judges and other not in self.frozen[e]:
                        seen_judges.add(other)
                        queue.append(other)
        return sorted(seen_judges), sorted(seen_entries)

    def blocked_region(self) -> tuple[list[int], list[int]]:
        """Entries reachable from the unfilled ones, and the (full) judges they reach."""
        starts = [e for e, need in enumerate(self.demand) if need]
        seen_entries, seen_judges = set(starts), set()
        queue = deque(starts)
        while queue:
            e = queue.popleft()
            for j in range(self.n_judges):
                if j in seen_judges or not self._free(e, j):
                    continue
                seen_judges.add(j)
                for other in self.entries_of[j]:
                    if other not in seen_entries:
                        seen_entries.add(other)
                        queue.append(other)
        return sorted(seen_entries), sorted(seen_judges)


# --- ranking ---


def vn_decimal(value: Decimal | float | None, places: int | None = None) -> str:
    """7.50 → "7,5"; 83.025 with places=2 → "83,03"; None → "—"."""
    if value is None:
        return "—"
    if places is not None:
        text = f"{float(value):.{places}f}"
    else:
        text = f"{Decimal(value):f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def judge_total(
    values: Mapping[Id, Decimal | float],
    criteria: Mapping[Id, tuple[Decimal | float, Decimal | float]],
) -> float | None:
    """A judge's total for one entry on a 100 scale: 100 · Σ(w · v / max) / Σ w.

    `criteria` maps a criterion to (weight, max score); None when a criterion has no value.
    """
    if not criteria or any(criterion not in values for criterion in criteria):
        return None
    weights = sum(float(weight) for weight, _max in criteria.values())
    if weights <= 0:
        return None
    earned = sum(
        float(weight) * float(values[criterion]) / float(maximum)
        for criterion, (weight, maximum) in criteria.items()
    )
    return 100.0 * earned / weights


@dataclass(frozen=True)
class EntryRanking:
    entry: Id
    judges: int  # submitted sheets counted
    raw: float | None  # mean of the judges' totals, 0..100, two decimals
    normalised: float | None  # mean of the judges' z-normalised totals, two decimals
    raw_rank: int | None
    normalised_rank: int | None


def competition_ranks(values: list[float | None]) -> list[int | None]:
    """Competition ranks (1, 1, 3) for scores, highest first; None stays unranked."""
    ordered = sorted((v for v in values if v is not None), reverse=True)
    first_place: dict[float, int] = {}
    for position, value in enumerate(ordered, start=1):
        first_place.setdefault(value, position)
    return [None if v is None else first_place[v] for v in values]


def rank_entries(
    *,
    entries: Iterable[Id],
    criteria: Mapping[Id, tuple[Decimal | float, Decimal | float]],
    sheets: Mapping[Pair, Mapping[Id, Decimal | float]],
    normalise: bool = False,
) -> list[EntryRanking]:
    """Rankings of `entries` from the submitted `sheets` ({(judge, entry): {criterion: value}}).

    Ordered by the normalised score when `normalise` is set, else by the raw one; ties in the
    entries' given order; entries without a complete sheet come last, unranked.
    """
    entry_ids = list(dict.fromkeys(entries))
    known = set(entry_ids)
    totals: dict[Pair, float] = {}
    for (judge, entry), values in sheets.items():
        if entry not in known:
            continue
        total = judge_total(values, criteria)
        if total is not None:
            totals[(judge, entry)] = total

    by_judge: dict[Id, list[float]] = {}
    for (judge, _entry), total in totals.items():
        by_judge.setdefault(judge, []).append(total)
    every = list(totals.values())
    pooled_mean, pooled_sd = _mean_sd(every)
    judge_stats = {judge: _mean_sd(values) for judge, values in by_judge.items()}

    raw_of: dict[Id, list[float]] = {entry: [] for entry in entry_ids}
    norm_of: dict[Id, list[float]] = {entry: [] for entry in entry_ids}
    for (judge, entry), total in totals.items():
        mean, sd = judge_stats[judge]
        z = (total - mean) / sd if sd > 0 else 0.0
        raw_of[entry].append(total)
        norm_of[entry].append(pooled_mean + pooled_sd * z)

    raw = [_mean2(raw_of[entry]) for entry in entry_ids]
    norm = [_mean2(norm_of[entry]) for entry in entry_ids]
    raw_ranks, norm_ranks = competition_ranks(raw), competition_ranks(norm)
    rows = [
        EntryRanking(
            entry=entry,
            judges=len(raw_of[entry]),
            raw=raw[i],
            normalised=norm[i],
            raw_rank=raw_ranks[i],
            normalised_rank=norm_ranks[i],
        )
        for i, entry in enumerate(entry_ids)
    ]
    key_rank = (lambda row: row.normalised_rank) if normalise else (lambda row: row.raw_rank)
    order = {entry: i for i, entry in enumerate(entry_ids)}
    return sorted(
        rows,
        key=lambda row: (key_rank(row) is None, key_rank(row) or 0, order[row.entry]),
    )


def _mean_sd(values: list[float]) -> tuple[float, float]:
    if not values:
        return 0.0, 0.0
    mean = math.fsum(values) / len(values)
    variance = math.fsum((v - mean) ** 2 for v in values) / len(values)
    return mean, math.sqrt(variance)


def _mean2(values: list[float]) -> float | None:
    if not values:
        return None
    return round(math.fsum(values) / len(values) + 0.0, 2)
