"""Forms of the opinion letter: its draft (version-checked) and the delivery confirmation."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from associations.forms import DateInput, FieldNamedErrorsMixin
from core.concurrency import VersionedFormMixin

from .models import LetterDraft


class LetterDraftForm(VersionedFormMixin, FieldNamedErrorsMixin, forms.ModelForm):
    class Meta:
        model = LetterDraft
        fields = [
            "document_number",
            "addressee",
            "place",
            "issued_on",
            "signer_on_behalf",
            "signer_title",
            "signer_name",
            "recipients_text",
            "body",
        ]
        widgets = {
            "addressee": forms.Textarea(attrs={"rows": 2}),
            "issued_on": DateInput(),
            "recipients_text": forms.Textarea(attrs={"rows": 4}),
            "body": forms.Textarea(attrs={"rows": 10}),
        }


class LetterDeliverForm(FieldNamedErrorsMixin, forms.Form):
    delivered_on = forms.DateField(label=_("Delivered on"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delivered_on"].initial = timezone.localdate()

    def clean_delivered_on(self):
        value = self.cleaned_data["delivered_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The delivery date cannot be in the future."))
        return value
