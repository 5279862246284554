"""Forms of the judging pages. The rules on values live in contests.judging_services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.concurrency import VERSION_FIELD

from .judging import vn_decimal
from .models import Criterion


class ScoreSheetForm(forms.Form):
    """One score and one comment per criterion, and the sheet's version."""

    def __init__(self, *args, criteria: list[Criterion], version: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"score_{criterion.pk}"] = forms.DecimalField(
                label=criterion.name,
                required=False,
                min_value=0,
                max_value=criterion.max_score,
                decimal_places=2,
                max_digits=6,
                localize=True,
                help_text=_("From 0 to %(max)s (weight %(weight)s).")
                % {"max": vn_decimal(criterion.max_score), "weight": vn_decimal(criterion.weight)},
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment on %(criterion)s") % {"criterion": criterion.name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.fields[VERSION_FIELD] = forms.CharField(widget=forms.HiddenInput, required=False)
        self.initial.setdefault(VERSION_FIELD, version)

    def rows(self):
        """(criterion, score field, comment field) for the template."""
        return [
            (criterion, self[f"score_{criterion.pk}"], self[f"comment_{criterion.pk}"])
            for criterion in self.criteria
        ]

    @property
    def version(self) -> str:
        return self.cleaned_data.get(VERSION_FIELD) or ""

    def scores(self) -> dict[int, tuple]:
        return {
            criterion.pk: (
                self.cleaned_data.get(f"score_{criterion.pk}"),
                self.cleaned_data.get(f"comment_{criterion.pk}", ""),
            )
            for criterion in self.criteria
        }

    def refuse_stale(self, message: str, current: str) -> None:
        self.add_error(None, message)
        data = self.data.copy()
        data[VERSION_FIELD] = current or ""
        self.data = data


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class ConflictDeclareForm(forms.Form):
    reason = forms.CharField(
        label=_("What is the conflict of interest?"),
        max_length=500,
        help_text=_("For example: a relative or a colleague of an author, or you advised on it."),
    )


class AutoAssignForm(forms.Form):
    per_entry = forms.IntegerField(
        label=_("Judges per entry"), min_value=1, max_value=20, initial=3
    )


class _JudgeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(obj)


class _EntryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        code = obj.code or f"#{obj.pk}"
        return f"{code} · {obj.title}"


class AssignmentAddForm(forms.Form):
    entry = _EntryChoiceField(label=pgettext_lazy("judging", "Entry"), queryset=None)
    judge = _JudgeChoiceField(label=pgettext_lazy("judging", "Judge"), queryset=None)

    def __init__(self, *args, entries, judges, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].queryset = entries
        self.fields["judge"].queryset = judges


class ConflictRecordForm(AssignmentAddForm):
    reason = forms.CharField(label=_("Reason"), max_length=500)
