from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView, UpdateView

from core.concurrency import StaleVersion
from core.http import attachment_response

from . import permissions, services
from .forms import ActivityForm, ProfileForm
from .mixins import SocietyPortalMixin, may_use_society_pages
from .models import Activity, ActivityAttachment, Block, Role, Society
from .selectors import societies_with_member_counts
from .uploads import content_type_for


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
        # The same count, by the same rule, as the society list shows for it.
        context["members_now"] = (
            societies_with_member_counts(
                societies=Society.objects.filter(pk=self.society.pk), on=timezone.localdate()
            )
            .get()
            .members_now
        )
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
    form_class = ProfileForm

    def get_object(self, queryset=None):
        return self.request.user

    def post(self, request, *args, **kwargs):
        with transaction.atomic():  # the form's version check locks the row until the save
            return super().post(request, *args, **kwargs)

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
