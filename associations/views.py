from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.models import Count
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, FormView, ListView, TemplateView, UpdateView

from core.concurrency import StaleVersion
from core.http import attachment_response
from members.selectors import membership_counts

from . import permissions, services
from .forms import ActivityForm
from .mixins import SocietyPortalMixin, may_use_society_pages
from .models import Activity, ActivityAttachment, Block, Role, Society, Union
from .selectors import (
    current_term,
    societies_with_member_counts,
    society_block_counts,
)
from .uploads import content_type_for


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
            context["my_societies"] = societies_with_member_counts(
                societies=permissions.scope_officer_societies(
                    self.request.user, Society.objects.all()
                ),
                on=today,
            ).order_by("sort_name")
        return context


class SocietyListView(LoginRequiredMixin, ListView):
    """Societies and their members today: whole unions (staff, leadership) or own (officers)."""

    template_name = "associations/society_list.html"
    context_object_name = "societies"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may_use_society_pages(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        societies = permissions.scope_societies(self.request.user, Society.objects.all())
        self.block = self.request.GET.get("block", "")
        if self.block in Block.values:
            societies = societies.in_block(self.block)
        else:
            self.block = ""
        return societies_with_member_counts(societies=societies, on=timezone.localdate()).order_by(
            "union__sort_name", "sort_name"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        societies = context["societies"]
        context["today"] = timezone.localdate()
        context["block"] = self.block
        context["blocks"] = Block.choices
        context["total_members"] = sum(society.members_now for society in societies)
        context["several_unions"] = len({society.union_id for society in societies}) > 1
        return context


class SocietyDetailView(SocietyPortalMixin, TemplateView):
    """A society's page: staff and leadership of its union, or its own officers."""

    template_name = "associations/society_detail.html"
    society_url_kwarg = "pk"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["counts"] = membership_counts(
            society_ids=[self.society.id], dates={"now": timezone.localdate()}
        )["now"]
        return context


# --- activities ---------------------------------------------------------------------------------


class SocietyActivityMixin(SocietyPortalMixin):
    def activities(self):
        return Activity.objects.filter(society=self.society)

    def get_activity(self, pk: int) -> Activity:
        return get_object_or_404(self.activities(), pk=pk)


class ActivityListView(SocietyActivityMixin, ListView):
    template_name = "associations/activity_list.html"
    context_object_name = "activities"
    paginate_by = 50

    def get_queryset(self):
        return (
            self.activities()
            .annotate(attachment_count=Count("attachments"))
            .order_by("-held_on", "title", "pk")
        )


class ActivityDetailView(SocietyActivityMixin, DetailView):
    template_name = "associations/activity_detail.html"
    context_object_name = "activity"

    def get_queryset(self):
        return self.activities()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["attachments"] = self.object.attachments.all()
        return context


class ActivityFormMixin(SocietyActivityMixin):
    edit = True
    form_class = ActivityForm
    template_name = "associations/activity_form.html"

    def form_valid(self, form):
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            activity = self.save(data, form.cleaned_data["attachments"], form)
        except StaleVersion as error:
            form.refuse_stale(error)
            return self.form_invalid(form)
        except ValidationError as error:
            form.add_error(None, error.messages)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message % {"title": activity.title})
        return redirect("activity_detail", society_pk=self.society.pk, pk=activity.pk)

    def form_invalid(self, form):
        messages.error(self.request, _("The activity was not saved. Please correct the errors."))
        return super().form_invalid(form)


class ActivityCreateView(ActivityFormMixin, FormView):
    success_message = gettext_lazy("The activity “%(title)s” has been added.")

    def save(self, data, uploads, form):
        return services.activity_create(
            society=self.society, data=data, uploads=uploads, user=self.request.user
        )


class ActivityUpdateView(ActivityFormMixin, FormView):
    success_message = gettext_lazy("The activity “%(title)s” has been saved.")

    @cached_property
    def activity(self) -> Activity:
        return self.get_activity(self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.activity}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["activity"] = self.activity
        context["attachments"] = self.activity.attachments.all()
        return context

    def save(self, data, uploads, form):
        return services.activity_update(
            activity=self.activity,
            data=data,
            version=form.version,
            uploads=uploads,
            user=self.request.user,
        )


class AttachmentMixin(SocietyActivityMixin):
    def get_attachment(self) -> ActivityAttachment:
        return get_object_or_404(
            ActivityAttachment.objects.filter(
                activity__society=self.society, activity_id=self.kwargs["activity_pk"]
            ),
            pk=self.kwargs["pk"],
        )


class AttachmentDownloadView(AttachmentMixin, View):
    """Files are private: served only here, after the permission check, as a download."""

    def get(self, request, *args, **kwargs):
        attachment = self.get_attachment()
        try:
            handle = attachment.file.open("rb")
        except (FileNotFoundError, ValueError):
            raise Http404
        return attachment_response(
            handle,
            filename=attachment.original_name,
            content_type=content_type_for(attachment.original_name),
        )


class AttachmentDeleteView(AttachmentMixin, TemplateView):
    edit = True
    template_name = "associations/attachment_confirm_delete.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["attachment"] = self.get_attachment()
        return context

    def post(self, request, *args, **kwargs):
        attachment = self.get_attachment()
        services.attachment_delete(attachment=attachment)
        messages.success(
            request,
            _("The attachment “%(name)s” has been removed.") % {"name": attachment.original_name},
        )
        return redirect("activity_edit", society_pk=self.society.pk, pk=attachment.activity_id)


# --- the user's own account --------------------------------------------------------------------


class ProfileView(LoginRequiredMixin, UpdateView):
    """The signed-in user's own account: their name, and the ways to change the password and
    two-factor authentication. Only ever the user's own record, whatever their roles."""

    template_name = "associations/profile.html"
    fields = ["full_name"]

    def get_object(self, queryset=None):
        return self.request.user

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["full_name"].required = True
        return form

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["roles"] = (
            Role.objects.filter(user=user)
            .select_related("union")
            .prefetch_related("societies")
            .order_by("union__name", "kind")
        )
        context["two_factor"] = Authenticator.objects.filter(
            user=user, type=Authenticator.Type.TOTP
        ).exists()
        return context

    def form_valid(self, form):
        self.object = form.save()
        messages.success(self.request, _("Your name has been saved."))
        return redirect("profile")


@never_cache
@require_safe
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
