import datetime

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView

from associations import permissions
from associations.models import Term, Union
from core.http import attachment_response
from core.replica import ReplicaReadMixin

from . import services, workflow
from .compare import figure_differences
from .models import ReportKind, ReportStatus, ReportVersion, TermReport
from .tasks import queue_term_report


class ReportAccessMixin(LoginRequiredMixin):
    """Staff and leadership only; everyone else gets 403."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not permissions.can_view_reports(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def reports(self):
        return permissions.scope_reports(
            self.request.user, TermReport.objects.select_related("union", "term", "next_term")
        )


class ReportListView(ReportAccessMixin, ListView):
    template_name = "reports/report_list.html"
    context_object_name = "reports"
    paginate_by = 20

    def get_queryset(self):
        return self.reports().order_by("-period_start", "kind", "union__sort_name")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        access = permissions.access_for(self.request.user)
        terms = list(
            Term.objects.filter(union_id__in=access.staff_unions)
            .exclude(reports__kind=ReportKind.TERM)
            .select_related("union")
            .order_by("-starts_on")
        )
        context["terms_without_report"] = terms
        # A term report is written when the term is over: offer the last ended term first.
        today = timezone.localdate()
        ended = [term for term in terms if term.ends_on and term.ends_on < today]
        context["default_term"] = ended[0] if ended else None
        context["staff_unions"] = list(
            Union.objects.filter(id__in=access.staff_unions).order_by("sort_name")
        )
        context["running_terms"] = list(
            Term.objects.filter(union_id__in=access.staff_unions, starts_on__lt=today)
            .select_related("union")
            .order_by("-starts_on")
        )
        context["last_year"] = today.year - 1
        context["today"] = today
        return context


class ReportCreateView(ReportAccessMixin, View):
    """Staff start a report: a term report (term), a yearly report (union, year) or a mid-term
    review (term, until)."""

    def post(self, request):
        access = permissions.access_for(request.user)
        if not access.staff_unions:
            raise PermissionDenied  # leadership may view reports, not start them
        kind = request.POST.get("kind", ReportKind.TERM)
        try:
            if kind == ReportKind.YEAR:
                report = self._year(request, access)
            elif kind == ReportKind.MIDTERM:
                report = self._midterm(request, access)
            elif kind == ReportKind.TERM:
                term = self._term(request, access)
                report = services.term_report_get_or_create(union=term.union, term=term)
            else:
                raise Http404
        except services.ReportNotReady as exc:
            messages.error(request, str(exc))
            return redirect("reports:list")
        messages.success(request, _("The report has been created."))
        return redirect("reports:detail", pk=report.pk)

    def _term(self, request, access):
        term_id = request.POST.get("term", "")
        if not term_id.isdigit():
            raise Http404
        return get_object_or_404(Term, pk=term_id, union_id__in=access.staff_unions)

    def _year(self, request, access):
        union_id, year = request.POST.get("union", ""), request.POST.get("year", "").strip()
        if not union_id.isdigit():
            raise Http404
        union = get_object_or_404(Union, pk=union_id, id__in=access.staff_unions)
        if not year.isdigit():
            raise services.ReportNotReady(_("Enter the year of the report, e.g. 2024."))
        return services.year_report_get_or_create(union=union, year=int(year))

    def _midterm(self, request, access):
        term = self._term(request, access)
        try:
            until = datetime.date.fromisoformat(request.POST.get("until", "").strip())
        except ValueError:
            raise services.ReportNotReady(
                _("Enter the date the review runs to (dd/mm/yyyy).")
            ) from None
        return services.midterm_report_get_or_create(union=term.union, term=term, until=until)


class ReportDetailView(ReportAccessMixin, DetailView):
    template_name = "reports/report_detail.html"
    context_object_name = "report"

    def get_queryset(self):
        return self.reports().select_related(
            "submitted_by", "approved_by", "approved_version", "published_by", "published_version"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        report = self.object
        context["versions"] = report.versions.select_related("created_by")
        context["can_generate"] = (
            permissions.can_generate_report(user, report)
            and report.status != ReportStatus.PUBLISHED
        )
        context["can_approve"] = permissions.can_approve_report(user, report)
        context["transitions"] = workflow.available_transitions(report=report, user=user)
        context["generation"] = services.term_report_generation_state(report)
        context["formats"] = services.available_formats()
        return context


class ReportConfirmMixin(ReportAccessMixin):
    """GET shows what the action will do and asks to confirm; POST does it."""

    template_name = "reports/report_confirm.html"

    def get_report(self, pk):
        report = get_object_or_404(self.reports(), pk=pk)
        if not self.allowed(report):
            raise PermissionDenied
        return report

    def get(self, request, pk):
        report = self.get_report(pk)
        latest = report.versions.order_by("-number").first()
        return render(
            request,
            self.template_name,
            {"report": report, "latest": latest, **self.texts(report, latest)},
        )


class ReportGenerateView(ReportConfirmMixin, View):
    def allowed(self, report):
        return permissions.can_generate_report(self.request.user, report)

    def texts(self, report, latest):
        return {
            "action": "generate",
            "title": _("Generate a new version"),
            "approved": report.status == ReportStatus.APPROVED,
            "published": report.status == ReportStatus.PUBLISHED,
            "button": _("Generate the new version"),
            "formats": services.available_formats(),
        }

    def post(self, request, pk):
        report = self.get_report(pk)
        if report.status == ReportStatus.PUBLISHED:
            messages.error(request, _("The report is published: it takes no new version."))
            return redirect("reports:detail", pk=report.pk)
        if report.status == ReportStatus.APPROVED and request.POST.get("confirm") != "yes":
            return redirect("reports:generate", pk=report.pk)
        if queue_term_report(report.pk, request.user.pk):
            messages.success(
                request,
                _("The report is being generated. The new version appears below when it is ready."),
            )
        else:
            messages.error(
                request,
                _("The task queue is unavailable; try generating the report again later."),
            )
        return redirect("reports:detail", pk=report.pk)


class ReportApproveView(ReportConfirmMixin, View):
    def allowed(self, report):
        return permissions.can_approve_report(self.request.user, report)

    def texts(self, report, latest):
        return {
            "action": "approve",
            "title": _("Approve the report"),
            "button": _("Approve"),
            "refusal": workflow.refusal(report=report, user=self.request.user, name="approve"),
        }

    def post(self, request, pk):
        report = self.get_report(pk)
        if request.POST.get("confirm") != "yes":
            return redirect("reports:approve", pk=report.pk)
        latest = report.versions.order_by("-number").first()
        if latest is not None and request.POST.get("version") != str(latest.pk):
            messages.warning(request, _("A newer version was generated meanwhile; check it first."))
            return redirect("reports:approve", pk=report.pk)
        try:
            services.term_report_approve(report=report, user=request.user)
        except services.ReportNotReady as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The report has been approved."))
        return redirect("reports:detail", pk=report.pk)


class ReportTransitionView(ReportConfirmMixin, View):
    """Submit for review, return to draft, publish: a confirmation page, then the step."""

    transition = ""

    def allowed(self, report):
        return workflow.may(self.request.user, report, self.transition)

    def texts(self, report, latest):
        step = workflow.TRANSITIONS[self.transition]
        return {
            "action": self.transition,
            "title": step.label,
            "button": step.label,
            "refusal": workflow.refusal(report=report, user=self.request.user, name=step.name),
        }

    def post(self, request, pk):
        report = self.get_report(pk)
        if request.POST.get("confirm") != "yes":
            return redirect(f"reports:{self.transition}", pk=report.pk)
        try:
            workflow.report_transition(
                report=report,
                user=request.user,
                name=self.transition,
                reason=request.POST.get("reason", "").strip(),
            )
        except services.ReportNotReady as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, str(workflow.TRANSITIONS[self.transition].done))
        return redirect("reports:detail", pk=report.pk)


class ReportProgressView(ReportAccessMixin, View):
    """The generation's state as JSON, polled by static/js/report-progress.js."""

    def get(self, request, pk):
        report = get_object_or_404(self.reports(), pk=pk)
        response = JsonResponse(services.generation_status_data(report))
        response["Cache-Control"] = "no-store"
        return response


class VersionCompareView(ReplicaReadMixin, ReportAccessMixin, View):
    """A version's frozen figures next to today's: every figure that changed."""

    def get(self, request, pk):
        version = get_object_or_404(
            ReportVersion.objects.select_related("report__union", "report__term"),
            pk=pk,
            report__in=self.reports(),
        )
        report = TermReport.objects.select_related("union__parent", "term", "next_term").get(
            pk=version.report_id
        )
        try:
            today = services.report_figures_for(report)
        except services.ReportNotReady as exc:
            messages.error(request, str(exc))
            return redirect("reports:detail", pk=report.pk)
        return render(
            request,
            "reports/report_compare.html",
            {
                "report": report,
                "version": version,
                "differences": figure_differences(version.figures, today),
            },
        )


class VersionDownloadView(ReportAccessMixin, View):
    def get(self, request, pk):
        version = get_object_or_404(
            ReportVersion.objects.select_related("report__term"),
            pk=pk,
            report__in=self.reports(),
        )
        if not permissions.can_download_report(request.user, version.report):
            raise PermissionDenied
        docx = request.GET.get("format") == "docx"
        stored, filename = (
            (version.docx_file, version.docx_download_name)
            if docx
            else (version.file, version.download_name)
        )
        if not stored:
            raise Http404
        try:
            handle = stored.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        return attachment_response(handle, filename=filename)
