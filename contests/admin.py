"""The admin of contests: staff of a union see and edit only their union's records.

Judging's records (assignments, conflicts, scores, reopenings) are shown read-only here: they
change only through the judging pages, which apply the judging rules.
"""

from django.contrib import admin
from django.utils.timezone import localdate

from associations.admin import UnionScopedAdmin, UnionScopedInlineMixin
from associations.import_admin import RecordsImportExportMixin
from core.concurrency import VersionCheckedInlineMixin

from .models import (
    Award,
    Contest,
    Criterion,
    Entry,
    Initiative,
    JudgeAssignment,
    Score,
)
from .services import entry_window_errors


class CriterionInline(VersionCheckedInlineMixin, UnionScopedInlineMixin, admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ["order", "name", "weight", "max_score"]


class AwardInline(VersionCheckedInlineMixin, UnionScopedInlineMixin, admin.TabularInline):
    model = Award
    extra = 0
    fields = ["level", "rank", "year", "awarding_body"]


@admin.register(Contest)
class ContestAdmin(RecordsImportExportMixin, UnionScopedAdmin):
    records_kind = "contests"
    list_display = ["name", "year", "kind", "level", "status", "opens_on", "closes_on"]
    list_filter = ["kind", "level", "status", "year"]
    search_fields = ["name"]
    inlines = [CriterionInline]
    readonly_fields = ["status"]  # moved on through the portal's checked transitions


@admin.register(Entry)
class EntryAdmin(RecordsImportExportMixin, UnionScopedAdmin):
    records_kind = "entries"
    list_display = ["title", "code", "contest", "society", "field", "unit"]
    list_filter = ["field", "contest__year"]
    search_fields = ["title", "code", "unit", "author_names"]
    list_select_related = ["contest", "society"]
    autocomplete_fields = ["contest", "society", "authors"]
    readonly_fields = ["code", "submitted_at", "created_by"]
    exclude = ["union"]
    inlines = [AwardInline]

    def get_readonly_fields(self, request, obj=None):
        # Frozen once its contest no longer takes entries (the same rule as the portal).
        if obj is not None and entry_window_errors(contest=obj.contest, today=localdate()):
            return [f.name for f in Entry._meta.concrete_fields if f.editable] + ["authors"]
        return super().get_readonly_fields(request, obj)

    def save_model(self, request, obj, form, change):
        obj.union_id = obj.contest.union_id
        super().save_model(request, obj, form, change)


@admin.register(Award)
class AwardAdmin(RecordsImportExportMixin, UnionScopedAdmin):
    records_kind = "awards"
    union_path = "entry__union_id"
    list_display = ["entry", "level", "rank", "year", "awarding_body"]
    list_filter = ["level", "rank", "year"]
    search_fields = ["entry__title", "awarding_body"]
    list_select_related = ["entry"]
    autocomplete_fields = ["entry"]


@admin.register(Initiative)
class InitiativeAdmin(RecordsImportExportMixin, UnionScopedAdmin):
    records_kind = "initiatives"
    list_display = ["title", "society", "year", "recognition_level", "applied"]
    list_filter = ["recognition_level", "applied", "field", "year"]
    search_fields = ["title", "authors", "applied_where"]
    list_select_related = ["society"]
    autocomplete_fields = ["society"]
    exclude = ["union"]

    def save_model(self, request, obj, form, change):
        obj.union_id = obj.society.union_id
        super().save_model(request, obj, form, change)


class ReadOnlyAdmin(UnionScopedAdmin):
    """Judging's records: looked at here, changed only through the judging pages."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(JudgeAssignment)
class JudgeAssignmentAdmin(ReadOnlyAdmin):
    union_path = "contest__union_id"
    list_display = ["entry", "judge", "automatic", "assigned_at", "submitted_at"]
    list_filter = ["automatic"]
    list_select_related = ["entry", "judge"]


@admin.register(Score)
class ScoreAdmin(ReadOnlyAdmin):
    union_path = "assignment__contest__union_id"
    list_display = ["assignment", "criterion", "value"]
    list_select_related = ["assignment__entry", "assignment__judge", "criterion"]
