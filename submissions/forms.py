"""Portal forms of the reporting rounds. Edit forms carry their record's version
(core.concurrency); the rules are in the models and `services`."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from associations.forms import DateInput, FieldNamedErrorsMixin
from core.concurrency import VersionedFormMixin

from .models import PeriodKind, Round, Submission


class RoundOpenForm(FieldNamedErrorsMixin, forms.ModelForm):
    class Meta:
        model = Round
        fields = [
            "title",
            "period_kind",
            "year",
            "half",
            "deadline",
            "asks_members",
            "asks_activities",
            "asks_initiatives",
            "asks_entries",
            "asks_narrative",
        ]
        widgets = {"deadline": DateInput()}
        localized_fields: list[str] = []

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("period_kind") == PeriodKind.HALF_YEAR and not cleaned.get("half"):
            self.add_error("half", gettext_lazy("Choose which half of the year the round covers."))
        return cleaned


class RoundEditForm(VersionedFormMixin, FieldNamedErrorsMixin, forms.ModelForm):
    class Meta:
        model = Round
        fields = [
            "title",
            "deadline",
            "asks_members",
            "asks_activities",
            "asks_initiatives",
            "asks_entries",
            "asks_narrative",
        ]
        widgets = {"deadline": DateInput()}


class NarrativeForm(VersionedFormMixin, FieldNamedErrorsMixin, forms.ModelForm):
    class Meta:
        model = Submission
        fields = ["results", "difficulties", "proposals"]
        widgets = {
            "results": forms.Textarea(attrs={"rows": 6}),
            "difficulties": forms.Textarea(attrs={"rows": 4}),
            "proposals": forms.Textarea(attrs={"rows": 4}),
        }


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("What the society must change"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
    )
