"""The official opinion letter of a task: staff type it, generate it (each time a new version),
and record it as delivered; staff and leadership list and download the versions.

Experts and every other role have no business here (403); another union's task or letter is a
404. Letters are confidential documents of their task: every download goes in the task's log.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views import View

from associations import permissions
from core.concurrency import StaleVersion
from core.http import attachment_response
from core.proxy import client_ip

from . import letter_services as services
from .letter_forms import LetterDeliverForm, LetterDraftForm
from .models import ConsultationTask, LetterDraft, OpinionLetter
from .services import TransitionRefused


def _task_url(task) -> str:
    try:
        return reverse("consultations:task_detail", args=[task.pk])
    except NoReverseMatch:
        return reverse("consultations:letter_detail", args=[task.pk])


class LetterAccessMixin(LoginRequiredMixin):
    """Staff and leadership of some union; everyone else 403. Lookups scoped to their unions."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not permissions.may_use_letters(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_task(self, pk: int) -> ConsultationTask:
        tasks = permissions.scope_letter_tasks(
            self.request.user, ConsultationTask.objects.select_related("union")
        )
        return get_object_or_404(tasks, pk=pk)

    def get_letter(self, pk: int) -> OpinionLetter:
        tasks = permissions.scope_letter_tasks(self.request.user, ConsultationTask.objects.all())
        return get_object_or_404(
            OpinionLetter.objects.select_related("task__union", "created_by"),
            pk=pk,
            task__in=tasks,
        )

    def require_edit(self, task) -> None:
        if not permissions.can_edit_letter(self.request.user, task):
            raise PermissionDenied  # leadership read letters; staff write them


class LetterDetailView(LetterAccessMixin, View):
    """The letter as it stands (the draft) and every generated version."""

    def get(self, request, task_pk):
        task = self.get_task(task_pk)
        can_edit = permissions.can_edit_letter(request.user, task)
        draft = LetterDraft.objects.filter(task=task).first()
        versions = list(task.letters.select_related("created_by").order_by("-number"))
        latest = versions[0] if versions else None
        return render(
            request,
            "consultations/letter/detail.html",
            {
                "task": task,
                "draft": draft,
                "versions": versions,
                "latest": latest,
                "can_edit": can_edit,
                "can_generate": can_edit and task.status in services.GENERATABLE_STATUSES,
                "can_deliver": can_edit
                and latest is not None
                and latest.delivered_on is None
                and task.status in services.DELIVERABLE_STATUSES,
                "task_url": _task_url(task),
            },
        )


class LetterEditView(LetterAccessMixin, View):
    template_name = "consultations/letter/edit.html"

    def _render(self, request, task, form):
        return render(
            request, self.template_name, {"task": task, "form": form, "task_url": _task_url(task)}
        )

    def draft(self, task) -> LetterDraft:
        """The saved draft, or a new one started from the task (saved on the first save)."""
        saved = LetterDraft.objects.filter(task=task).first()
        return saved or services.letter_draft_initial(task=task)

    def get(self, request, task_pk):
        task = self.get_task(task_pk)
        self.require_edit(task)
        return self._render(request, task, LetterDraftForm(instance=self.draft(task)))

    def post(self, request, task_pk):
        task = self.get_task(task_pk)
        self.require_edit(task)
        form = LetterDraftForm(request.POST, instance=self.draft(task))
        if not form.is_valid():
            return self._render(request, task, form)
        data = {name: form.cleaned_data[name] for name in services.DRAFT_FIELDS}
        try:
            services.letter_draft_update(
                task=task, user=request.user, data=data, version=form.version
            )
        except StaleVersion as error:
            form.refuse_stale(error)
            return self._render(request, task, form)
        messages.success(request, _("The letter has been saved."))
        return redirect("consultations:letter_detail", task_pk=task.pk)


class LetterGenerateView(LetterAccessMixin, View):
    """GET asks to confirm; POST renders the draft into the task's next version."""

    def get(self, request, task_pk):
        task = self.get_task(task_pk)
        self.require_edit(task)
        return render(
            request,
            "consultations/letter/confirm.html",
            {
                "task": task,
                "action": "generate",
                "title": _("Generate the letter"),
                "button": _("Generate the new version"),
                "latest": task.letters.order_by("-number").first(),
            },
        )

    def post(self, request, task_pk):
        task = self.get_task(task_pk)
        self.require_edit(task)
        try:
            letter = services.letter_generate(task=task, user=request.user)
        except services.LetterNotReady as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Version %(number)s of the letter has been generated.")
                % {"number": letter.number},
            )
        return redirect("consultations:letter_detail", task_pk=task.pk)


class LetterDownloadView(LetterAccessMixin, View):
    def get(self, request, pk):
        letter = self.get_letter(pk)
        try:
            handle = letter.file.open("rb")
        except FileNotFoundError as error:  # gone from the storage: as the other downloads
            raise Http404 from error
        services.letter_download_log(
            letter=letter, user=request.user, path=request.path, ip=client_ip(request)
        )
        number = letter.document_number.replace("Số:", "").strip() or f"v{letter.number}"
        return attachment_response(
            handle,
            filename=f"Văn bản {number} (v{letter.number}).pdf",
            content_type="application/pdf",
        )


class LetterDeliverView(LetterAccessMixin, View):
    """GET: the confirmation page with the delivery date; POST records it."""

    template_name = "consultations/letter/confirm.html"

    def _render(self, request, letter, form):
        return render(
            request,
            self.template_name,
            {
                "task": letter.task,
                "letter": letter,
                "form": form,
                "action": "deliver",
                "title": _("Record the letter as delivered"),
                "button": _("Record as delivered"),
            },
        )

    def get(self, request, pk):
        letter = self.get_letter(pk)
        self.require_edit(letter.task)
        return self._render(request, letter, LetterDeliverForm())

    def post(self, request, pk):
        letter = self.get_letter(pk)
        self.require_edit(letter.task)
        form = LetterDeliverForm(request.POST)
        if not form.is_valid():
            return self._render(request, letter, form)
        try:
            services.letter_mark_delivered(
                letter=letter, user=request.user, delivered_on=form.cleaned_data["delivered_on"]
            )
        except (services.LetterNotReady, TransitionRefused) as error:
            message = error.messages[0] if hasattr(error, "messages") else str(error)
            form.add_error(None, message)
            return self._render(request, letter, form)
        messages.success(request, _("The letter has been recorded as delivered."))
        return redirect("consultations:letter_detail", task_pk=letter.task_id)
