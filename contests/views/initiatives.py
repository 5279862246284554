"""Initiatives (sáng kiến, đề tài ứng dụng): officers record their society's, staff all."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView

from associations import permissions
from associations.models import Society
from core.concurrency import StaleVersion

from .. import services
from ..forms import InitiativeFilterForm, InitiativeForm
from ..models import Initiative
from .base import ContestsPortalMixin


def _initiatives(user):
    return permissions.scope_society_records(user, Initiative.objects.all())


class InitiativeListView(ContestsPortalMixin, ListView):
    template_name = "contests/initiative_list.html"
    context_object_name = "initiatives"
    paginate_by = 50

    def get_queryset(self):
        qs = _initiatives(self.request.user).select_related("society")
        self.filter_form = InitiativeFilterForm(self.request.GET or None)
        if self.filter_form.is_valid():
            data = self.filter_form.cleaned_data
            if data["q"]:
                qs = qs.filter(
                    Q(title__icontains=data["q"])
                    | Q(authors__icontains=data["q"])
                    | Q(society__name__icontains=data["q"])
                )
            if data["year"]:
                qs = qs.filter(year=data["year"])
            if data["recognition_level"]:
                qs = qs.filter(recognition_level=data["recognition_level"])
            if data["applied"]:
                qs = qs.filter(applied=data["applied"] == "yes")
        return qs.order_by("-year", "sort_title", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        context["may_add"] = permissions.may_record_for_societies(self.request.user)
        return context


class InitiativeFormMixin(ContestsPortalMixin):
    template_name = "contests/initiative_form.html"

    def societies(self):
        return permissions.scope_recordable_societies(
            self.request.user, Society.objects.select_related("union")
        ).order_by("sort_name")

    def get_form(self, form_class=None):
        return InitiativeForm(**self.get_form_kwargs(), societies=self.societies())

    def form_valid(self, form):
        data = {name: form.cleaned_data[name] for name in InitiativeForm.Meta.fields}
        try:
            initiative = self.save(data, form)
        except StaleVersion as error:
            form.refuse_stale(error)
            return self.form_invalid(form)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name, errors in error.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, error.messages)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The initiative “%(title)s” has been saved.") % {"title": initiative.title},
        )
        return redirect("contests:initiative_list")

    def form_invalid(self, form):
        messages.error(self.request, _("The initiative was not saved. Please correct the errors."))
        return super().form_invalid(form)


class InitiativeCreateView(InitiativeFormMixin, FormView):
    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if (
            user.is_authenticated
            and permissions.may_use_contest_pages(user)
            and not permissions.may_record_for_societies(user)
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def save(self, data, form):
        society = data.pop("society")
        return services.initiative_create(society=society, data=data, user=self.request.user)


class InitiativeUpdateView(InitiativeFormMixin, FormView):
    @cached_property
    def initiative(self) -> Initiative:
        return get_object_or_404(
            _initiatives(self.request.user).select_related("society"), pk=self.kwargs["pk"]
        )

    def _check(self):
        if not permissions.can_edit_society_records(self.request.user, self.initiative.society):
            raise PermissionDenied

    def get(self, request, *args, **kwargs):
        self._check()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self._check()
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.initiative}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["initiative"] = self.initiative
        return context

    def save(self, data, form):
        return services.initiative_update(
            initiative=self.initiative, data=data, version=form.version, user=self.request.user
        )
