"""Comparing a version's frozen figures with today's: what changed, figure by figure."""

from typing import Any


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """Nested figures as {"members.end": 1700, "annex_societies[2].at_end": 35, ...}."""
    if isinstance(value, dict):
        flat: dict[str, Any] = {}
        for key, inner in value.items():
            flat.update(flatten(inner, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    if isinstance(value, list):
        flat = {f"{prefix}[]": len(value)} if prefix else {}
        for index, inner in enumerate(value):
            flat.update(flatten(inner, f"{prefix}[{index}]"))
        return flat
    return {prefix: value}


# Figures whose change says nothing about the data.
IGNORED = ("as_of", "period.")


def figure_differences(frozen: dict, today: dict) -> list[dict]:
    """Every figure that differs: {"figure", "then", "now"}, in the frozen set's order, then the
    figures that are new today."""
    before, after = flatten(frozen or {}), flatten(today or {})
    rows = []
    for key in [*before, *(k for k in after if k not in before)]:
        if key.startswith(IGNORED):
            continue
        then, now = before.get(key), after.get(key)
        if then != now:
            rows.append({"figure": key, "then": then, "now": now})
    return rows
