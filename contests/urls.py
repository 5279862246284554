from django.urls import include, path

app_name = "contests"
urlpatterns: list = [
    path("", include("contests.judging_urls")),
]
