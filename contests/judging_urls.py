"""The judging pages (assignment, conflicts, score sheets, ranking); included by contests/urls.py.

No app_name here: the patterns are namespaced "contests:" by the include, names prefixed `judging_`.
"""

from django.urls import path

from . import judging_views as views

urlpatterns: list = [
    # A judge's own sheets.
    path("judging/", views.MyEntriesView.as_view(), name="judging_my_entries"),
    path("judging/sheets/<int:pk>/", views.SheetView.as_view(), name="judging_sheet"),
    path(
        "judging/sheets/<int:pk>/conflict/",
        views.ConflictDeclareView.as_view(),
        name="judging_conflict_declare",
    ),
    # Staff: a contest's judging.
    path(
        "<int:contest_pk>/judging/assignments/",
        views.AssignmentsView.as_view(),
        name="judging_assignments",
    ),
    path(
        "<int:contest_pk>/judging/assignments/auto/",
        views.AutoAssignView.as_view(),
        name="judging_assign_auto",
    ),
    path(
        "<int:contest_pk>/judging/assignments/add/",
        views.AssignmentAddView.as_view(),
        name="judging_assign_add",
    ),
    path(
        "judging/assignments/<int:pk>/remove/",
        views.AssignmentRemoveView.as_view(),
        name="judging_assignment_remove",
    ),
    path(
        "judging/assignments/<int:pk>/reopen/",
        views.SheetReopenView.as_view(),
        name="judging_sheet_reopen",
    ),
    path(
        "<int:contest_pk>/judging/conflicts/",
        views.ConflictsView.as_view(),
        name="judging_conflicts",
    ),
    path(
        "<int:contest_pk>/judging/scores/",
        views.ScoreSheetView.as_view(),
        name="judging_score_sheet",
    ),
    path(
        "<int:contest_pk>/judging/scores/export.<str:fmt>",
        views.ScoreSheetExportView.as_view(),
        name="judging_score_export",
    ),
]
