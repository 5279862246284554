"""The yearly consultation plans and their planned topics (staff; leadership may look)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, ListView, TemplateView

from associations import permissions
from associations.forms import add_union_choice

from .. import selectors, services
from ..forms import PlanForm, TopicForm
from ..models import ConsultationPlan, PlannedTopic
from .base import ConsultationsMixin, SavedFormMixin


class PlansMixin(ConsultationsMixin):
    """Staff and leadership; `edit`: staff of the plan's union only."""

    edit = False

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not permissions.consultation_unions(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def plans(self):
        return ConsultationPlan.objects.filter(
            union_id__in=permissions.consultation_unions(self.request.user)
        )


class PlanMixin(PlansMixin):
    @cached_property
    def plan(self) -> ConsultationPlan:
        plan = get_object_or_404(self.plans().select_related("union"), pk=self.kwargs["pk"])
        if (
            self.edit
            and plan.union_id not in permissions.access_for(self.request.user).staff_unions
        ):
            raise PermissionDenied
        return plan

    def get(self, request, *args, **kwargs):
        self.plan  # noqa: B018 - 404/403 before anything else
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.plan  # noqa: B018
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["plan"] = self.plan
        context["can_edit"] = (
            self.plan.union_id in permissions.access_for(self.request.user).staff_unions
        )
        return context

    def succeed(self):
        return redirect("consultations:plan_detail", pk=self.plan.pk)


class PlanListView(PlansMixin, ListView):
    template_name = "consultations/plan_list.html"
    context_object_name = "plans"
    paginate_by = 25

    def get_queryset(self):
        return self.plans().select_related("union").order_by("-year", "union_id")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        access = permissions.access_for(self.request.user)
        union_id = min(permissions.consultation_unions(self.request.user))
        today = timezone.localdate()
        context["progress"] = selectors.plan_vs_done(union_id=union_id)
        context["target"] = selectors.TARGET_PER_YEAR
        context["can_add"] = bool(access.staff_unions)
        context["today"] = today
        return context


class PlanAddView(PlansMixin, SavedFormMixin, FormView):
    manage = True
    form_class = PlanForm
    template_name = "consultations/form.html"
    heading = gettext_lazy("New yearly plan")
    success_message = gettext_lazy("The plan has been saved.")
    failure_message = gettext_lazy("The plan was not saved. Please correct the errors.")

    def get_initial(self):
        return {"year": timezone.localdate().year + 1, "planned_topics": 2}

    def get_form(self, form_class=None):
        return add_union_choice(super().get_form(form_class), self.request.user)

    def back_url(self):
        return reverse("consultations:plan_list")

    def save(self, form):
        return services.plan_save(union=form.cleaned_data["union"], data=form.cleaned_data)

    def succeed(self):
        return redirect("consultations:plan_detail", pk=self.saved.pk)


class PlanDetailView(PlanMixin, TemplateView):
    template_name = "consultations/plan_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["topics"] = list(self.plan.topics.select_related("task").order_by("id"))
        done = [
            p
            for p in selectors.plan_vs_done(
                union_id=self.plan.union_id, years=range(self.plan.year, self.plan.year + 1)
            )
        ]
        context["progress"] = done[0] if done else None
        return context


class PlanEditView(PlanMixin, SavedFormMixin, FormView):
    edit = True
    form_class = PlanForm
    template_name = "consultations/form.html"
    heading = gettext_lazy("Edit the yearly plan")
    success_message = gettext_lazy("The plan has been saved.")
    failure_message = gettext_lazy("The plan was not saved. Please correct the errors.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.plan}

    def save(self, form):
        return services.plan_save(
            union=self.plan.union, plan=self.plan, data=form.cleaned_data, version=form.version
        )


class TopicMixin(PlanMixin):
    edit = True

    @cached_property
    def topic(self) -> PlannedTopic | None:
        if "topic_pk" not in self.kwargs:
            return None
        return get_object_or_404(PlannedTopic, plan=self.plan, pk=self.kwargs["topic_pk"])

    def get(self, request, *args, **kwargs):
        self.topic  # noqa: B018
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.topic  # noqa: B018
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "topic": self.topic}


class TopicFormView(TopicMixin, SavedFormMixin, FormView):
    form_class = TopicForm
    template_name = "consultations/form.html"
    heading = gettext_lazy("Planned topic")
    success_message = gettext_lazy("The planned topic has been saved.")
    failure_message = gettext_lazy("The planned topic was not saved. Please correct the errors.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "plan": self.plan, "instance": self.topic}

    def save(self, form):
        return services.topic_save(
            plan=self.plan, topic=self.topic, data=form.cleaned_data, version=form.version
        )


class TopicDeleteView(TopicMixin, TemplateView):
    template_name = "consultations/confirm.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            heading=_("Delete the planned topic"),
            question=_("Delete the planned topic “%(title)s” from the plan for %(year)s?")
            % {"title": self.topic.title, "year": self.plan.year},
            confirm_label=_("Delete"),
            back_url=reverse("consultations:plan_detail", args=[self.plan.pk]),
        )
        return context

    def post(self, request, *args, **kwargs):
        topic = self.topic
        title = topic.title
        services.topic_delete(topic=topic)
        messages.success(
            request, _("The planned topic “%(title)s” has been deleted.") % {"title": title}
        )
        return self.succeed()
