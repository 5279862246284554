"""The opinion letter's pages (draft, generation, versions, delivery); included by
consultations.urls, so their names are "consultations:letter_…"."""

from django.urls import path

from . import letter_views as views

urlpatterns = [
    path("tasks/<int:task_pk>/letter/", views.LetterDetailView.as_view(), name="letter_detail"),
    path("tasks/<int:task_pk>/letter/edit/", views.LetterEditView.as_view(), name="letter_edit"),
    path(
        "tasks/<int:task_pk>/letter/generate/",
        views.LetterGenerateView.as_view(),
        name="letter_generate",
    ),
    path("letters/<int:pk>/download/", views.LetterDownloadView.as_view(), name="letter_download"),
    path("letters/<int:pk>/deliver/", views.LetterDeliverView.as_view(), name="letter_deliver"),
]
