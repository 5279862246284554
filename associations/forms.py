"""Forms of the society portal: activities and their attachments.

Edit forms carry the record's version (`core.concurrency`); the dates an activity may have are
decided by `associations.validators`, through `Activity.clean()`.
"""

import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt, pretty_name
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.concurrency import VersionedFormMixin

from .models import Activity, Union, User
from .permissions import access_for
from .uploads import ACCEPT_ATTRIBUTE, validate_attachment

EARLIEST_DATE = datetime.date(1950, 1, 1)


class UnionChoiceField(forms.ModelChoiceField):
    """One of the user's unions; with a single one to choose from, that one when none is sent."""

    def __init__(self, *args, only=None, **kwargs):
        self.only = only
        super().__init__(*args, **kwargs)

    def clean(self, value):
        if value in self.empty_values and self.only is not None:
            return self.only
        return super().clean(value)


def add_union_choice(form: forms.BaseForm, user) -> forms.BaseForm:
    """Give a form for a new record of the user's union a "union" field: the unions they keep
    as staff, by name, the first chosen. Hidden when there is only one; a forged id of another
    union fails the field's validation. Read `form.cleaned_data["union"]`."""
    unions = Union.objects.filter(id__in=access_for(user).staff_unions).order_by("sort_name")
    choices = list(unions)
    field = UnionChoiceField(
        label=_("Union"),
        queryset=unions,
        initial=choices[0] if choices else None,
        empty_label=None,
        only=choices[0] if len(choices) == 1 else None,
    )
    if len(choices) <= 1:
        field.widget = forms.HiddenInput()
    form.fields["union"] = field
    return form


class DateInput(forms.DateInput):
    """The browser's own date picker (no script); the value goes over the wire as YYYY-MM-DD."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class FastSelect(forms.Select):
    """A flat <select> rendered in Python rather than one widget template per option.

    List pages put a filter of every society on each page; with 200 societies the template
    rendering of the options cost more than the page's queries.
    """

    def render(self, name, value, attrs=None, renderer=None):
        selected = {str(v) for v in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option, mark_safe(" selected") if str(option) in selected else "", label)
                for option, label in self.choices
            ),
        )
        final_attrs = self.build_attrs(self.attrs, attrs)
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(final_attrs), options)


class FieldNamedErrorsMixin:
    """Every field error starts with its field's label ("Birth year: Enter a year ...").

    Errors then read clearly on their own: in a list of errors, or to a screen reader.
    """

    def full_clean(self):
        super().full_clean()
        for name, errors in (self._errors or {}).items():
            if name not in self.fields:
                continue
            label = capfirst(self.fields[name].label or pretty_name(name))
            named = self.error_class(renderer=self.renderer, field_id=self[name].auto_id)
            for error in errors.as_data():
                named.extend(
                    ValidationError(
                        _("%(field)s: %(message)s") % {"field": label, "message": message},
                        code=error.code,
                    )
                    for message in error.messages
                )
            self._errors[name] = named


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each one is checked by `validate_attachment`."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single_clean = super().clean
        uploads = data if isinstance(data, list | tuple) else [data]
        uploads = [upload for upload in uploads if upload]
        if not uploads:
            single_clean(None, initial)  # raises when the field is required
            return []
        cleaned, errors = [], []
        for upload in uploads:
            try:
                upload = single_clean(upload, initial)
                validate_attachment(upload)
            except forms.ValidationError as error:
                errors.extend(error.error_list)
            else:
                cleaned.append(upload)
        if errors:
            raise forms.ValidationError(errors)
        return cleaned


def attachments_help_text():
    return _("PDF, DOCX, XLSX, JPG or PNG; at most %(limit)s a file.") % {
        "limit": filesizeformat(settings.UPLOAD_MAX_BYTES)
    }


class ActivityForm(VersionedFormMixin, FieldNamedErrorsMixin, forms.ModelForm):
    attachments = MultipleFileField(label=gettext_lazy("Add attachments"), required=False)

    class Meta:
        model = Activity
        fields = ["kind", "title", "held_on", "partners", "participants", "amount_vnd", "notes"]
        widgets = {
            "held_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }
        localized_fields = ["amount_vnd"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = attachments_help_text()
        self.fields["amount_vnd"].help_text = _("In VND; thousands separators are accepted.")


class ProfileForm(VersionedFormMixin, forms.ModelForm):
    """The user's own name. Versioned like every edit form: two open tabs can't overwrite."""

    class Meta:
        model = User
        fields = ["full_name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True
