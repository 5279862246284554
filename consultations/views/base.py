"""What every consultation page shares: who may use the area, loading a task in scope."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property

from associations import permissions
from core.concurrency import apply_errors

from ..models import ConsultationTask


class ConsultationsMixin(LoginRequiredMixin):
    """Staff, leadership and experts have consultation pages; anyone else is refused (403).

    `manage = True`: staff only (leadership and experts may not, 403).
    """

    manage = False

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not permissions.may_use_consultations(request.user):
            raise PermissionDenied
        if self.manage and not permissions.may_manage_consultations(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class TaskMixin(ConsultationsMixin):
    """Loads `self.task` through the user's scope: outside it (another union's task, a task
    the expert is not assigned to) is a 404. `edit = True`: the task's union staff only (403
    for the others who may see it)."""

    edit = False
    task_url_kwarg = "pk"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not permissions.may_use_consultations(request.user):
            raise PermissionDenied
        self.task = get_object_or_404(
            permissions.scope_consultation_tasks(
                request.user, ConsultationTask.objects.select_related("union")
            ),
            pk=kwargs[self.task_url_kwarg],
        )
        self.can_edit = permissions.can_edit_consultation(request.user, self.task)
        if self.edit and not self.can_edit:
            raise PermissionDenied
        return super(ConsultationsMixin, self).dispatch(request, *args, **kwargs)

    @cached_property
    def is_overseer(self) -> bool:
        """Staff or leadership of the task's union: they see the whole task."""
        return self.task.union_id in permissions.consultation_unions(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["task"] = self.task
        context["can_edit"] = self.can_edit
        return context


class SavedFormMixin:
    """A FormView whose `save(form)` calls a service; its refusals go back onto the form."""

    success_message = ""
    failure_message = ""
    heading = ""
    intro = ""
    submit_label = None
    multipart = False

    def back_url(self) -> str:
        return self.succeed()["Location"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            heading=self.heading,
            intro=self.intro,
            submit_label=self.submit_label,
            multipart=self.multipart,
            back_url=self.back_url(),
        )
        return context

    def save(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.saved = self.save(form)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message)
        return self.succeed()

    def form_invalid(self, form):
        if self.failure_message:
            messages.error(self.request, self.failure_message)
        return super().form_invalid(form)
