from django.contrib import admin

from associations.admin import UnionScopedAdmin, UnionScopedInlineMixin
from associations.import_admin import RecordsImportExportMixin
from core.concurrency import VersionCheckedInlineMixin

from .forms import MemberAdminAddForm
from .models import Commendation, CommitteeSeat, Member, Membership
from .privacy.record import PURPOSES
from .services import MEMBER_FIELDS


class MembershipInline(VersionCheckedInlineMixin, UnionScopedInlineMixin, admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["society"]


@admin.register(Member)
class MemberAdmin(RecordsImportExportMixin, UnionScopedAdmin):
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
    list_filter = ["gender", "qualification", "academic_title"]
    search_fields = ["search_text", "full_name", "member_code", "email"]
    inlines = [MembershipInline]
    add_form = MemberAdminAddForm  # likely duplicates are named before a new person is made

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs.setdefault("form", self.add_form)
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
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
class MembershipAdmin(RecordsImportExportMixin, UnionScopedAdmin):
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
