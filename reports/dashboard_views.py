"""The leadership dashboard and a parent union's roll-up (read-only pages).

Staff and leadership of a union open its dashboard; a parent union's staff and leadership also
open its district unions' dashboards and the roll-up over them. Other roles get 403; a union
outside the user's reach is a 404."""

import io

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from associations import permissions
from associations.models import Union
from core.http import attachment_response
from core.replica import ReplicaReadMixin

from . import rendering
from .dashboard import rollup_dashboard, rollup_report_context, union_dashboard


class DashboardAccessMixin(ReplicaReadMixin, LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not permissions.may_use_dashboard(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def union(self) -> Union:
        pk = self.kwargs.get("union_pk")
        unions = permissions.scope_dashboard_unions(self.request.user, Union.objects.all())
        if pk is None:
            access = permissions.access_for(self.request.user)
            own = access.staff_unions | access.leadership_unions
            if not own:
                raise Http404
            return unions.get(pk=min(own))
        return get_object_or_404(unions, pk=pk)

    def common(self, union: Union, children: list[Union] | None = None) -> dict:
        """What every dashboard page shows; `children`, the district unions when already read."""
        access = permissions.access_for(self.request.user)
        if children is None:
            children = list(Union.objects.filter(parent=union).order_by("sort_name", "pk"))
        return {
            "own": union.pk in (access.staff_unions | access.leadership_unions),
            "can_edit_targets": union.pk in access.staff_unions,
            "child_unions": children,
        }


class DashboardView(DashboardAccessMixin, TemplateView):
    template_name = "reports/dashboard/dashboard.html"

    def get_context_data(self, **kwargs):
        union = self.union()
        data = union_dashboard(union=union, today=timezone.localdate())
        return {**super().get_context_data(**kwargs), **data, **self.common(union)}


class RollupView(DashboardAccessMixin, TemplateView):
    template_name = "reports/dashboard/rollup.html"

    def get_context_data(self, **kwargs):
        union = self.union()
        data = rollup_dashboard(union=union, today=timezone.localdate())
        children = [row["union"] for row in data["children"]]
        return {**super().get_context_data(**kwargs), **data, **self.common(union, children)}


class RollupReportView(DashboardAccessMixin, View):
    """The province-level report over the district unions, as a PDF computed now (not a stored
    version: the parent's staff and leadership read it, nobody approves it here)."""

    def get(self, request, union_pk):
        union = self.union()
        context = rollup_report_context(union=union, today=timezone.localdate())
        content = rendering.term_report_pdf(context)
        return attachment_response(
            io.BytesIO(content), filename=f"bao-cao-tong-hop-{union.slug}.pdf"
        )
