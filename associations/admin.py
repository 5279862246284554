from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.concurrency import VersionCheckedAdminMixin, VersionCheckedInlineMixin

from . import permissions
from .accounts import role_sync_staff_access
from .import_admin import RecordsImportExportMixin
from .models import (
    Activity,
    ActivityAttachment,
    Role,
    Society,
    Term,
    Union,
    User,
)
from .uploads import AttachmentAdminForm


class UnionScopedAdmin(VersionCheckedAdminMixin, SimpleHistoryAdmin):
    """Staff see and edit only their own union's records; superusers see all.

    `union_path` is the lookup from the model to its union id.
    """

    union_path = "union_id"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        access = permissions.access_for(request.user)
        return qs.filter(**{f"{self.union_path}__in": access.staff_unions})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not request.user.is_superuser:
            staff_unions = permissions.access_for(request.user).staff_unions
            if db_field.name == "union":
                kwargs["queryset"] = Union.objects.filter(id__in=staff_unions)
            elif db_field.name in ("society", "term"):
                kwargs["queryset"] = db_field.related_model.objects.filter(
                    union_id__in=staff_unions
                )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class RoleInline(VersionCheckedInlineMixin, admin.TabularInline):
    model = Role
    extra = 0
    fields = ["union", "kind", "societies"]
    filter_horizontal = ["societies"]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(union_id__in=permissions.access_for(request.user).staff_unions)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "union" and not request.user.is_superuser:
            staff_unions = permissions.access_for(request.user).staff_unions
            kwargs["queryset"] = Union.objects.filter(id__in=staff_unions)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "societies" and not request.user.is_superuser:
            staff_unions = permissions.access_for(request.user).staff_unions
            kwargs["queryset"] = Society.objects.filter(union_id__in=staff_unions)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(User)
class UserAdmin(VersionCheckedAdminMixin, BaseUserAdmin):
    """Staff create accounts and grant roles in their union; privileges stay with superusers."""

    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff", "last_login"]
    search_fields = ["email", "full_name"]
    list_filter = ["is_active", "is_staff", "roles__kind"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("full_name",)}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),
    )
    inlines = [RoleInline]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        staff_unions = permissions.access_for(request.user).staff_unions
        # Users of their unions, and accounts just created that have no role yet.
        return qs.filter(
            Q(roles__union_id__in=staff_unions) | Q(roles__isnull=True), is_superuser=False
        ).distinct()

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return ["last_login", "date_joined"]
        return [
            "is_staff", "is_superuser", "groups", "user_permissions", "last_login", "date_joined",
        ]  # fmt: skip

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        role_sync_staff_access(user=form.instance)


@admin.register(Union)
class UnionAdmin(RecordsImportExportMixin, UnionScopedAdmin):
    records_kind = "unions"
    union_path = "id"
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
    list_display = ["name", "kind", "union", "founded_on", "dissolved_on"]
    list_filter = ["kind", "union"]
    search_fields = ["name", "contact"]
    list_select_related = ["union"]


@admin.register(Role)
class RoleAdmin(UnionScopedAdmin):
    list_display = ["user", "kind", "union"]
    list_filter = ["kind", "union"]
    search_fields = ["user__email", "user__full_name"]
    autocomplete_fields = ["user"]
    filter_horizontal = ["societies"]
    list_select_related = ["user", "union"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        role_sync_staff_access(user=form.instance.user)

    def delete_model(self, request, obj):
        user = obj.user
        super().delete_model(request, obj)
        role_sync_staff_access(user=user)


class ActivityAttachmentInline(admin.TabularInline):
    model = ActivityAttachment
    form = AttachmentAdminForm  # the portal's checks and storage (random name, size)
    extra = 0
    fields = ["file", "original_name", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = ["original_name", "size", "uploaded_by", "uploaded_at"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.uploaded_by = request.user  # a class made for this request
        return formset


@admin.register(Activity)
class ActivityAdmin(RecordsImportExportMixin, UnionScopedAdmin):
    records_kind = "activities"
    list_display = ["title", "kind", "held_on", "society", "participants", "amount_vnd"]
    list_filter = ["kind", "union"]
    search_fields = ["title", "partners", "notes"]
    date_hierarchy = "held_on"
    list_select_related = ["society"]
    inlines = [ActivityAttachmentInline]
