from django.contrib import admin

from associations import permissions
from associations.admin import UnionScopedAdmin, UnionScopedInlineMixin
from associations.import_admin import RecordsImportExportMixin
from core.concurrency import VersionCheckedInlineMixin

from .forms import MemberAdminAddForm
from .models import (
    Commendation,
    CommitteeSeat,
    ConsentText,
    DataSubjectRequest,
    Member,
    Membership,
    PersonalDataAccess,
)
from .privacy import access_log, consent, requests
from .privacy.record import PURPOSES
from .services import MEMBER_FIELDS


class MembershipInline(VersionCheckedInlineMixin, UnionScopedInlineMixin, admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["society"]


class PersonalDataExportLogMixin:
    """Exports of people from the admin are logged like the portal's (members/privacy)."""

    def get_export_data(self, file_format, request, queryset, **kwargs):
        data = super().get_export_data(file_format, request, queryset, **kwargs)
        access_log.log_export(
            request=request,
            union_ids=permissions.access_for(request.user).staff_unions,
            detail=f"admin {self.model._meta.model_name}: "
            f"{access_log.describe_filters(request.GET)}",
        )
        return data


@admin.register(Member)
class MemberAdmin(PersonalDataExportLogMixin, RecordsImportExportMixin, UnionScopedAdmin):
    records_kind = "members"
    ordering = ["sort_name", "id"]
    list_display = [
        "full_name",
        "member_code",
        "gender",
        "birth_year",
        "qualification",
        "workplace",
    ]
    list_filter = [
        "gender",
        "qualification",
        "academic_title",
        "legal_basis",
        "processing_restricted",
    ]
    search_fields = ["search_text", "full_name", "member_code", "email"]
    inlines = [MembershipInline]
    add_form = MemberAdminAddForm  # likely duplicates are named before a new person is made

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs.setdefault("form", self.add_form)
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        fields += [] if "anonymised_at" in fields else ["anonymised_at"]  # set by erasure only
        if obj is not None and obj.anonymised_at is not None:
            # An erased person's details are never recorded again (members.privacy.anonymise).
            fields += [name for name in MEMBER_FIELDS if name not in fields]
        return fields

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and db_field.name in PURPOSES:
            field.help_text = PURPOSES[db_field.name]  # why it is asked (minimisation)
        return field


@admin.register(Membership)
class MembershipAdmin(PersonalDataExportLogMixin, RecordsImportExportMixin, UnionScopedAdmin):
    records_kind = "members"
    union_path = "society__union_id"
    list_display = ["member", "society", "joined_on", "left_on", "leave_reason"]
    list_filter = ["society"]
    search_fields = ["member__full_name", "member__member_code"]
    autocomplete_fields = ["member", "society"]
    list_select_related = ["member", "society"]
    date_hierarchy = "joined_on"


@admin.register(CommitteeSeat)
class CommitteeSeatAdmin(RecordsImportExportMixin, UnionScopedAdmin):
    records_kind = "committee"
    union_path = "term__union_id"
    list_display = ["member", "body", "position", "society", "term", "started_on", "ended_on"]
    list_filter = ["body", "position", "leave_reason", "term"]
    search_fields = ["member__full_name"]
    autocomplete_fields = ["member"]
    list_select_related = ["member", "society", "term"]


@admin.register(Commendation)
class CommendationAdmin(RecordsImportExportMixin, UnionScopedAdmin):
    records_kind = "commendations"
    list_display = ["form", "year", "recipient_type", "society", "member", "issuer"]
    list_filter = ["form", "recipient_type", "year"]
    search_fields = ["issuer", "reason", "member__full_name", "society__name"]
    autocomplete_fields = ["member"]
    list_select_related = ["society", "member"]


# --- personal data --------------------------------------------------------------------------------


@admin.register(ConsentText)
class ConsentTextAdmin(UnionScopedAdmin):
    """Versions of the consent text: added, never changed (people signed them)."""

    list_display = ["title", "union", "version", "effective_from", "created_by"]
    list_filter = ["union"]
    search_fields = ["title", "body"]
    readonly_fields = ["version", "created_by", "created_at"]

    def has_change_permission(self, request, obj=None):
        if obj is not None and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        created = consent.consent_text_create(
            union=obj.union,
            title=obj.title,
            body=obj.body,
            purpose=obj.purpose,
            effective_from=obj.effective_from,
            user=request.user,
        )
        obj.pk, obj.version = created.pk, created.version
        obj._state.adding = False
        return None


@admin.register(DataSubjectRequest)
class DataSubjectRequestAdmin(UnionScopedAdmin):
    list_display = ["kind", "member", "received_on", "due_on", "status", "answered_on"]
    list_filter = ["kind", "status"]
    search_fields = ["member__full_name", "details", "answer"]
    autocomplete_fields = ["member"]
    list_select_related = ["member"]
    readonly_fields = ["due_on"]
    date_hierarchy = "received_on"

    def save_model(self, request, obj, form, change):
        # The due date follows the kind and the day received; a save that changes neither
        # leaves it as it was.
        if not change or {"kind", "received_on"} & set(form.changed_data):
            obj.due_on = requests.due_on(kind=obj.kind, received_on=obj.received_on)
        if obj.member_id and (not change or "member" in form.changed_data):
            obj.union_id = obj.member.union_id
        super().save_model(request, obj, form, change)


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(admin.ModelAdmin):
    """The access log: read only for the union's staff; only superusers may delete from it."""

    list_display = ["at", "user", "action", "member", "detail"]
    list_filter = ["action"]
    search_fields = ["detail", "path", "user__username"]
    list_select_related = ["user", "member"]
    date_hierarchy = "at"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(union_id__in=permissions.access_for(request.user).staff_unions)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
