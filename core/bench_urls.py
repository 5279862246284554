"""The benchmark server's URLs: the project's own, plus the floors' and peers' views that apps
register with core.bench. Served only by core.bench_wsgi, never by the project's server."""

import os

from django.urls import include, path

from core import bench

bench.autodiscover()

urlpatterns = [*bench.url_patterns(), path("", include(os.environ["BENCH_BASE_URLCONF"]))]
