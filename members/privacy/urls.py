"""Personal data pages, in the `members` namespace (names prefixed `privacy_`)."""

from django.urls import include, path

urlpatterns = [
    path("", include("members.privacy.erase_urls")),
]
