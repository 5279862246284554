"""Anonymisation, the retention review and the processing record (names prefixed
`privacy_erase_`, `privacy_retention_`, `privacy_record`)."""

from django.urls import path

from . import erase_views

urlpatterns = [
    path(
        "members/<int:pk>/erase/",
        erase_views.MemberEraseView.as_view(),
        name="privacy_erase_confirm",
    ),
    path(
        "privacy/retention/",
        erase_views.RetentionReviewView.as_view(),
        name="privacy_retention_review",
    ),
    path("privacy/record/", erase_views.ProcessingRecordView.as_view(), name="privacy_record"),
]
