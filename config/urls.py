from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path

from associations.views import healthz

# The admin logs in through allauth (rate limits, MFA) rather than its own form.
admin.site.login = login_required(admin.site.login)

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("reports/", include("reports.urls")),
    path("", include("members.urls")),
    path("", include("associations.urls")),
]
