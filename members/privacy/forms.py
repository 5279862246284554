"""Forms of the personal data pages."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from associations.forms import DateInput, FieldNamedErrorsMixin
from core.concurrency import VersionedFormMixin

from ..models import Member
from .consent import CONSENT_FIELDS
from .models import ConsentText, DataSubjectRequest


class ConsentTextForm(FieldNamedErrorsMixin, forms.ModelForm):
    """A new version of the consent text (old versions are never edited)."""

    class Meta:
        model = ConsentText
        fields = ["title", "purpose", "body", "effective_from"]
        widgets = {
            "effective_from": DateInput(),
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 12}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["effective_from"].initial = timezone.localdate()


class MemberConsentForm(VersionedFormMixin, FieldNamedErrorsMixin, forms.ModelForm):
    class Meta:
        model = Member
        fields = list(CONSENT_FIELDS)
        widgets = {"consent_given_on": DateInput(), "consent_withdrawn_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent_text"].queryset = ConsentText.objects.filter(
            union_id=self.instance.union_id
        )

    def clean(self):
        cleaned = super().clean()
        given, withdrawn = cleaned.get("consent_given_on"), cleaned.get("consent_withdrawn_on")
        today = timezone.localdate()
        for name in ("consent_given_on", "consent_withdrawn_on"):
            if cleaned.get(name) and cleaned[name] > today:
                self.add_error(name, _("The date cannot be in the future."))
        if given and withdrawn and withdrawn < given:
            self.add_error(
                "consent_withdrawn_on",
                _("Consent cannot be withdrawn before the day it was given."),
            )
        if given and not cleaned.get("consent_method"):
            self.add_error("consent_method", _("Say how the consent was given."))
        return cleaned


class DataSubjectRequestForm(FieldNamedErrorsMixin, forms.ModelForm):
    class Meta:
        model = DataSubjectRequest
        fields = ["kind", "received_on", "channel", "details"]
        widgets = {"received_on": DateInput(), "details": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"channel": _("Paper letter, e-mail, in person at the office…")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_on"].initial = timezone.localdate()

    def clean_received_on(self):
        received = self.cleaned_data["received_on"]
        if received > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return received


class RequestAnswerForm(VersionedFormMixin, FieldNamedErrorsMixin, forms.ModelForm):
    OUTCOMES = (("answer", _("Answer the request")), ("refuse", _("Refuse the request")))
    outcome = forms.ChoiceField(label=_("Outcome"), choices=OUTCOMES, widget=forms.RadioSelect)

    class Meta:
        model = DataSubjectRequest
        fields = ["answer"]
        widgets = {"answer": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer"].required = True
        self.fields["outcome"].initial = "answer"

    @property
    def version_fields(self) -> tuple[str, ...]:
        return ("answer", "status")
