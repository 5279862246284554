from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import (
    AUTHENTICATION_METHODS_SESSION_KEY,
    get_authentication_records,
)
from allauth.account.models import EmailAddress
from allauth.account.signals import password_reset
from allauth.core.internal.ratelimit import get_ip
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver

from core import ratelimit
from core.proxy import client_ip


def _limit(name: str) -> ratelimit.Limit:
    amount, seconds = settings.LOGIN_FAILURE_LIMITS[name]
    return ratelimit.Limit(amount, seconds)


class ClosedSignupAccountAdapter(DefaultAccountAdapter):
    """No public sign-up: union staff create accounts (design §1).

    Failed logins are counted per account and per address in a store shared by every process
    (core.ratelimit). An account is blocked after a few failures; an address only after many, so a
    colleague's typos in the same office do not lock anyone else out.
    """

    def is_open_for_signup(self, request) -> bool:
        return False

    def get_client_ip(self, request) -> str:
        """allauth's rate limits count per client address: ours (core.proxy), never a header
        allauth would read itself (ALLAUTH_TRUSTED_PROXY_COUNT stays 0)."""
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine client IP address")
        return ip

    @staticmethod
    def _failure_keys(request, credentials) -> list[tuple[str, str, ratelimit.Limit]]:
        login = (credentials.get("email") or credentials.get("username") or "").strip().lower()
        return [
            ("login-account", login, _limit("account")),
            ("login-address", get_ip(request), _limit("address")),
        ]

    def pre_authenticate(self, request, **credentials) -> None:
        super().pre_authenticate(request, **credentials)
        for scope, ident, limit in self._failure_keys(request, credentials):
            if ratelimit.exceeded(scope=scope, ident=ident, limit=limit):
                raise self.validation_error("too_many_login_attempts")

    def authentication_failed(self, request, **credentials) -> None:
        for scope, ident, limit in self._failure_keys(request, credentials):
            ratelimit.hit(scope=scope, ident=ident, limit=limit)

    def _delete_login_attempts_cached_email(self, request, **credentials) -> None:
        """A completed password reset lifts the account's block (the reset is itself limited)."""
        super()._delete_login_attempts_cached_email(request, **credentials)
        scope, ident, limit = self._failure_keys(request, credentials)[0]
        ratelimit.clear(scope=scope, ident=ident, limit=limit)

    def post_login(self, request, user, **kwargs):
        """The password typed at login counts as a fresh confirmation for the next few minutes
        (ACCOUNT_REAUTHENTICATION_TIMEOUT): setting up two-factor right after logging in does not
        ask for it a second time."""
        response = super().post_login(request, user, **kwargs)
        records = get_authentication_records(request, user)
        if records and records[-1].get("method") == "password":
            records[-1]["reauthenticated"] = True
            request.session[AUTHENTICATION_METHODS_SESSION_KEY] = records
        return response


# Connected when allauth first loads this adapter, which it does before any reset completes.
@receiver(password_reset, dispatch_uid="associations.mark_email_verified_on_reset")
def mark_email_verified_on_reset(sender, request, user, **kwargs) -> None:
    """Opening the reset (or invitation) link sent to the account's address proves that address:
    accounts made by staff start unverified, and two-factor set-up needs a verified e-mail."""
    if not user.email:
        return
    updated = EmailAddress.objects.filter(user=user, email__iexact=user.email).update(verified=True)
    if not updated:
        EmailAddress.objects.create(
            user=user,
            email=user.email,
            verified=True,
            primary=not EmailAddress.objects.filter(user=user, primary=True).exists(),
        )
