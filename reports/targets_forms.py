"""The form of a report's target (chỉ tiêu)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.concurrency import VersionedFormMixin

from .models import Target
from .targets import metric_choices


class TargetForm(VersionedFormMixin, forms.ModelForm):
    metric = forms.ChoiceField(
        label=_("metric"),
        choices=(),
        help_text=_(
            "What the portal measures the target with; choose “Followed by hand” for an aim "
            "no data measures (a rating, a ranking)."
        ),
    )

    class Meta:
        model = Target
        fields = ["wording", "metric", "comparison", "value", "period"]
        widgets = {"wording": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["metric"].choices = metric_choices()
        self.fields["value"].help_text = _("A percentage for shares (90 for 90 %), else a count.")
