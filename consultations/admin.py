"""The consultations admin: scoped to the staff's unions, version-checked.

The workflow owns a task's status, its experts, their opinions, its documents (uploaded through
the one checked upload path) and its letters: here they are shown read-only, and changed in the
portal, where the rules of consultations.services apply.
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.http import Http404

from associations import permissions
from associations.admin import UnionScopedAdmin, UnionScopedInlineMixin
from associations.import_admin import RecordsImportExportMixin
from core.concurrency import VersionCheckedInlineMixin

from .models import (
    ConsultationPlan,
    ConsultationTask,
    DocumentAccess,
    ExpertAssignment,
    Opinion,
    OpinionLetter,
    PlannedTopic,
    Recommendation,
    TaskDocument,
    TaskTransition,
)


class ReadOnlyInline(UnionScopedInlineMixin, admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AssignmentInline(ReadOnlyInline):
    model = ExpertAssignment
    fields = ["expert", "member", "lead", "due_on", "assigned_by", "assigned_at"]
    readonly_fields = fields


class DocumentInline(ReadOnlyInline):
    model = TaskDocument
    fields = ["kind", "title", "version", "original_name", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields


class TransitionInline(ReadOnlyInline):
    model = TaskTransition
    fields = ["at", "from_status", "to_status", "by", "note"]
    readonly_fields = fields
    show_change_link = False


class RecommendationInline(VersionCheckedInlineMixin, UnionScopedInlineMixin, admin.TabularInline):
    """The requesting body's answers may be recorded here; the text and order are the task's."""

    model = Recommendation
    extra = 0
    fields = ["number", "text", "adoption", "answer", "answered_on"]
    readonly_fields = ["number", "text"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ConsultationTask)
class ConsultationTaskAdmin(RecordsImportExportMixin, UnionScopedAdmin):
    records_kind = "consultations"
    list_display = ["title", "type", "requesting_body", "received_on", "due_on", "status"]
    list_filter = ["type", "status", "confidential"]
    search_fields = ["title", "requesting_body"]
    date_hierarchy = "received_on"
    # Status and delivery change only through the workflow (consultations.services).
    readonly_fields = ["status", "delivered_on", "created_by", "created_at"]
    inlines = [AssignmentInline, DocumentInline, RecommendationInline, TransitionInline]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


class TaskChildAdmin(UnionScopedAdmin):
    union_path = "task__union_id"
    list_select_related = ["task"]
    search_fields = ["task__title"]


class WorkflowOwnedMixin:
    """Read-only here: the portal's workflow writes these records."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ExpertAssignment)
class ExpertAssignmentAdmin(WorkflowOwnedMixin, TaskChildAdmin):
    list_display = ["task", "expert", "lead", "due_on", "assigned_at"]
    list_select_related = ["task", "expert"]
    list_filter = ["lead"]


@admin.register(Opinion)
class OpinionAdmin(WorkflowOwnedMixin, TaskChildAdmin):
    union_path = "assignment__task__union_id"
    list_display = ["assignment", "submitted_at", "original_name"]
    list_select_related = ["assignment__task", "assignment__expert"]
    search_fields = ["assignment__task__title"]
    exclude = ["file"]  # served only through the permission-checked, logged portal view


@admin.register(TaskDocument)
class TaskDocumentAdmin(WorkflowOwnedMixin, TaskChildAdmin):
    list_display = ["title", "version", "kind", "task", "original_name", "uploaded_at"]
    list_filter = ["kind"]
    exclude = ["file"]  # served only through the permission-checked, logged portal view


@admin.register(OpinionLetter)
class OpinionLetterAdmin(WorkflowOwnedMixin, TaskChildAdmin):
    list_display = ["document_number", "number", "task", "issued_on", "delivered_on"]
    exclude = ["file"]


@admin.register(Recommendation)
class RecommendationAdmin(TaskChildAdmin):
    list_display = ["task", "number", "adoption", "answered_on"]
    list_filter = ["adoption"]
    readonly_fields = ["task", "number"]
    fields = ["task", "number", "text", "adoption", "answer", "answered_on"]

    def has_add_permission(self, request, obj=None):
        return False  # added on the task's page, numbered in order


class TopicInline(VersionCheckedInlineMixin, UnionScopedInlineMixin, admin.TabularInline):
    model = PlannedTopic
    extra = 0
    fields = ["title", "requesting_body", "task"]
    raw_id_fields = ["task"]


@admin.register(ConsultationPlan)
class ConsultationPlanAdmin(UnionScopedAdmin):
    list_display = ["year", "union", "planned_topics"]
    list_select_related = ["union"]
    inlines = [TopicInline]


@admin.register(PlannedTopic)
class PlannedTopicAdmin(UnionScopedAdmin):
    union_path = "plan__union_id"
    list_display = ["title", "plan", "requesting_body", "task"]
    list_select_related = ["plan", "task"]
    search_fields = ["title"]
    raw_id_fields = ["task"]


class LogAdmin(UnionScopedInlineMixin, admin.ModelAdmin):
    """A log: read, never written here; scoped to the staff's unions."""

    union_path = "task__union_id"

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("task")
        if request.user.is_superuser:
            return qs
        staff = permissions.access_for(request.user).staff_unions
        return qs.filter(**{f"{self.union_path}__in": staff})

    def history_view(self, request, object_id, extra_context=None):
        """Another union's entry is not found, as in the scoped admins."""
        if not self.get_queryset(request).filter(pk=unquote(object_id)).exists():
            raise Http404
        return super().history_view(request, object_id, extra_context)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TaskTransition)
class TaskTransitionAdmin(LogAdmin):
    list_display = ["task", "from_status", "to_status", "by", "at"]
    list_filter = ["to_status"]


@admin.register(DocumentAccess)
class DocumentAccessAdmin(LogAdmin):
    list_display = ["at", "user", "what", "document", "task", "ip"]
    list_filter = ["what"]
    list_select_related = ["user", "document", "task"]
