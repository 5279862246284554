"""Patterns of the leadership dashboard and the parent union's roll-up."""

from django.urls import path

from . import dashboard_views as views

urlpatterns = [
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("dashboard/<int:union_pk>/", views.DashboardView.as_view(), name="dashboard_union"),
    path("dashboard/<int:union_pk>/rollup/", views.RollupView.as_view(), name="dashboard_rollup"),
]
urlpatterns += [
    path(
        "dashboard/<int:union_pk>/rollup/report/",
        views.RollupReportView.as_view(),
        name="dashboard_rollup_report",
    ),
]
