"""WSGI application of the benchmark server (core.benchhttp.BenchServer): the project as
deployed, with the benchmark's URLs (core.bench_urls) in front of its own."""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

application = get_wsgi_application()
os.environ["BENCH_BASE_URLCONF"] = settings.ROOT_URLCONF
settings.ROOT_URLCONF = "core.bench_urls"
