"""Ordering what apps register by the dependencies they declare."""

from __future__ import annotations

from typing import Protocol, TypeVar


class _Named(Protocol):
    name: str
    after: tuple[str, ...]


T = TypeVar("T", bound=_Named)


def in_dependency_order(items: dict[str, T]) -> list[T]:
    """`items` (name → item) with each item after those it names in `item.after`.

    Registration order decides between independent items. A name in `after` that nobody
    registered is ignored (an app that is not installed); a cycle is an error.
    """
    ordered: list[T] = []
    state: dict[str, str] = {}

    def visit(name: str, path: tuple[str, ...]) -> None:
        if state.get(name) == "done":
            return
        if state.get(name) == "visiting":
            raise ValueError("dependency cycle: " + " → ".join((*path, name)))
        state[name] = "visiting"
        for before in items[name].after:
            if before in items:
                visit(before, (*path, name))
        state[name] = "done"
        ordered.append(items[name])

    for name in items:
        visit(name, ())
    return ordered
