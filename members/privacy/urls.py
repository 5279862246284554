"""Personal data pages, in the `members` namespace (names prefixed `privacy_`)."""

from django.urls import include, path

from . import views

member = "members/<int:pk>/"

urlpatterns = [
    path("", include("members.privacy.erase_urls")),
    path(
        "privacy/consent-texts/", views.ConsentTextListView.as_view(), name="privacy_consent_texts"
    ),
    path(
        "privacy/consent-texts/add/",
        views.ConsentTextAddView.as_view(),
        name="privacy_consent_text_add",
    ),
    path(
        "privacy/consent-texts/<int:pk>/print/",
        views.ConsentTextPrintView.as_view(),
        name="privacy_consent_text_print",
    ),
    path("privacy/requests/", views.RequestListView.as_view(), name="privacy_requests"),
    path(
        "privacy/requests/<int:pk>/",
        views.RequestDetailView.as_view(),
        name="privacy_request_detail",
    ),
    path(
        "privacy/requests/<int:pk>/answer/",
        views.RequestAnswerView.as_view(),
        name="privacy_request_answer",
    ),
    path(f"{member}consent/", views.MemberConsentEditView.as_view(), name="privacy_member_consent"),
    path(
        f"{member}consent/print/",
        views.MemberConsentPrintView.as_view(),
        name="privacy_member_consent_print",
    ),
    path(f"{member}access-log/", views.MemberAccessLogView.as_view(), name="privacy_access_log"),
    path(f"{member}requests/add/", views.RequestAddView.as_view(), name="privacy_request_add"),
    path(
        f"{member}my-data/<str:fmt>/",
        views.SubjectExportView.as_view(),
        name="privacy_subject_export",
    ),
]
