"""The opinion letter's pages (generation, versions, delivery); included by consultations.urls."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
