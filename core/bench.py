"""Benchmark measures, brought by each app in its own `<app>/bench.py` (design §7).

An app registers, when its module is imported (found by `autodiscover`, which the `bench`
command calls; nothing here is imported at start-up), what it adds to the synthetic data set
and what it measures on it:

    from core import bench

    def build(data: dict, options: dict) -> None: ...   # once; idempotent
    def measure_members_list(data: dict, options: dict) -> bench.Result: ...

    bench.register("members", build=build, measures=[measure_members_list],
                   after=["associations"], urls=[...])

A measure returns its value with a floor (what the hardware and libraries allow for the same
work) and, where there is one, a peer (the naive way), both measured in the same run on the
same data: a single time on a shared machine says little, a ratio does. `urls` are views
served only by the benchmark's own server (core.bench_urls), for floors and peers measured
through HTTP.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.utils.module_loading import autodiscover_modules

from .registry import in_dependency_order

__all__ = [
    "BenchPart",
    "Comparison",
    "Goal",
    "Result",
    "autodiscover",
    "parts",
    "register",
    "run",
    "table",
    "interleaved",
    "timed",
    "url_patterns",
    "write_json",
]


@dataclass
class Comparison:
    """A floor or a peer: what it is, and its value in the measure's unit (None: unavailable)."""

    name: str
    value: float | None
    note: str = ""


@dataclass
class Goal:
    """The targets of design §7 and the issue, as ratios to the floor and the peer."""

    max_floor_ratio: float | None = None  # value ≤ this × floor
    min_peer_speedup: float | None = None  # peer ≥ this × value
    max_queries: int | None = None
    max_value: float | None = None


@dataclass
class Result:
    name: str
    value: float
    unit: str
    queries: int | None = None
    floor: Comparison | None = None
    peer: Comparison | None = None
    goal: Goal = field(default_factory=Goal)
    note: str = ""

    @property
    def floor_ratio(self) -> float | None:
        if self.floor is None or not self.floor.value:
            return None
        return self.value / self.floor.value

    @property
    def peer_speedup(self) -> float | None:
        if self.peer is None or self.peer.value is None or not self.value:
            return None
        return self.peer.value / self.value

    def verdicts(self) -> list[bool]:
        goal, checks = self.goal, []
        if goal.max_floor_ratio is not None and self.floor_ratio is not None:
            checks.append(self.floor_ratio <= goal.max_floor_ratio)
        if goal.min_peer_speedup is not None and self.peer_speedup is not None:
            checks.append(self.peer_speedup >= goal.min_peer_speedup)
        if goal.max_queries is not None and self.queries is not None:
            checks.append(self.queries <= goal.max_queries)
        if goal.max_value is not None:
            checks.append(self.value <= goal.max_value)
        return checks

    def to_json(self) -> dict:
        data = {
            "name": self.name,
            "value": round(self.value, 4),
            "unit": self.unit,
            "queries": self.queries,
            "floor": _comparison_json(self.floor),
            "peer": _comparison_json(self.peer),
            "floor_ratio": _rounded(self.floor_ratio),
            "peer_speedup": _rounded(self.peer_speedup),
            "goal": {key: value for key, value in asdict(self.goal).items() if value is not None},
            "met": all(self.verdicts()),
        }
        if self.note:
            data["note"] = self.note
        return data


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def _comparison_json(comparison: Comparison | None) -> dict | None:
    if comparison is None:
        return None
    data = {"name": comparison.name, "value": _rounded(comparison.value)}
    if comparison.note:
        data["note"] = comparison.note
    return data


Measure = Callable[[dict, dict], Result]


@dataclass(frozen=True)
class BenchPart:
    name: str
    build: Callable[[dict, dict], None] | None = None
    measures: tuple[Measure, ...] = ()
    after: tuple[str, ...] = ()
    urls: tuple = ()


_parts: dict[str, BenchPart] = {}


def register(
    name: str,
    *,
    build: Callable[[dict, dict], None] | None = None,
    measures: Iterable[Measure] = (),
    after: Iterable[str] = (),
    urls: Iterable = (),
) -> BenchPart:
    """Register (or replace, on a second import) the benchmark part `name`."""
    part = BenchPart(name, build, tuple(measures), tuple(after), tuple(urls))
    _parts[name] = part
    return part


def autodiscover() -> None:
    """Import every installed app's `bench` module, which registers its part."""
    autodiscover_modules("bench")


def parts() -> list[BenchPart]:
    """The registered parts, each after those it names; otherwise in INSTALLED_APPS order (not
    import order: a test importing an app's bench module first must not reorder the run)."""
    from django.apps import apps

    position = {config.label: index for index, config in enumerate(apps.get_app_configs())}
    ordered = sorted(_parts.items(), key=lambda item: position.get(item[0], len(position)))
    return in_dependency_order(dict(ordered))


def url_patterns() -> list:
    return [pattern for part in parts() for pattern in part.urls]


def timed(fn: Callable[[], object], repeat: int = 1) -> tuple[float, object]:
    """Median wall time in seconds over `repeat` runs, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def interleaved(
    fns: dict[str, Callable[[], object]],
    repeat: int = 3,
    *,
    reset: Callable[[], object] | None = None,
) -> dict[str, float]:
    """Median seconds of each of `fns`, run in turn `repeat` times (a, b, c, a, b, c, ...);
    `reset`, untimed, after each run.

    On a shared machine the load changes from one second to the next; taking a measure and its
    floor and peer in turn lets each ratio see the same load.
    """
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
            if reset is not None:
                reset()
    return {name: statistics.median(values) for name, values in times.items()}


def run(options: dict, *, out: Callable[[str], None] = print) -> list[Result]:
    """Build every part's data (dependencies first), then take every measure in that order.

    `options["only"]`, when given, names the measures to take (the data is built anyway).
    """
    autodiscover()
    data: dict = {}
    ordered = parts()
    for part in ordered:
        if part.build is not None:
            seconds, _ = timed(lambda part=part: part.build(data, options))
            out(f"data: {part.name} ready in {seconds:.1f} s")
    only = set(options.get("only") or ())
    results = []
    for part in ordered:
        for measure in part.measures:
            name = measure.__name__.removeprefix("measure_")
            if only and name not in only:
                continue
            result = measure(data, options)
            out(f"measured {result.name}: {_format_value(result.value, result.unit)}")
            results.append(result)
    return results


def write_json(results: list[Result], path: Path, *, context: dict | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {"measures": [result.to_json() for result in results], **(context or {})}
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _format_value(value: float | None, unit: str) -> str:
    if value is None:
        return "n/a"
    return f"{value:.2f} {unit}" if value < 100 else f"{value:.0f} {unit}"


def table(results: list[Result]) -> str:
    """A Markdown table: each measure, its floor and peer, the ratios and the goal."""
    lines = [
        "| measure | value | queries | floor | × floor | peer | peer ÷ value | goal | met |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        floor = f"{_format_value(r.floor.value, r.unit)} ({r.floor.name})" if r.floor else "—"
        peer = "—"
        if r.peer:
            peer = f"{_format_value(r.peer.value, r.unit)} ({r.peer.name})"
            if r.peer.value is None and r.peer.note:
                peer = f"unavailable: {r.peer.note}"
        goal = []
        if r.goal.max_queries is not None:
            goal.append(f"≤ {r.goal.max_queries} queries")
        if r.goal.max_value is not None:
            goal.append(f"≤ {r.goal.max_value:g} {r.unit}")
        if r.goal.max_floor_ratio is not None:
            goal.append(f"≤ {r.goal.max_floor_ratio:g}× floor")
        if r.goal.min_peer_speedup is not None:
            goal.append(f"≥ {r.goal.min_peer_speedup:g}× faster than peer")
        ratio = f"{r.floor_ratio:.2f}" if r.floor_ratio is not None else "—"
        speedup = f"{r.peer_speedup:.1f}" if r.peer_speedup is not None else "—"
        met = "yes" if all(r.verdicts()) else "no"
        lines.append(
            f"| {r.name} | {_format_value(r.value, r.unit)} | "
            f"{'—' if r.queries is None else r.queries} | {floor} | {ratio} | {peer} | "
            f"{speedup} | {', '.join(goal) or '—'} | {met} |"
        )
    return "\n".join(lines)
