from django.urls import include, path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.ReportListView.as_view(), name="list"),
    path("new/", views.ReportCreateView.as_view(), name="create"),
    path("<int:pk>/", views.ReportDetailView.as_view(), name="detail"),
    path("<int:pk>/generate/", views.ReportGenerateView.as_view(), name="generate"),
    path("<int:pk>/approve/", views.ReportApproveView.as_view(), name="approve"),
    path(
        "<int:pk>/submit/",
        views.ReportTransitionView.as_view(transition="submit"),
        name="submit",
    ),
    path(
        "<int:pk>/return/",
        views.ReportTransitionView.as_view(transition="return"),
        name="return",
    ),
    path(
        "<int:pk>/publish/",
        views.ReportTransitionView.as_view(transition="publish"),
        name="publish",
    ),
    path("<int:pk>/progress/", views.ReportProgressView.as_view(), name="progress"),
    path("versions/<int:pk>/compare/", views.VersionCompareView.as_view(), name="compare"),
    path("versions/<int:pk>/download/", views.VersionDownloadView.as_view(), name="download"),
    path("", include("reports.narrative_urls")),
    path("", include("reports.targets_urls")),
    path("", include("reports.dashboard_urls")),
]
