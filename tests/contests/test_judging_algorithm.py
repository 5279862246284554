"""The pure judging maths: balanced conflict-free assignment and the rankings."""

import itertools
from collections import Counter
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contests.judging import (
    AssignmentImpossible,
    assign_judges,
    competition_ranks,
    judge_total,
    rank_entries,
    vn_decimal,
)


def _check(pairs, *, entries, judges, per_entry, conflicts, keep=()):
    by_entry = Counter(entry for _judge, entry in pairs)
    loads = Counter(judge for judge, _entry in pairs)
    assert len(set(pairs)) == len(pairs)
    assert {entry: by_entry[entry] for entry in entries} == {entry: per_entry for entry in entries}
    counted = [loads[judge] for judge in judges]
    assert max(counted) - min(counted) <= 1
    assert set(pairs) & set(conflicts) == set()
    assert set(keep) <= set(pairs)


def _feasible_by_brute_force(entries, judges, per_entry, conflicts, keep=()):
    """Whether any assignment meets the rules, by trying every choice of judges per entry."""
    choices = []
    for entry in entries:
        kept = {judge for judge, kept_entry in keep if kept_entry == entry}
        free = [j for j in judges if (j, entry) not in conflicts and j not in kept]
        need = per_entry - len(kept)
        if need < 0:
            return False
        choices.append([kept | set(combo) for combo in itertools.combinations(free, need)])
    for combination in itertools.product(*choices):
        loads = Counter(judge for chosen in combination for judge in chosen)
        counted = [loads[judge] for judge in judges]
        if max(counted) - min(counted) <= 1:
            return True
    return False


@st.composite
def instances(draw, max_entries=40, max_judges=12):
    n_judges = draw(st.integers(min_value=1, max_value=max_judges))
    n_entries = draw(st.integers(min_value=1, max_value=max_entries))
    per_entry = draw(st.integers(min_value=1, max_value=min(4, n_judges)))
    entries = list(range(1, n_entries + 1))
    judges = [f"j{i}" for i in range(n_judges)]
    density = draw(st.floats(min_value=0, max_value=0.5))
    seeds = draw(
        st.lists(
            st.floats(min_value=0, max_value=1),
            min_size=n_entries * n_judges,
            max_size=n_entries * n_judges,
        )
    )
    conflicts = {
        (judge, entry)
        for (judge, entry), seed in zip(itertools.product(judges, entries), seeds, strict=True)
        if seed < density
    }
    return entries, judges, per_entry, conflicts


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_assignment_covers_balances_and_avoids_conflicts_when_it_answers(instance):
    entries, judges, per_entry, conflicts = instance
    try:
        pairs = assign_judges(
            entries=entries, judges=judges, per_entry=per_entry, conflicts=conflicts
        )
    except AssignmentImpossible as error:
        assert str(error)
        return
    _check(pairs, entries=entries, judges=judges, per_entry=per_entry, conflicts=conflicts)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(max_entries=4, max_judges=4))
def test_assignment_is_refused_only_when_none_exists(instance):
    entries, judges, per_entry, conflicts = instance
    try:
        pairs = assign_judges(
            entries=entries, judges=judges, per_entry=per_entry, conflicts=conflicts
        )
    except AssignmentImpossible:
        assert _feasible_by_brute_force(entries, judges, per_entry, conflicts) is False
    else:
        _check(pairs, entries=entries, judges=judges, per_entry=per_entry, conflicts=conflicts)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(max_entries=4, max_judges=4), st.data())
def test_assignment_keeps_scored_pairs_and_is_refused_only_when_none_exists(instance, data):
    entries, judges, per_entry, conflicts = instance
    allowed = [(j, e) for j in judges for e in entries if (j, e) not in conflicts]
    keep = set(data.draw(st.lists(st.sampled_from(allowed), max_size=4))) if allowed else set()
    try:
        pairs = assign_judges(
            entries=entries, judges=judges, per_entry=per_entry, conflicts=conflicts, keep=keep
        )
    except AssignmentImpossible:
        assert _feasible_by_brute_force(entries, judges, per_entry, conflicts, keep) is False
    else:
        _check(
            pairs,
            entries=entries,
            judges=judges,
            per_entry=per_entry,
            conflicts=conflicts,
            keep=keep,
        )


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_assignment_is_the_same_for_the_same_input_in_any_order(instance):
    entries, judges, per_entry, conflicts = instance

    def run(entries, judges):
        try:
            return assign_judges(
                entries=entries, judges=judges, per_entry=per_entry, conflicts=conflicts
            )
        except AssignmentImpossible as error:
            return str(error)

    assert run(entries, judges) == run(list(reversed(entries)), list(reversed(judges)))


def test_assignment_of_a_province_contest_is_balanced():
    entries = list(range(1000))
    judges = list(range(5000, 5060))
    # Each entry conflicts with the two judges of its society (200 societies, judges in 2 each).
    conflicts = {(5000 + (entry % 200) % 60, entry) for entry in entries}
    conflicts |= {(5000 + (entry % 200 + 17) % 60, entry) for entry in entries}

    pairs = assign_judges(entries=entries, judges=judges, per_entry=3, conflicts=conflicts)

    _check(pairs, entries=entries, judges=judges, per_entry=3, conflicts=conflicts)
    assert Counter(Counter(judge for judge, _ in pairs).values()) == Counter({50: 60})


def test_assignment_refusal_names_the_entry_without_enough_judges():
    conflicts = {("a", 1), ("b", 1)}

    with pytest.raises(AssignmentImpossible) as raised:
        assign_judges(
            entries=[1, 2],
            judges=["a", "b", "c", "d", "e"],
            per_entry=3,
            conflicts=conflicts | {("c", 1)},
            entry_labels={1: "ST-001"},
        )

    assert raised.value.code == "entry_short"
    assert str(raised.value) == "Mục ST-001: chỉ có 2 giám khảo không xung đột, cần 3."


def test_assignment_refusal_says_when_there_are_too_few_judges():
    with pytest.raises(AssignmentImpossible) as raised:
        assign_judges(entries=[1], judges=["a", "b"], per_entry=3)

    assert str(raised.value) == "Mỗi mục dự thi cần 3 giám khảo nhưng chỉ có 2 giám khảo."


def test_assignment_refusal_names_a_judge_who_cannot_reach_the_lower_bound():
    # 4 entries, 1 judge each, 3 judges: each must hold 1 or 2; "c" conflicts with all four.
    conflicts = {("c", entry) for entry in (1, 2, 3, 4)}

    with pytest.raises(AssignmentImpossible) as raised:
        assign_judges(
            entries=[1, 2, 3, 4],
            judges=["a", "b", "c"],
            per_entry=1,
            conflicts=conflicts,
            judge_labels={"c": "Nguyễn Văn C"},
        )

    assert raised.value.code == "judge_short"
    assert str(raised.value) == (
        "Không thể cân bằng số mục giữa các giám khảo: giám khảo Nguyễn Văn C chỉ chấm được "
        "0 mục không xung đột, cần ít nhất 1."
    )


def test_assignment_refusal_when_judges_compete_for_too_few_entries():
    # 6 entries, 1 judge each, 4 judges holding 1 or 2: "c" and "d" may only take entry 6.
    conflicts = {(judge, entry) for judge in ("c", "d") for entry in (1, 2, 3, 4, 5)}

    with pytest.raises(AssignmentImpossible) as raised:
        assign_judges(
            entries=[1, 2, 3, 4, 5, 6],
            judges=["a", "b", "c", "d"],
            per_entry=1,
            conflicts=conflicts,
        )

    assert raised.value.code == "unbalanced_low"
    assert str(raised.value) == (
        "Không thể cân bằng số mục giữa các giám khảo: các giám khảo c, d chỉ có thể chia nhau "
        "các mục 6, không đủ để mỗi người nhận ít nhất 1 mục không xung đột."
    )


def test_assignment_refusal_when_a_group_of_entries_shares_too_few_judges():
    # 7 entries, 1 judge each, 4 judges holding 1 or 2: entries 1-5 may only go to "a" and
    # "b", who can hold 4 between them.
    conflicts = {(judge, entry) for judge in ("c", "d") for entry in (1, 2, 3, 4, 5)}

    with pytest.raises(AssignmentImpossible) as raised:
        assign_judges(
            entries=[1, 2, 3, 4, 5, 6, 7],
            judges=["a", "b", "c", "d"],
            per_entry=1,
            conflicts=conflicts,
        )

    assert raised.value.code == "unbalanced_high"
    assert str(raised.value) == (
        "Không thể cân bằng số mục giữa các giám khảo: các mục 1, 2, 3, 4, 5 chỉ có thể giao "
        "cho 2 giám khảo (a, b), mỗi người tối đa 2 mục."
    )


def test_assignment_refusal_when_a_kept_sheet_breaks_the_balance():
    keep = {("a", 1), ("a", 2), ("a", 3)}

    with pytest.raises(AssignmentImpossible) as raised:
        assign_judges(entries=[1, 2, 3, 4], judges=["a", "b"], per_entry=1, keep=keep)

    assert raised.value.code == "judge_over"


def test_assignment_keeps_a_scored_pair_of_a_judge_outside_the_pool():
    pairs = assign_judges(entries=[1, 2], judges=["a", "b"], per_entry=2, keep={("gone", 1)})

    assert ("gone", 1) in pairs
    assert Counter(entry for _judge, entry in pairs) == Counter({1: 2, 2: 2})


# --- ranking ---

CRITERIA = {"novelty": (Decimal("2"), Decimal("10")), "use": (Decimal("1"), Decimal("20"))}


def test_judge_total_is_the_weighted_mean_on_a_100_scale():
    # 100 · (2 · 8/10 + 1 · 10/20) / 3 = 100 · 2.1 / 3 = 70.
    assert judge_total({"novelty": Decimal("8"), "use": Decimal("10")}, CRITERIA) == pytest.approx(
        70
    )


def test_judge_total_is_none_for_an_incomplete_sheet():
    assert judge_total({"novelty": Decimal("8")}, CRITERIA) is None


def test_competition_ranks_share_a_rank_and_skip_the_next():
    assert competition_ranks([90.0, 95.0, 90.0, None, 80.0]) == [2, 1, 2, None, 4]


def test_ranking_shows_ties_as_ties():
    criteria = {"c": (1, 10)}
    sheets = {
        ("a", "E1"): {"c": 8},
        ("a", "E2"): {"c": 8},
        ("a", "E3"): {"c": 5},
        ("a", "E4"): {"c": 9},
    }

    rows = rank_entries(entries=["E1", "E2", "E3", "E4", "E5"], criteria=criteria, sheets=sheets)

    assert [(row.entry, row.raw, row.raw_rank) for row in rows] == [
        ("E4", 90.0, 1),
        ("E1", 80.0, 2),
        ("E2", 80.0, 2),
        ("E3", 50.0, 4),
        ("E5", None, None),
    ]


def test_ranking_normalised_by_hand_computed_z_scores():
    # One criterion out of 10, weight 1: a total is 10 × the score.
    # Judge H (harsh) scores A 4, B 6; judge L (lenient) scores B 9, C 7 (totals 40, 60, 90, 70).
    # All totals: mean M = 65, population sd S = sqrt((625+25+625+25)/4) = sqrt(325) ≈ 18.0278.
    # H: mean 50, sd 10 → z(A) = -1, z(B) = +1.   L: mean 80, sd 10 → z(B) = +1, z(C) = -1.
    # Mapped back: M + S·z → A: 65 - 18.0278 = 46.97; C: 46.97; B: (83.03 + 83.03) / 2 = 83.03.
    # Raw: A 40, B (60 + 90) / 2 = 75, C 70 → ranks B 1, C 2, A 3; normalised: B 1, A 2, C 2.
    criteria = {"c": (1, 10)}
    sheets = {
        ("H", "A"): {"c": 4},
        ("H", "B"): {"c": 6},
        ("L", "B"): {"c": 9},
        ("L", "C"): {"c": 7},
    }

    rows = rank_entries(entries=["A", "B", "C"], criteria=criteria, sheets=sheets, normalise=True)

    assert [
        (row.entry, row.raw, row.raw_rank, row.normalised, row.normalised_rank) for row in rows
    ] == [
        ("B", 75.0, 1, 83.03, 1),
        ("A", 40.0, 3, 46.97, 2),
        ("C", 70.0, 2, 46.97, 2),
    ]


def test_ranking_normalised_gives_a_lone_judges_entry_the_contest_mean():
    criteria = {"c": (1, 10)}
    sheets = {("a", "X"): {"c": 2}, ("b", "Y"): {"c": 6}, ("b", "Z"): {"c": 8}}

    rows = {
        row.entry: row
        for row in rank_entries(entries=["X", "Y", "Z"], criteria=criteria, sheets=sheets)
    }

    # Totals 20, 60, 80: M = 53.33; judge a has one entry (z = 0) → X gets M.
    assert rows["X"].normalised == 53.33


@pytest.mark.parametrize(
    ("value", "places", "text"),
    [
        (Decimal("10.00"), None, "10"),
        (Decimal("7.50"), None, "7,5"),
        (83.025, 2, "83,03"),
        (None, 2, "—"),
    ],
)
def test_vn_decimal_writes_a_decimal_comma_without_trailing_zeros(value, places, text):
    assert vn_decimal(value, places) == text
