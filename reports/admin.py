from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from associations import permissions
from associations.admin import UnionScopedAdmin, UnionScopedInlineMixin

from . import workflow
from .models import ReportStatus, ReportVersion, TermReport
from .services import ReportNotReady, term_report_generation_state
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
        fields = [
            "union",
            "kind",
            "term",
            "next_term",
            "year",
            "period_start",
            "period_end",
            "title",
            "document_number",
            "place",
            "issued_on",
            "signer_position",
            "signer_name",
            "recipients",
        ]

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
    """The versions, read-only, with their files (downloads go through the portal's
    permission-checked view)."""

    model = ReportVersion
    extra = 0
    can_delete = False
    fields = ["number", "size", "checksum", "created_by", "created_at", "files"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("files"))
    def files(self, version):
        if not version.pk:
            return ""
        url = reverse("reports:download", args=[version.pk])
        links = [(url, "PDF")]
        if version.docx_file:
            links.append((f"{url}?format=docx", "DOCX"))
        links.append((reverse("reports:compare", args=[version.pk]), _("compare with today")))
        return format_html_join(" · ", '<a href="{}">{}</a>', links)


def transition_action(name: str):
    """An admin action taking one workflow step on each selected report, through the same
    service as the portal; refusals are listed with their reason."""
    step = workflow.TRANSITIONS[name]

    def action(modeladmin, request, queryset):
        done, refused = 0, []
        for report in queryset:
            try:
                workflow.report_transition(report=report, user=request.user, name=name)
            except (ReportNotReady, PermissionDenied) as error:
                refused.append((str(report), str(error) or str(_("not allowed"))))
            else:
                done += 1
        if done:
            modeladmin.message_user(
                request,
                ngettext("%(step)s: %(count)d report.", "%(step)s: %(count)d reports.", done)
                % {"step": step.label, "count": done},
                messages.SUCCESS,
            )
        for label, reason in refused:
            modeladmin.message_user(
                request,
                format_html("{}: {} — {}", step.label, label, reason),
                messages.ERROR,
            )

    action.__name__ = f"{name}_reports"
    return admin.action(description=step.label)(action)


@admin.register(TermReport)
class TermReportAdmin(UnionScopedAdmin):
    form = TermReportForm
    list_display = ["__str__", "union", "kind", "status", "updated_at"]
    list_filter = ["kind", "status", "union"]
    # The status changes only through the workflow's steps (reports.workflow), here as actions.
    readonly_fields = [
        "status",
        "submitted_by",
        "submitted_at",
        "approved_by",
        "approved_at",
        "approved_version",
        "published_by",
        "published_at",
        "published_version",
        "generation",
    ]
    list_select_related = ["union", "term"]
    inlines = [ReportVersionInline]
    actions = [
        "generate_pdf",
        transition_action("submit"),
        transition_action("approve"),
        transition_action("return"),
        transition_action("publish"),
    ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:  # what a report is and covers is set when it is created
            fields += ["kind", "year", "period_start", "period_end"]
        return fields

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.status == ReportStatus.PUBLISHED:
            return False  # a published report is immutable: shown read-only
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status == ReportStatus.PUBLISHED:
            return False
        return super().has_delete_permission(request, obj)

    def delete_queryset(self, request, queryset):
        for report in queryset:  # one by one: the model refuses a published report
            report.delete()

    @admin.display(description=_("generation"))
    def generation(self, report):
        state = term_report_generation_state(report)
        if state.pending:
            return format_html("{} · {}%", state.stage_label or _("queued"), state.percent)
        if state.failed:
            return state.error or _("failed")
        return _("idle")

    @admin.action(description=_("Generate a new version"))
    def generate_pdf(self, request, queryset):
        reports = [
            r
            for r in queryset
            if permissions.can_generate_report(request.user, r)
            and r.status != ReportStatus.PUBLISHED
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


# --- narrative: a text area per section, saved through reports.narrative_services -------------
# The same service as the portal's narrative pages: sanitised, a revision naming who saved it,
# and each section's own version check (a text changed meanwhile is refused, not overwritten).

from . import narrative_services  # noqa: E402
from .models import ReportSection  # noqa: E402
from .narrative import SECTIONS, narrative_clean, narrative_text  # noqa: E402


def _version_name(key: str) -> str:
    return f"section_{key}_version"


class _NarrativeAdminFormBase(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.stored = (
            {section.key: section for section in self.instance.section_texts.all()}
            if self.instance.pk
            else {}
        )
        for key in SECTIONS:
            section = self.stored.get(key)
            self.initial[section_field_name(key)] = section.text if section else ""
            self.initial[_version_name(key)] = narrative_services.section_version(section)

    def changed_sections(self) -> list[tuple[str, str, str]]:
        """(key, text, version) of each section whose text the user changed."""
        changed = []
        for key in SECTIONS:
            name = section_field_name(key)
            if name not in self.cleaned_data:
                continue
            text = narrative_clean(self.cleaned_data[name])
            section = self.stored.get(key)
            if text != (section.text if section else ""):
                version = self.cleaned_data.get(_version_name(key)) or ""
                changed.append((key, text, version))
        return changed

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        changed = self.changed_sections()
        if changed and narrative_services.narrative_locked(self.instance):
            raise forms.ValidationError(
                _("The report is published: its narrative can no longer be edited.")
            )
        for key, _text, version in changed:
            current = ReportSection.objects.filter(report_id=self.instance.pk, key=key).first()
            if version != narrative_services.section_version(current):
                self.add_error(
                    section_field_name(key),
                    _(
                        "Someone else saved this section after you opened it; their text: "
                        "“%(text)s”. Merge it with yours and save again."
                    )
                    % {"text": narrative_text(current.text if current else "")},
                )
                data = self.data.copy()
                data[self.add_prefix(_version_name(key))] = narrative_services.section_version(
                    current
                )
                self.data = data
        return cleaned

    def save(self, commit=True):
        # The sections are saved by the admin's save_related, through the narrative services.
        return forms.ModelForm.save(self, commit)


def _narrative_admin_fields() -> dict:
    fields = {}
    for key, definition in SECTIONS.items():
        fields[section_field_name(key)] = forms.CharField(
            label=f"{definition.heading} ({definition.place})",
            required=False,
            widget=forms.Textarea(attrs={"rows": 5}),
            help_text=_(
                "Paragraphs, lists, bold, italics and footnotes (a span of class “footnote”) "
                "are kept; other markup is removed."
            ),
        )
        fields[_version_name(key)] = forms.CharField(required=False, widget=forms.HiddenInput)
    return fields


NarrativeTermReportForm = type(
    "NarrativeTermReportForm",
    (_NarrativeAdminFormBase, TermReportForm),
    {"__module__": __name__, **_narrative_admin_fields()},
)


class NarrativeTermReportAdmin(TermReportAdmin):
    form = NarrativeTermReportForm

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        for key, text, version in form.changed_sections():
            # The form's clean() checked each version; the service checks it again under the
            # report's lock, inside the admin's transaction.
            narrative_services.report_section_save(
                report=form.instance, key=key, text=text, user=request.user, version=version
            )


admin.site.unregister(TermReport)
admin.site.register(TermReport, NarrativeTermReportAdmin)
