"""Import and export in the admin (design §6), on django-import-export's screens.

`RecordsImportExportMixin` goes before `UnionScopedAdmin` in an admin's bases:
- import: upload, dry-run preview (counts and the rows it changes, unchanged rows only counted,
  or every error by row and column), confirm; the engine writes all or nothing, into a union
  the user is staff of;
- export: the changelist's (union-scoped, filtered) records as xlsx or CSV with the import's
  columns, formulas neutralised;
- an empty template with the Vietnamese headers at `<changelist>/import-template/`.
"""

from __future__ import annotations

import contextlib
import datetime

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import Storage, storages
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.timezone import localdate
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.forms import ConfirmImportForm, ExportForm, ImportForm
from import_export.signals import post_import

from core.http import content_disposition
from core.imports import get_kind, template_file
from core.imports.resources import EXPORT_FORMATS, IMPORT_FORMATS, resource_for
from core.spreadsheets import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE

from . import permissions
from .models import Union

# Where MediaStorage keeps uploads between the preview and the confirmation, and how long a
# preview that was never confirmed keeps its file.
UPLOAD_FOLDER = "django-import-export"
STALE_UPLOAD_SECONDS = 6 * 3600


def waiting_uploads() -> tuple[Storage, list[str]]:
    """The storage MediaStorage keeps uploads in between preview and confirmation (the default
    one, a bucket when configured: every app server sees them), and the names waiting there."""
    storage = (
        storages["import_export"] if "import_export" in settings.STORAGES else storages["default"]
    )
    try:
        _folders, files = storage.listdir(UPLOAD_FOLDER)
    except (FileNotFoundError, NotADirectoryError):
        files = []
    return storage, [f"{UPLOAD_FOLDER}/{name}" for name in files]


def remove_stale_uploads(*, older_than: int = STALE_UPLOAD_SECONDS) -> int:
    """Delete uploads waiting for a confirmation that never came; returns how many went."""
    storage, paths = waiting_uploads()
    limit = timezone.now() - datetime.timedelta(seconds=older_than)
    removed = 0
    for name in paths:
        with contextlib.suppress(OSError):
            if storage.get_modified_time(name) < limit:
                storage.delete(name)
                removed += 1
    return removed


class RecordsImportForm(ImportForm):
    union = forms.ModelChoiceField(
        label=_("Import into union"), queryset=Union.objects.none(), required=False
    )

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > settings.UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                gettext("The file is too large (%(size)s bytes; at most %(max)s).")
                % {"size": upload.size, "max": settings.UPLOAD_MAX_BYTES}
            )
        return upload


class RecordsConfirmImportForm(ConfirmImportForm):
    union = forms.ModelChoiceField(
        queryset=Union.objects.none(), required=False, widget=forms.HiddenInput
    )


class RecordsImportExportMixin(ImportExportMixin):
    records_kind = ""
    import_form_class = RecordsImportForm
    confirm_form_class = RecordsConfirmImportForm
    export_form_class = ExportForm
    # simple_history records every imported change; a LogEntry per row would double the writes.
    skip_admin_log = True
    # Uploaded files wait for the confirmation in the default storage, shared by every host.
    tmp_storage_class = "import_export.tmp_storages.MediaStorage"

    # --- resources, formats and permissions ---------------------------------------------------

    def get_resource_classes(self, request):
        return [resource_for(self.records_kind)]

    def get_import_formats(self):
        return IMPORT_FORMATS

    def get_export_formats(self):
        return EXPORT_FORMATS

    def import_unions(self, request):
        if request.user.is_superuser:
            return Union.objects.all()
        return Union.objects.filter(id__in=permissions.access_for(request.user).staff_unions)

    def has_import_permission(self, request):
        if not get_kind(self.records_kind).needs_union:
            return request.user.is_superuser
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            return False
        return request.user.is_superuser or permissions.access_for(request.user).is_staff

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    # --- forms --------------------------------------------------------------------------------

    def _setup_union_field(self, request, form, hidden=False):
        if not get_kind(self.records_kind).needs_union:
            form.fields.pop("union", None)
            return
        unions = self.import_unions(request)
        field = form.fields["union"]
        field.queryset = unions
        field.required = True
        if not hidden and not form.is_bound:
            only = list(unions[:2])
            if len(only) == 1:
                form.initial.setdefault("union", only[0].pk)

    def create_import_form(self, request):
        form = super().create_import_form(request)
        self._setup_union_field(request, form)
        template_url = reverse(
            f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_import_template"
        )
        form.fields["import_file"].help_text = format_html(
            '{} <a href="{}">xlsx</a> · <a href="{}?format=csv">csv</a>. {}',
            gettext("Empty template with the Vietnamese headers:"),
            template_url,
            template_url,
            gettext(
                "One bad row rejects the whole file; nothing is saved until you confirm the "
                "preview."
            ),
        )
        return form

    def create_confirm_form(self, request, import_form=None):
        form = super().create_confirm_form(request, import_form)
        self._setup_union_field(request, form, hidden=True)
        return form

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None and import_form.cleaned_data.get("union"):
            initial["union"] = import_form.cleaned_data["union"].pk
        return initial

    def get_import_resource_kwargs(self, request, **kwargs):
        form = kwargs.get("form")
        cleaned = getattr(form, "cleaned_data", None) or {}
        return {"union": cleaned.get("union"), "user": request.user}

    def get_export_resource_kwargs(self, request, **kwargs):
        return {"user": request.user}

    def get_export_filename(self, request, queryset, file_format):
        return f"{self.records_kind}-{localdate():%Y-%m-%d}.{file_format.get_extension()}"

    # --- views --------------------------------------------------------------------------------

    def get_urls(self):
        info = (self.opts.app_label, self.opts.model_name)
        return [
            path(
                "import-template/",
                self.admin_site.admin_view(self.import_template_view),
                name="{}_{}_import_template".format(*info),
            ),
            *super().get_urls(),
        ]

    def import_template_view(self, request):
        if not (self.has_import_permission(request) or self.has_export_permission(request)):
            raise PermissionDenied
        fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
        response = HttpResponse(
            template_file(self.records_kind, fmt),
            content_type=CSV_CONTENT_TYPE if fmt == "csv" else XLSX_CONTENT_TYPE,
        )
        response["Content-Disposition"] = content_disposition(f"mau-nhap-{self.records_kind}.{fmt}")
        return response

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None) or {}
        if request.method == "POST" and "confirm_form" not in context:
            # A rejected preview is never confirmed: its uploaded file goes now.
            self._remove_upload(context.get("form"))
        remove_stale_uploads()
        result = getattr(response, "context_data", {}).get("result")
        outcome = getattr(result, "records", None)
        if outcome is not None and outcome.ok:
            messages.info(
                request,
                gettext(
                    "Preview: %(created)d new, %(updated)d updated, %(unchanged)d unchanged. "
                    "Nothing is saved until you confirm the import."
                )
                % {
                    "created": outcome.created,
                    "updated": outcome.updated,
                    "unchanged": outcome.unchanged,
                },
            )
        return response

    def _remove_upload(self, form) -> None:
        upload = (getattr(form, "cleaned_data", None) or {}).get("import_file")
        name = getattr(upload, "tmp_storage_name", None)
        if not name:
            return
        storage = self.get_tmp_storage_class()(
            name=name, read_mode="rb", **self.get_tmp_storage_class_kwargs()
        )
        with contextlib.suppress(OSError):
            storage.remove()

    def process_result(self, result, request):
        outcome = getattr(result, "records", None)
        if outcome is not None and not outcome.ok:
            # The data changed between the preview and the confirmation: nothing was saved.
            for issue in outcome.errors[:20]:
                messages.error(request, str(issue))
            return HttpResponseRedirect(
                reverse(
                    f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_import"
                )
            )
        if outcome is not None:
            post_import.send(sender=None, model=self.model)
            messages.success(request, outcome.summary())
            url = reverse(
                f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_changelist"
            )
            return HttpResponseRedirect(url)
        return super().process_result(result, request)
