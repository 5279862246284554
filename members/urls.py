from django.urls import include, path

from . import views

app_name = "members"

society = "societies/<int:society_pk>/"

urlpatterns = [
    path("", include("members.privacy.urls")),
    path("members/", views.MemberDirectoryView.as_view(), name="directory"),
    path("members/export/<str:fmt>/", views.MemberExportView.as_view(), name="export"),
    path("members/<int:pk>/", views.MemberDetailView.as_view(), name="member_detail"),
    path(f"{society}members/", views.SocietyMemberListView.as_view(), name="society_members"),
    path(f"{society}members/add/", views.MemberAddView.as_view(), name="member_add"),
    path(
        f"{society}memberships/<int:pk>/edit/",
        views.MembershipEditView.as_view(),
        name="membership_edit",
    ),
    path(
        f"{society}memberships/<int:pk>/leave/",
        views.MembershipLeaveView.as_view(),
        name="membership_leave",
    ),
    path(
        f"{society}commendations/",
        views.CommendationListView.as_view(),
        name="commendation_list",
    ),
    path(
        f"{society}commendations/add/",
        views.CommendationAddView.as_view(),
        name="commendation_add",
    ),
    path(
        f"{society}commendations/<int:pk>/edit/",
        views.CommendationEditView.as_view(),
        name="commendation_edit",
    ),
    path(
        f"{society}commendations/<int:pk>/delete/",
        views.CommendationDeleteView.as_view(),
        name="commendation_delete",
    ),
]
