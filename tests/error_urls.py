"""A URLconf with a view that fails, for the 500 page's test."""

from django.urls import path

from config.urls import urlpatterns as portal_urls


def broken(request):
    raise RuntimeError("a failing view")


urlpatterns = [path("hong/", broken), *portal_urls]
