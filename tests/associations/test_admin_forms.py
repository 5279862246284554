"""Saving an admin change form writes only what the form showed: every other field is intact."""

import datetime

import pytest
from django.contrib import admin
from django.db import models
from django.forms import MultiWidget
from django.urls import reverse

from associations.accounts import role_assign
from associations.models import RoleKind, User
from core.concurrency import VERSION_FIELD
from members.models import PersonalDataAccess

from ..factories import MemberFactory, UnionFactory, UserFactory
from .test_admin_history import RECORDS

OUR_APPS = ("associations", "members", "reports")
# Admins without history of their own (made here, not in RECORDS).
NO_HISTORY = {
    "members.personaldataaccess": lambda union: PersonalDataAccess.objects.create(
        union=union, member=MemberFactory(union=union), action="view"
    ),
}
RECORDS_WITH_USERS = {**RECORDS, **NO_HISTORY, "associations.user": None}
# Change forms that only show the record: consent texts (people signed them; superusers may
# correct one) and the access log (nobody changes it).
READ_ONLY = {
    ("members.consenttext", "staff"),
    ("members.personaldataaccess", "staff"),
    ("members.personaldataaccess", "superuser"),
}
# Written by the save itself, not by the form.
AUTOMATIC = {"updated_at", "search_text", "last_login", "password"}


def our_admins():
    return sorted(
        model._meta.label_lower
        for model in admin.site._registry
        if model._meta.app_label in OUR_APPS
    )


def fill(value_field):
    """A value that is not the field's default, so blanking it would show."""
    if value_field.choices:
        return value_field.choices[-1][0]
    if isinstance(value_field, models.EmailField):
        return "dien.day@example.test"
    if isinstance(value_field, models.SlugField):
        return None
    if isinstance(value_field, models.CharField | models.TextField):
        return "Đã ghi sẵn"
    if isinstance(value_field, models.DateField) and not isinstance(
        value_field, models.DateTimeField
    ):
        return datetime.date.today()  # a date the validity rules accept: not in the future
    if isinstance(value_field, models.PositiveIntegerField | models.PositiveSmallIntegerField):
        return 1990
    if isinstance(value_field, models.PositiveBigIntegerField):
        return 1990
    return None


def filled_record(label, union):
    """The admin's record with every empty plain field given a value."""
    if label == "associations.user":
        record = UserFactory()
        role_assign(user=record, union=union, kind=RoleKind.EXPERT)
    else:
        record = {**RECORDS, **NO_HISTORY}[label](union)
    for model_field in record._meta.concrete_fields:
        if model_field.is_relation or model_field.primary_key or not model_field.editable:
            continue
        if getattr(record, model_field.attname) not in (None, ""):
            continue
        value = fill(model_field)
        if value is not None:
            setattr(record, model_field.attname, value)
    if label == "reports.termreport":
        record.sections = {"opening": "Mở đầu", "i_1": "Tập hợp trí thức", "ii_2": "Khác"}
    record.save()
    return record


def stored(record) -> dict:
    model = type(record)
    values = model.objects.filter(pk=record.pk).values()[0]
    return {name: value for name, value in values.items() if name not in AUTOMATIC}


def shown(fieldsets) -> set[str]:
    return {
        name
        for _title, options in fieldsets
        for line in options["fields"]
        for name in (line if isinstance(line, list | tuple) else [line])
    }


def field_data(form, names=None) -> dict:
    """What the browser posts back for an untouched form (the fields in `names`, else all)."""
    data = {}
    for bound in form:
        if names is not None and bound.name not in names:
            continue
        if bound.field.disabled:
            continue
        value = bound.value()
        widget = bound.field.widget
        if isinstance(widget, MultiWidget):
            parts = widget.decompress(value)
            for suffix, part in zip(widget.widgets_names, parts, strict=True):
                data[bound.html_name + suffix] = "" if part is None else str(part)
        elif isinstance(value, bool):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [str(v) for v in value]
        elif hasattr(value, "isoformat"):
            data[bound.html_name] = value.isoformat()
        elif value is None or (hasattr(value, "url") and hasattr(value, "instance")):
            data[bound.html_name] = ""
        else:
            data[bound.html_name] = str(value)
    return data


def change_form_data(response) -> dict:
    adminform = response.context["adminform"]
    data = field_data(adminform.form, shown(adminform.fieldsets) | {VERSION_FIELD})
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(field_data(formset.management_form))
        names = shown(inline.fieldsets) | {"id", formset.fk.name, VERSION_FIELD}
        for form in formset.forms:
            data.update(field_data(form, names))
    data["_save"] = "Lưu"
    return data


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["staff", "superuser"])
@pytest.mark.parametrize("label", our_admins())
def test_admin_change_form_save_keeps_every_field_it_did_not_show(client, label, who):
    union = UnionFactory()
    record = filled_record(label, union)
    if who == "superuser":
        user = User.objects.create_superuser("root@example.test", "x")
    else:
        user = UserFactory()
        role_assign(user=user, union=union, kind=RoleKind.STAFF)
    before = stored(record)
    url = reverse(f"admin:{label.replace('.', '_')}_change", args=[record.pk])
    client.force_login(user)
    page = client.get(url)

    response = client.post(url, change_form_data(page))

    if (label, who) in READ_ONLY:
        assert (response.status_code, stored(record)) == (403, before)
        return
    errors = response.context and response.context["adminform"].form.errors
    assert (response.status_code, errors) == (302, None)
    assert stored(record) == before


def test_every_admin_of_the_portal_has_a_record_here():
    assert set(our_admins()) == set(RECORDS_WITH_USERS)
