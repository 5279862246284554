"""A report's targets (chỉ tiêu): the list with their live progress, adding, editing, moving
and deleting one. Staff of the report's union edit; its leadership read; others get 403, and
another union's report is a 404."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from associations import permissions
from core.concurrency import StaleVersion

from . import targets_services
from .models import PublishedReportError, ReportStatus, TermReport
from .targets import target_rows, targets_summary
from .targets_forms import TargetForm


class ReportTargetsMixin(LoginRequiredMixin):
    """The report of the URL (404 outside the user's unions); `edit` pages need its staff."""

    edit = False

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not permissions.can_view_reports(request.user):
            raise PermissionDenied
        if request.method.lower() in self.http_method_names and hasattr(
            self, request.method.lower()
        ):
            self.report  # noqa: B018 - looked up (404, 403) before anything else
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def report(self) -> TermReport:
        reports = permissions.scope_reports(
            self.request.user, TermReport.objects.select_related("union", "term", "next_term")
        )
        report = get_object_or_404(reports, pk=self.kwargs["pk"])
        if self.edit and not permissions.can_edit_targets(self.request.user, report):
            raise PermissionDenied
        return report

    @cached_property
    def target(self):
        return get_object_or_404(self.report.targets.all(), pk=self.kwargs["target_pk"])

    def back_to_list(self):
        return redirect("reports:targets_list", pk=self.report.pk)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "report": self.report,
            "published": self.report.status == ReportStatus.PUBLISHED,
        }


class TargetListView(ReportTargetsMixin, TemplateView):
    template_name = "reports/targets/target_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = target_rows(report=self.report)
        context["rows"] = rows
        context["summary"] = targets_summary(rows)
        editable = permissions.can_edit_targets(self.request.user, self.report)
        context["can_edit"] = editable and not context["published"]
        return context


class TargetFormView(ReportTargetsMixin, FormView):
    edit = True
    form_class = TargetForm
    template_name = "reports/targets/target_form.html"
    instance = None
    success_message = ""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.instance}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "target": self.instance}

    def save(self, form, data) -> None:
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.save(form, form.cleaned_data)
        except StaleVersion as error:
            form.refuse_stale(error)
            return self.form_invalid(form)
        except PublishedReportError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        except ValidationError as error:
            form.add_error(None, error.messages)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return self.back_to_list()

    def form_invalid(self, form):
        messages.error(self.request, _("The target was not saved. Please correct the errors."))
        return super().form_invalid(form)


class TargetAddView(TargetFormView):
    success_message = gettext_lazy("The target has been added.")

    def save(self, form, data):
        targets_services.target_create(report=self.report, data=data)


class TargetEditView(TargetFormView):
    success_message = gettext_lazy("The target has been saved.")

    def get_form_kwargs(self):
        self.instance = self.target
        return super().get_form_kwargs()

    def save(self, form, data):
        targets_services.target_update(
            report=self.report, target=self.target, data=data, version=form.version
        )


class TargetMoveView(ReportTargetsMixin, View):
    """POST only: move a target one place up or down."""

    edit = True

    def post(self, request, pk, target_pk, direction):
        if direction not in ("up", "down"):
            raise Http404
        step = -1 if direction == "up" else 1
        try:
            targets_services.target_move(report=self.report, target=self.target, step=step)
        except PublishedReportError as error:
            messages.error(request, str(error))
        return self.back_to_list()


class TargetDeleteView(ReportTargetsMixin, TemplateView):
    """Delete a target after a confirmation page."""

    edit = True
    template_name = "reports/targets/target_confirm_delete.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "target": self.target}

    def post(self, request, *args, **kwargs):
        wording = self.target.wording
        try:
            targets_services.target_delete(report=self.report, target=self.target)
        except PublishedReportError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("The target “%(wording)s” has been deleted.") % {"wording": wording}
            )
        return self.back_to_list()
