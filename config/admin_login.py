"""The admin has no login form of its own: everyone signs in through allauth (rate limits, MFA)."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def admin_login(request, extra_context=None):
    if not request.user.is_authenticated:
        return redirect_to_login(request.GET.get("next") or request.get_full_path())
    if not (request.user.is_active and request.user.is_staff):
        raise PermissionDenied
    from django.contrib import admin

    return admin.site.index(request, extra_context)
