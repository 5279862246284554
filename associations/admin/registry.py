"""The union's registry in the admin: unions, terms, societies and activities."""

from django import forms
from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..import_admin import RecordsImportExportMixin
from ..models import Activity, ActivityAttachment, LocalityKind, Society, Term, Union
from ..uploads import AttachmentAdminForm
from .base import UnionScopedAdmin, UnionScopedInlineMixin


class UnionAdminForm(forms.ModelForm):
    """A new union's kind of locality may be left to what its name and district say."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("locality_kind")
        if field is not None and self.instance.pk is None:
            field.required = False
            field.choices = [("", _("From the name and district")), *LocalityKind.choices]
            self.initial["locality_kind"] = ""

    def clean(self):
        cleaned = super().clean()
        if "locality_kind" in self.fields and not cleaned.get("locality_kind"):
            cleaned["locality_kind"] = Union.infer_locality_kind(
                name=cleaned.get("name") or "", district=cleaned.get("district") or ""
            )
            self.instance.locality_kind = cleaned["locality_kind"]
        return cleaned


@admin.register(Union)
class UnionAdmin(RecordsImportExportMixin, UnionScopedAdmin):
    form = UnionAdminForm
    records_kind = "unions"
    union_path = "id"
    ordering = ["sort_name", "id"]
    list_display = ["name", "slug", "locality_kind", "province", "parent"]
    search_fields = ["name", "short_name", "slug"]
    list_filter = ["locality_kind", "province"]
    prepopulated_fields = {"slug": ["name"]}

    def get_readonly_fields(self, request, obj=None):
        return [] if request.user.is_superuser else ["parent", "slug"]

    def get_prepopulated_fields(self, request, obj=None):
        return self.prepopulated_fields if request.user.is_superuser else {}

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Term)
class TermAdmin(RecordsImportExportMixin, UnionScopedAdmin):
    records_kind = "terms"
    list_display = ["label", "union", "congress_number", "starts_on", "ends_on"]
    list_filter = ["union"]
    search_fields = ["label"]


@admin.register(Society)
class SocietyAdmin(RecordsImportExportMixin, UnionScopedAdmin):
    records_kind = "societies"
    ordering = ["union__sort_name", "sort_name", "id"]
    list_display = ["name", "kind", "union", "founded_on", "dissolved_on"]
    list_filter = ["kind", "union"]
    search_fields = ["name", "contact"]
    list_select_related = ["union"]


def attachment_download_url(attachment: ActivityAttachment) -> str | None:
    """The permission-checked download view of a society activity's attachment (None for the
    union's own activities, which have no portal page)."""
    activity = attachment.activity
    if not (attachment.pk and activity.society_id):
        return None
    try:
        return reverse(
            "attachment_download",
            kwargs={
                "society_pk": activity.society_id,
                "activity_pk": activity.pk,
                "pk": attachment.pk,
            },
        )
    except NoReverseMatch:
        return None


class AttachmentLink:
    """What the file widget shows for a stored file: its name, linked to the checked view."""

    def __init__(self, attachment: ActivityAttachment):
        self.url = attachment_download_url(attachment)
        self.name = attachment.original_name or attachment.file.name

    def __str__(self) -> str:
        return self.name


class AttachmentFileInput(forms.ClearableFileInput):
    """Private files have no URL: link the stored file through the download view instead.

    Rendered here rather than from a template: the form renderer reads only apps' templates.
    """

    def is_initial(self, value):
        return bool(value and getattr(value, "name", None) and hasattr(value, "instance"))

    def render(self, name, value, attrs=None, renderer=None):
        file_input = forms.FileInput().render(name, None, self.build_attrs(self.attrs, attrs))
        if not self.is_initial(value):
            return file_input
        link = AttachmentLink(value.instance)
        current = format_html('<a href="{}">{}</a>', link.url, link.name) if link.url else link.name
        return format_html(
            '<p class="file-upload">{}: {}<br>{}: {}</p>',
            self.initial_text,
            current,
            self.input_text,
            file_input,
        )


class ActivityAttachmentInline(UnionScopedInlineMixin, admin.TabularInline):
    model = ActivityAttachment
    form = AttachmentAdminForm  # the portal's checks and storage (random name, size)
    extra = 0
    fields = ["file", "original_name", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = ["original_name", "size", "uploaded_by", "uploaded_at"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.uploaded_by = request.user  # a class made for this request
        return formset

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "file":
            kwargs["widget"] = AttachmentFileInput
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if self.has_change_permission(request, obj):
            return fields
        return ["download" if name == "file" else name for name in fields]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "download"]

    @admin.display(description=_("file"))
    def download(self, attachment):
        link = AttachmentLink(attachment)
        if link.url is None:
            return link.name
        return format_html('<a href="{}">{}</a>', link.url, link.name)


@admin.register(Activity)
class ActivityAdmin(RecordsImportExportMixin, UnionScopedAdmin):
    records_kind = "activities"
    list_display = ["title", "kind", "held_on", "society", "participants", "amount_vnd"]
    list_filter = ["kind", "union"]
    search_fields = ["title", "partners", "notes"]
    date_hierarchy = "held_on"
    list_select_related = ["society"]
    inlines = [ActivityAttachmentInline]
