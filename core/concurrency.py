"""Optimistic concurrency: one version check for every edit form, in the portal and the admin.

Two people open the same record, both save: without a check the second save silently
overwrites the first. Every edit form therefore carries the *version* of the record it shows and
a save is refused when the record changed in between.

How the version is made
    The version is a keyed hash (``salted_hmac``) of the record's current database values of the
    fields the form shows (many-to-many fields included, as sorted ids). It is read from the
    database, never from the object in memory, so every write path counts: form saves, services,
    bulk imports (``bulk_update``), ``QuerySet.update()`` and raw SQL alike. No schema change and
    no column to remember to bump. Fields the form does not show are not part of the version: a
    change to them cannot be overwritten by this form, so it does not make the form stale. A form
    that writes a model field through fields of other names (a JSON field edited as several text
    areas) names it in ``version_extra_fields``.

How a save is checked
    The version travels in a hidden field (``VERSION_FIELD``). On save it is compared with the
    version computed again from the row locked by ``select_for_update()`` inside the write's
    ``transaction.atomic``: between the check and the write nobody else can change the row.
    A stale save raises ``StaleVersion`` (a ``ValidationError``); the form shows a message
    saying that someone else changed the record, with the current values of the fields that
    differ from what the user typed, keeps the user's input, and takes the current version, so
    a second, deliberate save goes through. A form submitted without a version (a page from
    before the check existed, a hand-made request) is treated as stale: nothing is overwritten
    blindly.

How to use it in a new app
    * Portal form: ``class ThingForm(VersionedFormMixin, forms.ModelForm)``; in the view pass
      ``version=form.version`` to the service.
    * Service: lock the row and call ``check_version(Thing, pk, version)`` inside the
      ``transaction.atomic`` that writes, before writing (or ``lock_and_check`` which does both).
    * Admin: ``class ThingAdmin(VersionCheckedAdminMixin, admin.ModelAdmin)`` (the project's base
      admin classes already have it) and ``VersionCheckedInlineMixin`` for inlines. The admin
      checks in the form's ``clean()``, which runs inside the admin's own ``transaction.atomic``
      change view, so the lock holds until the save.
    * View catching ``StaleVersion`` from the service: ``form.refuse_stale(error)`` puts the
      message and the current version on the form; render the form again.

Core knows no app: everything here works on any model.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, router, transaction
from django.db.models.fields.files import FieldFile
from django.forms.models import model_to_dict
from django.utils.crypto import salted_hmac
from django.utils.formats import localize
from django.utils.text import capfirst
from django.utils.translation import gettext as _

VERSION_FIELD = "record_version"
_SALT = "core.concurrency.version"


@dataclass(frozen=True)
class Version:
    """What a form knew about a record: its version token and the fields the token covers."""

    token: str
    fields: tuple[str, ...]


class StaleVersion(ValidationError):
    """The record changed since the form was shown (or the form brought no version)."""

    def __init__(self, model: type[models.Model], pk: Any, current: str | None):
        self.model = model
        self.pk = pk
        self.current = current
        super().__init__(stale_message(), code="stale")


def stale_message() -> str:
    return _(
        "Someone else changed this record after you opened it, so your changes were not saved. "
        "Your input is still in the form: compare it with the current values and save again."
    )


# --- computing and checking ---------------------------------------------------------------------


def _split_fields(model: type[models.Model], names: Iterable[str]) -> tuple[list, list]:
    """The model fields among `names`: (concrete attnames, many-to-many names). Others ignored."""
    concrete, many = [], []
    for name in names:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:  # a form-only field (an upload, a password confirmation)
            continue
        if field.many_to_many and not field.auto_created:
            many.append(field.name)
        elif field.concrete and not field.primary_key:
            concrete.append(field.attname)
    return sorted(set(concrete)), sorted(set(many))


def current_version(
    model: type[models.Model], pk: Any, fields: Sequence[str], *, lock: bool = False
) -> str | None:
    """The version of record `pk` over `fields`, from the database; None when it is gone.

    With `lock`, the row is locked (`select_for_update`) until the surrounding transaction ends.
    """
    concrete, many = _split_fields(model, fields)
    qs = model._default_manager.filter(pk=pk)
    if lock:
        qs = qs.select_for_update()
    row = qs.values("pk", *concrete).first()
    if row is None:
        return None
    values: dict[str, Any] = {name: row[name] for name in concrete}
    for name in many:
        related = model._default_manager.filter(pk=pk).values_list(f"{name}__pk", flat=True)
        values[name] = sorted(value for value in related if value is not None)
    return _token(model, pk, values)


def instance_version(
    instance: models.Model, fields: Sequence[str], *, many_values: dict[str, list] | None = None
) -> str:
    """The version of `instance` over `fields` from the values it holds — the ones a form built
    on it shows —, not from a second read of the database, which could already hold someone
    else's change. `many_values`: the related pks of many-to-many fields, when already read."""
    model = instance._meta.model  # not type(): request.user is a lazy object
    concrete, many = _split_fields(model, fields)
    values: dict[str, Any] = {}
    for name in concrete:
        value = getattr(instance, name)
        values[name] = value.name if isinstance(value, FieldFile) else value
    many_values = many_values or {}
    for name in many:
        if name in many_values:
            values[name] = sorted(many_values[name])
        else:
            values[name] = sorted(getattr(instance, name).values_list("pk", flat=True))
    return _token(model, instance.pk, values)


def _token(model: type[models.Model], pk: Any, values: dict[str, Any]) -> str:
    payload = json.dumps(values, cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False)
    return salted_hmac(_SALT, f"{model._meta.label}:{pk}:{payload}").hexdigest()[:40]


def _in_atomic_block(model: type[models.Model]) -> bool:
    return transaction.get_connection(router.db_for_write(model)).in_atomic_block


def check_version(model: type[models.Model], pk: Any, version: Version | None) -> None:
    """Refuse (StaleVersion) when record `pk` is no longer at `version`.

    Call it inside the `transaction.atomic` that writes the record: the row is then locked until
    the write is committed. `version=None` means the caller deliberately writes without a check
    (an import that compares values itself); a version with an empty token is stale.
    """
    if version is None:
        return
    current = current_version(model, pk, version.fields, lock=_in_atomic_block(model))
    if not version.token or current != version.token:
        raise StaleVersion(model, pk, current)


def lock_and_check(queryset: models.QuerySet, pk: Any, version: Version | None) -> models.Model:
    """The record `pk` of `queryset`, locked for this transaction, after its version check."""
    instance = queryset.select_for_update().get(pk=pk)
    check_version(queryset.model, pk, version)
    return instance


# --- forms ----------------------------------------------------------------------------------------


def apply_errors(form, error: ValidationError) -> None:
    """A service's refusal shown on the form: a stale version as the conflict (the current
    values beside the user's), field errors on their fields, the others on top."""
    if isinstance(error, StaleVersion):
        form.refuse_stale(error)
    elif hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _display(instance: models.Model, name: str) -> str:
    field = instance._meta.get_field(name)
    if field.many_to_many:
        shown = ", ".join(str(obj) for obj in getattr(instance, name).all())
    elif field.choices:
        shown = str(getattr(instance, f"get_{name}_display")())
    elif field.is_relation:
        shown = str(getattr(instance, name) or "")
    else:
        value = getattr(instance, name)
        shown = "" if value is None else str(localize(value))
    return shown or _("(empty)")


class VersionedFormMixin:
    """A ModelForm that carries its record's version and refuses a stale save.

    The version covers the model fields the form shows. For a new record (no pk) there is
    nothing to check. `clean()` checks the version (under a row lock when it runs inside a
    transaction, as in the admin); services check it again under their own lock.
    """

    # Model fields the form writes without a form field of the same name (a JSON field edited
    # through several text areas, say): they are part of the version too.
    version_extra_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if VERSION_FIELD not in self.fields:
            self.fields[VERSION_FIELD] = forms.CharField(widget=forms.HiddenInput, required=False)
        self.fields[VERSION_FIELD].required = False
        self.fields[VERSION_FIELD].widget = forms.HiddenInput()
        if self.instance.pk is not None:
            self.initial[VERSION_FIELD] = self._seen_version()

    def _seen_version(self) -> str | None:
        """The version of what this form shows. A form on a record read from the database takes
        it from the instance and the initial values (read once, so a save landing in between can't
        give old values a new version). A form on an old state of the record (reverting to a
        historical version, `instance.version_from_database`) takes the live record's version."""
        if getattr(self.instance, "version_from_database", False):
            return current_version(self._meta.model, self.instance.pk, self.version_fields)
        many = {
            name: [getattr(obj, "pk", obj) for obj in self.initial[name]]
            for name in self.version_fields
            if name in self.initial and isinstance(self.initial[name], list | tuple)
        }
        return instance_version(self.instance, self.version_fields, many_values=many)

    @property
    def version_fields(self) -> tuple[str, ...]:
        names = [name for name in self.fields if name != VERSION_FIELD]
        names += list(self.version_extra_fields)
        concrete, many = _split_fields(self._meta.model, names)
        by_attname = {f.attname: f.name for f in self._meta.model._meta.concrete_fields}
        return tuple(sorted({by_attname.get(name, name) for name in concrete} | set(many)))

    @property
    def version(self) -> Version | None:
        """The version the user saw (after `is_valid()`); None for a new record."""
        if self.instance.pk is None:
            return None
        cleaned = getattr(self, "cleaned_data", {})
        token = cleaned.get(VERSION_FIELD) or ""
        return Version(token=token, fields=self.version_fields)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is not None:
            version = Version(cleaned.get(VERSION_FIELD) or "", self.version_fields)
            try:
                check_version(self._meta.model, self.instance.pk, version)
            except StaleVersion as error:
                self.refuse_stale(error)
        return cleaned

    def refuse_stale(self, error: StaleVersion) -> None:
        """Show the conflict: the message, the current values that differ, the new version."""
        self.add_error(None, error.messages[0])
        current = self._meta.model._default_manager.filter(pk=self.instance.pk).first()
        if current is None:
            self.add_error(None, _("The record has been deleted in the meantime."))
            return
        differing = []
        for name in self.version_fields:
            field = self.fields.get(name)
            if field is None:
                continue
            saved = model_to_dict(current, fields=[name]).get(name)
            if field.has_changed(saved, self[name].data):
                label = capfirst(field.label or name)
                differing.append(
                    _("%(field)s: %(value)s") % {"field": label, "value": _display(current, name)}
                )
        if differing:
            self.add_error(
                None,
                _("Current values that differ from yours: %(values)s.")
                % {"values": "; ".join(differing)},
            )
        # A second, deliberate save is checked against what the user has now seen.
        data = self.data.copy()
        data[self.add_prefix(VERSION_FIELD)] = error.current or ""
        self.data = data


def versioned_form(form_class: type[forms.BaseForm]) -> type[forms.BaseForm]:
    """`form_class` with the version field declared and checked (idempotent)."""
    if issubclass(form_class, VersionedFormMixin):
        return form_class
    attrs = {
        VERSION_FIELD: forms.CharField(widget=forms.HiddenInput, required=False),
        "__module__": form_class.__module__,
    }
    return type(f"Versioned{form_class.__name__}", (VersionedFormMixin, form_class), attrs)


# --- admin ----------------------------------------------------------------------------------------


def _with_version_field(fieldsets: list) -> list:
    names = {
        name
        for _title, options in fieldsets
        for line in options.get("fields", ())
        for name in (line if isinstance(line, list | tuple) else [line])
    }
    if VERSION_FIELD in names or not fieldsets:
        return fieldsets
    (title, options), *rest = fieldsets
    options = {**options, "fields": [*options.get("fields", ()), VERSION_FIELD]}
    return [(title, options), *rest]


class VersionCheckedAdminMixin:
    """ModelAdmin: the change form carries the record's version and refuses a stale save.

    Django's change view validates and saves inside one `transaction.atomic`, so the form's
    `clean()` locks the row while it compares versions and the lock holds until the save.
    """

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:
            kwargs["form"] = versioned_form(kwargs.get("form", self.form))
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        return _with_version_field(list(fieldsets))


class VersionCheckedInlineMixin:
    """InlineModelAdmin: each existing row carries its own version."""

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["form"] = versioned_form(kwargs.get("form", self.form))
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (_VersionAfterFieldsFormSet, formset), {})


class _VersionAfterFieldsFormSet:
    """The formset adds the link to the parent after a row's form is made: the version shown
    must cover the same fields as the one checked on save, so it is taken again then."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if isinstance(form, VersionedFormMixin) and form.instance.pk and not form.is_bound:
            form.initial[VERSION_FIELD] = current_version(
                form._meta.model, form.instance.pk, form.version_fields
            )

    def get_fieldsets(self, request, obj=None):
        return _with_version_field(list(super().get_fieldsets(request, obj)))
