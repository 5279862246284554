"""Forms of the consultation pages. Rules about valid data live in services (shared with the
admin and the import); edit forms carry the record's version (core.concurrency)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from associations.forms import FieldNamedErrorsMixin
from associations.uploads import ACCEPT_ATTRIBUTE
from core.concurrency import VersionedFormMixin
from members.models import Member

from . import services
from .models import (
    ConsultationPlan,
    ConsultationTask,
    DocumentKind,
    ExpertAssignment,
    Opinion,
    PlannedTopic,
    Recommendation,
    TaskStatus,
    TaskType,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TaskForm(VersionedFormMixin, FieldNamedErrorsMixin, forms.ModelForm):
    class Meta:
        model = ConsultationTask
        fields = [
            "title",
            "type",
            "requesting_body",
            "legal_basis",
            "received_on",
            "due_on",
            "confidential",
            "summary",
        ]
        widgets = {
            "received_on": DATE,
            "due_on": DATE,
            "summary": forms.Textarea(attrs={"rows": 6}),
        }

    def clean(self):
        cleaned = super().clean()
        errors = services.task_errors(
            received_on=cleaned.get("received_on"), due_on=cleaned.get("due_on")
        )
        for name, message in errors.items():
            self.add_error(name, message)
        return cleaned


class TaskFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All types")), *TaskType.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), ("overdue", _("Overdue")), *TaskStatus.choices],
    )
    year = forms.IntegerField(label=_("Year received"), required=False, min_value=2000)


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(choices=TaskStatus.choices, widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class AssignmentForm(FieldNamedErrorsMixin, forms.Form):
    expert = forms.ModelChoiceField(label=_("Expert"), queryset=None)
    member = forms.ModelChoiceField(
        label=_("Member of the registry"),
        queryset=None,
        required=False,
        help_text=_("When the expert is a member of one of the union's societies."),
    )
    lead = forms.BooleanField(label=_("Lead expert"), required=False)
    due_on = forms.DateField(label=_("Opinion due on"), widget=DATE)

    def __init__(self, *args, task: ConsultationTask, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = services.union_experts(union_id=task.union_id).exclude(
            consultation_assignments__task=task
        )
        self.fields["expert"].label_from_instance = lambda user: f"{user} ({user.email})"
        self.fields["member"].queryset = Member.objects.filter(union_id=task.union_id).order_by(
            "sort_name", "id"
        )
        if task.due_on:
            self.initial.setdefault("due_on", task.due_on)


class AssignmentEditForm(VersionedFormMixin, FieldNamedErrorsMixin, forms.ModelForm):
    class Meta:
        model = ExpertAssignment
        fields = ["lead", "due_on"]
        widgets = {"due_on": DATE}


class ExpertCreateForm(FieldNamedErrorsMixin, forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"))


class OpinionForm(VersionedFormMixin, FieldNamedErrorsMixin, forms.ModelForm):
    upload = forms.FileField(
        label=_("File (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
        help_text=_("PDF, DOCX, XLSX, JPG or PNG."),
    )

    class Meta:
        model = Opinion
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 10})}


class DocumentForm(FieldNamedErrorsMixin, forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=500,
        help_text=_(
            "A title the task already has makes a new version of that document; "
            "the older versions stay available."
        ),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices)
    file = forms.FileField(
        label=_("File"), widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE})
    )


class RecommendationForm(VersionedFormMixin, FieldNamedErrorsMixin, forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = ["text", "adoption", "answer", "answered_on"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "answer": forms.Textarea(attrs={"rows": 3}),
            "answered_on": DATE,
        }

    def clean(self):
        cleaned = super().clean()
        errors = services.recommendation_errors(
            adoption=cleaned.get("adoption"), answered_on=cleaned.get("answered_on")
        )
        for name, message in errors.items():
            self.add_error(name, message)
        return cleaned


class PlanForm(VersionedFormMixin, FieldNamedErrorsMixin, forms.ModelForm):
    class Meta:
        model = ConsultationPlan
        fields = ["year", "planned_topics", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class TopicForm(VersionedFormMixin, FieldNamedErrorsMixin, forms.ModelForm):
    class Meta:
        model = PlannedTopic
        fields = ["title", "requesting_body", "task"]

    def __init__(self, *args, plan: ConsultationPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["task"].queryset = ConsultationTask.objects.filter(
            union_id=plan.union_id
        ).order_by("-received_on", "id")
