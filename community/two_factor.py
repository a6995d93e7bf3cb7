"""Two-factor authentication (allauth.mfa: an authenticator app's codes, plus recovery codes).

Required for everyone who may use the Wagtail admin (community.middleware enforces it on every
request to a staff area); offered to members from their dashboard.
"""

from allauth.account.authentication import get_authentication_records
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator

from .auth import may_use_admin


def has_authenticator_app(user) -> bool:
    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()


def passed_two_factor(request) -> bool:
    """This session passed allauth's two-factor step (a code from the app or a recovery code)."""
    return any(
        record.get("method") == "mfa"
        for record in get_authentication_records(request, request.user)
    )


class TwoFactorAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """Staff keep their authenticator app: the admin cannot be entered without it."""
        if authenticator.type == Authenticator.Type.TOTP and may_use_admin(authenticator.user):
            return False
        return super().can_delete_authenticator(authenticator)
