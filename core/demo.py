"""Demo data, brought by each app in its own `<app>/demo.py` and loaded in dependency order.

An app registers a part when its module is imported (found by `autodiscover`, which the
`load_demo` command calls; nothing here is imported at start-up):

    from core import demo

    def load(summary: dict) -> None: ...          # make the data once; idempotent
    def describe(summary: dict) -> list[str]: ... # lines of the printed summary

    demo.register("members", load=load, describe=describe, after=["associations"])

`summary` is shared by the parts of one load: a part puts there what it made and what the
parts after it need (the union, for instance).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils.module_loading import autodiscover_modules

from .registry import in_dependency_order

__all__ = ["DemoPart", "autodiscover", "load_demo", "parts", "register"]


@dataclass(frozen=True)
class DemoPart:
    name: str
    load: Callable[[dict], None]
    describe: Callable[[dict], list[str]] | None = None
    notes: Callable[[dict], list[str]] | None = None  # printed after every part's summary
    after: tuple[str, ...] = ()


_parts: dict[str, DemoPart] = {}


def register(
    name: str,
    *,
    load: Callable[[dict], None],
    describe: Callable[[dict], list[str]] | None = None,
    notes: Callable[[dict], list[str]] | None = None,
    after: Iterable[str] = (),
) -> DemoPart:
    """Register (or replace, on a second import) the demo part `name`."""
    part = DemoPart(name, load, describe, notes, tuple(after))
    _parts[name] = part
    return part


def autodiscover() -> None:
    """Import every installed app's `demo` module, which registers its part."""
    autodiscover_modules("demo")


def parts() -> list[DemoPart]:
    """The registered parts, each after the parts it names in `after`."""
    return in_dependency_order(_parts)


def load_demo(*, stdout=None) -> dict:
    """Run every part (in one transaction), print their summaries; returns the summary."""
    autodiscover()
    started = time.perf_counter()
    summary: dict = {}
    ordered = parts()
    with transaction.atomic():
        for part in ordered:
            part.load(summary)
    summary["seconds"] = round(time.perf_counter() - started, 2)
    if stdout is not None:
        lines = [line for part in ordered if part.describe for line in part.describe(summary)]
        notes = [line for part in ordered if part.notes for line in part.notes(summary)]
        stdout.write("\n".join([*lines, *notes]) + "\n")
    return summary
