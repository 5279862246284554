"""Patterns of a report's targets (chỉ tiêu) pages."""

from django.urls import path

from . import targets_views as views

urlpatterns = [
    path("<int:pk>/targets/", views.TargetListView.as_view(), name="targets_list"),
    path("<int:pk>/targets/add/", views.TargetAddView.as_view(), name="targets_add"),
    path(
        "<int:pk>/targets/<int:target_pk>/edit/",
        views.TargetEditView.as_view(),
        name="targets_edit",
    ),
    path(
        "<int:pk>/targets/<int:target_pk>/move/<str:direction>/",
        views.TargetMoveView.as_view(),
        name="targets_move",
    ),
    path(
        "<int:pk>/targets/<int:target_pk>/delete/",
        views.TargetDeleteView.as_view(),
        name="targets_delete",
    ),
]
