"""Model fields every app may use."""

from __future__ import annotations

from collections.abc import Callable

from django.db import models

from core.text import sort_key

__all__ = ["SortKeyField", "refill_sort_keys", "sort_key_fields"]


class SortKeyField(models.TextField):
    """The Vietnamese sort key (core.text) of another field of the same model, kept up to date.

    Order a queryset by this field, not by the text itself: the database then sorts in
    Vietnamese dictionary order, the same on PostgreSQL and SQLite, from an index. The value is
    worked out from `source` with `key` whenever the model writes it: `save()` (the field's
    `pre_save`), `bulk_create()`, and the import engine's bulk writes (core.imports.bulk).
    `QuerySet.update()` and `bulk_update()` do not: who changes `source` that way must set
    this field as well (`refresh(obj)`).
    """

    def __init__(self, *args, source: str, key: Callable[[str | None], str] = sort_key, **kwargs):
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        self.source = source
        self.key = key
        super().__init__(*args, **kwargs)

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
        kwargs["key"] = self.key
        return name, path, args, kwargs

    def compute(self, obj) -> str:
        return self.key(getattr(obj, self.source))

    def refresh(self, obj) -> str:
        """Set the key on `obj` (a model instance or any object with the source attribute)."""
        value = self.compute(obj)
        setattr(obj, self.attname, value)
        return value

    def pre_save(self, model_instance, add):
        return self.refresh(model_instance)


def sort_key_fields(model) -> list[SortKeyField]:
    return [field for field in model._meta.concrete_fields if isinstance(field, SortKeyField)]


def refill_sort_keys(model, *, batch_size: int = 2000) -> int:
    """Work out every row's sort keys again (a migration adding the field, a new key format).

    Works on the models a migration gets from `apps.get_model` too. Returns the rows changed.
    """
    fields = sort_key_fields(model)
    if not fields:
        return 0
    names = [field.attname for field in fields]
    sources = sorted({field.source for field in fields})
    changed = []
    for obj in model._default_manager.only("pk", *sources, *names).iterator(chunk_size=batch_size):
        before = [getattr(obj, name) for name in names]
        if [field.refresh(obj) for field in fields] != before:
            changed.append(obj)
    model._default_manager.bulk_update(changed, names, batch_size=batch_size)
    return len(changed)
