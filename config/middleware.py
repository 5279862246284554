from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from core import proxy

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


class TrustedProxyMiddleware:
    """First of all: believe X-Forwarded-For/-Proto/-Host only from settings.TRUSTED_PROXIES.

    From a trusted proxy, REMOTE_ADDR becomes the client's address, and the scheme and host the
    proxy saw replace the connection's; from anyone else those headers are removed, so nothing
    after this (sessions, CSRF, rate limits, logs) can be fooled by a client that forges them.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.networks = proxy.parse_networks(tuple(settings.TRUSTED_PROXIES))

    def __call__(self, request):
        proxy.apply_forwarded(request.META, self.networks)
        return self.get_response(request)


class ContentSecurityPolicyMiddleware:
    """Send a strict Content-Security-Policy: nothing is loaded from outside the portal."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = getattr(settings, "CONTENT_SECURITY_POLICY", CSP)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        return response


class PreferredLanguageMiddleware(LocaleMiddleware):
    """Vietnamese unless the user chose another language (cookie set by the language switcher).

    The browser's Accept-Language is ignored on purpose: office computers often run an English
    system while their users expect the portal in Vietnamese.
    """

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class StaffMFAMiddleware:
    """Union staff (and superusers) must turn on two-factor authentication before anything else.

    On when settings.STAFF_MFA_REQUIRED (the default outside DEBUG). Until a TOTP authenticator
    is set up, every page except the account pages sends them to the set-up page.
    """

    ALLOWED_PREFIXES = ("/accounts/", "/i18n/", "/healthz", "/static/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.STAFF_MFA_REQUIRED
            and request.user.is_authenticated
            and not request.path.startswith(self.ALLOWED_PREFIXES)
            and self._needs_mfa(request.user)
        ):
            from django.contrib import messages
            from django.shortcuts import redirect
            from django.utils.translation import gettext as _

            messages.warning(
                request, _("Union staff must turn on two-factor authentication to continue.")
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def _needs_mfa(user) -> bool:
        from allauth.mfa.models import Authenticator

        from associations.permissions import access_for

        if not (user.is_superuser or user.is_staff or access_for(user).is_staff):
            return False
        return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
