from allauth.account.adapter import DefaultAccountAdapter


class ClosedSignupAccountAdapter(DefaultAccountAdapter):
    """No public sign-up: union staff create accounts (design §1)."""

    def is_open_for_signup(self, request) -> bool:
        return False
