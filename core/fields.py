"""Model fields every app may use."""

from __future__ import annotations

from collections.abc import Callable

from django.db import models

from core.text import fold, sort_key

__all__ = [
    "DerivedTextField",
    "SearchTextField",
    "SortKeyField",
    "derived_text_fields",
    "refill_sort_keys",
    "sort_key_fields",
]


class DerivedTextField(models.TextField):
    """Text worked out from other fields of the same model (`key` of `source`), kept up to date.

    The value is worked out whenever the model writes it: `save()` (the field's `pre_save`),
    `bulk_create()`, and the import engine's bulk writes (core.imports.bulk).
    `QuerySet.update()` and `bulk_update()` do not: who changes a source that way must set
    this field as well (`refresh(obj)`). `source` is one field's name, or several, joined by a
    space before `key` sees them.
    """

    default_key: Callable[[str | None], str] = staticmethod(sort_key)

    def __init__(self, *args, source: str | tuple[str, ...], key=None, **kwargs):
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        self.source = source
        self.key = key or self.default_key
        super().__init__(*args, **kwargs)

    @property
    def sources(self) -> tuple[str, ...]:
        return (self.source,) if isinstance(self.source, str) else tuple(self.source)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        # Left out where they are this field's own defaults (not a plain TextField's).
        for option, text_default, own_default in (
            ("editable", True, False),
            ("blank", False, True),
            ("default", models.NOT_PROVIDED, ""),
        ):
            value = kwargs.pop(option, text_default)
            if value != own_default:
                kwargs[option] = value
        kwargs["source"] = self.source
        if self.key is not self.default_key:
            kwargs["key"] = self.key
        return name, path, args, kwargs

    def compute(self, obj) -> str:
        if isinstance(self.source, str):
            return self.key(getattr(obj, self.source))
        return self.key(" ".join(filter(None, (getattr(obj, name) for name in self.sources))))

    def refresh(self, obj) -> str:
        """Set the value on `obj` (a model instance or any object with the source attributes)."""
        value = self.compute(obj)
        setattr(obj, self.attname, value)
        return value

    def pre_save(self, model_instance, add):
        return self.refresh(model_instance)


class SortKeyField(DerivedTextField):
    """The Vietnamese sort key (core.text) of another field of the same model.

    Order a queryset by this field, not by the text itself: the database then sorts in
    Vietnamese dictionary order, the same on PostgreSQL and SQLite, from an index.
    """

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["key"] = self.key  # as the migrations written so far have it
        return name, path, args, kwargs


class SearchTextField(DerivedTextField):
    """The accent-folded text (core.text.fold) of one or more fields, for accent-insensitive
    search: filter with `search_text__contains=fold(query)`."""

    default_key = staticmethod(fold)


def derived_text_fields(model) -> list[DerivedTextField]:
    return [field for field in model._meta.concrete_fields if isinstance(field, DerivedTextField)]


def sort_key_fields(model) -> list[SortKeyField]:
    return [field for field in model._meta.concrete_fields if isinstance(field, SortKeyField)]


def refill_sort_keys(model, *, batch_size: int = 2000) -> int:
    """Work out every row's sort keys and search texts again (a migration adding the field, a
    new key format).

    Works on the models a migration gets from `apps.get_model` too. Returns the rows changed.
    """
    fields = derived_text_fields(model)
    if not fields:
        return 0
    names = [field.attname for field in fields]
    sources = sorted({name for field in fields for name in field.sources})
    changed = []
    for obj in model._default_manager.only("pk", *sources, *names).iterator(chunk_size=batch_size):
        before = [getattr(obj, name) for name in names]
        if [field.refresh(obj) for field in fields] != before:
            changed.append(obj)
    model._default_manager.bulk_update(changed, names, batch_size=batch_size)
    return len(changed)
