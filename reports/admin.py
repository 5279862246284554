from django.contrib import admin

from associations.admin import UnionScopedAdmin

from .models import ReportVersion, TermReport


class ReportVersionInline(admin.TabularInline):
    model = ReportVersion
    extra = 0
    can_delete = False
    fields = ["number", "format", "size", "checksum", "created_by", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(TermReport)
class TermReportAdmin(UnionScopedAdmin):
    list_display = ["__str__", "union", "term", "status", "updated_at"]
    list_filter = ["status", "union"]
    readonly_fields = ["approved_by", "approved_at"]
    inlines = [ReportVersionInline]
