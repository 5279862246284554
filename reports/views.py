from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView

from associations import permissions
from associations.models import Term
from core.http import attachment_response

from . import services
from .models import ReportStatus, ReportVersion, TermReport
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
        return self.reports().order_by("-term__starts_on", "union__sort_name")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        access = permissions.access_for(self.request.user)
        terms = list(
            Term.objects.filter(union_id__in=access.staff_unions, reports__isnull=True)
            .select_related("union")
            .order_by("-starts_on")
        )
        context["terms_without_report"] = terms
        # A term report is written when the term is over: offer the last ended term first.
        today = timezone.localdate()
        ended = [term for term in terms if term.ends_on and term.ends_on < today]
        context["default_term"] = ended[0] if ended else None
        return context


class ReportCreateView(ReportAccessMixin, View):
    def post(self, request):
        access = permissions.access_for(request.user)
        if not access.staff_unions:
            raise PermissionDenied  # leadership may view reports, not start them
        term_id = request.POST.get("term", "")
        if not term_id.isdigit():
            raise Http404
        term = get_object_or_404(Term, pk=term_id, union_id__in=access.staff_unions)
        report = services.term_report_get_or_create(union=term.union, term=term)
        messages.success(request, _("The term report has been created."))
        return redirect("reports:detail", pk=report.pk)


class ReportDetailView(ReportAccessMixin, DetailView):
    template_name = "reports/report_detail.html"
    context_object_name = "report"

    def get_queryset(self):
        return self.reports()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["versions"] = self.object.versions.select_related("created_by")
        context["can_generate"] = permissions.can_generate_report(user, self.object)
        context["can_approve"] = permissions.can_approve_report(user, self.object)
        context["generation"] = services.term_report_generation_state(self.object)
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
            "button": _("Generate the new version"),
        }

    def post(self, request, pk):
        report = self.get_report(pk)
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
        return {"action": "approve", "title": _("Approve the report"), "button": _("Approve")}

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


class VersionDownloadView(ReportAccessMixin, View):
    def get(self, request, pk):
        version = get_object_or_404(
            ReportVersion.objects.select_related("report__term"),
            pk=pk,
            report__in=self.reports(),
        )
        if not permissions.can_download_report(request.user, version.report):
            raise PermissionDenied
        return attachment_response(version.file.open("rb"), filename=version.download_name)
