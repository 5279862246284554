"""The associations admin; importing the submodules registers every model with the site."""

from .base import UnionScopedAdmin, UnionScopedInlineMixin

__all__ = ["UnionScopedAdmin", "UnionScopedInlineMixin"]
