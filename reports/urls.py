from django.urls import include, path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.ReportListView.as_view(), name="list"),
    path("new/", views.ReportCreateView.as_view(), name="create"),
    path("<int:pk>/", views.ReportDetailView.as_view(), name="detail"),
    path("<int:pk>/generate/", views.ReportGenerateView.as_view(), name="generate"),
    path("<int:pk>/approve/", views.ReportApproveView.as_view(), name="approve"),
    path("versions/<int:pk>/download/", views.VersionDownloadView.as_view(), name="download"),
    path("", include("reports.narrative_urls")),
    path("", include("reports.targets_urls")),
    path("", include("reports.dashboard_urls")),
]
