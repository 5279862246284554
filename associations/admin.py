from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from . import permissions
from .models import (
    Activity,
    ActivityAttachment,
    Commendation,
    CommitteeSeat,
    Role,
    Society,
    Term,
    Union,
    User,
)


class UnionScopedAdmin(SimpleHistoryAdmin):
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


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff", "last_login"]
    search_fields = ["email", "full_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("full_name",)}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(Union)
class UnionAdmin(UnionScopedAdmin):
    union_path = "id"
    list_display = ["name", "slug", "locality_kind", "province", "parent"]
    search_fields = ["name", "short_name", "slug"]
    list_filter = ["locality_kind", "province"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Term)
class TermAdmin(UnionScopedAdmin):
    list_display = ["label", "union", "congress_number", "starts_on", "ends_on"]
    list_filter = ["union"]
    search_fields = ["label"]


@admin.register(Society)
class SocietyAdmin(UnionScopedAdmin):
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


@admin.register(CommitteeSeat)
class CommitteeSeatAdmin(UnionScopedAdmin):
    union_path = "term__union_id"
    list_display = ["member", "body", "position", "society", "term", "started_on", "ended_on"]
    list_filter = ["body", "position", "leave_reason", "term"]
    search_fields = ["member__full_name"]
    autocomplete_fields = ["member"]
    list_select_related = ["member", "society", "term"]


class ActivityAttachmentInline(admin.TabularInline):
    model = ActivityAttachment
    extra = 0
    fields = ["file", "original_name", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = ["size", "uploaded_by", "uploaded_at"]


@admin.register(Activity)
class ActivityAdmin(UnionScopedAdmin):
    list_display = ["title", "kind", "held_on", "society", "participants", "amount_vnd"]
    list_filter = ["kind", "union"]
    search_fields = ["title", "partners", "notes"]
    date_hierarchy = "held_on"
    list_select_related = ["society"]
    inlines = [ActivityAttachmentInline]


@admin.register(Commendation)
class CommendationAdmin(UnionScopedAdmin):
    list_display = ["form", "year", "recipient_type", "society", "member", "issuer"]
    list_filter = ["form", "recipient_type", "year"]
    search_fields = ["issuer", "reason", "member__full_name", "society__name"]
    autocomplete_fields = ["member"]
    list_select_related = ["society", "member"]
