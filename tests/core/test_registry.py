"""Demo parts and benchmark parts run in the order their dependencies give."""

from dataclasses import dataclass

import pytest

from core import demo
from core.registry import in_dependency_order


@dataclass
class Item:
    name: str
    after: tuple[str, ...] = ()


def test_in_dependency_order_puts_each_item_after_its_dependencies():
    items = {
        "reports": Item("reports", ("members", "contests")),
        "members": Item("members", ("associations",)),
        "contests": Item("contests", ("members",)),
        "associations": Item("associations"),
    }

    ordered = [item.name for item in in_dependency_order(items)]

    assert ordered == ["associations", "members", "contests", "reports"]


def test_in_dependency_order_ignores_apps_that_are_not_there():
    items = {"members": Item("members", ("associations", "not_installed"))}

    assert [item.name for item in in_dependency_order(items)] == ["members"]


def test_in_dependency_order_refuses_a_cycle():
    items = {"a": Item("a", ("b",)), "b": Item("b", ("a",))}

    with pytest.raises(ValueError, match="cycle"):
        in_dependency_order(items)


def test_demo_parts_are_found_in_every_app_and_ordered():
    demo.autodiscover()

    names = [part.name for part in demo.parts()]

    assert names.index("associations") < names.index("members")
