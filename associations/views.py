from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import connection
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import DetailView, TemplateView

from members.selectors import membership_counts

from . import permissions
from .models import Society, Union
from .selectors import current_term, society_block_counts


class HomeView(LoginRequiredMixin, TemplateView):
    """Each role's dashboard, with live counts."""

    template_name = "associations/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        access = permissions.access_for(self.request.user)
        today = timezone.localdate()
        union_id = access.home_union_id
        if access.viewable_unions and union_id:
            context["union"] = Union.objects.get(pk=union_id)
            term = current_term(union_id=union_id, on=today)
            context["term"] = term
            context["blocks"] = society_block_counts(union_ids=[union_id], on=today)
            dates = {"now": today}
            if term:
                dates["start"] = term.starts_on
            context["members"] = membership_counts(union_ids=[union_id], dates=dates)
        if access.is_officer:
            societies = permissions.scope_officer_societies(
                self.request.user, Society.objects.all()
            ).order_by("name")
            context["my_societies"] = [
                (society, membership_counts(society_ids=[society.id], dates={"now": today}))
                for society in societies
            ]
        return context


class SocietyDetailView(LoginRequiredMixin, DetailView):
    """A society's page: staff and leadership of its union, or its own officers."""

    template_name = "associations/society_detail.html"
    context_object_name = "society"

    def get_queryset(self):
        return permissions.scope_societies(self.request.user, Society.objects.select_related("union"))

    def get_object(self, queryset=None):
        if not (
            permissions.can_view_registry(self.request.user)
            or permissions.access_for(self.request.user).is_officer
        ):
            raise PermissionDenied
        return super().get_object(queryset)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        society = self.object
        context["counts"] = membership_counts(
            society_ids=[society.id], dates={"now": timezone.localdate()}
        )["now"]
        context["can_edit"] = permissions.can_edit_society_records(self.request.user, society)
        return context


@never_cache
@require_GET
def healthz(request):
    """Database and broker status for load balancers and monitoring: 200 when healthy, else 503."""
    status = {"database": "ok", "broker": "ok"}
    healthy = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure is reported, not raised
        status["database"] = f"error: {exc.__class__.__name__}"
        healthy = False
    if settings.CELERY_TASK_ALWAYS_EAGER:
        status["broker"] = "eager"
    else:
        try:
            from config.celery import app

            with app.connection_for_write() as conn:
                conn.ensure_connection(max_retries=1, timeout=2)
        except Exception as exc:  # noqa: BLE001
            status["broker"] = f"error: {exc.__class__.__name__}"
            healthy = False
    status["status"] = "ok" if healthy else "error"
    return JsonResponse(status, status=200 if healthy else 503)
