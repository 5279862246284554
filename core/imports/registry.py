"""The kinds of record the portal imports and exports, as the apps register them.

Each app declares its kinds in its own `imports.py` with `@register`; `CoreConfig.ready()` finds
those modules (the way the admin finds `admin.py`), so core never names an app. A kind lists the
kinds it refers to in `depends_on`; `kind_names()` is the order of a full load, each kind after
the ones it depends on.
"""

from __future__ import annotations

from django.utils.module_loading import autodiscover_modules
from django.utils.text import capfirst

from .kinds import Kind

_KINDS: dict[str, Kind] = {}


def register(kind_class: type[Kind]) -> type[Kind]:
    """Class decorator: make a kind available to the command, the admin and the exports."""
    name = kind_class.name
    if not name:
        raise ValueError(f"{kind_class.__name__} has no name")
    existing = _KINDS.get(name)
    if existing is not None and type(existing).__qualname__ != kind_class.__qualname__:
        raise ValueError(f"two kinds are named {name!r}")
    _KINDS[name] = kind_class()
    return kind_class


def kind_label(name: str) -> str:
    """What the user calls a kind of record ("Hội viên"), not its code ("members")."""
    kind = _KINDS.get(name)
    if getattr(kind, "verbose_name", None):
        return capfirst(kind.verbose_name)
    model = getattr(kind, "model", None)
    return capfirst(model._meta.verbose_name_plural) if model is not None else name


def autodiscover() -> None:
    """Import every installed app's `imports` module, which registers its kinds."""
    autodiscover_modules("imports")


def get_kind(name: str) -> Kind:
    try:
        return _KINDS[name]
    except KeyError:
        raise ValueError(f"unknown kind {name!r}; expected one of {', '.join(kind_names())}")


def kind_names() -> tuple[str, ...]:
    """Every registered kind, each after the kinds it depends on.

    Kinds go by the length of their chain of dependencies (unions first), then in the order
    they were registered.
    """
    depths: dict[str, int] = {}

    def depth(name: str, path: tuple[str, ...]) -> int:
        if name in depths:
            return depths[name]
        if name in path:
            raise ValueError(f"the kinds {', '.join(path)} depend on each other")
        if name not in _KINDS:
            raise ValueError(f"kind {path[-1]!r} depends on unregistered {name!r}")
        needs = _KINDS[name].depends_on
        depths[name] = 1 + max((depth(other, (*path, name)) for other in needs), default=-1)
        return depths[name]

    position = {name: index for index, name in enumerate(_KINDS)}
    return tuple(sorted(_KINDS, key=lambda name: (depth(name, ()), position[name])))
