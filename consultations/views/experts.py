"""Experts: assigning them (members or outside experts), their due dates, their opinions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from associations.uploads import content_type_for
from core.concurrency import apply_errors
from core.http import attachment_response
from core.proxy import client_ip

from .. import services
from ..forms import AssignmentEditForm, AssignmentForm, ExpertCreateForm, OpinionForm
from ..models import AccessWhat, ExpertAssignment, Opinion
from .base import SavedFormMixin, TaskMixin


class AssignmentMixin(TaskMixin):
    edit = True

    @cached_property
    def assignment(self) -> ExpertAssignment:
        return get_object_or_404(
            ExpertAssignment.objects.select_related("expert", "task"),
            task=self.task,
            pk=self.kwargs["assignment_pk"],
        )

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "assignment": self.assignment}

    def succeed(self):
        return redirect("consultations:task_detail", pk=self.task.pk)


class AssignmentAddView(TaskMixin, SavedFormMixin, FormView):
    edit = True
    form_class = AssignmentForm
    template_name = "consultations/form.html"
    heading = gettext_lazy("Assign an expert")
    success_message = gettext_lazy("The expert has been assigned.")
    failure_message = gettext_lazy("The expert was not assigned. Please correct the errors.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "task": self.task}

    def save(self, form):
        data = form.cleaned_data
        return services.assignment_add(
            task=self.task,
            expert=data["expert"],
            member=data.get("member"),
            lead=data.get("lead", False),
            due_on=data["due_on"],
            user=self.request.user,
        )

    def succeed(self):
        return redirect("consultations:task_detail", pk=self.task.pk)


class ExpertCreateView(TaskMixin, SavedFormMixin, FormView):
    """An outside expert's account (no society needed), then back to assigning."""

    edit = True
    form_class = ExpertCreateForm
    template_name = "consultations/form.html"
    heading = gettext_lazy("New outside expert")
    intro = gettext_lazy(
        "An account for an expert from outside the registry: they get the expert role in "
        "the union and see only the tasks they are assigned to. They set their password "
        "through “Forgot password?” on the login page."
    )
    success_message = gettext_lazy("The expert's account has been created; assign them below.")

    def save(self, form):
        try:
            return services.expert_create(
                union=self.task.union,
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                granted_by=self.request.user,
            )
        except PermissionDenied as error:
            raise ValidationError(str(error)) from error

    def succeed(self):
        return redirect("consultations:assignment_add", pk=self.task.pk)


class AssignmentEditView(AssignmentMixin, SavedFormMixin, FormView):
    form_class = AssignmentEditForm
    template_name = "consultations/form.html"
    heading = gettext_lazy("Edit the assignment")
    success_message = gettext_lazy("The assignment has been saved.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.assignment}

    def save(self, form):
        return services.assignment_update(
            assignment=self.assignment, data=form.cleaned_data, version=form.version
        )


class AssignmentRemoveView(AssignmentMixin, TemplateView):
    template_name = "consultations/confirm.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            heading=_("Remove the expert"),
            question=_("Remove %(name)s from the task “%(task)s”?")
            % {"name": self.assignment.expert, "task": self.task.title},
            confirm_label=_("Remove"),
            back_url=self.succeed()["Location"],
        )
        return context

    def post(self, request, *args, **kwargs):
        try:
            services.assignment_remove(assignment=self.assignment)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(name)s is no longer assigned to the task.") % {"name": self.assignment.expert},
            )
        return self.succeed()


class OpinionEditView(TaskMixin, FormView):
    """The assigned expert writes their opinion: save a draft, or submit it."""

    form_class = OpinionForm
    template_name = "consultations/opinion_form.html"

    @cached_property
    def assignment(self) -> ExpertAssignment:
        assignment = ExpertAssignment.objects.filter(
            task=self.task, expert=self.request.user
        ).first()
        if assignment is None:
            raise PermissionDenied  # staff or leadership: they have no opinion to write here
        return assignment

    def get(self, request, *args, **kwargs):
        self.assignment  # noqa: B018 - refuses those not assigned
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.assignment  # noqa: B018
        return super().post(request, *args, **kwargs)

    @cached_property
    def opinion(self) -> Opinion:
        return Opinion.objects.filter(assignment=self.assignment).first() or Opinion(
            assignment=self.assignment
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.opinion}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(assignment=self.assignment, opinion=self.opinion)
        return context

    def form_valid(self, form):
        submit = "submit" in self.request.POST
        try:
            services.opinion_save(
                assignment=self.assignment,
                text=form.cleaned_data["text"],
                upload=form.cleaned_data.get("upload"),
                submit=submit,
                version=form.version,
                user=self.request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
            messages.error(
                self.request, _("Your opinion was not saved. Please correct the errors.")
            )
            return self.form_invalid(form)
        if submit:
            messages.success(self.request, _("Your opinion has been submitted. Thank you."))
        else:
            messages.success(self.request, _("Your draft opinion has been saved."))
        return redirect("consultations:task_detail", pk=self.task.pk)


class OpinionFileView(TaskMixin, View):
    """An expert's attached file: staff, leadership and its own expert; logged."""

    def get(self, request, *args, **kwargs):
        assignment = get_object_or_404(
            ExpertAssignment.objects.select_related("opinion"),
            task=self.task,
            pk=kwargs["assignment_pk"],
        )
        if not self.is_overseer and assignment.expert_id != request.user.pk:
            services.document_access_log(
                task_id=self.task.pk,
                document=None,
                user=request.user,
                what=AccessWhat.REFUSED,
                path=request.path,
                ip=client_ip(request),
            )
            raise Http404
        opinion = getattr(assignment, "opinion", None)
        if opinion is None or not opinion.file:
            raise Http404
        try:
            handle = opinion.file.open("rb")
        except (FileNotFoundError, ValueError) as error:
            raise Http404 from error
        services.document_access_log(
            task_id=self.task.pk,
            document=None,
            user=request.user,
            what=AccessWhat.DOWNLOAD,
            path=request.path,
            ip=client_ip(request),
        )
        return attachment_response(
            handle,
            filename=opinion.original_name,
            content_type=content_type_for(opinion.original_name),
        )
