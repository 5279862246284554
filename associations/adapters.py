from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal.ratelimit import get_ip
from django.conf import settings

from core import ratelimit


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
