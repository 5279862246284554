from django.urls import include, path

app_name = "consultations"
urlpatterns: list = [
    path("", include("consultations.letter_urls")),
]
