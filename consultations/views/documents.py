"""Confidential documents: uploading versions, downloading them through the permission check,
and the log of every download and refused attempt."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView

from associations import permissions
from associations.uploads import content_type_for
from core.http import attachment_response
from core.proxy import client_ip

from .. import services
from ..forms import DocumentForm
from ..models import AccessWhat, TaskDocument
from .base import SavedFormMixin, TaskMixin


class DocumentAddView(TaskMixin, SavedFormMixin, FormView):
    edit = True
    form_class = DocumentForm
    template_name = "consultations/form.html"
    heading = gettext_lazy("Add a document")
    multipart = True
    success_message = gettext_lazy("The document has been stored.")
    failure_message = gettext_lazy("The document was not stored. Please correct the errors.")

    def get_initial(self):
        return {"title": self.request.GET.get("title", "")}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["titles"] = sorted(set(self.task.documents.values_list("title", flat=True)))
        return context

    def save(self, form):
        data = form.cleaned_data
        return services.document_upload(
            task=self.task,
            title=data["title"],
            kind=data["kind"],
            upload=data["file"],
            user=self.request.user,
        )

    def succeed(self):
        return redirect("consultations:task_detail", pk=self.task.pk)


class DocumentDownloadView(View):
    """A task's document, to staff, leadership and the task's assigned experts only.

    Anyone else who may use the consultation pages gets a 404 (as if the document did not
    exist), and their attempt is logged as refused; every download is logged.
    """

    def get(self, request, pk):
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        if not permissions.may_use_consultations(request.user):
            raise PermissionDenied
        document = get_object_or_404(TaskDocument.objects.select_related("task"), pk=pk)
        task = document.task
        if not permissions.can_read_consultation_documents(request.user, task):
            services.document_refused_log(
                document=document, user=request.user, path=request.path, ip=client_ip(request)
            )
            raise Http404
        try:
            handle = document.file.open("rb")
        except (FileNotFoundError, ValueError) as error:
            raise Http404 from error
        services.document_access_log(
            task_id=task.pk,
            document=document,
            user=request.user,
            what=AccessWhat.DOWNLOAD,
            path=request.path,
            ip=client_ip(request),
        )
        if document.kind == "input":
            services.task_expert_started(task=task, user=request.user)
        return attachment_response(
            handle,
            filename=document.original_name,
            content_type=content_type_for(document.original_name),
        )
