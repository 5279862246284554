"""Portal forms of contests: contests, entries, awards, forwardings and initiatives.

Every edit form carries its record's version (core.concurrency); the rules themselves are in
the models' `clean()` and in `services`.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from associations.forms import (
    DateInput,
    FieldNamedErrorsMixin,
    MultipleFileField,
    attachments_help_text,
)
from core.concurrency import VersionedFormMixin

from .models import Award, Contest, Entry, Forwarding, Initiative


class ContestForm(VersionedFormMixin, FieldNamedErrorsMixin, forms.ModelForm):
    class Meta:
        model = Contest
        fields = [
            "name",
            "kind",
            "level",
            "year",
            "opens_on",
            "closes_on",
            "scoring_due_on",
            "judges_per_entry",
            "normalise_scores",
            "notes",
        ]
        widgets = {
            "opens_on": DateInput(),
            "closes_on": DateInput(),
            "scoring_due_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        localized_fields: list[str] = []


class EntryForm(VersionedFormMixin, FieldNamedErrorsMixin, forms.ModelForm):
    attachments = MultipleFileField(label=gettext_lazy("Add attachments"), required=False)

    class Meta:
        model = Entry
        fields = ["society", "title", "field", "unit", "authors", "author_names", "summary"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 5}),
            "author_names": forms.Textarea(attrs={"rows": 3}),
            "authors": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, societies, authors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["society"].queryset = societies
        self.fields["society"].empty_label = None
        self.fields["authors"].queryset = authors
        self.fields["authors"].help_text = gettext_lazy(
            "Authors who are members: the society's current members."
        )
        self.fields["attachments"].help_text = attachments_help_text()
        if self.instance.pk is not None:
            self.fields["society"].disabled = True


class AwardForm(VersionedFormMixin, FieldNamedErrorsMixin, forms.ModelForm):
    class Meta:
        model = Award
        fields = ["level", "rank", "year", "awarding_body"]


class ForwardingForm(FieldNamedErrorsMixin, forms.ModelForm):
    class Meta:
        model = Forwarding
        fields = ["level", "year", "forwarded_on"]
        widgets = {"forwarded_on": DateInput()}


class InitiativeForm(VersionedFormMixin, FieldNamedErrorsMixin, forms.ModelForm):
    class Meta:
        model = Initiative
        fields = [
            "society",
            "title",
            "authors",
            "field",
            "recognition_level",
            "year",
            "applied",
            "applied_where",
            "benefit",
        ]
        widgets = {
            "authors": forms.Textarea(attrs={"rows": 2}),
            "benefit": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, societies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["society"].queryset = societies
        self.fields["society"].empty_label = None


class InitiativeFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Search"), required=False)
    year = forms.IntegerField(label=gettext_lazy("Year"), required=False)
    recognition_level = forms.ChoiceField(label=gettext_lazy("Recognition level"), required=False)
    applied = forms.ChoiceField(
        label=gettext_lazy("Applied"),
        required=False,
        choices=[("", "—"), ("yes", gettext_lazy("yes")), ("no", gettext_lazy("no"))],
    )

    def __init__(self, *args, **kwargs):
        from .models import RecognitionLevel

        super().__init__(*args, **kwargs)
        self.fields["recognition_level"].choices = [("", "—"), *RecognitionLevel.choices]
