from django.urls import path

from . import views

activity = "societies/<int:society_pk>/activities/"

urlpatterns = [
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path("societies/", views.SocietyListView.as_view(), name="society_list"),
    path("societies/<int:pk>/", views.SocietyDetailView.as_view(), name="society_detail"),
    path(activity, views.ActivityListView.as_view(), name="activity_list"),
    path(f"{activity}add/", views.ActivityCreateView.as_view(), name="activity_add"),
    path(f"{activity}<int:pk>/", views.ActivityDetailView.as_view(), name="activity_detail"),
    path(f"{activity}<int:pk>/edit/", views.ActivityUpdateView.as_view(), name="activity_edit"),
    path(
        f"{activity}<int:activity_pk>/attachments/<int:pk>/",
        views.AttachmentDownloadView.as_view(),
        name="attachment_download",
    ),
    path(
        f"{activity}<int:activity_pk>/attachments/<int:pk>/delete/",
        views.AttachmentDeleteView.as_view(),
        name="attachment_delete",
    ),
]
