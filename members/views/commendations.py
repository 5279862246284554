"""A society's commendations: the list, recording, editing and deleting one."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, ListView, TemplateView

from associations.mixins import SocietyPortalMixin
from core.concurrency import StaleVersion

from .. import commendation_services
from ..committee_selectors import society_commendations
from ..forms import SocietyCommendationForm

# --- commendations ------------------------------------------------------------------------------


class CommendationListView(SocietyPortalMixin, ListView):
    """The society's commendations; its officers and the union staff may record them."""

    template_name = "members/commendation_list.html"
    context_object_name = "commendations"
    paginate_by = 50

    def get_queryset(self):
        return society_commendations(society=self.society)


class SocietyCommendationMixin(SocietyPortalMixin):
    """Recording a society's commendations: its officers and the union staff (`edit`)."""

    edit = True

    @cached_property
    def commendation(self):
        return get_object_or_404(society_commendations(society=self.society), pk=self.kwargs["pk"])

    def back_to_list(self):
        return redirect("members:commendation_list", society_pk=self.society.pk)


class CommendationFormView(SocietyCommendationMixin, FormView):
    form_class = SocietyCommendationForm
    template_name = "members/commendation_form.html"
    instance = None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "society": self.society, "instance": self.instance}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "commendation": self.instance}

    success_message = ""

    def save(self, form, data) -> None:
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.save(form, form.cleaned_data)
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
        messages.success(self.request, self.success_message)
        return self.back_to_list()

    def form_invalid(self, form):
        messages.error(
            self.request, _("The commendation was not saved. Please correct the errors.")
        )
        return super().form_invalid(form)


class CommendationAddView(CommendationFormView):
    success_message = gettext_lazy("The commendation has been recorded.")

    def save(self, form, data):
        commendation_services.commendation_create(society=self.society, data=data)


class CommendationEditView(CommendationFormView):
    success_message = gettext_lazy("The commendation has been saved.")

    def get_form_kwargs(self):
        self.instance = self.commendation
        return super().get_form_kwargs()

    def save(self, form, data):
        commendation_services.commendation_update(
            society=self.society, commendation=self.commendation, data=data, version=form.version
        )


class CommendationDeleteView(SocietyCommendationMixin, TemplateView):
    """Delete a commendation after a confirmation page."""

    template_name = "members/commendation_confirm_delete.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "commendation": self.commendation}

    def post(self, request, *args, **kwargs):
        commendation = self.commendation
        described = str(commendation)
        commendation_services.commendation_delete(society=self.society, commendation=commendation)
        messages.success(
            request, _("The commendation %(name)s has been deleted.") % {"name": described}
        )
        return self.back_to_list()
