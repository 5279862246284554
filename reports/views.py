from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView

from associations import permissions
from associations.models import Term

from . import services
from .models import ReportVersion, TermReport
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
        return self.reports().order_by("-term__starts_on", "union__name")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        access = permissions.access_for(self.request.user)
        context["terms_without_report"] = (
            Term.objects.filter(union_id__in=access.staff_unions, reports__isnull=True)
            .select_related("union")
            .order_by("-starts_on")
        )
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
        return context


class ReportGenerateView(ReportAccessMixin, View):
    def post(self, request, pk):
        report = get_object_or_404(self.reports(), pk=pk)
        if not permissions.can_generate_report(request.user, report):
            raise PermissionDenied
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


class ReportApproveView(ReportAccessMixin, View):
    def post(self, request, pk):
        report = get_object_or_404(self.reports(), pk=pk)
        if not permissions.can_approve_report(request.user, report):
            raise PermissionDenied
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
        return FileResponse(
            version.file.open("rb"), as_attachment=True, filename=version.download_name
        )
