"""The consolidated opinion's recommendations, one by one, and the requesting body's answers."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from .. import services
from ..forms import RecommendationForm
from ..models import Recommendation
from .base import SavedFormMixin, TaskMixin


class RecommendationMixin(TaskMixin):
    edit = True

    @cached_property
    def recommendation(self) -> Recommendation:
        return get_object_or_404(
            Recommendation.objects.select_related("task"), task=self.task, pk=self.kwargs["rec_pk"]
        )

    def succeed(self):
        url = redirect("consultations:task_detail", pk=self.task.pk)
        url["Location"] += "#recommendations"
        return url


class RecommendationAddView(RecommendationMixin, SavedFormMixin, FormView):
    form_class = RecommendationForm
    template_name = "consultations/form.html"
    heading = gettext_lazy("Add a recommendation")
    success_message = gettext_lazy("The recommendation has been added.")
    failure_message = gettext_lazy("The recommendation was not saved. Please correct the errors.")

    def save(self, form):
        return services.recommendation_add(task=self.task, data=form.cleaned_data)


class RecommendationEditView(RecommendationMixin, SavedFormMixin, FormView):
    form_class = RecommendationForm
    template_name = "consultations/form.html"
    heading = gettext_lazy("Edit the recommendation")
    success_message = gettext_lazy("The recommendation has been saved.")
    failure_message = gettext_lazy("The recommendation was not saved. Please correct the errors.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.recommendation}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "recommendation": self.recommendation}

    def save(self, form):
        return services.recommendation_update(
            recommendation=self.recommendation, data=form.cleaned_data, version=form.version
        )


class RecommendationMoveView(RecommendationMixin, TemplateView):
    """Up or down one place (a POST from the task's page, carrying the number's version)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            seen = int(request.POST.get("number", ""))
        except ValueError:
            seen = None
        try:
            services.recommendation_move(
                recommendation=self.recommendation,
                up=request.POST.get("direction") != "down",
                seen_number=seen,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return self.succeed()


class RecommendationDeleteView(RecommendationMixin, TemplateView):
    template_name = "consultations/confirm.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            heading=_("Delete the recommendation"),
            question=_("Delete recommendation %(number)s: “%(text)s”? The ones after it move up.")
            % {"number": self.recommendation.number, "text": self.recommendation.text},
            confirm_label=_("Delete"),
            back_url=self.succeed()["Location"],
        )
        return context

    def post(self, request, *args, **kwargs):
        number = self.recommendation.number
        try:
            services.recommendation_delete(recommendation=self.recommendation)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("Recommendation %(number)s has been deleted.") % {"number": number}
            )
        return self.succeed()
