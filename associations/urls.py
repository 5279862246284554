from django.urls import path

from . import views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("societies/<int:pk>/", views.SocietyDetailView.as_view(), name="society_detail"),
]
