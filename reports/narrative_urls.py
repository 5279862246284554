from django.urls import path

from . import narrative_views as views

# Included from reports/urls.py (namespace "reports").
urlpatterns = [
    path("<int:pk>/narrative/", views.NarrativeSectionsView.as_view(), name="narrative_sections"),
    path("<int:pk>/narrative/draft/", views.NarrativeDraftView.as_view(), name="narrative_draft"),
    path(
        "<int:pk>/narrative/<slug:key>/", views.NarrativeEditView.as_view(), name="narrative_edit"
    ),
    path(
        "<int:pk>/narrative/<slug:key>/history/",
        views.NarrativeHistoryView.as_view(),
        name="narrative_history",
    ),
    path(
        "<int:pk>/narrative/<slug:key>/history/<int:history_id>/",
        views.NarrativeDiffView.as_view(),
        name="narrative_diff",
    ),
]
