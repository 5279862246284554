"""The report's narrative pages: the sections with their text beside the computed sentences,
the editor of one section, its revisions and what each changed.

Staff of the report's union write; its leadership read; other roles get 403, another union's
report is 404. A published report's narrative is shown read-only.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from associations import permissions
from core.concurrency import StaleVersion

from . import narrative_services as services
from .models import ReportSection, TermReport
from .narrative import SECTIONS, narrative_diff, section_sentences
from .narrative_forms import SectionForm


class NarrativeMixin(LoginRequiredMixin):
    """The report of the URL, within the user's reach; 403 for roles without report pages."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not permissions.may_use_report_narrative(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_report(self, pk) -> TermReport:
        report = get_object_or_404(
            permissions.scope_reports(
                self.request.user,
                TermReport.objects.select_related("union", "term", "next_term"),
            ),
            pk=pk,
        )
        if not permissions.can_view_report_narrative(self.request.user, report):
            raise PermissionDenied
        return report

    def get_section_def(self, key):
        if key not in SECTIONS:
            raise Http404
        return SECTIONS[key]

    def common(self, report) -> dict:
        can_edit = permissions.can_edit_report_narrative(self.request.user, report)
        locked = services.narrative_locked(report)
        return {
            "report": report,
            "can_edit": can_edit and not locked,
            "locked": locked,
        }


def _latest_reason():
    history = ReportSection.history.model
    return Subquery(
        history.objects.filter(id=OuterRef("pk"))
        .order_by("-history_date", "-history_id")
        .values("history_change_reason")[:1]
    )


class NarrativeSectionsView(NarrativeMixin, View):
    template_name = "reports/narrative/sections.html"

    def get(self, request, pk):
        report = self.get_report(pk)
        stored = {
            section.key: section
            for section in ReportSection.objects.filter(report=report)
            .select_related("updated_by")
            .annotate(last_reason=_latest_reason())
        }
        computed = section_sentences(services.report_context(report))
        rows = [
            {
                "section": definition,
                "stored": stored.get(key),
                "computed": computed.get(key, []),
                "origin": services.draft_origin(getattr(stored.get(key), "last_reason", "")),
            }
            for key, definition in SECTIONS.items()
        ]
        previous = services.previous_report(report)
        return render(
            request,
            self.template_name,
            {
                **self.common(report),
                "rows": rows,
                "previous": previous,
                "any_empty": any(not (row["stored"] and row["stored"].text) for row in rows),
            },
        )


class NarrativeEditView(NarrativeMixin, View):
    template_name = "reports/narrative/edit.html"

    def get_editable(self, pk, key):
        report = self.get_report(pk)
        definition = self.get_section_def(key)
        if not permissions.can_edit_report_narrative(self.request.user, report):
            raise PermissionDenied  # leadership read the texts on the sections page
        section = ReportSection.objects.filter(report=report, key=key).first()
        return report, definition, section

    def page(self, request, report, definition, section, form, *, status=200, **extra):
        return render(
            request,
            self.template_name,
            {
                **self.common(report),
                "definition": definition,
                "section": section,
                "section_key": definition.key,
                "form": form,
                **extra,
            },
            status=status,
        )

    def get(self, request, pk, key):
        report, definition, section = self.get_editable(pk, key)
        form = SectionForm(
            initial={"text": section.text if section else ""},
            version=services.section_version(section),
        )
        return self.page(request, report, definition, section, form)

    def post(self, request, pk, key):
        report, definition, section = self.get_editable(pk, key)
        if services.narrative_locked(report):
            messages.error(
                request, _("The report is published: its narrative can no longer be edited.")
            )
            return redirect("reports:narrative_sections", pk=report.pk)
        form = SectionForm(request.POST, version=services.section_version(section))
        if form.is_valid():
            try:
                services.report_section_save(
                    report=report,
                    key=key,
                    text=form.cleaned_data["text"],
                    user=request.user,
                    version=form.cleaned_data["record_version"],
                )
            except StaleVersion as error:
                current = ReportSection.objects.filter(report=report, key=key).first()
                form.refuse_stale(
                    current_version=error.current or services.NEW_SECTION,
                    message=_(
                        "Someone else saved this section after you opened it, so your text was "
                        "not saved. Their text is shown below; your text is still in the form: "
                        "merge the two and save again."
                    ),
                )
                return self.page(
                    request, report, definition, current, form, theirs=current, status=409
                )
            except services.NarrativeLocked as error:
                messages.error(request, str(error))
                return redirect("reports:narrative_sections", pk=report.pk)
            messages.success(
                request,
                _("The section “%(heading)s” has been saved.") % {"heading": definition.heading},
            )
            return redirect("reports:narrative_sections", pk=report.pk)
        return self.page(request, report, definition, section, form)


class NarrativeDraftView(NarrativeMixin, View):
    """Fill the empty sections from the data and the previous report (never overwrites)."""

    def post(self, request, pk):
        report = self.get_report(pk)
        if not permissions.can_edit_report_narrative(request.user, report):
            raise PermissionDenied
        try:
            filled = services.report_sections_draft(report=report, user=request.user)
        except services.NarrativeLocked as error:
            messages.error(request, str(error))
        else:
            if filled:
                messages.success(
                    request,
                    _("A starting text was written in %(count)s empty sections.")
                    % {"count": len(filled)},
                )
            else:
                messages.info(request, _("No empty section had material for a draft."))
        return redirect("reports:narrative_sections", pk=report.pk)


class NarrativeHistoryView(NarrativeMixin, View):
    template_name = "reports/narrative/history.html"

    def get(self, request, pk, key):
        report = self.get_report(pk)
        definition = self.get_section_def(key)
        section = get_object_or_404(ReportSection, report=report, key=key)
        revisions = section.history.select_related("history_user", "updated_by").order_by(
            "-history_date", "-history_id"
        )
        page = Paginator(revisions, 20).get_page(request.GET.get("page"))
        for revision in page:
            revision.origin = services.draft_origin(revision.history_change_reason)
        return render(
            request,
            self.template_name,
            {**self.common(report), "definition": definition, "section": section, "page": page},
        )


class NarrativeDiffView(NarrativeMixin, View):
    template_name = "reports/narrative/diff.html"

    def get(self, request, pk, key, history_id):
        report = self.get_report(pk)
        definition = self.get_section_def(key)
        section = get_object_or_404(ReportSection, report=report, key=key)
        revision = get_object_or_404(
            section.history.select_related("history_user"), history_id=history_id
        )
        return render(
            request,
            self.template_name,
            {
                **self.common(report),
                "definition": definition,
                "section": section,
                "revision": revision,
                "diff": narrative_diff(revision.text, section.text),
            },
        )
