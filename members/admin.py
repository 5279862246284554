from django.contrib import admin

from associations.admin import UnionScopedAdmin, UnionScopedInlineMixin
from associations.import_admin import RecordsImportExportMixin

from .models import Member, Membership
from .resources import MemberResource, MembershipResource


class MembershipInline(UnionScopedInlineMixin, admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["society"]


@admin.register(Member)
class MemberAdmin(RecordsImportExportMixin, UnionScopedAdmin):
    records_kind = "members"
    resource_classes = [MemberResource]
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


@admin.register(Membership)
class MembershipAdmin(RecordsImportExportMixin, UnionScopedAdmin):
    records_kind = "members"
    resource_classes = [MembershipResource]
    union_path = "society__union_id"
    list_display = ["member", "society", "joined_on", "left_on", "leave_reason"]
    list_filter = ["society"]
    search_fields = ["member__full_name", "member__member_code"]
    autocomplete_fields = ["member", "society"]
    list_select_related = ["member", "society"]
    date_hierarchy = "joined_on"
