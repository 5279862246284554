from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView

from .admin_login import admin_login
from .health import healthz, healthz_ready
from .views import HomeView

# The admin logs in through allauth (rate limits, MFA) rather than its own form.
admin.site.login = admin_login

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("healthz/ready", healthz_ready, name="healthz_ready"),
    # Browsers ask for /favicon.ico on pages that name no icon (the admin's).
    path(
        "favicon.ico",
        RedirectView.as_view(url=lazy(static, str)("img/favicon.svg")),
        name="favicon",
    ),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("reports/", include("reports.urls")),
    path("contests/", include("contests.urls")),
    path("consultations/", include("consultations.urls")),
    path("submissions/", include("submissions.urls")),
    path("", include("members.urls")),
    path("", HomeView.as_view(), name="home"),
    path("", include("associations.urls")),
]
