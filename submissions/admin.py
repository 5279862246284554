"""The admin of the reporting rounds: staff of a union see their union's rounds and reports.

Rounds are opened through the portal (which gives every society its report) and a report's
status moves only through the portal's checked transitions, so the admin adds and deletes
nothing: a round's title, deadline and parts may be corrected here (with the version check);
reports and their status changes are shown read-only.
"""

from django.contrib import admin

from associations.admin import UnionScopedAdmin

from .models import Round, Submission, SubmissionTransition


@admin.register(Round)
class RoundAdmin(UnionScopedAdmin):
    list_display = ["title", "period_start", "period_end", "deadline", "opened_on"]
    search_fields = ["title"]
    fields = [
        "title",
        "deadline",
        "asks_members",
        "asks_activities",
        "asks_initiatives",
        "asks_entries",
        "asks_narrative",
        "period_kind",
        "year",
        "half",
        "period_start",
        "period_end",
        "opened_on",
        "opened_by",
    ]
    readonly_fields = [
        "period_kind",
        "year",
        "half",
        "period_start",
        "period_end",
        "opened_on",
        "opened_by",
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SubmissionTransitionInline(admin.TabularInline):
    model = SubmissionTransition
    extra = 0
    fields = ["at", "from_status", "to_status", "by", "comment"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Submission)
class SubmissionAdmin(UnionScopedAdmin):
    union_path = "round__union_id"
    list_display = ["society", "round", "status", "submitted_at", "accepted_at"]
    list_filter = ["status"]
    list_select_related = ["society", "round"]
    search_fields = ["society__name", "round__title"]
    inlines = [SubmissionTransitionInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
