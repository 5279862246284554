"""The task list, an expert's own list, a task's page, creating and editing a task, moves."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, ListView, TemplateView

from associations import permissions
from associations.forms import add_union_choice
from core.concurrency import apply_errors

from .. import selectors, services
from ..forms import TaskFilterForm, TaskForm, TransitionForm
from ..models import ConsultationTask, TaskStatus
from .base import ConsultationsMixin, SavedFormMixin, TaskMixin


class TaskListView(ConsultationsMixin, ListView):
    """Every task of the user's unions: staff and leadership (experts have their own list)."""

    template_name = "consultations/task_list.html"
    context_object_name = "tasks"
    paginate_by = 25

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not permissions.consultation_unions(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        self.filter_form = TaskFilterForm(self.request.GET or None)
        filters = self.filter_form.cleaned_data if self.filter_form.is_valid() else {}
        tasks = ConsultationTask.objects.filter(
            union_id__in=permissions.consultation_unions(self.request.user)
        )
        return selectors.task_list(
            tasks=tasks,
            today=timezone.localdate(),
            q=(filters.get("q") or "").strip(),
            type=filters.get("type") or "",
            status=filters.get("status") or "",
            year=filters.get("year"),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            filter_form=self.filter_form,
            query_string=query.urlencode(),
            can_add=permissions.may_manage_consultations(self.request.user),
        )
        return context


class MyTasksView(ConsultationsMixin, ListView):
    """ "My tasks": the tasks the user is assigned to as an expert."""

    template_name = "consultations/my_tasks.html"
    context_object_name = "assignments"
    paginate_by = 25

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not permissions.access_for(request.user).is_expert:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        tasks = permissions.scope_expert_tasks(self.request.user, ConsultationTask.objects.all())
        return selectors.expert_task_list(
            tasks=tasks, user=self.request.user, today=timezone.localdate()
        )


class TaskAddView(ConsultationsMixin, SavedFormMixin, FormView):
    manage = True
    form_class = TaskForm
    template_name = "consultations/form.html"
    heading = gettext_lazy("Record a consultation task")
    success_message = gettext_lazy("The task has been recorded.")
    failure_message = gettext_lazy("The task was not saved. Please correct the errors.")

    def get_initial(self):
        return {"received_on": timezone.localdate()}

    def get_form(self, form_class=None):
        return add_union_choice(super().get_form(form_class), self.request.user)

    def back_url(self):
        return reverse("consultations:task_list")

    def save(self, form):
        union = form.cleaned_data["union"]
        return services.task_create(union=union, data=form.cleaned_data, user=self.request.user)

    def succeed(self):
        return redirect("consultations:task_detail", pk=self.saved.pk)


class TaskEditView(TaskMixin, SavedFormMixin, FormView):
    edit = True
    form_class = TaskForm
    template_name = "consultations/form.html"
    heading = gettext_lazy("Edit the task")
    success_message = gettext_lazy("The task has been saved.")
    failure_message = gettext_lazy("The task was not saved. Please correct the errors.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.task}

    def save(self, form):
        return services.task_update(task=self.task, data=form.cleaned_data, version=form.version)

    def succeed(self):
        return redirect("consultations:task_detail", pk=self.task.pk)


class TaskDetailView(TaskMixin, TemplateView):
    """Staff and leadership: the whole task. An assigned expert: the drafts and their opinion."""

    def get_template_names(self):
        if self.is_overseer:
            return ["consultations/task_detail.html"]
        return ["consultations/task_expert.html"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        task = selectors.task_for_page(tasks=ConsultationTask.objects.all(), pk=self.task.pk)
        documents = list(task.documents.all())
        context.update(
            task=task,
            assignments=list(task.assignments.all()),
            input_groups=selectors.document_groups(d for d in documents if d.kind == "input"),
            today=timezone.localdate(),
        )
        if self.is_overseer:
            context.update(
                document_groups=selectors.document_groups(documents),
                recommendations=list(task.recommendations.all()),
                transitions=list(task.transitions.all()),
                letters=list(task.letters.all()),
                letter_url=_letter_url(task),
                accesses=selectors.access_log(task=task),
                moves=[
                    (status, TaskStatus(status).label)
                    for status in services.allowed_transitions(task=task, user=user)
                ],
            )
        else:
            context["mine"] = next(a for a in task.assignments.all() if a.expert_id == user.pk)
            context["moves"] = []
        return context


def _letter_url(task) -> str | None:
    """The letter's page (consultations.letter_urls), once the letter pages are installed."""
    try:
        return reverse("consultations:letter_detail", kwargs={"task_pk": task.pk})
    except NoReverseMatch:
        return None


class TaskTransitionView(TaskMixin, FormView):
    """A move of the task's status: a confirmation page with a note, then the move."""

    form_class = TransitionForm
    template_name = "consultations/task_transition.html"

    def dispatch(self, request, *args, **kwargs):
        to_status = kwargs["to_status"]
        if to_status not in services.TRANSITIONS:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        self._require_who()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self._require_who()
        return super().post(request, *args, **kwargs)

    def _require_who(self):
        move = services.TRANSITIONS[self.kwargs["to_status"]]
        if not move.who(self.request.user, self.task):
            raise PermissionDenied

    def get_initial(self):
        return {"to_status": self.kwargs["to_status"]}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        to_status = self.kwargs["to_status"]
        context["to_label"] = TaskStatus(to_status).label
        refusal = services.transition_refusal(
            task=self.task, to_status=to_status, user=self.request.user, note="-"
        )
        context["refusal"] = refusal
        # What a note would settle (opinions still missing, a cancellation): said beforehand.
        context["note_hint"] = refusal is None and services.transition_refusal(
            task=self.task, to_status=to_status, user=self.request.user, note=""
        )
        context["note_required"] = to_status in (TaskStatus.CANCELLED,)
        return context

    def form_valid(self, form):
        try:
            services.task_transition(
                task=self.task,
                to_status=self.kwargs["to_status"],
                user=self.request.user,
                note=form.cleaned_data["note"],
            )
        except services.TransitionRefused as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The task is now “%(status)s”.") % {"status": TaskStatus(self.task.status).label},
        )
        return redirect("consultations:task_detail", pk=self.task.pk)
