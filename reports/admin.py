from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from associations import permissions
from associations.admin import UnionScopedAdmin, UnionScopedInlineMixin

from .models import ReportVersion, TermReport
from .tasks import queue_term_report

# The narrative a report's staff write around the computed figures, keyed by the outline (§5).
NARRATIVE_FIELDS = {
    "opening": _("Opening paragraph: results achieved (after the computed first sentence)"),
    "i_1_before": _("I.1 Gathering intellectuals: text before the computed figures"),
    "i_1": _("I.1 Gathering intellectuals: text after the computed figures"),
    "i_2_2": _("I.2.2 Consultation, critique and social assessment: text after the figures"),
    "i_2_3": _("I.2.3 Technical creativity, honouring intellectuals: text before the figures"),
    "i_2_4": _("I.2.4 Science and technology, research projects: text before the figures"),
}


def section_field_name(key: str) -> str:
    return f"section_{key}"


def narrative_field(key: str) -> forms.CharField:
    return forms.CharField(
        label=NARRATIVE_FIELDS[key], required=False, widget=forms.Textarea(attrs={"rows": 5})
    )


class TermReportForm(forms.ModelForm):
    """One text area per narrative section instead of raw JSON.

    The section fields are declared on the class, so the admin shows every one of them; and the
    form writes only the sections it has (a key it did not show keeps its text). The status and
    the approval are not fields here: approval goes through the leadership's approval service.
    """

    class Meta:
        model = TermReport
        fields = ["union", "term", "next_term", "title", "place", "issued_on"]

    section_opening = narrative_field("opening")
    section_i_1_before = narrative_field("i_1_before")
    section_i_1 = narrative_field("i_1")
    section_i_2_2 = narrative_field("i_2_2")
    section_i_2_3 = narrative_field("i_2_3")
    section_i_2_4 = narrative_field("i_2_4")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sections = (self.instance.sections if self.instance.pk else None) or {}
        for key in NARRATIVE_FIELDS:
            name = section_field_name(key)
            if name in self.fields:
                self.initial.setdefault(name, sections.get(key, ""))

    def save(self, commit=True):
        sections = dict(self.instance.sections or {})
        for key in NARRATIVE_FIELDS:
            name = section_field_name(key)
            if name not in self.fields or name not in self.cleaned_data:
                continue
            text = self.cleaned_data[name].strip()
            if text or key in sections:
                sections[key] = text
        self.instance.sections = sections
        return super().save(commit)


class ReportVersionInline(UnionScopedInlineMixin, admin.TabularInline):
    model = ReportVersion
    extra = 0
    can_delete = False
    fields = ["number", "format", "size", "checksum", "created_by", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(TermReport)
class TermReportAdmin(UnionScopedAdmin):
    form = TermReportForm
    list_display = ["__str__", "union", "term", "status", "updated_at"]
    list_filter = ["status", "union"]
    # Approval happens only in the portal, by the leadership (reports.services.term_report_approve).
    readonly_fields = ["status", "approved_by", "approved_at", "approved_version"]
    list_select_related = ["union", "term"]
    inlines = [ReportVersionInline]
    actions = ["generate_pdf"]

    @admin.action(description=_("Generate a new PDF version"))
    def generate_pdf(self, request, queryset):
        reports = [
            r
            for r in queryset
            if permissions.can_generate_report(request.user, r)
            and queue_term_report(r.pk, request.user.pk)
        ]
        self.message_user(
            request,
            ngettext(
                "%(count)d report is being generated.",
                "%(count)d reports are being generated.",
                len(reports),
            )
            % {"count": len(reports)},
            messages.SUCCESS,
        )
